package epub

import (
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// TestChapterLangSpans checks the spans in a chapter, vertical too, where
// the span holds the upright numbers' spans, and the navigation's
// entries of a chapter in another language than the book's.
func TestChapterLangSpans(t *testing.T) {
	en := &book.Article{Title: "Signs", Lang: "en", Blocks: []book.Block{
		&book.Paragraph{Content: []book.Inline{{Text: "The sign says 灯塔博物馆，欢迎参观 and "}, {Text: "灯台の博物館", Style: book.Bold}, {Text: " in code: 中文", Style: book.Mono}}},
	}}
	zh := &book.Article{Title: "标志", Lang: "zh", Blocks: []book.Block{
		&book.Paragraph{Content: testbook.Runs("门上写着「ようこそ12号」，意思是欢迎。")},
	}}
	b := &book.Book{Title: "书", Lang: "zh", Chapters: []*book.Article{zh, en}}
	for _, vertical := range []bool{false, true} {
		bk := newEPUBBook(render.Prepare(b))
		bk.vertical = vertical
		zhDoc := string(bk.chapterXHTML(0, bk.chapters[0]))
		enDoc := string(bk.chapterXHTML(1, bk.chapters[1]))
		nav := string(bk.navXHTML(false))
		wantZh := `「<span lang="ja" xml:lang="ja">ようこそ</span>12号」`
		if vertical {
			wantZh = `「<span lang="ja" xml:lang="ja">ようこそ</span><span class="tcy">12</span>号」`
		}
		for _, c := range []struct{ doc, want string }{
			{zhDoc, wantZh},
			{enDoc, `The sign says <span lang="zh-Hans" xml:lang="zh-Hans">灯塔博物馆，欢迎参观</span> and <strong><span lang="ja" xml:lang="ja">灯台の博物館</span></strong><code> in code: 中文</code>`},
			{nav, `<a href="text/ch002.xhtml" lang="en" xml:lang="en">Signs</a>`},
			{nav, `<a href="text/ch001.xhtml">标志</a>`},
		} {
			if !strings.Contains(c.doc, c.want) {
				t.Errorf("vertical %v: lacks %s:\n%s", vertical, c.want, c.doc)
			}
		}
	}
}

// TestRunLangSpans: a run the page gives another language than its
// chapter's is a span in it, right to left when the language is, its
// characters not tagged again by their script; a run in its chapter's
// language (zh-CN in a zh-Hans chapter) is not tagged.
func TestRunLangSpans(t *testing.T) {
	a := &book.Article{Title: "标志", Lang: "zh", Blocks: []book.Block{
		&book.Paragraph{Content: []book.Inline{{Text: "他说 "}, {Text: "bonjour", Lang: "fr"}, {Text: "，然后", Lang: "zh-CN"}, {Text: "سلام ありがとう", Lang: "ar"}, {Text: "。"}}},
	}}
	bk := newEPUBBook(render.Prepare(book.Single(a, "langs")))
	doc := string(bk.chapterXHTML(0, bk.chapters[0]))
	want := `他说 <span lang="fr" xml:lang="fr">bonjour</span>，然后<span lang="ar" xml:lang="ar" dir="rtl">سلام ありがとう</span>。`
	if !strings.Contains(doc, want) {
		t.Errorf("lacks %s:\n%s", want, doc)
	}
}
