package inline_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/hyphen"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// TestFirstFitChangesNoLine sets every paragraph of the fixture pages
// and the sample (the million-character article is made of the Chinese
// ones), with the real faces, at the measures of the PDF's pages and
// narrower ones, justified, ragged and hyphenated: the lines chosen with
// the first-fit bound and sure lines (firstFit) are those of the search
// alone, to the last field. The paragraphs must take both ways, many
// times, or the test proves nothing.
func TestFirstFitChangesNoLine(t *testing.T) {
	if err := face.Load(); err != nil {
		t.Fatal(err)
	}
	pars := fixtureParagraphs(t)
	fs := &face.Set{Body: face.Kai}
	st := &inline.Style{Face: inline.Face(face.Kai), Size: 10.5}
	en := func(w string) []int { return hyphen.English().Points(w) }
	params := []inline.Params{
		{Width: 42 * 10.5, Em: 10.5, Indent: 21, Justify: true}, // A4 body
		{Width: 29 * 10.5, Em: 10.5, Indent: 21, Justify: true, Hanging: true},
		{Width: 17.25 * 10.5, Em: 10.5, Justify: true, Hyphenate: en, Metrics: fs},
		{Width: 23.6 * 10.5, Em: 10.5}, // ragged, as a table cell
	}
	ctx := context.Background()
	sure, unsure := 0, 0
	for _, text := range pars {
		gs, err := inline.Shape(ctx, []inline.Span{{Text: text, Style: st}}, fs)
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range params {
			q, err := inline.Prepare(ctx, gs, p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := q.Breaks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want, err := q.BreaksUnbounded(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("params %d, %.40q…: lines\n%v\nwant\n%v", k, text, got, want)
			}
			if ok, err := q.FirstFitSure(ctx); err != nil {
				t.Fatal(err)
			} else if ok {
				sure++
			} else {
				unsure++
			}
		}
	}
	t.Logf("%d paragraphs × %d measures: %d set first fit, %d searched", len(pars), len(params), sure, unsure)
	if sure < 1000 || unsure < 1000 {
		t.Errorf("%d paragraphs set first fit and %d searched: want 1,000 at least of each", sure, unsure)
	}
}

// fixtureParagraphs returns the text of every paragraph of the fixture
// pages and the Chinese sample, one paragraph to a string.
func fixtureParagraphs(t *testing.T) []string {
	dirs, err := filepath.Glob(filepath.Join(testbook.Root, "testdata", "pages", "*", "source.html"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixture pages: %v", err)
	}
	articles := []*book.Article{testbook.Sample(t)}
	for _, d := range dirs {
		articles = append(articles, testbook.Page(t, filepath.Base(filepath.Dir(d)), nil))
	}
	var out []string
	for _, a := range articles {
		for _, s := range a.Texts() {
			if s = strings.Join(strings.Fields(s), " "); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
