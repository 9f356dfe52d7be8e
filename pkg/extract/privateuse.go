package extract

import (
	"strings"
	"unicode"

	"github.com/bookify/article2book/pkg/book"
)

// DropPrivateUse removes from a's text the private-use characters
// (U+E000-F8FF and planes 15 and 16), which have a meaning only in the
// page's own fonts: mostly the glyphs of icon fonts (a share button's
// U+E601, a clock before a date), which no face of ours draws, and which
// would be printed as empty boxes and copied as nothing a reader can use.
// A paragraph or heading left without text goes too. It returns how many
// characters it removed, for a warning.
func DropPrivateUse(a *book.Article) int {
	d := &dropper{}
	a.Title = strings.TrimSpace(d.text(a.Title))
	a.Byline = strings.TrimSpace(d.text(a.Byline))
	a.SiteName = strings.TrimSpace(d.text(a.SiteName))
	a.Source = strings.TrimSpace(d.text(a.Source))
	a.Blocks = d.blocks(a.Blocks)
	return d.n
}

func isPrivateUse(r rune) bool { return unicode.Is(unicode.Co, r) }

// mayHoldPrivateUse reports whether s has a byte that may lead a
// private-use character: 0xEE, 0xEF before a byte under 0xA4 (U+E000 to
// U+F8FF), 0xF3 or 0xF4 (planes 15 and 16). Most text has none, and a
// byte is looked at faster than a character is decoded: a long article is
// read before anything else can start.
func mayHoldPrivateUse(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xEE, 0xF3, 0xF4:
			return true
		case 0xEF:
			if i+1 < len(s) && s[i+1] < 0xA4 {
				return true
			}
		}
	}
	return false
}

// dropper removes private-use characters and counts them.
type dropper struct{ n int }

func (d *dropper) text(s string) string {
	if !mayHoldPrivateUse(s) || !strings.ContainsFunc(s, isPrivateUse) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isPrivateUse(r) {
			d.n++
			return -1
		}
		return r
	}, s)
}

// runs returns runs without private-use characters, trimmed as a
// paragraph's are when any was removed.
func (d *dropper) runs(runs []book.Inline) []book.Inline {
	before := d.n
	for i := range runs {
		runs[i].Text = d.text(runs[i].Text)
	}
	if d.n == before {
		return runs
	}
	runs = trimRuns(runs)
	out := runs[:0]
	for _, r := range runs {
		if r.Text != "" {
			out = append(out, r)
		}
	}
	return out
}

func (d *dropper) blocks(blocks []book.Block) []book.Block {
	out := blocks[:0]
	for _, blk := range blocks {
		switch b := blk.(type) {
		case *book.Paragraph:
			if b.Content = d.runs(b.Content); len(b.Content) == 0 {
				continue
			}
		case *book.Heading:
			if b.Content = d.runs(b.Content); len(b.Content) == 0 {
				continue
			}
		case *book.Code:
			b.Text = d.text(b.Text)
		case *book.Image:
			b.Alt = d.text(b.Alt)
			b.Caption = d.runs(b.Caption)
		case *book.Quote:
			b.Blocks = d.blocks(b.Blocks)
		case *book.List:
			for i := range b.Items {
				b.Items[i].Blocks = d.blocks(b.Items[i].Blocks)
			}
		case *book.Table:
			b.Caption = d.runs(b.Caption)
			for _, row := range b.Rows {
				for k := range row.Cells {
					row.Cells[k].Content = d.runs(row.Cells[k].Content)
				}
			}
		}
		out = append(out, blk)
	}
	return out
}
