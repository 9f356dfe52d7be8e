package render

import (
	"testing"

	"github.com/bookify/article2book/pkg/book"
)

// TestHeadAndOutline: a chapter's head and its headings' outline are
// decided once, for both formats: the source shown only when a reader can
// follow it; depths without skipped levels whatever the page numbered
// (h1, h5, h3 gives 1, 2, 2; a heading inside a quote counts in order);
// titles on one line.
func TestHeadAndOutline(t *testing.T) {
	h := func(level int, text string) *book.Heading {
		return &book.Heading{Level: level, Content: []book.Inline{{Text: text}}}
	}
	hs := []*book.Heading{h(1, "One"), h(5, "Two\n  deep"), h(3, "Three"), h(2, "Four"), h(4, "Five"), h(1, "")}
	a := &book.Article{Title: "T", SourceURL: "https://example.com/a", Byline: "B", Blocks: []book.Block{
		hs[0], hs[1], hs[2], &book.Quote{Blocks: []book.Block{hs[3]}}, hs[4], hs[5],
	}}
	b := &book.Article{Title: "U", SourceURL: "javascript:alert(1)"}
	d := Prepare(&book.Book{Title: "T", Chapters: []*book.Article{a, b}})
	if got := d.Head(0); got.Title != "T" || got.Source != "https://example.com/a" || len(got.Parts) != 1 || got.Parts[0].Text != "B" {
		t.Errorf("head of chapter 1: %+v", got)
	}
	if got := d.Head(1); got.Source != "" {
		t.Errorf("head of chapter 2 shows source %q", got.Source)
	}
	want := []OutlineEntry{{"One", 1}, {"Two deep", 2}, {"Three", 2}, {"Four", 2}, {"Five", 3}, {"", 1}}
	for i, hd := range hs {
		if got := d.Outline(hd); got != want[i] {
			t.Errorf("heading %d: %+v, want %+v", i, got, want[i])
		}
	}
}
