package pdf

import (
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
)

// TestStructureTextSpaces holds the structure tree's text of a paragraph,
// as a screen reader meets it, to the paragraph: a line broken at a word
// space keeps the space ("wide open", not "wideopen"), a line broken at a
// hyphenation point none.
func TestStructureTextSpaces(t *testing.T) {
	en := strings.Repeat("The quick brown fox jumps over the lazy dog, then keeps on running across the wide open fields. ", 4) +
		"Internationalization, institutionalization and incomprehensibility are words to hyphenate."
	ar := strings.Repeat("أعلنت الجمعية العامة هذا الإعلان العالمي لحقوق الإنسان بوصفه المستوى المشترك الذي ينبغي أن تستهدفه كافة الشعوب والأمم. ", 3)
	mixed := strings.Repeat("他说 open source software 是一种 new way of working，然后走了。", 6)
	cases := []struct {
		name, lang, text string
	}{
		{"en", "en", en},
		{"ar", "ar", strings.TrimSpace(ar)},
		{"zh with English", "zh", mixed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &book.Article{Title: "T", Lang: c.lang, Blocks: []book.Block{
				&book.Paragraph{Content: testbook.Runs(c.text)},
			}}
			pdf, _ := renderPDF(t, book.Single(a, "t"), Options{})
			if n := len(pdfBBoxLines(t, pdf)); n < 5 {
				t.Fatalf("%d lines of text: the paragraph should break", n)
			}
			es := verify.StructureText(t, pdf)
			var got []string
			for _, e := range es {
				if e.Role == "P" {
					got = append(got, e.Text)
				}
			}
			if len(got) != 1 || got[0] != c.text {
				t.Errorf("structure text of the paragraph\n%q\nwant\n%q\nthe tree:\n%s", got, c.text, verify.Elements(es))
			}
		})
	}
}

// TestStructureTextSample reads the sample's structure tree as a screen
// reader would: its paragraphs, in order, each with the text of the
// article's paragraph, across page breaks.
func TestStructureTextSample(t *testing.T) {
	a := testbook.Sample(t)
	pdf, _ := renderPDF(t, book.Single(a, "sample"), Options{})
	var want, got []string
	for _, bl := range a.Blocks {
		if p, ok := bl.(*book.Paragraph); ok {
			var s strings.Builder
			for _, r := range p.Content {
				s.WriteString(r.Text)
			}
			want = append(want, s.String())
		}
	}
	es := verify.StructureText(t, pdf)
	for _, e := range es {
		if e.Role == "P" {
			got = append(got, e.Text)
		}
	}
	if len(got) > 0 && got[0] == a.SourceURL {
		got = got[1:] // the source's address, under the title
	}
	if len(got) != len(want) {
		t.Fatalf("%d paragraphs in the structure tree, want %d:\n%s", len(got), len(want), verify.Elements(es))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("paragraph %d reads\n%q\nwant\n%q", i, got[i], want[i])
		}
	}
}
