package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
)

// Between a page's headline and the paragraphs readability keeps, pages
// set the article's lead: a paragraph or two in larger type, in an
// element of their own, which readability's choice leaves out; or a
// sentence set as the headline's second heading (an h2 in its hgroup). The
// standfirst rule (standfirst.go) finds the lead a page repeats as its
// description; many leads are not repeated. Paragraphs of running text
// that the page sets after its headline and before the article's first
// paragraph, outside its menus, asides, figures, forms and boxes, open
// the article.

// minLeadRunes is the least text of a lead paragraph: a sentence or two,
// not a byline, a date or a label.
const minLeadRunes = 100

// maxLeadParagraphs bounds the lead: more paragraphs before the
// article's first are another text (a teaser list, a notice).
const maxLeadParagraphs = 2

// addLead puts the lead paragraphs orig shows between its headline and
// the article's first paragraph before the article's blocks.
func addLead(a *book.Article, orig *html.Node, titles []string) {
	first := firstParagraph(a.Blocks)
	if first == "" {
		return
	}
	h1 := headline(orig, titles)
	if h1 == nil {
		return
	}
	leads, ok := leadsAfter(h1, headOf(first))
	if !ok || len(leads) == 0 || len(leads) > maxLeadParagraphs {
		return
	}
	text := collapse(strings.Join(a.Texts(), " "))
	var add []book.Block
	for _, l := range leads {
		if !strings.Contains(text, headOf(l)) {
			add = append(add, &book.Paragraph{Content: []book.Inline{{Text: l}}})
		}
	}
	a.Blocks = append(add, a.Blocks...)
}

// headline returns the first h1 of orig that names the article.
func headline(orig *html.Node, titles []string) *html.Node {
	var found *html.Node
	walkElements(orig, func(e *html.Node) {
		if found == nil && e.DataAtom == atom.H1 {
			if t := nodeText(e); t != "" && (containsTitle(t, titles) || isTitlePart(&book.Paragraph{Content: []book.Inline{{Text: t}}}, t, titles)) {
				found = e
			}
		}
	})
	return found
}

// leadsAfter returns the texts of the paragraphs (and h2 sentences) of
// running text that follow h1 in document order until the element whose
// text starts with stop; ok is false when that element never comes.
func leadsAfter(h1 *html.Node, stop string) (leads []string, ok bool) {
	for n := next(h1, true); n != nil; n = next(n, true) {
		if n.Type != html.ElementNode {
			continue
		}
		if strings.HasPrefix(nodeText(n), stop) && !hasBlockChild(n) {
			return leads, true
		}
		if skipped(n) {
			n = lastDescendant(n)
			continue
		}
		if (n.DataAtom == atom.P || n.DataAtom == atom.H2) && isLead(n) {
			leads = append(leads, nodeText(n))
			n = lastDescendant(n)
		}
	}
	return nil, false
}

// isLead reports a paragraph of running text: long enough, mostly not
// links, ending a sentence.
func isLead(p *html.Node) bool {
	k := visibleRunes(p, nil)
	if k < minLeadRunes || 10*linkedRunes(p) >= 3*k {
		return false
	}
	t := nodeText(p)
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?。！？…\"”»", r)
}

// skipped reports an element whose text is not the article's: the
// page's menus, asides, figures and forms, hidden parts, and the boxes
// named as such (see isBoxName).
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Figure, atom.Figcaption, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Blockquote, atom.Ul, atom.Ol, atom.Table:
		return true
	}
	if hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" || isHiddenStyle(n) {
		return true
	}
	key := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	return strings.Contains(key, "caption") || strings.Contains(key, "credit") || isBoxName(n, attr(n, "id"), attr(n, "class"))
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.P || c.DataAtom == atom.Div || c.DataAtom == atom.Section || c.DataAtom == atom.Article) {
			return true
		}
	}
	return false
}

// next returns the node after n in document order, n's children first
// when down is set.
func next(n *html.Node, down bool) *html.Node {
	if down && n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

func lastDescendant(n *html.Node) *html.Node {
	for n.LastChild != nil {
		n = n.LastChild
	}
	return n
}
