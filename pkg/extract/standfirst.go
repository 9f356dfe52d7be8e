package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
)

// A standfirst (the lead set under the headline, in larger or bold type)
// often sits outside the element that holds the article's paragraphs,
// and readability loses it. Pages repeat it as their description (meta
// description, og:description). On pages never seen while our rules
// were written, the text the benchmark's annotators wanted and we lost
// was the page's description on one page in fifteen. When the page
// shows its description as text of its own and the article lacks it,
// it opens the article.

// minStandfirstRunes is the least description taken for a standfirst:
// shorter ones are a site's slogan or a list of keywords.
const minStandfirstRunes = 40

// addStandfirst puts the page's standfirst (the first of its summaries
// it shows in orig) before the article's blocks when the article does
// not hold it.
func addStandfirst(a *book.Article, orig *html.Node, summaries, titles []string) {
	for _, s := range summaries {
		if addSummary(a, orig, s, titles) {
			return
		}
	}
}

// addSummary puts summary, as orig shows it, before the article's
// blocks, and reports whether the article holds it now.
func addSummary(a *book.Article, orig *html.Node, summary string, titles []string) bool {
	if utf8.RuneCountInString(summary) < minStandfirstRunes {
		return false
	}
	for _, t := range titles {
		if t != "" && strings.HasPrefix(summary, t) {
			return false
		}
	}
	text := collapse(strings.Join(a.Texts(), " "))
	if strings.Contains(text, headOf(summary)) {
		return true
	}
	body := findFirst(orig, atom.Body)
	if body == nil {
		return false
	}
	shown := shownAs(body, summary, headOf(firstParagraph(a.Blocks)))
	if shown == "" {
		return false
	}
	if strings.Contains(text, headOf(shown)) {
		return true
	}
	a.Blocks = append([]book.Block{&book.Paragraph{Content: []book.Inline{{Text: shown}}}}, a.Blocks...)
	return true
}

// headOf is the start of s that tells whether a text holds it: its
// first 40 runes, as a description may end cut short ("…").
func headOf(s string) string {
	n := 0
	for i := range s {
		if n == minStandfirstRunes {
			return s[:i]
		}
		n++
	}
	return s
}

// firstParagraph returns the text of the first paragraph of blocks long
// enough to be told apart, or "".
func firstParagraph(blocks []book.Block) string {
	for _, b := range blocks {
		if p, ok := b.(*book.Paragraph); ok {
			if t := collapse(book.PlainText(p.Content)); utf8.RuneCountInString(t) >= minStandfirstRunes {
				return t
			}
		}
	}
	return ""
}

// shownAs returns the text of the first element under n, before the
// one that starts with stop (the article's first paragraph), that shows
// summary, the page's description of itself:
//   - its text is the summary, or the start of a longer summary (the
//     lead and the first paragraph run together);
//   - its text holds the summary cut short ("…"): its text, a kicker
//     before it perhaps;
//   - its text holds the summary with words around it (a byline, a
//     credit): the summary.
//
// An element whose text holds more than the summary is taken only when
// none of its children shows it alone. The site's banner, menus, asides,
// forms and footer are not looked at: a slogan is many pages'
// description.
func shownAs(n *html.Node, summary, stop string) string {
	limit := utf8.RuneCountInString(summary)
	head := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(summary, "…"), "..."), " ")
	cut := head != summary
	match := func(t string) (shown string, exact bool) {
		switch {
		case t == summary, strings.HasPrefix(summary, t):
			return t, true
		case cut && strings.Contains(t, head):
			return t, false
		case strings.Contains(t, summary):
			return summary, false
		}
		return "", false
	}
	var found string
	done := false
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		for c := n.FirstChild; c != nil && !done; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Select, atom.Textarea,
				atom.Nav, atom.Footer, atom.Aside, atom.Form:
				continue
			case atom.Header:
				if !inArticle && findFirst(c, atom.H1) == nil {
					// The site's banner (the article's headline is
					// elsewhere): its slogan may be the page's
					// description.
					continue
				}
			}
			switch attr(c, "role") {
			case "banner", "navigation", "contentinfo", "complementary":
				continue
			}
			in := inArticle || c.DataAtom == atom.Article || c.DataAtom == atom.Main
			if _, hidden := attrValue(c, "hidden"); hidden || attr(c, "aria-hidden") == "true" {
				continue
			}
			t, short := boundedText(c, 2*limit)
			if stop != "" && strings.HasPrefix(t, stop) {
				// The article has begun: a standfirst comes before it.
				done = true
				return
			}
			if !short {
				// The summary may be in a child.
				walk(c, in)
				continue
			}
			if utf8.RuneCountInString(t) < minStandfirstRunes {
				continue
			}
			m, exact := match(t)
			if m != "" && exact {
				found, done = m, true
				return
			}
			walk(c, in)
			if m != "" && !done {
				found, done = m, true
			}
		}
	}
	walk(n, false)
	return found
}

func attrValue(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
