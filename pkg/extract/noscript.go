package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Some pages write their article with a script, and give it again inside
// <noscript> for readers without one: Blogger's dynamic templates put
// the post's HTML in a script template and in a noscript beside it. The
// parser reads a noscript's content as raw text (as a browser running
// scripts does), so readability sees an empty post and takes the blog's
// header instead. openNoscripts parses such a noscript as the page's
// HTML, in place.

// hasScriptChild reports a script beside the noscript: the page writes
// with it what the noscript gives. A noscript without one is a notice
// for readers without scripts, or a lazy image's fallback.
func hasScriptChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Script {
			return true
		}
	}
	return false
}

// minNoscriptRunes is the least text a noscript must hold to be read
// as an article's: a lazy-loading image's noscript holds an <img> only.
const minNoscriptRunes = 200

func openNoscripts(doc *html.Node) {
	var found []*html.Node
	walkElements(doc, func(e *html.Node) {
		if e.DataAtom == atom.Noscript && e.FirstChild != nil && e.FirstChild.Type == html.TextNode &&
			strings.Contains(e.FirstChild.Data, "<p") {
			found = append(found, e)
		}
	})
	for _, ns := range found {
		parent := ns.Parent
		if parent == nil || parent.Type != html.ElementNode || !hasScriptChild(parent) {
			continue
		}
		nodes, err := html.ParseFragment(strings.NewReader(ns.FirstChild.Data), parent)
		if err != nil {
			continue
		}
		k := 0
		for _, n := range nodes {
			k += visibleRunes(&html.Node{Type: html.ElementNode, FirstChild: n, LastChild: n}, nil)
		}
		// The element around it shows text of its own: the noscript is
		// a fallback beside the article, not the article.
		if k < minNoscriptRunes || 2*visibleRunes(parent, nil) > k {
			continue
		}
		for _, n := range nodes {
			parent.InsertBefore(n, ns)
		}
		parent.RemoveChild(ns)
	}
}
