package pdf

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rivo/uniseg"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/words"
	"github.com/bookify/article2book/pkg/book"
)

// TestDictionaryLineBreaks sets the Thai, Lao, Khmer and Burmese pages of
// the script corpus and reads their lines back with pdftotext: a line
// that ends between two letters of these scripts (no space between) ends
// where ICU, as Node's Intl.Segmenter gives it, has a word boundary; no
// line ends inside a grapheme cluster (UAX #29); and every line of a
// justified paragraph but its last reaches the right margin, as it can
// only with breaks between words.
func TestDictionaryLineBreaks(t *testing.T) {
	for _, c := range []struct{ page, lang string }{{"tha", "th"}, {"lao", "lo"}, {"khm", "km"}, {"mya", "my"}} {
		for _, size := range []string{"A4", "A5"} {
			t.Run(c.page+"/"+size, func(t *testing.T) {
				a := scriptPage(t, filepath.Join(testbook.Root, "testdata", "scripts", c.page+".html"))
				pdf, _ := renderPDF(t, book.Single(a, c.page), Options{PageSize: size})
				g, _ := newPageGeometry(size)
				lines := textLines(pdfBBoxLines(t, pdf), g)
				paras := a.Texts()
				body := paragraphTexts(a) // the justified paragraphs' texts
				icu := icuWordBreaks(t, c.lang, paras)
				inside, short := 0, 0
				from := 0
				for k, p := range paras {
					ends, notLast, next := lineEnds(lines, from, p)
					if next < 0 {
						t.Fatalf("paragraph %q not found in the lines from %d", p, from)
					}
					from = next
					text := []rune(p)
					clusters := graphemeStarts(p)
					for _, j := range ends {
						if !clusters[j] {
							t.Errorf("a line ends inside a grapheme cluster: %q|%q", string(text[max(0, j-8):j]), string(text[j:min(len(text), j+8)]))
						}
						if words.Dictionary(text[j-1]) && words.Dictionary(text[j]) {
							inside++
							if !slices.Contains(icu[k], j) {
								t.Errorf("a line ends inside a word (ICU): %q|%q", string(text[max(0, j-8):j]), string(text[j:min(len(text), j+8)]))
							}
						}
					}
					for _, ln := range notLast {
						if !body[p] {
							break // headings are not justified
						}
						if d := g.left + g.width - ln.xMax; d > 1.5 || d < -1.5 {
							short++
							t.Errorf("line %q ends %.1f pt from the right margin", ln.text, d)
						}
					}
				}
				if inside == 0 {
					t.Errorf("no line ends between two words without a space: nothing checked")
				}
				t.Logf("%d line ends between words without a space, all at ICU's word boundaries; %d lines short of the margin", inside, short)
			})
		}
	}
}

// lineEnds finds paragraph p in lines, from line from on, and returns
// the offsets in p (runes) where its lines end between two visible
// characters with nothing between them, its lines but the last, and the index of
// the line after it (-1 when p is not found).
func lineEnds(lines []bboxLine, from int, p string) (ends []int, notLast []bboxLine, next int) {
	want := []rune(visible(p))
	// orig[k] is the offset in p of the k-th visible character.
	var orig []int
	for i, r := range []rune(p) {
		if visible(string(r)) != "" {
			orig = append(orig, i)
		}
	}
	for s := from; s < len(lines); s++ {
		got, k := 0, s
		var cut []int
		for ; k < len(lines) && got < len(want); k++ {
			lt := []rune(visible(lines[k].text))
			if got+len(lt) > len(want) || string(want[got:got+len(lt)]) != string(lt) {
				break
			}
			got += len(lt)
			cut = append(cut, got)
		}
		if got != len(want) || len(want) == 0 {
			continue
		}
		for _, e := range cut[:len(cut)-1] {
			if orig[e] == orig[e-1]+1 {
				ends = append(ends, orig[e])
			}
		}
		return ends, lines[s : k-1], k
	}
	return nil, nil, -1
}

// textLines drops the lines outside the text block of g (running heads,
// page numbers): a paragraph runs on from one page to the next past them.
func textLines(lines []bboxLine, g pageGeometry) []bboxLine {
	return slices.DeleteFunc(lines, func(ln bboxLine) bool { return ln.yMax <= g.top || ln.yMin >= g.bottom })
}

// visible returns s without spaces and format characters (joiners, bidi
// controls), which pdftotext may leave out.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

// graphemeStarts reports, for each offset in s (runes), whether a
// grapheme cluster starts there.
func graphemeStarts(s string) map[int]bool {
	starts := map[int]bool{}
	g, i := uniseg.NewGraphemes(s), 0
	for g.Next() {
		starts[i] = true
		i += len(g.Runes())
	}
	return starts
}

// icuWordBreaks returns the word boundaries of each text (rune offsets)
// as ICU gives them, through Node's Intl.Segmenter.
func icuWordBreaks(t *testing.T, lang string, texts []string) [][]int {
	t.Helper()
	const script = `let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => {
	const seg = new Intl.Segmenter(process.argv[1], { granularity: "word" });
	console.log(JSON.stringify(JSON.parse(s).map((t) => { const b = []; let i = 0;
		for (const x of seg.segment(t)) { if (i > 0) b.push(i); i += [...x.segment].length; } return b; })));
});`
	in, _ := json.Marshal(texts)
	cmd := exec.Command("node", "-e", script, lang)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node Intl.Segmenter: %v", err)
	}
	var b [][]int
	if err := json.Unmarshal(out, &b); err != nil || len(b) != len(texts) {
		t.Fatalf("node Intl.Segmenter: %v, %d of %d texts", err, len(b), len(texts))
	}
	return b
}

// TestNoLineBreakInCluster sets every left-to-right page of the script
// corpus on A5 and reads its lines back with pdftotext: no line ends
// inside a grapheme cluster (UAX #29) of the text.
func TestNoLineBreakInCluster(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testbook.Root, "testdata", "scripts", "*.html"))
	if err != nil || len(files) < 34 {
		t.Fatalf("corpus: %d pages, %v", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		if rtlPages[name] {
			continue // pdftotext's bbox lines are in display order
		}
		t.Run(name, func(t *testing.T) {
			a := scriptPage(t, file)
			pdf, _ := renderPDF(t, book.Single(a, name), Options{PageSize: "A5"})
			g, _ := newPageGeometry("A5")
			lines := textLines(pdfBBoxLines(t, pdf), g)
			from, breaks := 0, 0
			for _, p := range a.Texts() {
				if strings.ContainsFunc(p, isRTLLetter) {
					continue // in display order in the boxes, as on right-to-left pages
				}
				ends, _, next := lineEnds(lines, from, p)
				if next < 0 {
					t.Fatalf("paragraph %q not found in the lines from %d", p, from)
				}
				from = next
				clusters, text := graphemeStarts(p), []rune(p)
				for _, j := range ends {
					breaks++
					if !clusters[j] {
						t.Errorf("a line ends inside a grapheme cluster: %q|%q", string(text[max(0, j-8):j]), string(text[j:min(len(text), j+8)]))
					}
				}
			}
			t.Logf("%d line ends with no space before them, none inside a cluster", breaks)
		})
	}
}
