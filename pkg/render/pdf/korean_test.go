package pdf

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
)

// TestKoreanKeepAll sets the Korean page of the script corpus and the
// whole Korean declaration (long/kor.html, 60 paragraphs) on A4 and A5
// and reads their lines back with pdftotext: lines break between words
// (at spaces), never between two syllables of a word, as Korean news
// sites set text with word-break: keep-all; and every line of a
// justified paragraph but its last still reaches the right margin.
func TestKoreanKeepAll(t *testing.T) {
	for _, c := range []struct{ page, size string }{{"kor.html", "A4"}, {"kor.html", "A5"}, {"long/kor.html", "A4"}, {"long/kor.html", "A5"}} {
		t.Run(c.page+"/"+c.size, func(t *testing.T) {
			size := c.size
			a := scriptPage(t, filepath.Join(testbook.Root, "testdata", "scripts", c.page))
			pdf, _ := renderPDF(t, book.Single(a, "kor"), Options{PageSize: size})
			g, _ := newPageGeometry(size)
			lines := textLines(pdfBBoxLines(t, pdf), g)
			body, heading := paragraphTexts(a), map[string]bool{}
			heading[visible(a.Title)] = true
			for _, p := range a.Texts() {
				if !body[p] {
					heading[visible(p)] = true
				}
			}
			// Every line ends at a word space, so the copied text has
			// each space: a word space shrunk too far is lost to
			// pdftotext -raw. The page numbers and the running head (the
			// heading) are left out: a paragraph runs on past them.
			for _, raw := range []bool{false, true} {
				var kept []string
				for _, ln := range strings.Split(pdfTextMode(t, pdf, raw), "\n") {
					if strings.ContainsFunc(ln, isHangulRune) && !heading[visible(ln)] {
						kept = append(kept, ln)
					}
				}
				got := strings.Join(strings.Fields(strings.Join(kept, " ")), " ")
				for p := range body {
					if !strings.Contains(got, strings.Join(strings.Fields(p), " ")) {
						t.Errorf("pdftotext (raw %v) lacks, spaces and all, %q", raw, p)
					}
				}
			}
			from, checked := 0, 0
			for _, p := range a.Texts() {
				ends, notLast, next := lineEnds(lines, from, p)
				if next < 0 {
					t.Fatalf("paragraph %q not found in the lines from %d", p, from)
				}
				from = next
				text := []rune(p)
				for _, j := range ends {
					if isHangulRune(text[j-1]) || isHangulRune(text[j]) {
						t.Errorf("a line ends inside a word: %q|%q", string(text[max(0, j-8):j]), string(text[j:min(len(text), j+8)]))
					}
				}
				if !body[p] {
					continue // headings are not justified
				}
				for _, ln := range notLast {
					checked++
					if d := g.left + g.width - ln.xMax; d > 1.5 || d < -1.5 {
						t.Errorf("line %q ends %.1f pt from the right margin", ln.text, d)
					}
				}
			}
			if checked == 0 {
				t.Error("no justified line checked")
			}
			t.Logf("%d justified lines, each at the margin", checked)
		})
	}
}

func isHangulRune(r rune) bool { return unicode.Is(unicode.Hangul, r) }
