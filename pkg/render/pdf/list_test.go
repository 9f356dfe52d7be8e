package pdf

import (
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
)

// TestListMarkerFirst: a list item's marker comes before its text in
// pdftotext's raw mode, which reads the content in drawing order, for an
// item of one line and for one that wraps, in Chinese and in English.
func TestListMarkerFirst(t *testing.T) {
	for _, tc := range []struct {
		lang, short, long string
	}{
		{"zh-CN", "第一项", strings.Repeat("排版是指将文字、图片、图形等可视化信息元素在版面布局上调整位置。", 3)},
		{"en", "First item", strings.Repeat("Typesetting is the composition of text by arranging type. ", 4)},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			a := &book.Article{Title: "List", Lang: tc.lang, Blocks: []book.Block{
				&book.List{Ordered: true, Start: 1, Items: []book.ListItem{
					{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(tc.short)}}},
					{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(tc.long)}}},
				}},
				&book.List{Items: []book.ListItem{
					{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(tc.long)}}},
				}},
			}}
			pdf, _ := renderPDF(t, book.Single(a, "list"), Options{})
			raw := squeezeSpace(pdfTextMode(t, pdf, true))
			for _, want := range []string{"1." + squeezeSpace(tc.short), "2." + squeezeSpace(tc.long)[:20], "•" + squeezeSpace(tc.long)[:20]} {
				if !strings.Contains(raw, want) {
					t.Errorf("pdftotext -raw lacks %q:\n%s", want, raw)
				}
			}
		})
	}
}
