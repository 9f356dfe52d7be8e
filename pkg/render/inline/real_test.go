package inline_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// paragraphs returns the paragraphs of the Chinese sample article, repeated
// until they hold at least n characters.
func paragraphs(b *testing.B, n int) []string {
	data, err := os.ReadFile("../../../testdata/sample-zh.txt")
	if err != nil {
		b.Fatal(err)
	}
	var pars []string
	for _, l := range strings.Split(string(data), "\n") {
		if len([]rune(l)) > 20 && !strings.Contains(l, ": ") {
			pars = append(pars, l)
		}
	}
	var out []string
	for k := 0; k < n; {
		for _, p := range pars {
			out = append(out, p)
			k += len([]rune(p))
		}
	}
	return out
}

// setAll sets pars as the PDF sets an A4 page's body text, in LXGW WenKai.
func setAll(b *testing.B, pars []string) {
	fs := face.Set{Body: face.Kai}
	st := &inline.Style{Face: inline.Face(face.Kai), Size: 10.5}
	p := inline.Params{Width: 42 * 10.5, Em: 10.5, Indent: 21, Justify: true}
	for _, s := range pars {
		gs, err := inline.Shape(context.Background(), []inline.Span{{Text: s, Style: st}}, &fs)
		if err != nil {
			b.Fatal(err)
		}
		q, err := inline.Prepare(context.Background(), gs, p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := q.Lines(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKaiSample sets the sample's paragraphs with the real face.
func BenchmarkKaiSample(b *testing.B) {
	if err := face.Load(); err != nil {
		b.Fatal(err)
	}
	pars := paragraphs(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		setAll(b, pars)
	}
}

// BenchmarkKaiMillion sets a million characters of the sample's
// paragraphs with the real face: the layout's share of the conversion of
// a million-character article.
func BenchmarkKaiMillion(b *testing.B) {
	if err := face.Load(); err != nil {
		b.Fatal(err)
	}
	pars := paragraphs(b, 1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		setAll(b, pars)
	}
}
