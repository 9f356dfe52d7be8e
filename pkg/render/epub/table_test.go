package epub

import (
	"image"
	"testing"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
)

// TestWideTableFits renders, in headless Chromium on a 640-pixel page,
// a table of nine columns labelled as a project's status table is
// (keep-tabular-data: "Implementation review"): all ten of its vertical
// rules must be on the page. At the body's size its last two columns ran
// past the right edge, where the reading system cut them off.
func TestWideTableFits(t *testing.T) {
	labels := []string{"", "General UX", "UX draft", "UX review", "UI mockup", "UI review", "Implementation draft", "Implementation review", "Final review"}
	cell := func(s string) book.TableCell { return book.TableCell{Content: []book.Inline{{Text: s}}} }
	var head book.TableRow
	head.Header = true
	for _, l := range labels {
		head.Cells = append(head.Cells, cell(l))
	}
	rows := []book.TableRow{head}
	for _, name := range []string{"Graphics settings", "Recipe/item/Entity tooltip", "Character screen"} {
		r := book.TableRow{Cells: []book.TableCell{cell(name)}}
		for range labels[1:] {
			r.Cells = append(r.Cells, cell(""))
		}
		rows = append(rows, r)
	}
	a := &book.Article{Title: "Friday Facts", Lang: "en", Blocks: []book.Block{&book.Table{Rows: rows}}}
	chapter, _ := writeChapter(t, a)
	shot, err := verify.Screenshot(chapter, 640, 600)
	if err != nil {
		t.Fatal(err)
	}
	if n := tableRules(shot); n != len(labels)+1 {
		t.Errorf("%d vertical rules of the table on the page, want %d", n, len(labels)+1)
	}
}

// tableRules counts the vertical rules drawn in m in the table's grey
// (#999): runs of adjacent columns each holding at least 40 such pixels.
func tableRules(m image.Image) int {
	b := m.Bounds()
	rules, in := 0, false
	for x := b.Min.X; x < b.Max.X; x++ {
		n := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			r, g, bl, _ := m.At(x, y).RGBA()
			if r>>8 >= 0x80 && r>>8 <= 0xb0 && r == g && g == bl {
				n++
			}
		}
		rule := n >= 40
		if rule && !in {
			rules++
		}
		in = rule
	}
	return rules
}
