package pdf

import (
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// TestChapterFaces: a book's chapters are each set in the face of their
// own language, as each would be alone: an English chapter of a Chinese
// book in Noto Serif (its contents entry too), a Chinese chapter of an
// English book in the CJK face chosen, not the other's Latin or Han.
func TestChapterFaces(t *testing.T) {
	zh := &book.Article{Title: "灯塔", Lang: "zh", Blocks: []book.Block{
		&book.Paragraph{Content: testbook.Runs("灯塔博物馆今天开放，欢迎参观。")}}}
	en := &book.Article{Title: "Lighthouse", Lang: "en", Blocks: []book.Block{
		&book.Paragraph{Content: testbook.Runs("The lighthouse museum opens today: welcome.")}}}
	english := "Lighthouse The lighthouse museum opens today: welcome."
	serif := map[face.ID]bool{face.Serif: true, face.SerifBold: true, face.SerifItalic: true, face.SerifBoldItalic: true}
	for _, c := range []struct {
		name, lang string
		chapters   []*book.Article
	}{
		{"Chinese book", "zh", []*book.Article{zh, en}},
		{"English book", "en", []*book.Article{en, zh}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &book.Book{ID: "faces", Title: "Book", Lang: c.lang, Chapters: c.chapters}
			pages, _ := frames(t, b, Options{Font: "kai"})
			latin, han := 0, 0
			walkFrames(pages, func(*frame.Marked, bool) {}, func(r *frame.Run) {
				var text strings.Builder
				for _, g := range r.Glyphs {
					text.WriteString(g.Text)
				}
				s := text.String()
				switch {
				case strings.ContainsFunc(s, unicode.IsLetter) && !strings.ContainsFunc(s, isHan) && strings.Contains(english, strings.TrimSpace(s)):
					latin++
					if !serif[r.Face] {
						t.Errorf("English %q in face %v, want Noto Serif", s, r.Face)
					}
				case strings.ContainsFunc(s, isHan):
					han++
					if serif[r.Face] {
						t.Errorf("Chinese %q in face %v", s, r.Face)
					}
				}
			})
			if latin == 0 || han == 0 {
				t.Errorf("%d English runs, %d Chinese", latin, han)
			}
		})
	}
}
