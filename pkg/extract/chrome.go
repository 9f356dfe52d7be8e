package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Boxes a page sets over or beside its article, which readability may
// take for the article when they hold more plain text than its
// paragraphs: cookie and consent notices, and forms (sign-up, log-in,
// newsletter, comment, contact). On public pages never seen while the
// rules were written, readability chose such a box instead of the
// article on about one page in a hundred.

// maxNoticeRunes bounds a cookie notice: a longer element with "cookie"
// in its class is something else (a recipe, a page about cookies).
const maxNoticeRunes = 1500

// dropChrome removes cookie notices and the forms that hold a small part
// of the page's text (a page built inside one form, as ASP.NET pages
// are, keeps it).
func dropChrome(doc *html.Node) {
	body := findFirst(doc, atom.Body)
	if body == nil {
		return
	}
	var junk, forms []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch {
			case isCookieNotice(c):
				junk = append(junk, c)
			case isSmallForm(c):
				forms = append(forms, c)
			default:
				walk(c)
			}
		}
	}
	walk(body)
	if len(forms) > 0 {
		// Counted only when there is a form to weigh: most pages have
		// none, and this is a walk over the whole page.
		total := formRunes(body)
		for _, f := range forms {
			if 2*formRunes(f) < total {
				junk = append(junk, f)
			}
		}
	}
	for _, n := range junk {
		n.Parent.RemoveChild(n)
	}
}

// isCookieNotice reports an element named for cookies or consent that
// holds a short text speaking of them.
func isCookieNotice(n *html.Node) bool {
	key := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	if !strings.Contains(key, "cookie") && !strings.Contains(key, "consent") && !strings.Contains(key, "gdpr") {
		return false
	}
	t, short := boundedText(n, maxNoticeRunes)
	return short && strings.Contains(strings.ToLower(t), "cookie")
}

// maxFormRunes bounds the text of a form that is the page's (labels,
// help, a consent line), its choices not counted; a shop's product form
// holds the product's description.
const maxFormRunes = 1000

// isSmallForm reports a form with a text field to fill in that holds
// little text of its own and not the page's headline. (dropChrome also
// requires less than half the page's text.)
func isSmallForm(n *html.Node) bool {
	if n.DataAtom != atom.Form || findFirst(n, atom.H1) != nil || !hasField(n) {
		return false
	}
	return formRunes(n) <= maxFormRunes
}

// formRunes counts the non-space runes of n's text outside scripts,
// styles and the options of lists.
func formRunes(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			k += nonSpace(c.Data)
		case c.Type == html.ElementNode && c.DataAtom != atom.Script && c.DataAtom != atom.Style && c.DataAtom != atom.Select:
			k += formRunes(c)
		}
	}
	return k
}

func hasField(n *html.Node) bool {
	found := false
	walkElements(n, func(e *html.Node) {
		switch e.DataAtom {
		case atom.Textarea:
			found = true
		case atom.Input:
			// Text to type, not a quantity or a choice: a shop's
			// product form holds the product's description.
			switch strings.ToLower(attr(e, "type")) {
			case "", "text", "email", "password", "search", "tel":
				found = true
			}
		}
	})
	return found
}
