package pdf

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// TestPDFTableCellWordBreaks sets tables too wide for the page, whose
// columns are narrower than some of their words, and reads their cells'
// lines: a word breaks only with a hyphen at one of its hyphenation points
// (English cells), never inside without one ("Implementat" "ion"), unless
// it has no point at all; and a phrase held by no-break spaces breaks at
// one of them ("UX" "draft", not "UX dr" "aft").
func TestPDFTableCellWordBreaks(t *testing.T) {
	cases := []struct {
		name, lang string
		header     []string
		body       []string
	}{
		{"factorio", "en",
			[]string{"", "General\u00a0UX", "UX\u00a0draft", "UX\u00a0review", "UI\u00a0mockup", "UI\u00a0review", "Implementation draft", "Implementation review", "Final\u00a0review"},
			[]string{"Technology tooltip", "Map\u00a0generator", "", "", "", "", "", "", ""}},
		{"long words", "en",
			[]string{"Internationalization", "Responsibilities", "Characterization", "Administration", "Representatives", "Understanding", "Considerations"},
			[]string{"accountability", "notwithstanding", "interdependence", "telecommunication", "misunderstanding", "comprehensibility", "indistinguishable"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := func(texts []string, header bool) book.TableRow {
				r := book.TableRow{Header: header}
				for _, s := range texts {
					r.Cells = append(r.Cells, book.TableCell{Content: testbook.Runs(s)})
				}
				return r
			}
			a := &book.Article{Title: "Cells", Lang: c.lang, Blocks: []book.Block{
				&book.Table{Rows: []book.TableRow{row(c.header, true), row(c.body, false)}},
			}}
			got := cellLines(t, book.Single(a, "cells"))
			want := strings.Fields(strings.Join(append(slices.Clone(c.header), c.body...), " "))
			if err := splitAtPoints(got, want); err != "" {
				t.Errorf("%s\n(as set: %q)", err, got)
			}
		})
	}
}

// cellLines lays b out and returns the lines of its tables' cells, as
// drawn (a hyphen drawn at a line's end included), cell after cell.
func cellLines(t *testing.T, b *book.Book) []string {
	t.Helper()
	doc := render.Prepare(b)
	bl, err := newLayout(context.Background(), doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := bl.book(doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range bl.items {
		r, ok := it.content.(*tableRow)
		if !ok {
			continue
		}
		for _, c := range r.cells {
			for _, l := range c.lines {
				var s strings.Builder
				for _, g := range l.Glyphs {
					s.WriteRune(g.R)
				}
				out = append(out, strings.Fields(s.String())...)
			}
		}
	}
	return out
}

// splitAtPoints says how the tokens of got, the cells' lines, fail to be
// the words of want, in order, each whole or cut into pieces: a piece
// ending in a hyphen at one of the word's hyphenation points, or one
// without a hyphen in a word that has none. "" when they are.
func splitAtPoints(got, want []string) string {
	i := 0
	for _, w := range want {
		points := englishPoints(w)
		at := 0 // runes of w read
		for at < utf8.RuneCountInString(w) {
			if i == len(got) {
				return fmt.Sprintf("%q: the lines end", w)
			}
			tok := got[i]
			i++
			rest := string([]rune(w)[at:])
			piece, hyphen := strings.CutSuffix(tok, "-")
			if !strings.HasPrefix(rest, piece) || piece == "" {
				return fmt.Sprintf("%q: read %q at rune %d", w, tok, at)
			}
			at += utf8.RuneCountInString(piece)
			switch {
			case at == utf8.RuneCountInString(w) && !hyphen:
			case hyphen && slices.Contains(points, at):
			case !hyphen && len(points) == 0:
			default:
				return fmt.Sprintf("%q broken as %q after rune %d; its hyphenation points are %v", w, tok, at, points)
			}
		}
	}
	if i != len(got) {
		return fmt.Sprintf("left over: %q", got[i:])
	}
	return ""
}
