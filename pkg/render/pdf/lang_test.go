package pdf

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
)

// TestRunLang: words in another language than their chapter's, as the
// EPUB tags them (render.ForeignRuns, render.RunLang), go in marked
// content with their /Lang: kana and Hangul in a Chinese chapter, Chinese
// and Japanese in an English one, a run the page says is French, and one
// it says is English in a line of Arabic (drawn in pieces); code is not
// tagged, and a chapter's own text is not, whatever its tag says.
func TestRunLang(t *testing.T) {
	zh := &book.Article{Title: "标志", Lang: "zh", Blocks: []book.Block{
		&book.Paragraph{Content: testbook.Runs("门上写着「ようこそ12号」，意思是欢迎。")},
		&book.Paragraph{Content: testbook.Runs("韩国人说 안녕하세요 然后走了。")},
		&book.Paragraph{Content: []book.Inline{{Text: "他说 "}, {Text: "bonjour", Lang: "fr"}, {Text: "，", Lang: "zh-CN"}, {Text: "然后走了", Lang: "zh-CN"}}},
	}}
	en := &book.Article{Title: "Signs", Lang: "en", Blocks: []book.Block{
		&book.Paragraph{Content: []book.Inline{{Text: "The sign says 灯塔博物馆，欢迎参观 and "}, {Text: "灯台の博物館", Style: book.Bold}, {Text: " in code: 中文", Style: book.Mono}}},
	}}
	ar := &book.Article{Title: "لافتات", Lang: "ar", Blocks: []book.Block{
		&book.Paragraph{Content: []book.Inline{{Text: "أعلنت "}, {Text: "United Nations", Lang: "en"}, {Text: " هذا الإعلان."}}},
	}}
	b := &book.Book{ID: "langs", Title: "书", Lang: "zh", Chapters: []*book.Article{zh, en, ar}}
	pdf, _ := renderPDF(t, b, Options{})
	q := qdf(t, pdf)
	spans := regexp.MustCompile(`/Span<</Lang ?\(([^)]*)\)>>BDC\n((?:[^E]|E[^M]|EM[^C])*)EMC`).FindAllSubmatch(q, -1)
	got := map[string]int{}    // spans by language
	glyphs := map[string]int{} // the glyphs they show
	for _, m := range spans {
		lang := string(m[1])
		got[lang]++
		for _, s := range regexp.MustCompile(`<([0-9a-f]+)>`).FindAllSubmatch(m[2], -1) {
			if !bytes.HasPrefix(s[1], []byte("feff")) { // not an ActualText
				glyphs[lang] += len(s[1]) / 4
			}
		}
	}
	want := map[string]int{"ja": 2, "ko": 1, "zh-Hans": 1, "fr": 1, "en": 1}
	// the space after the English goes with it: a neutral after a
	// left-to-right run is in its piece (bidiPieces)
	wantGlyphs := map[string]int{"ja": len([]rune("ようこそ灯台の博物館")), "ko": len([]rune("안녕하세요")), "zh-Hans": len([]rune("灯塔博物馆，欢迎参观")), "fr": len("bonjour"), "en": len("United Nations ")}
	for lang, n := range want {
		if got[lang] != n || glyphs[lang] != wantGlyphs[lang] {
			t.Errorf("%d spans in %s showing %d glyphs, want %d showing %d", got[lang], lang, glyphs[lang], n, wantGlyphs[lang])
		}
	}
	if len(got) != len(want) {
		t.Errorf("spans by language %v, want %v", got, want)
	}

	sample, _ := renderPDF(t, book.Single(testbook.Sample(t), "sample"), Options{})
	if bytes.Contains(qdf(t, sample), []byte("/Span<</Lang")) {
		t.Error("a Chinese article with no word in another language has spans with /Lang")
	}
}
