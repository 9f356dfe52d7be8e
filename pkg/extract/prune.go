package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Inside the block readability chose, pages set boxes that are not the
// article: share bars, related-article lists, tag lists, newsletter
// boxes, author cards, breadcrumbs, widgets. Trafilatura removes the
// elements so named from the article's body before taking its text; so
// do we, from readability's choice. The names are the first rule of its
// OVERALL_DISCARD_XPATH (github.com/adbar/trafilatura, Apache-2.0, as
// ported to Go in github.com/markusmobius/go-trafilatura,
// internal/selector/content-discard-overall.go). Its second rule (hidden
// parts, comment debris) gained nothing here: readability drops hidden
// elements itself. Measured on the tuning part of trafilatura's
// benchmark: F 0.912 -> 0.915, our fixtures' texts unchanged. Page
// builders' text boxes stay (isBuilderText): F 0.917 -> 0.918.

// pruneUnwanted removes from n the elements named as boxes, unless that
// would leave half of n's text or less: the names then describe how the
// page is built, not boxes in it. (Trafilatura stops at a seventh, on
// the body it chose by its names; readability chose n as the article.)
func pruneUnwanted(n *html.Node) {
	if n == nil {
		return
	}
	total := visibleRunes(n, nil)
	var junk []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if isBox(c) && !holdsArticle(c, total) && !isBuilderText(c) {
				junk = append(junk, c)
				continue
			}
			walk(c)
		}
	}
	walk(n)
	if len(junk) == 0 {
		return
	}
	gone := 0
	for _, j := range junk {
		gone += visibleRunes(j, nil)
	}
	if 2*(total-gone) <= total {
		return
	}
	for _, j := range junk {
		j.Parent.RemoveChild(j)
	}
}

// isBox reports an element named as one of the page's boxes. Spans are
// left out, unlike in trafilatura: a span is mostly a word of a sentence
// ("By <span class=byline>…"), and the sentence would lose it.
func isBox(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Dd, atom.Dt, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.P, atom.Section:
		return isBoxName(n, attr(n, "id"), attr(n, "class"))
	}
	return false
}

// isBoxName is trafilatura's first OVERALL_DISCARD_XPATH rule, without
// its paywall names (premium, paid-content, obfuscated, blurred: on a
// page saved by a subscriber that is the article) and its names of
// single sites (yin, xg1, zlylin, bmdh), which gained nothing here.
func isBoxName(n *html.Node, id, class string) bool {
	idClass := id + class
	lowID, lowClass := strings.ToLower(id), strings.ToLower(class)
	return strings.Contains(lowID, "footer") || strings.Contains(lowClass, "footer") ||
		strings.Contains(id, "related") || strings.Contains(class, "elated") ||
		strings.Contains(idClass, "viral") || strings.HasPrefix(idClass, "shar") ||
		strings.Contains(class, "share-") || strings.Contains(lowID, "share") ||
		strings.Contains(idClass, "social") || strings.Contains(class, "sociable") ||
		strings.Contains(idClass, "syndication") || strings.HasPrefix(id, "jp-") ||
		strings.HasPrefix(id, "dpsp-content") || strings.Contains(class, "embed") ||
		strings.Contains(idClass, "newsletter") || strings.Contains(class, "subnav") ||
		strings.Contains(idClass, "cookie") || strings.Contains(idClass, "tags") ||
		strings.Contains(class, "tag-list") || strings.Contains(idClass, "sidebar") ||
		strings.Contains(idClass, "banner") || strings.Contains(class, "bar") ||
		strings.Contains(class, "meta") || strings.Contains(id, "menu") ||
		strings.Contains(class, "menu") || strings.Contains(lowID, "nav") ||
		strings.Contains(strings.ToLower(attr(n, "role")), "nav") || strings.HasPrefix(class, "nav") ||
		strings.Contains(class, "avigation") || strings.Contains(class, "navbar") ||
		strings.Contains(class, "navbox") || strings.HasPrefix(class, "post-nav") ||
		strings.Contains(idClass, "breadcrumb") || strings.Contains(idClass, "bread-crumb") ||
		strings.Contains(idClass, "author") || strings.Contains(idClass, "button") ||
		strings.Contains(lowClass, "byline") || strings.Contains(class, "rating") ||
		strings.Contains(class, "widget") || strings.Contains(class, "attachment") ||
		strings.Contains(class, "timestamp") || strings.Contains(class, "user-info") ||
		strings.Contains(class, "user-profile") || strings.Contains(class, "-ad-") ||
		strings.Contains(class, "-icon") || strings.Contains(class, "article-infos") ||
		strings.Contains(class, "nfoline") ||
		strings.Contains(attr(n, "data-component"), "MostPopularStories") ||
		strings.Contains(class, "outbrain") || strings.Contains(class, "taboola") ||
		strings.Contains(class, "criteo") || strings.Contains(class, "options") ||
		strings.Contains(class, "expand") || strings.Contains(class, "consent") ||
		strings.Contains(class, "modal-content") || strings.Contains(class, " ad ") ||
		strings.Contains(class, "permission") || strings.Contains(class, "next-") ||
		strings.Contains(class, "-stories") || strings.Contains(class, "most-popular") ||
		strings.Contains(class, "mol-factbox") || strings.HasPrefix(class, "ZendeskForm") ||
		strings.Contains(idClass, "message-container") || strings.Contains(class, "slide") ||
		strings.Contains(class, "viewport") || hasAttr(n, "data-lp-replacement-content") ||
		strings.Contains(class, "overlay")
}

// isBuilderText reports a part of the article that a page builder set
// in a box of its own, which trafilatura's names take for furniture: a
// text widget ("elementor-widget-text-editor", "widget quote"), a
// section folded open and shut ("js-slider-toggle", "expanded"), a
// call-out ("aktionsbutton"). Prose without pictures: a gallery's
// slides and the captions of embedded media go as before.
func isBuilderText(n *html.Node) bool {
	class := strings.ToLower(attr(n, "class"))
	if !containsAny(class, "widget", "slide", "expand", "toggle", "button") || findFirst(n, atom.Img) != nil {
		return false
	}
	k := visibleRunes(n, nil)
	return k >= minProseRunes && 10*linkedRunes(n) < 3*k
}

// minProseRunes is the least text of a builder's text box: a paragraph
// or two, not a label or a button.
const minProseRunes = 150

// holdsArticle reports an element, named as a box, that holds a quarter
// of the text or more, not mostly links: a layout block named for the
// sidebar beside it, or author guidelines, holding the article itself.
func holdsArticle(n *html.Node, total int) bool {
	k := visibleRunes(n, nil)
	return 4*k >= total && 2*linkedRunes(n) < k
}
