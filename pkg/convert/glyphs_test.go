package convert

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/fonts/rare"
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

// A page of rare ideographs, from CJK Extension A to I (issue 18 §6): the
// first and last of each block and ten spread between, with U+FFFD, ➨
// and symbols. Each is drawn with a real glyph (0 .notdef counted in the
// PDF itself), from LXGW WenKai, Droid Sans Fallback, the HanaMinB cut
// or the rare face's bitmaps; those no font here has (part of G and H:
// 4 of G's 12 here, 3 of H's) as their code point in a box, counted in the
// warnings. The copied text is the page's, in both pdftotext modes.
func TestRareIdeographs(t *testing.T) {
	exts := []struct {
		name   string
		lo, hi rune
	}{{"A", 0x3400, 0x4DBF}, {"B", 0x20000, 0x2A6DF}, {"C", 0x2A700, 0x2B739}, {"D", 0x2B740, 0x2B81D}, {"E", 0x2B820, 0x2CEA1},
		{"F", 0x2CEB0, 0x2EBE0}, {"G", 0x30000, 0x3134A}, {"H", 0x31350, 0x323AF}, {"I", 0x2EBF0, 0x2EE5D}}
	var page strings.Builder
	var paras []string
	boxed := map[string]int{}
	total := 0
	page.WriteString(`<html lang="zh"><head><meta charset="utf-8"><title>生僻字</title></head><body><article><h1>生僻字</h1>`)
	for _, e := range exts {
		var p strings.Builder
		p.WriteString("扩展" + e.name + "区：")
		for i := range 12 {
			r := e.lo + (e.hi-e.lo)*rune(i)/11
			p.WriteRune(r)
			if rare.Boxed(r) {
				boxed[e.name]++
				total++
			}
		}
		p.WriteString("。")
		paras = append(paras, p.String())
		page.WriteString("<p>" + p.String() + "</p>\n")
	}
	last := "替换字符\uFFFD，箭头➨，符号✓★☎⚠。"
	paras = append(paras, last)
	page.WriteString("<p>" + last + "</p></article></body></html>")
	res, err := Convert(context.Background(), []Input{{Name: "rare.html", Kind: KindHTML, Data: []byte(page.String())}}, Options{Formats: FormatList{"pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := verify.NotdefGlyphs(t, res.PDF); n != 0 || res.MissingGlyphs != 0 {
		t.Errorf("%d glyphs drawn as .notdef in the PDF, %d characters missing; warnings %q", n, res.MissingGlyphs, res.Warnings)
	}
	if boxed["G"] == 0 || boxed["H"] == 0 || boxed["G"]+boxed["H"] != total {
		t.Errorf("boxed of the page's ideographs, by extension: %v; some of G's and H's expected, no others", boxed)
	}
	want := fmt.Sprintf("ideographs drawn as their code point in a box, no font here having them: %d", total)
	if !slices.Contains(res.Warnings, want) {
		t.Errorf("warnings %q, want %q", res.Warnings, want)
	}
	for mode, text := range map[string]string{"-raw": verify.PDFText(t, res.PDF), "default": verify.PDFTextByPosition(t, res.PDF)} {
		text = strings.ReplaceAll(text, "\n", "")
		for _, p := range paras {
			if !strings.Contains(text, p) {
				t.Errorf("pdftotext %s lacks %q:\n%s", mode, p, text)
			}
		}
	}
}
