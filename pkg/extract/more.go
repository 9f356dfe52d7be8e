package extract

import (
	"strings"
	"unicode"

	"github.com/bookify/article2book/pkg/book"
)

// A link reading "more" that ends a paragraph ("… mehr •••", "Read
// more »", "[więcej]") points the reader to another page, which the book
// cannot follow. After the article's last paragraph such a paragraph, if
// short, is that page's teaser and goes, with its title; elsewhere it may
// be the article's own summary of what it links to (a statement quoted,
// each with its link), and only the link's words go.
//
// Measured on the tuning part of trafilatura's benchmark: 4 pages change
// (two closing teasers go, with a box of three and their titles; four
// links' words go), 4 unwanted snippets fewer, no wanted one lost;
// dropping every short teaser, wherever it stands, would also drop a
// news summary's statements, each with its link (radiomaryja), for no
// more snippets.

// maxTeaserRunes bounds a teaser: a longer paragraph before a "more"
// link is the article's own, quoting another page.
const maxTeaserRunes = 200

// rxMoreLink is the text of a link that only says "more", in the
// languages met, with the arrows, dots and brackets sites set around it.
var rxMoreLink = lazy(`(?i)^[\s\p{Z}\[(»›>→…•.]*(?:(?:read |lire |leer |leia |czytaj |mehr |weiter)?(?:more|mehr|lesen|weiterlesen|la suite|plus|más|mais|dalej|więcej|continua(?: a leggere)?|read on|continue reading|en savoir plus|seguir leyendo)|more info|mehr erfahren|zum artikel)[\s\p{Z}\])»›>→…•.]*$`)

// moreLink returns the index of the run of p's content that is a
// closing "more" link, or -1.
func moreLink(p *book.Paragraph) int {
	i := len(p.Content) - 1
	for i >= 0 && p.Content[i].Href == "" && strings.TrimFunc(p.Content[i].Text, isPunctOrSpace) == "" {
		i-- // the brackets, dots or bullets after the link
	}
	if i <= 0 || p.Content[i].Href == "" || !rxMoreLink.MatchString(p.Content[i].Text) {
		return -1
	}
	return i
}

// dropMoreLinks removes the teasers ending with a "more" link that close
// the article, and the link from other paragraphs.
func dropMoreLinks(blocks []book.Block) []book.Block {
	last := -1 // the last paragraph of running text without such a link
	for i, b := range blocks {
		if p, ok := b.(*book.Paragraph); ok && moreLink(p) >= 0 {
			continue
		}
		if isBody(b) {
			last = i
		}
	}
	out := blocks[:0:0]
	for i, b := range blocks {
		p, ok := b.(*book.Paragraph)
		k := -1
		if ok {
			k = moreLink(p)
		}
		if k < 0 {
			out = append(out, b)
			continue
		}
		rest := &book.Paragraph{Content: trimMore(p.Content[:k])}
		if len(rest.Content) == 0 {
			continue // brackets around the link, and nothing else
		}
		if i > last && runeCount(rest) <= maxTeaserRunes {
			if n := len(out); n > 0 && isTeaserTitle(out[n-1]) {
				out = out[:n-1]
			}
			continue
		}
		out = append(out, rest)
	}
	return out
}

// isTeaserTitle reports the title set above a teaser: a heading, or a
// short line that is not a sentence.
func isTeaserTitle(b book.Block) bool {
	if !isTextBlock(b) || runeCount(b) > 80 {
		return false
	}
	return isHeading(b) || !endsSentence(collapse(blockText(b)))
}

// trimMore drops the brackets and spaces left before a "more" link.
func trimMore(runs []book.Inline) []book.Inline {
	runs = append([]book.Inline(nil), runs...)
	n := len(runs) - 1
	runs[n].Text = strings.TrimRightFunc(runs[n].Text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("[(»›>→•|", r)
	})
	return trimRuns(runs)
}
