package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/article"
)

// rtlPages are the corpus pages in right-to-left scripts.
var rtlPages = map[string]bool{"arb": true, "pes_1": true, "urd": true, "heb": true, "div": true}

// arabicScript are the pages whose copied text is not yet checked:
// pdftotext gives lam-alef ligatures back as alef-lam (الإعلان copies as
// اإلعالن), everything else of them in logical order. Unfinished (issue
// 18).
var arabicScript = map[string]bool{"arb": true, "pes_1": true, "urd": true}

// TestScriptPages renders each page of the script corpus (the UDHR in 28
// languages and 26 scripts, testdata/scripts) as an article: every
// character drawn with a real glyph, the text copied back in logical
// order by pdftotext (default and -raw), right-to-left paragraphs flush
// right.
func TestScriptPages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testbook.Root, "testdata", "scripts", "*.html"))
	if err != nil || len(files) < 28 {
		t.Fatalf("corpus: %d pages, %v", len(files), err)
	}
	g, _ := newPageGeometry("A4")
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			a, err := article.FromHTML(f, nil)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			pdf, info := renderPDF(t, article.Single(a, name), Options{})
			if info.MissingGlyphs != 0 {
				t.Errorf("%d characters drawn as .notdef, warnings %q", info.MissingGlyphs, info.Warnings)
			}
			// pdftotext puts right-to-left lines into logical order in its
			// default mode only; -raw gives them in display order, so
			// only left-to-right pages are held to -raw (unfinished for
			// right-to-left ones, issue 18).
			for _, raw := range []bool{false, true} {
				if raw && rtlPages[name] || arabicScript[name] {
					continue
				}
				got := squeezeAll(pdfTextMode(t, pdf, raw))
				for _, p := range a.Texts() {
					if !strings.Contains(got, squeezeAll(p)) {
						t.Errorf("pdftotext (raw %v) lacks, in logical order, %q", raw, p)
					}
				}
			}
			if !rtlPages[name] {
				return
			}
			right := g.left + g.width
			for _, ln := range pdfBBoxLines(t, pdf) {
				if !strings.ContainsFunc(ln.text, func(r rune) bool { return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Thaana) }) {
					continue // the title from <title>, in Latin; the page number
				}
				if d := right - ln.xMax; d > 1.5 || d < -1.5 {
					t.Errorf("line %q ends %.1f pt from the right margin", ln.text, d)
				}
			}
		})
	}
}

// squeezeAll drops white space, which pdftotext puts at line ends, and
// the bidi embedding controls it wraps right-to-left lines and the
// numbers and punctuation in them with (U+202A-202E).
func squeezeAll(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r >= 0x202A && r <= 0x202E {
			return -1
		}
		return r
	}, s)
}
