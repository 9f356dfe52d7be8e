package extract

import (
	"strings"

	"github.com/bookify/article2book/pkg/book"
)

// A list of links set as paragraphs, one link each, is a list of other
// pages whatever its markup: a box of the most read articles ("Top-15,
// meist-diskutiert"), a page's tag cloud, a shop's brand list. The
// cleanup reads such lists as lists (isLinkList) and a single linked line
// as possibly the article's; three or more in a row are a list.
//
// It runs after the tail's cleanup, which drops the lists closing a page
// with their labels ("Quellen:"); what is left stands among the article's
// paragraphs. Measured on the tuning part of trafilatura's benchmark: 2
// pages change (kath.net's box of fifteen headlines, gala's tags), 2
// unwanted snippets fewer, no wanted one lost; the same from 4 or 5 in a
// row.

// minLinkRun is the least number of linked lines in a row that make a
// list.
const minLinkRun = 3

// dropLinkRuns removes the runs of minLinkRun or more paragraphs that are
// each a short link and little else. A line whose text is an address is
// kept: a list of sources the author wrote out.
func dropLinkRuns(blocks []book.Block) []book.Block {
	out := blocks[:0:0]
	for i := 0; i < len(blocks); {
		j := i
		for j < len(blocks) && isLinkLine(blocks[j]) {
			j++
		}
		if j-i >= minLinkRun {
			i = j
			continue
		}
		if j == i {
			j++
		}
		out = append(out, blocks[i:j]...)
		i = j
	}
	return out
}

// isLinkLine reports a short paragraph that is a link (90 % of its text)
// of two words or more, a title, and not an address: a word alone
// ("link", "PDF") may be the article's own reference.
func isLinkLine(b book.Block) bool {
	p, ok := b.(*book.Paragraph)
	if !ok {
		return false
	}
	n, l := textStats(p)
	if n == 0 || n > 120 || 10*l < 9*n {
		return false
	}
	t := strings.TrimSpace(book.PlainText(p.Content))
	return len(strings.Fields(t)) >= 2 && !strings.HasPrefix(t, "http://") && !strings.HasPrefix(t, "https://") && !strings.HasPrefix(t, "www.")
}

// minTagLinks is the least number of links a line of tags holds.
const minTagLinks = 3

// isTagLine reports a paragraph of links and separators alone ("Corona &
// die Folgen, Debatte, Deutschland, Politik"): the page's tags or
// categories, set as one line. A headline is one link; a sentence has
// words between its links. Measured on the tuning part of trafilatura's
// benchmark: 2 pages (a line of tags, twenty brands linked to a shop), 1
// unwanted snippet fewer, no wanted one lost; on Readability's pages
// ietf-1 loses its line of document links ("[Docs] [txt|pdf] …"),
// which Readability.js keeps, F1 unchanged at three decimals.
func isTagLine(b book.Block) bool {
	p, ok := b.(*book.Paragraph)
	if !ok {
		return false
	}
	links, href := 0, ""
	for _, r := range p.Content {
		switch {
		case r.Href == "":
			if strings.TrimFunc(r.Text, isPunctOrSpace) != "" {
				return false
			}
		case r.Href != href:
			links++
		}
		href = r.Href
	}
	return links >= minTagLinks
}
