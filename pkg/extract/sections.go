package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
)

// Readability scores blocks and keeps the best one with the siblings that
// score close to it. A manual or a long post split into sibling sections
// of equal rank (div.section, div.section, …) loses all but one of them:
// on the Debian Reference, readability kept one section of a chapter in
// three. When the text readability chose lies in one element of the
// original page, and that element has siblings of the same kind (tag and
// class) that are running text, the article is those sections, in order.

// cloneTree copies n and everything under it.
func cloneTree(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: append([]html.Attribute(nil), n.Attr...)}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneTree(ch))
	}
	return c
}

// siblingSections returns the sections of the original page the article
// continues into, the one readability chose among them, or nil.
func siblingSections(orig *html.Node, blocks []book.Block) []*html.Node {
	var first, last string
	for _, b := range blocks {
		if p, ok := b.(*book.Paragraph); ok {
			if t := collapse(book.PlainText(p.Content)); utf8.RuneCountInString(t) >= 20 {
				if first == "" {
					first = t
				}
				last = t
			}
		}
	}
	if first == "" {
		return nil
	}
	a, b := findText(orig, head(first)), findText(orig, tail(last))
	if a == nil || b == nil {
		return nil
	}
	e := commonAncestor(a, b)
	// Sections nest (3.1 inside 3): the outermost level of sections wins.
	var out []*html.Node
	for ; e != nil && e.Parent != nil; e = e.Parent {
		if s := sameKindSiblings(e); s != nil {
			out = s
		}
	}
	return out
}

// sameKindSiblings returns e and its siblings of the same tag and class
// when there are several and all are running text.
func sameKindSiblings(e *html.Node) []*html.Node {
	if e.Type != html.ElementNode || attr(e, "class") == "" {
		return nil
	}
	var out, intro []*html.Node
	for s := e.Parent.FirstChild; s != nil; s = s.NextSibling {
		if len(out) == 0 && s.Type == html.ElementNode && (s.DataAtom == atom.P || s.DataAtom == atom.Blockquote) {
			// Paragraphs before the first section, beside it: the
			// introduction.
			intro = append(intro, s)
		}
		if s.Type == html.ElementNode && s.Data == e.Data && attr(s, "class") == attr(e, "class") {
			if s != e && !runningText(s) || findFirst(s, atom.H1) != nil {
				// Not sections of the text: one holds the page's
				// headline, so these are the page's own parts.
				return nil
			}
			out = append(out, s)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return append(intro, out...)
}

// runningText reports an element of at least 100 runes of text, at most
// 70% of it in links (manuals link every command and project they name;
// navigation is all links).
func runningText(n *html.Node) bool {
	total, linked := 0, 0
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				k := utf8.RuneCountInString(strings.Join(strings.Fields(c.Data), ""))
				total += k
				if inLink {
					linked += k
				}
			case html.ElementNode:
				if c.Data != "script" && c.Data != "style" {
					walk(c, inLink || c.Data == "a" && attr(c, "href") != "")
				}
			}
		}
	}
	walk(n, false)
	return total >= 100 && 10*linked <= 7*total
}

func head(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 12)])
}

func tail(s string) string {
	r := []rune(s)
	return string(r[max(0, len(r)-12):])
}

// findText returns the first text node whose collapsed text contains s.
func findText(n *html.Node, s string) *html.Node {
	if n.Type == html.TextNode {
		if strings.Contains(collapse(n.Data), s) {
			return n
		}
		return nil
	}
	if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findText(c, s); f != nil {
			return f
		}
	}
	return nil
}

func commonAncestor(a, b *html.Node) *html.Node {
	seen := map[*html.Node]bool{}
	for n := a; n != nil; n = n.Parent {
		seen[n] = true
	}
	for n := b; n != nil; n = n.Parent {
		if seen[n] {
			return n
		}
	}
	return nil
}

// unwrapAnchors replaces every <a> without an href by its content. Pages
// written as XHTML close named anchors themselves (<a id="x"/>), which an
// HTML parser reads as an open link around the rest of the section; and
// readability then drops those paragraphs as links.
func unwrapAnchors(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			unwrapAnchors(c)
			if c.Data == "a" && !hasAttr(c, "href") {
				for c.FirstChild != nil {
					ch := c.FirstChild
					c.RemoveChild(ch)
					n.InsertBefore(ch, c)
				}
				n.RemoveChild(c)
			}
		}
		c = next
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// A listing (a blog's archive page, a category page, a site's front page)
// holds several articles one after another; readability takes them all.
// Each is an element of the same tag and class as its siblings that opens
// with a linked headline (the post's permalink), or an <article>. The one
// article to keep is the one headed by the page's title, else the first.

// minPostRunes is the text a unit of a listing must hold to be a post and
// not a teaser line.
const minPostRunes = 80

// onePost returns the post of the original page to keep when the text
// readability chose (blocks) lies in a listing of several posts and is
// not that one post alone, or nil.
func onePost(orig *html.Node, blocks []book.Block, titles []string) *html.Node {
	first, last := firstLast(blocks)
	if first == "" {
		return nil
	}
	a, b := findText(orig, head(first)), findText(orig, tail(last))
	if a == nil || b == nil {
		return nil
	}
	// A post is a few levels above its first paragraph, never the body.
	for e, up := a.Parent, 0; e != nil && e.Parent != nil && e.DataAtom != atom.Body && up < 8; e, up = e.Parent, up+1 {
		if e.Type != html.ElementNode || !isPost(e) {
			continue
		}
		posts := postSiblings(e.Parent)
		if !slices.Contains(posts, e) {
			continue
		}
		keep := e
		for _, p := range posts {
			if h := firstHeading(p); h != nil && namesTitle(nodeText(h), titles) {
				keep = p
				break
			}
		}
		if keep == e && commonAncestor(e, b) == e {
			return nil // readability took this one post alone
		}
		return keep
	}
	return nil
}

// firstLast returns the first and last paragraphs of blocks of some
// length.
func firstLast(blocks []book.Block) (first, last string) {
	for _, b := range blocks {
		if p, ok := b.(*book.Paragraph); ok {
			if t := collapse(book.PlainText(p.Content)); utf8.RuneCountInString(t) >= 20 {
				if first == "" {
					first = t
				}
				last = t
			}
		}
	}
	return first, last
}

// postSiblings returns the children of n that are posts, when at least two
// of its children of one kind are and they hold most of n's text.
func postSiblings(n *html.Node) []*html.Node {
	groups := map[string][]*html.Node{}
	var order []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || !isPost(c) {
			continue
		}
		k := c.Data + "." + attr(c, "class")
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], c)
	}
	total := utf8.RuneCountInString(nodeText(n))
	for _, k := range order {
		posts := groups[k]
		sum := 0
		for _, p := range posts {
			sum += utf8.RuneCountInString(nodeText(p))
		}
		if len(posts) >= 2 && 5*sum >= 3*total {
			return posts
		}
	}
	return nil
}

// isPost reports an element that opens with a linked headline, or an
// <article> with a headline, and holds some text.
func isPost(e *html.Node) bool {
	h := firstHeading(e)
	if h == nil || utf8.RuneCountInString(nodeText(e)) < minPostRunes || !runningText(e) || hasNav(e) {
		return false
	}
	return e.DataAtom == atom.Article || hasLink(h)
}

func firstHeading(e *html.Node) *html.Node {
	for c := e.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4:
			return c
		case atom.Header, atom.Div, atom.Hgroup:
			if h := firstHeading(c); h != nil {
				return h
			}
		}
		if hasVisibleText(c) {
			return nil // text before any headline: not a post's head
		}
	}
	return nil
}

// hasVisibleText reports whether n holds any text but white space.
func hasVisibleText(n *html.Node) bool {
	if n.Type == html.TextNode {
		return strings.TrimSpace(n.Data) != ""
	}
	if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasVisibleText(c) {
			return true
		}
	}
	return false
}

func hasLink(n *html.Node) bool {
	if n.Type == html.ElementNode && n.DataAtom == atom.A && attr(n, "href") != "" {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasLink(c) {
			return true
		}
	}
	return false
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	textOf(n, &b)
	return collapse(b.String())
}

// namesTitle reports whether headline h is the title, or the title is h
// with the site's name around it.
func namesTitle(h string, titles []string) bool {
	k := looseKey(h)
	if len(k) < 8 {
		return false
	}
	for _, t := range titles {
		if strings.Contains(looseKey(t), k) {
			return true
		}
	}
	return false
}

// hasNav reports a <nav> or a <header> of a whole page: the element holds
// the site's head, not a post.
func hasNav(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Nav || hasNav(c)) {
			return true
		}
	}
	return false
}
