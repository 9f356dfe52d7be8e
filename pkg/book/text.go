package book

import (
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Texts returns the text of every block of a, in reading order: headings,
// paragraphs, list items, quotes, code, image captions and table cells.
// Renderers must reproduce each of these characters, in this order; list
// markers and other furniture they add are not part of it.
func (a *Article) Texts() []string {
	var out []string
	walkText(a.Blocks, func(_ string, s string) bool {
		out = append(out, s)
		return true
	})
	return out
}

// AllTexts iterates over the texts Texts returns, without collecting
// them: a long article's list of texts is a fresh megabyte on every call.
func (a *Article) AllTexts() iter.Seq[string] {
	return func(yield func(string) bool) {
		walkText(a.Blocks, func(_ string, s string) bool { return yield(s) })
	}
}

// Chars is the number of characters in a's texts.
func (a *Article) Chars() int {
	n := 0
	for t := range a.AllTexts() {
		n += utf8.RuneCountInString(t)
	}
	return n
}

// PlainText returns a as plain text: the title, a blank line, then one
// block per paragraph, blocks separated by blank lines.
func (a *Article) PlainText() string {
	var b strings.Builder
	b.WriteString(a.Title)
	b.WriteString("\n")
	walkText(a.Blocks, func(prefix, s string) bool {
		b.WriteString("\n")
		b.WriteString(prefix)
		b.WriteString(s)
		b.WriteString("\n")
		return true
	})
	return b.String()
}

// walkText calls fn for every text-bearing block, with a prefix (list
// marker, quote mark) suited to plain-text output, until fn returns false;
// it reports whether it went through every block.
func walkText(blocks []Block, fn func(prefix, text string) bool) bool {
	var walk func(blocks []Block, prefix string) bool
	walk = func(blocks []Block, prefix string) bool {
		for _, blk := range blocks {
			if !walkBlock(blk, prefix, fn, walk) {
				return false
			}
		}
		return true
	}
	return walk(blocks, "")
}

// walkBlock is walkText's step through one block; walk goes into the
// blocks it holds.
func walkBlock(blk Block, prefix string, fn func(prefix, text string) bool, walk func([]Block, string) bool) bool {
	switch b := blk.(type) {
	case *Heading:
		return fn(prefix, PlainText(b.Content))
	case *Paragraph:
		return fn(prefix, PlainText(b.Content))
	case *Code:
		return fn(prefix, b.Text)
	case *Image:
		return len(b.Caption) == 0 || fn(prefix, PlainText(b.Caption))
	case *Quote:
		return walk(b.Blocks, prefix+"> ")
	case *List:
		for i, it := range b.Items {
			marker := "• "
			if b.Ordered {
				marker = strconv.Itoa(b.Start+i) + ". "
			}
			if !walk(it.Blocks, prefix+marker) {
				return false
			}
		}
	case *Table:
		if len(b.Caption) > 0 && !fn(prefix, PlainText(b.Caption)) {
			return false
		}
		for _, r := range b.Rows {
			for _, c := range r.Cells {
				if !fn(prefix, PlainText(c.Content)) {
					return false
				}
			}
		}
	}
	return true
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
