package words

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
)

// TestDictionaryBreaks holds DictionaryBreaks to ICU's own word breaks
// inside Thai, Lao, Khmer and Burmese runs: the expectations
// (testdata/icu/*.txt) were made by Node's Intl.Segmenter, which is ICU
// 78 with the same dictionaries, over the Universal Declaration of Human
// Rights in each language (and a second Thai translation) and short texts
// made to reach each rule of the engines (edge.txt); make.mjs remakes
// them.
func TestDictionaryBreaks(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "icu", "*.txt"))
	if err != nil || len(files) != 6 {
		t.Fatalf("fixtures: %v, %v", files, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			lines, breaks, wrong := 0, 0, 0
			for sc.Scan() {
				line := sc.Text()
				if strings.HasPrefix(line, "#") {
					continue
				}
				if _, cut, ok := strings.Cut(line, "\t"); ok {
					line = cut // edge.txt: language, tab, text
				}
				text, want := icuCut(line)
				got, err := DictionaryBreaks(text)
				if err != nil {
					t.Fatal(err)
				}
				lines++
				breaks += len(want)
				if !slices.Equal(got, want) {
					wrong++
					if wrong <= 5 {
						t.Errorf("%s\n got %s\nwant %s", string(text), marked(text, got), marked(text, want))
					}
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			if lines == 0 {
				t.Fatal("no lines")
			}
			if wrong > 0 {
				t.Errorf("%d of %d lines cut otherwise than ICU", wrong, lines)
			}
			t.Logf("%d lines, %d breaks inside runs", lines, breaks)
		})
	}
}

// icuCut returns the text of a fixture line (segments joined by "|") and
// the boundaries between segments that fall between two characters of
// the dictionary scripts.
func icuCut(line string) ([]rune, []int) {
	var text []rune
	var at []int
	for i, seg := range strings.Split(line, "|") {
		if i > 0 {
			at = append(at, len(text))
		}
		text = append(text, []rune(seg)...)
	}
	var want []int
	for _, i := range at {
		if Dictionary(text[i-1]) && Dictionary(text[i]) {
			want = append(want, i)
		}
	}
	return text, want
}

// marked returns text with "|" at the breaks.
func marked(text []rune, breaks []int) string {
	var b strings.Builder
	for i, r := range text {
		if slices.Contains(breaks, i) {
			b.WriteByte('|')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// BenchmarkDictionaryBreaks cuts the Thai UDHR (testdata/icu/tha.txt).
func BenchmarkDictionaryBreaks(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "icu", "tha.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var text []rune
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			text = append(text, []rune(strings.ReplaceAll(line, "|", "")+" ")...)
		}
	}
	b.SetBytes(int64(len(string(text))))
	for b.Loop() {
		if _, err := DictionaryBreaks(text); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzDictionaryBreaks: any text gives breaks in increasing order, each
// between two letters of one dictionary script, and no panic.
func FuzzDictionaryBreaks(f *testing.F) {
	for _, s := range []string{"ภาษาไทยเป็นภาษา", "ฯๆๆฯภาษา", "ำำำำ", "ພາສາລາວ\u200dພາສາ", "ព្រះរាជាណាចក្រ", "မြန်မာဘာသာ", "ꩠꩡꩢမြန်"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := []rune(s)
		done := verify.Bounded(t, 2*time.Second, 20*time.Second)
		got, err := DictionaryBreaks(text)
		done()
		if err != nil {
			t.Fatal(err)
		}
		for k, i := range got {
			if i <= 0 || i >= len(text) || k > 0 && got[k-1] >= i {
				t.Fatalf("breaks %v of %d runes", got, len(text))
			}
			if e := engineOf(text[i-1]); e == nil || !e.in(text[i]) {
				t.Fatalf("break %d between %U and %U", i, text[i-1], text[i])
			}
		}
	})
}

// A long run the dictionary knows nothing of, one of a single word over
// and over, and one of marks take time linear in their length: a
// fraction of a second of CPU for 200,000 characters (about 5 ms each
// here), where a quadratic search would take minutes.
func TestDictionaryBreaksLong(t *testing.T) {
	for _, s := range []string{strings.Repeat("ก", 200_000), strings.Repeat("การ", 70_000), strings.Repeat("ำ", 200_000)} {
		text := []rune(s)
		done := verify.Bounded(t, 500*time.Millisecond, time.Minute)
		if _, err := DictionaryBreaks(text); err != nil {
			t.Fatal(err)
		}
		done()
	}
}
