package extract

import (
	"strconv"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
)

func (c *converter) table(n *html.Node) {
	t := &book.Table{}
	var walk func(n *html.Node, head bool)
	walk = func(n *html.Node, head bool) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.DataAtom {
			case atom.Caption:
				t.Caption = normalizeRuns(c.inlines(ch, 0, ""))
			case atom.Thead:
				walk(ch, true)
			case atom.Tbody, atom.Tfoot:
				walk(ch, false)
			case atom.Tr:
				row := book.TableRow{Header: head}
				allTh := true
				for td := ch.FirstChild; td != nil; td = td.NextSibling {
					if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
						continue
					}
					span, _ := strconv.Atoi(attr(td, "colspan"))
					if span < 1 || span > 100 {
						span = 1
					}
					cell := book.TableCell{Header: td.DataAtom == atom.Th, ColSpan: span, Content: normalizeRuns(c.cellInlines(td))}
					allTh = allTh && cell.Header
					row.Cells = append(row.Cells, cell)
				}
				if len(row.Cells) > 0 {
					row.Header = row.Header || (allTh && len(t.Rows) == 0)
					t.Rows = append(t.Rows, row)
				}
			}
		}
	}
	walk(n, false)
	if len(t.Rows) == 0 {
		return
	}
	// A layout table of one cell per row is not a table: keep its content.
	if maxCols(t) == 1 {
		c.flush()
		for _, r := range t.Rows {
			if len(r.Cells[0].Content) > 0 {
				c.out = append(c.out, &book.Paragraph{Content: r.Cells[0].Content})
			}
		}
		return
	}
	c.add(t)
}

// cellInlines flattens a cell's content, images included as their alt text.
func (c *converter) cellInlines(td *html.Node) []piece {
	runs := c.inlines(td, 0, "")
	out := runs[:0]
	for _, r := range runs {
		if r.img != nil {
			if r.img.Alt == "" {
				continue
			}
			r = piece{Inline: book.Inline{Text: r.img.Alt}}
		}
		out = append(out, r)
	}
	return out
}

func maxCols(t *book.Table) int {
	m := 0
	for _, r := range t.Rows {
		n := 0
		for _, c := range r.Cells {
			n += c.ColSpan
		}
		m = max(m, n)
	}
	return m
}
