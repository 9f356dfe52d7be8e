package epub

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

func TestForeignRuns(t *testing.T) {
	for _, tc := range []struct {
		sc   render.Script
		in   string
		want string // runs as text|lang, separated by " / "
	}{
		{render.Zh, "中文的句子，没有别的语言。", "中文的句子，没有别的语言。|"},
		{render.Zh, "GDP 增长了 5%。", "GDP 增长了 5%。|"},
		{render.Zh, "他在东京说：「ありがとうございます」。", "他在东京说：「| / ありがとうございます|ja / 」。|"},
		{render.Zh, "韩国人说 안녕하세요 세계 然后走了", "韩国人说 | / 안녕하세요 세계|ko /  然后走了|"},
		{render.Ja, "日本語の文章です。漢字も仮名も。", "日本語の文章です。漢字も仮名も。|"},
		{render.Latin, "The word 你好 means hello, and 謝謝 thanks.", "The word | / 你好|zh-Hant /  means hello, and | / 謝謝|zh-Hant /  thanks.|"},
		{render.Latin, "Tokyo (東京) is ラーメン country.", "Tokyo (| / 東京|zh-Hant / ) is | / ラーメン|ja /  country.|"},
		{render.Ko, "한국어 문장에 漢字가 있다.", "한국어 문장에 漢字가 있다.|"},
		{render.Ko, "일본어로 ありがとう라고", "일본어로 | / ありがとう|ja / 라고|"},
		{render.Latin, "", ""},
	} {
		var got []string
		for _, r := range foreignRuns(tc.in, tc.sc, "zh-Hant") {
			got = append(got, fmt.Sprintf("%s|%s", r.text, r.lang))
		}
		if g := strings.Join(got, " / "); g != tc.want {
			t.Errorf("%s %q:\n got %q\nwant %q", tc.sc, tc.in, g, tc.want)
		}
	}
}

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

// foreignRuns' shortcut for text without kana or Hangul gives what the
// word-by-word walk gives, in every script's chapters.
func TestForeignRunsShortcut(t *testing.T) {
	texts := append(testbook.Sample(t).Texts(), "", "门上写着「ようこそ12号」", "한국어 텍스트와 漢字", "Latin words 和汉字 mixed", "ｶﾀｶﾅ and ㄱ jamo", "𠀀𪜶 astral ideographs")
	for _, sc := range []render.Script{render.Zh, render.Ja, render.Ko, render.Latin} {
		for _, s := range texts {
			if got, want := foreignRuns(s, sc, "zh-Hans"), wordRuns(s, sc, "zh-Hans"); !slices.Equal(got, want) {
				t.Errorf("%s %q: %q, word by word %q", sc, s, got, want)
			}
		}
	}
}
