package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
)

// TestInlineCodeCopy: Chinese text with inline code, Latin or Chinese,
// set against it without spaces copies back without spaces, in
// pdftotext's default and raw modes (issue 18 §6: poppler copied the
// change of size at the code's edges as a space).
func TestInlineCodeCopy(t *testing.T) {
	code := func(s string) book.Inline { return book.Inline{Text: s, Style: book.Mono} }
	text := func(s string) book.Inline { return book.Inline{Text: s} }
	cases := []struct {
		name string
		runs []book.Inline
	}{
		{"Chinese code", []book.Inline{text("它基于“"), code("apt-cache show"), text("”或“"), code("aptitude show"),
			text("”命令（当前在"), code("amd64"), text("的"), code("不稳定"), text("发行版的架构）报告的“"),
			code("安装大小"), text("”。报告的尺寸的单位是千字节，也就是一千零二十四个字节。")}},
		{"code at both ends", []book.Inline{code("配置项"), text("是程序启动时读取的设置，修改之后需要重新加载，例如"), code("重新加载")}},
		{"Latin code", []book.Inline{text("可以使用"), code("fmt.Print"), text("，或者用"), code("fmt.Printf"), text("按格式输出。")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var src strings.Builder
			for _, r := range c.runs {
				src.WriteString(r.Text)
			}
			a := &book.Article{Title: "代码", Lang: "zh-CN", Blocks: []book.Block{&book.Paragraph{Content: c.runs}}}
			pdf, _ := renderPDF(t, book.Single(a, "code"), Options{})
			paras := []string{src.String()}
			copyFaithful(t, "pdftotext", pdfTextMode(t, pdf, false), paras)
			copyFaithful(t, "pdftotext -raw", pdfTextMode(t, pdf, true), paras)
		})
	}
}

// TestInlineCodeHanSize: inline code is set smaller than the text, its
// full-width characters aside, which the monospace face lacks: drawn
// smaller by the fallback face, they read as a mistake beside the text's.
func TestInlineCodeHanSize(t *testing.T) {
	const size = 10.0
	for _, text := range []string{"amd64", "不稳定", "安装大小 size", "x是y", "（参见）"} {
		spans := spanStyle{base: face.Kai, bold: face.KaiBold}.spans([]book.Inline{{Text: text, Style: book.Mono}}, face.Kai, size, [3]uint8{})
		var got strings.Builder
		for _, sp := range spans {
			got.WriteString(sp.Text)
			r, _ := utf8.DecodeRuneInString(sp.Text)
			want := size * pdfStyle.inlineCode
			if cjk.IsWide(r) {
				want = size
			}
			if sp.Style.Size != want || !sp.Style.Mono {
				t.Errorf("%q: span %q size %v, mono %v; want %v, mono", text, sp.Text, sp.Style.Size, sp.Style.Mono, want)
			}
			for _, c := range sp.Text {
				if cjk.IsWide(c) != cjk.IsWide(r) {
					t.Errorf("%q: span %q mixes full-width and other characters", text, sp.Text)
				}
			}
		}
		if got.String() != text {
			t.Errorf("spans of %q give %q", text, got.String())
		}
	}
}
