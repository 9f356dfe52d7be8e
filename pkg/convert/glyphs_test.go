package convert

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
)

// A page with what the unseen Chinese pages drew as boxes (issue 18 §6):
// U+FFFD, the dingbat ➨ and other symbols are drawn with real glyphs, and
// the icon font's private-use characters are left out when the page is
// read, counted in the warnings. The boxes are counted in the PDF itself
// (glyphs drawing .notdef), which the copied text hides.
func TestNoBoxes(t *testing.T) {
	page := `<html lang="zh"><head><meta charset="utf-8"><title>符号</title></head><body><article><h1>符号与图标</h1>
<p><i class="iconfont">&#xe601;</i> 分享 <span class="icon">&#xe000;&#xf0101;</span></p>
<p>乱码字符` + "\uFFFD\uFFFD" + `出现在转码失败的页面里；箭头➨指向下一条，✓ ★ ▶ ☎ ⚠ ✈ ⌘ ❤ ☑ ➜ ✔ 是常见的符号。</p>
<p>正文第二段，这里有足够的文字让提取器认出这是一篇文章，正文第二段，这里有足够的文字让提取器认出这是一篇文章。</p>
</article></body></html>`
	res, err := Convert(context.Background(), []Input{{Name: "p.html", Kind: KindHTML, Data: []byte(page)}}, Options{Formats: FormatList{"pdf", "epub"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := verify.NotdefGlyphs(t, res.PDF); n != 0 || res.MissingGlyphs != 0 {
		t.Errorf("%d glyphs drawn as .notdef in the PDF, %d characters missing; warnings %q", n, res.MissingGlyphs, res.Warnings)
	}
	want := "p.html: 3 characters left out: private-use code points, an icon font's glyphs"
	if !slices.Contains(res.Warnings, want) {
		t.Errorf("warnings %q, want %q", res.Warnings, want)
	}
	text := verify.PDFText(t, res.PDF)
	if strings.ContainsFunc(text, func(r rune) bool { return r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000 }) {
		t.Errorf("private use in the PDF's text: %q", text)
	}
	for _, s := range []string{"\uFFFD\uFFFD", "➨", "✈ ⌘"} {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF's text lacks %q", s)
		}
	}
}
