package hyphen

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestEnglish(t *testing.T) {
	for _, tc := range []struct{ word, want string }{
		// The TeXbook (chapter 14, appendix H) and Liang's thesis.
		{"hyphenation", "hy-phen-ation"},
		{"concatenation", "con-cate-na-tion"},
		{"supercalifragilisticexpialidocious", "su-per-cal-ifrag-ilis-tic-ex-pi-ali-do-cious"},
		{"internationalization", "in-ter-na-tion-al-iza-tion"},
		{"algorithm", "al-go-rithm"},
		{"typesetting", "type-set-ting"},
		{"typography", "ty-pog-ra-phy"},
		{"characteristically", "char-ac-ter-is-ti-cally"},
		{"responsibilities", "re-spon-si-bil-i-ties"},
		{"representation", "rep-re-sen-ta-tion"},
		{"programming", "pro-gram-ming"},
		{"cooperation", "co-op-er-a-tion"},
		{"paper", "pa-per"},
		// A known fault of these patterns, noted in the file's header.
		{"democrat", "de-mo-c-rat"},
		// Knuth's exception list overrides the patterns.
		{"table", "ta-ble"},
		{"associates", "as-so-ciates"},
		{"reciprocity", "reci-procity"},
		{"project", "project"},
		{"presents", "presents"},
		// Case is ignored, except that acronyms are left alone.
		{"Hyphenation", "Hy-phen-ation"},
		{"HYPHENATION", "HYPHENATION"},
		{"Table", "Ta-ble"},
		{"University", "Uni-ver-sity"},
		{"NASA", "NASA"},
		{"UNESCO", "UNESCO"},
		// Apostrophes and hyphens split a word; nothing goes beside them.
		{"children's", "chil-dren's"},
		{"children’s", "chil-dren’s"},
		{"don't", "don't"},
		{"ex-president", "ex-pres-i-dent"},
		{"well-known", "well-known"},
		// Digits: never hyphenated.
		{"mp3", "mp3"},
		{"hyphenation2", "hyphenation2"},
		{"COVID-19", "COVID-19"},
		{"１２３", "１２３"},
		// Too short for 2 letters before and 3 after.
		{"", ""},
		{"a", "a"},
		{"cat", "cat"},
		{"into", "into"},
		{"apple", "ap-ple"},
		// Letters the patterns do not know are letters all the same.
		{"naïve", "naïve"},
		{"résumé", "ré-sumé"},
	} {
		if got := English().Hyphenate(tc.word, "-"); got != tc.want {
			t.Errorf("Hyphenate(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestPointsAreRuneOffsets(t *testing.T) {
	d := English()
	for _, tc := range []struct {
		word string
		want []int
	}{
		{"hyphenation", []int{2, 6}},
		{"Übersetzung’s", []int{4, 7}},
		{"in-ter", nil},
		{"children’s", []int{4}},
		{"“hyphenation”", []int{3, 7}},
	} {
		if got := d.Points(tc.word); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Points(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}

// Words longer than the stack buffers still get every point, the last at
// least 3 runes from the end.
func TestLongWord(t *testing.T) {
	word := strings.Repeat("hyphenation", 10)
	pts := English().Points(word)
	if len(pts) < 20 || pts[0] != 2 || pts[len(pts)-1] > len(word)-3 {
		t.Errorf("Points(%d letters) = %v", len(word), pts)
	}
}

// The worked example of Liang's thesis and the TeXbook, on a dictionary of
// just the patterns that match "hyphenation".
func TestLiang(t *testing.T) {
	d, err := ParseTeX(`% the patterns that match .hyphenation.
\patterns{ hy3ph he2n hena4 hen5at 1na n2at 1tio 2io o2n }
\hyphenation{ ta-ble }`, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string]string{
		"hyphenation": "hy-phen-ation",
		"table":       "ta-ble",
		"nation":      "na-tion",
	} {
		if got := d.Hyphenate(word, "-"); got != want {
			t.Errorf("Hyphenate(%q) = %q, want %q", word, got, want)
		}
	}
	d.LeftMin, d.RightMin = 3, 5
	if got := d.Hyphenate("hyphenation", "-"); got != "hyphen-ation" {
		t.Errorf("with minimums 3/5: %q, want hyphen-ation", got)
	}
}

func TestParseTeXErrors(t *testing.T) {
	for _, src := range []string{
		``,
		`\patterns{ a1b`,
		`a1b`,
		`\patterns{ 12 }`,
		`\patterns{ a12b }`,
		`\patterns{ a1b a1b }`,
		`\message{x} \patterns{ a1b`,
		`\patterns{ a1b } \endinput`[:12],
	} {
		if _, err := ParseTeX(src, 2, 3); err == nil {
			t.Errorf("ParseTeX(%q): no error", src)
		}
	}
}

// Every pattern file keeps its header: its licence must travel with it.
func TestLicenceKept(t *testing.T) {
	for _, name := range files {
		b, err := patternFS.ReadFile("patterns/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "% licence:") || !strings.Contains(string(b), "% copyright:") {
			t.Errorf("%s lost its licence header", name)
		}
	}
}

// TestLanguages hyphenates words of each language's Universal
// Declaration of Human Rights as another implementation of Liang's
// algorithm does with the same patterns (testdata/make-words.mjs).
func TestLanguages(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.txt")
	if len(paths) != len(files) {
		t.Fatalf("%d word lists for %d languages", len(paths), len(files))
	}
	for _, p := range paths {
		lang := strings.TrimSuffix(filepath.Base(p), ".txt")
		t.Run(lang, func(t *testing.T) {
			d := For(lang)
			if d == nil {
				t.Fatalf("no dictionary for %s", lang)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			hyphens := 0
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				word, want, _ := strings.Cut(line, "\t")
				if got := d.Hyphenate(word, "-"); got != want {
					t.Errorf("%s: %s, want %s", word, got, want)
				}
				hyphens += strings.Count(want, "-")
			}
			if hyphens < 40 {
				t.Errorf("only %d hyphens in the expected words", hyphens)
			}
		})
	}
}

func TestFor(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		want bool
	}{
		{"de", true}, {"de-CH", true}, {"de-AT-1996", true}, {"ru-RU", true}, {"el", true},
		{"pt-BR", true}, {"en-GB", true}, {"zh", false}, {"ja", false}, {"hu", false}, {"", false}, {"x-!!", false},
	} {
		if got := For(tc.tag) != nil; got != tc.want {
			t.Errorf("For(%q) != nil is %v", tc.tag, got)
		}
	}
	if For("en-US") != English() {
		t.Error("two English dictionaries")
	}
}

func englishWords(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile("../../testdata/pages/nytimes-1/source.html")
	if err != nil {
		tb.Fatal(err)
	}
	words := regexp.MustCompile(`[A-Za-z]+(?:'[a-z]+)?`).FindAllString(string(b), -1)
	if len(words) < 1000 {
		tb.Fatalf("only %d words", len(words))
	}
	return words
}

// BenchmarkPoints reports ns per word over the words of a real English page.
func BenchmarkPoints(b *testing.B) {
	d := English()
	words := englishWords(b)
	var dst []int
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		dst = d.AppendPoints(dst[:0], words[i%len(words)])
	}
}

func BenchmarkParse(b *testing.B) {
	bs, err := patternFS.ReadFile("patterns/hyph-en-us.tex")
	if err != nil {
		b.Fatal(err)
	}
	src := string(bs)
	for range b.N {
		if _, err := ParseTeX(src, 2, 3); err != nil {
			b.Fatal(err)
		}
	}
}
