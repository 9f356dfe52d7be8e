package extract

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page may give its article's whole text in its structured data
// (schema.org JSON-LD, "articleBody"), for search engines, while its
// HTML shows a teaser: a paywalled page that shows the first lines, an
// application that writes the text with a script. Readability then
// takes what is shown, a teaser, a caption, an author's card. When the
// structured data holds at least twice readability's text, the page's
// own statement of what its article is wins: the element of the page
// holding that text when there is one, else the text itself.

// minBodyRunes is the least text of an articleBody read as the article:
// shorter ones are summaries.
const minBodyRunes = 250

// articleBody returns the longest articleBody of an Article (NewsArticle,
// BlogPosting, …) in the page's JSON-LD, or "".
func articleBody(doc *html.Node) string {
	var best string
	walkElements(doc, func(e *html.Node) {
		if e.DataAtom != atom.Script || !strings.EqualFold(strings.TrimSpace(attr(e, "type")), "application/ld+json") || e.FirstChild == nil {
			return
		}
		var v any
		if json.Unmarshal([]byte(e.FirstChild.Data), &v) != nil {
			return
		}
		if b := bodyOf(v); utf8.RuneCountInString(b) > utf8.RuneCountInString(best) {
			best = b
		}
	})
	return best
}

// bodyOf finds the longest articleBody of an article in a JSON-LD value,
// through arrays and @graph.
func bodyOf(v any) string {
	var best string
	keep := func(s string) {
		if utf8.RuneCountInString(s) > utf8.RuneCountInString(best) {
			best = s
		}
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			keep(bodyOf(x))
		}
	case map[string]any:
		if b, ok := v["articleBody"].(string); ok && isArticleType(v["@type"]) {
			keep(b)
		}
		keep(bodyOf(v["@graph"]))
	}
	return best
}

// isArticleType reports a schema.org type of article: Article and its
// kinds (NewsArticle, OpinionNewsArticle, BlogPosting, Report, …).
func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return strings.HasSuffix(t, "Article") || strings.HasSuffix(t, "Posting") || t == "Report"
	case []any:
		for _, x := range t {
			if isArticleType(x) {
				return true
			}
		}
	}
	return false
}

// fromBody returns what stands for the article when the page's
// articleBody (body) holds at least twice the text of readability's
// choice (node): the smallest element of orig holding the body's first
// and last lines, read by readability, when it holds no more than twice
// the body's text; else the body's text as paragraphs. It returns node
// otherwise.
func fromBody(body string, orig, node *html.Node, reread func(doc *html.Node) *html.Node) *html.Node {
	lines := bodyLines(body)
	k := 0
	for _, l := range lines {
		k += nonSpace(l)
	}
	if k < minBodyRunes || node != nil && 2*visibleRunes(node, nil) > k {
		return node
	}
	first, last := findText(orig, head(lines[0])), findText(orig, tail(lines[len(lines)-1]))
	if first != nil && last != nil {
		if e := commonAncestor(first, last); e != nil && e.Type == html.ElementNode && visibleRunes(e, nil) <= 2*k {
			if n := reread(docAround(orig, e)); n != nil && 2*visibleRunes(n, nil) >= k {
				return n
			}
		}
	}
	div := &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"}
	for _, l := range lines {
		p := &html.Node{Type: html.ElementNode, DataAtom: atom.P, Data: "p"}
		p.AppendChild(&html.Node{Type: html.TextNode, Data: l})
		div.AppendChild(p)
	}
	return div
}

// bodyLines splits an articleBody into its paragraphs: its lines, or,
// when it is HTML, the text of its elements.
func bodyLines(body string) []string {
	if strings.Contains(body, "</p>") || strings.Contains(body, "<br") {
		var b strings.Builder
		if nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}); err == nil {
			for _, n := range nodes {
				if n.Type == html.TextNode {
					b.WriteString(n.Data)
					continue
				}
				textWithBreaks(n, &b)
				b.WriteString("\n")
			}
			body = b.String()
		}
	}
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if l = collapse(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// docAround returns a document whose body holds a copy of n, with the
// head of orig.
func docAround(orig, n *html.Node) *html.Node {
	doc := &html.Node{Type: html.DocumentNode}
	root := &html.Node{Type: html.ElementNode, DataAtom: atom.Html, Data: "html"}
	body := &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
	doc.AppendChild(root)
	if h := findFirst(orig, atom.Head); h != nil {
		root.AppendChild(cloneTree(h))
	}
	root.AppendChild(body)
	body.AppendChild(cloneTree(n))
	return doc
}
