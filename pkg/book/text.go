package book

import (
	"strconv"
	"strings"
)

// Texts returns the text of every block of a, in reading order: headings,
// paragraphs, list items, quotes, code, image captions and table cells.
// Renderers must reproduce each of these characters, in this order; list
// markers and other furniture they add are not part of it.
func (a *Article) Texts() []string {
	var out []string
	walkText(a.Blocks, func(_ string, s string) { out = append(out, s) })
	return out
}

// PlainText returns a as plain text: the title, a blank line, then one
// block per paragraph, blocks separated by blank lines.
func (a *Article) PlainText() string {
	var b strings.Builder
	b.WriteString(a.Title)
	b.WriteString("\n")
	walkText(a.Blocks, func(prefix, s string) {
		b.WriteString("\n")
		b.WriteString(prefix)
		b.WriteString(s)
		b.WriteString("\n")
	})
	return b.String()
}

// walkText calls fn for every text-bearing block, with a prefix (list
// marker, quote mark) suited to plain-text output.
func walkText(blocks []Block, fn func(prefix, text string)) {
	var walk func(blocks []Block, prefix string)
	walk = func(blocks []Block, prefix string) {
		for _, blk := range blocks {
			switch b := blk.(type) {
			case *Heading:
				fn(prefix, PlainText(b.Content))
			case *Paragraph:
				fn(prefix, PlainText(b.Content))
			case *Code:
				fn(prefix, b.Text)
			case *Image:
				if len(b.Caption) > 0 {
					fn(prefix, PlainText(b.Caption))
				}
			case *Quote:
				walk(b.Blocks, prefix+"> ")
			case *List:
				for i, it := range b.Items {
					marker := "• "
					if b.Ordered {
						marker = strconv.Itoa(b.Start+i) + ". "
					}
					walk(it.Blocks, prefix+marker)
				}
			case *Table:
				if len(b.Caption) > 0 {
					fn(prefix, PlainText(b.Caption))
				}
				for _, r := range b.Rows {
					for _, c := range r.Cells {
						fn(prefix, PlainText(c.Content))
					}
				}
			}
		}
	}
	walk(blocks, "")
}

// Walk calls fn for every block of blocks and of the blocks they contain,
// in document order.
func Walk(blocks []Block, fn func(Block)) {
	for _, blk := range blocks {
		fn(blk)
		switch b := blk.(type) {
		case *Quote:
			Walk(b.Blocks, fn)
		case *List:
			for _, it := range b.Items {
				Walk(it.Blocks, fn)
			}
		}
	}
}
