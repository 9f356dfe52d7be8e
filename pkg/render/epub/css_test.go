package epub

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// TestRightToLeftQuoteRule renders a chapter with a block quote in
// headless Chromium and finds the quote's grey rule: at the right of an
// Arabic quote, in an Arabic chapter or in a Chinese one, as the PDF draws
// it; at the left of a Chinese quote. A book without right-to-left text
// keeps the stylesheet it had (no rtlCSS).
func TestRightToLeftQuoteRule(t *testing.T) {
	arabic := "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء."
	chinese := "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。"
	const w, h = 600, 400
	cases := []struct {
		name, lang, quote string
		right, rtlCSS     bool
	}{
		{"Arabic chapter", "ar", arabic, true, true},
		{"Arabic quote in Chinese", "zh-CN", arabic, true, true},
		{"Chinese quote", "zh-CN", chinese, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &book.Article{Title: "t", Lang: c.lang, Blocks: []book.Block{
				&book.Quote{Blocks: []book.Block{&book.Paragraph{Content: []book.Inline{{Text: c.quote}}}}},
			}}
			chapter, css := writeChapter(t, a)
			if strings.Contains(css, rtlCSS) != c.rtlCSS {
				t.Errorf("stylesheet has rtlCSS %v, want %v", !c.rtlCSS, c.rtlCSS)
			}
			checkSide(t, chapter, w, h, ruleColumns, c.right)
		})
	}
}

// writeChapter writes a's book as an EPUB (without a cover) into a
// folder and returns the path of its chapter and its stylesheet's text.
func writeChapter(t *testing.T, a *book.Article) (chapter, css string) {
	t.Helper()
	var buf bytes.Buffer // epubcheck runs on such books in TestEPUBRightToLeft
	if _, err := Write(&buf, render.Prepare(book.Single(a, "q")), Options{NoCover: true}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range zipFiles(t, buf.Bytes()) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".css") {
			css = string(data)
		}
		if strings.Contains(name, "/text/") {
			chapter = p
		}
	}
	return chapter, css
}

// TestRightToLeftHeadings: headings of a right-to-left chapter start at
// the right in Chromium, as the PDF sets them, and an English chapter's
// at the left. Only headings are on the page, so all ink is theirs.
func TestRightToLeftHeadings(t *testing.T) {
	for _, c := range []struct {
		lang, title, heading string
		right                bool
	}{
		{"ar", "إعلان", "المادة الأولى", true},
		{"he", "הכרזה", "סעיף ראשון", true},
		{"en", "Declaration", "Article one", false},
	} {
		t.Run(c.lang, func(t *testing.T) {
			a := &book.Article{Title: c.title, Lang: c.lang, Blocks: []book.Block{
				&book.Heading{Level: 2, Content: []book.Inline{{Text: c.heading}}},
			}}
			chapter, _ := writeChapter(t, a)
			checkSide(t, chapter, 600, 300, inkColumns, c.right)
		})
	}
}

// checkSide renders chapter in Chromium in a w × h window and checks
// that what columns finds there lies mostly in its right half, or in its
// left half.
func checkSide(t *testing.T, chapter string, w, h int, columns func(image.Image) (left, right int), wantRight bool) {
	t.Helper()
	shot, err := verify.Screenshot(chapter, w, h)
	if err != nil {
		t.Fatal(err)
	}
	left, right := columns(shot)
	if left+right == 0 {
		t.Fatal("nothing found drawn")
	}
	if onRight := right > left; onRight != wantRight {
		t.Errorf("%d columns in the left half, %d in the right; want it on the right %v", left, right, wantRight)
	}
}

// inkColumns counts the columns of m, in its left and right halves,
// that hold a dark pixel.
func inkColumns(m image.Image) (left, right int) {
	b := m.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if r, g, bl, _ := m.At(x, y).RGBA(); r>>8 < 0x80 && g>>8 < 0x80 && bl>>8 < 0x80 {
				if x < (b.Min.X+b.Max.X)/2 {
					left++
				} else {
					right++
				}
				break
			}
		}
	}
	return left, right
}

// ruleColumns counts the columns of m, in its left and right halves,
// that hold a run of at least 20 pixels of the quote rule's grey (#bbb).
func ruleColumns(m image.Image) (left, right int) {
	b := m.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		run, best := 0, 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			r, g, bl, _ := m.At(x, y).RGBA()
			if r>>8 == 0xbb && g>>8 == 0xbb && bl>>8 == 0xbb {
				run++
				best = max(best, run)
			} else {
				run = 0
			}
		}
		if best >= 20 {
			if x < (b.Min.X+b.Max.X)/2 {
				left++
			} else {
				right++
			}
		}
	}
	return left, right
}
