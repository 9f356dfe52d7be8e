package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Readability chooses the block with the most commas and paragraphs. On
// pages never seen while our rules were written it chose a notice box, a
// menu, a licence line or a product teaser instead of the article on
// about one page in thirty, and every sentence of the article was lost.
// Many of those pages name their article's body in their markup
// (class="entry-content", itemprop="articleBody", <article>): when
// readability's text lies mostly outside that element, and the element
// holds about as much text or more, readability is asked again, inside
// it only (see rereadInside).
//
// The names are trafilatura's BODY_XPATH (github.com/adbar/trafilatura,
// Apache-2.0, as ported to Go in github.com/markusmobius/go-trafilatura,
// internal/selector/content.go), tried in its order: the first element
// a rule names, when it holds enough text, is the marked body.

// A markedBody is the element a page names as its article's body, with
// the text nodes under it (to tell where readability's text came from)
// and its path from the document (to find its copy in the original).
type markedBody struct {
	path  []int
	texts map[string]bool
	runes int
}

// minMarkedRunes is the least text of a marked body (trafilatura's
// smallest extraction): a smaller element so named is a teaser or a
// box, not the article.
const minMarkedRunes = 250

// findMarkedBody returns the page's marked body, or nil.
func findMarkedBody(doc *html.Node) *markedBody {
	for _, rule := range bodyRules {
		n := firstMatch(doc, rule)
		if n == nil {
			continue
		}
		m := &markedBody{texts: map[string]bool{}}
		for p := n; p.Parent != nil; p = p.Parent {
			i := 0
			for c := p.Parent.FirstChild; c != p; c = c.NextSibling {
				i++
			}
			m.path = append(m.path, i)
		}
		m.runes = visibleRunes(n, m.texts)
		if m.runes >= minMarkedRunes {
			return m
		}
	}
	return nil
}

// misses reports whether readability's choice (node, nil when it found
// nothing) lies mostly outside the marked body while the marked body
// holds at least three quarters as much text: a page's own name for its
// article outweighs readability's guess only when both are of a size.
func (m *markedBody) misses(node *html.Node) bool {
	if node == nil {
		return true
	}
	in, all := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				k := nonSpace(c.Data)
				all += k
				if m.texts[strings.TrimSpace(c.Data)] {
					in += k
				}
			}
			walk(c)
		}
	}
	walk(node)
	return 2*in < all && 4*m.runes >= 3*all
}

// inside returns a document whose body holds a copy of the marked body
// of orig, a copy of the page readability was given.
func (m *markedBody) inside(orig *html.Node) *html.Node {
	n := orig
	for i := len(m.path) - 1; i >= 0 && n != nil; i-- {
		n = n.FirstChild
		for k := 0; k < m.path[i] && n != nil; k++ {
			n = n.NextSibling
		}
	}
	if n == nil {
		return nil
	}
	return docAround(orig, n)
}

// visibleRunes counts the non-space runes under n outside scripts,
// styles and templates, and records the text nodes counted in texts.
func visibleRunes(n *html.Node, texts map[string]bool) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			if k1 := nonSpace(c.Data); k1 > 0 {
				if texts != nil {
					texts[strings.TrimSpace(c.Data)] = true
				}
				k += k1
			}
		case c.Type == html.ElementNode && c.DataAtom != atom.Script && c.DataAtom != atom.Style && c.DataAtom != atom.Noscript && c.DataAtom != atom.Template:
			k += visibleRunes(c, texts)
		}
	}
	return k
}

// linkedRunes counts the non-space runes under n inside links.
func linkedRunes(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode && c.DataAtom == atom.A:
			k += visibleRunes(c, nil)
		case c.Type == html.ElementNode:
			k += linkedRunes(c)
		}
	}
	return k
}

func nonSpace(s string) int {
	k := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			k++
		}
	}
	return k
}

func firstMatch(n *html.Node, rule func(tag atom.Atom, id, class, lowID, lowClass string, n *html.Node) bool) *html.Node {
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			id, class := attr(c, "id"), attr(c, "class")
			if rule(c.DataAtom, id, class, strings.ToLower(id), strings.ToLower(class), c) {
				found = c
				return
			}
			walk(c)
		}
	}
	walk(n)
	return found
}

func sectioning(tag atom.Atom) bool {
	return tag == atom.Article || tag == atom.Div || tag == atom.Main || tag == atom.Section
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// bodyRules are the first four of trafilatura's five body selectors,
// most specific first. The fifth (<main>, class="main…") names the
// page's main region, sidebars and lists included, not its article.
var bodyRules = []func(tag atom.Atom, id, class, lowID, lowClass string, n *html.Node) bool{
	func(tag atom.Atom, id, class, lowID, lowClass string, n *html.Node) bool {
		return sectioning(tag) && (class == "post" || class == "entry" ||
			containsAny(class, "post-text", "post_text", "post-body", "post-entry", "postentry",
				"post-content", "post_content", "post_inner_wrapper", "article-text",
				"entry-content", "article-content", "article__content", "article-body",
				"article__body", "ArticleContent", "page-content", "text-content", "body-text",
				"article__container", "art-content") ||
			containsAny(lowClass, "postcontent", "articletext", "articlebody") ||
			containsAny(id, "entry-content", "article-content", "article__content", "article-body",
				"article__body", "body-text", "art-content") ||
			strings.Contains(lowID, "articlebody") || id == "articleContent" ||
			attr(n, "itemprop") == "articleBody")
	},
	func(tag atom.Atom, id, class, lowID, lowClass string, n *html.Node) bool {
		return tag == atom.Article
	},
	func(tag atom.Atom, id, class, lowID, lowClass string, n *html.Node) bool {
		return sectioning(tag) && (containsAny(class, "post-bodycopy", "storycontent", "story-content",
			"theme-content", "blog-content", "section-content", "single-content", "single-post",
			"main-column", "wpb_text_column", "story-body", "field-body") ||
			class == "postarea" || class == "art-postcontent" || class == "text" || class == "cell" ||
			class == "story" || strings.HasPrefix(class, "article ") || strings.Contains(lowClass, "fulltext") ||
			strings.HasPrefix(id, "primary") || id == "article" || id == "story" ||
			strings.Contains(id, "story-body") || attr(n, "role") == "article")
	},
	func(tag atom.Atom, id, class, lowID, lowClass string, n *html.Node) bool {
		return sectioning(tag) && (containsAny(id, "content-main", "content-body", "contentBody") ||
			containsAny(class, "content-main", "content_main", "content-body", "content__body") ||
			strings.Contains(lowID, "main-content") || containsAny(lowClass, "main-content", "page-content") ||
			id == "content" || class == "content")
	},
}
