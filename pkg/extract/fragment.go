package extract

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/bookify/article2book/pkg/book"
)

// FromFragment converts an HTML fragment that is the article's body, such as
// a feed item's content, without Readability: the publisher has already
// chosen the text, and Readability would drop what looks like boilerplate
// to it. Scripts, styles and embedded objects are left out as in a page.
// base resolves relative links and images and may be nil; title drops a
// first heading that repeats it. Plain text (no tags) becomes one paragraph
// per blank-line-separated block.
func FromFragment(r io.Reader, base *url.URL, title string) (*book.Article, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read fragment: %w", err)
	}
	src := string(data)
	if !strings.ContainsAny(src, "<>") {
		src = textAsHTML(src)
	}
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body>" + src))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	flattenDeep(doc, 0)
	fixImages(doc)
	a := &book.Article{Title: collapse(title)}
	if base != nil {
		a.SourceURL = base.String()
	}
	c := converter{base: base}
	c.blocks(doc)
	c.flush()
	a.Blocks = c.out
	// Not cleanup: the publisher chose this text; only a first heading
	// repeating the title goes.
	if len(a.Blocks) > 0 && isHeading(a.Blocks[0]) && collapse(blockText(a.Blocks[0])) == a.Title {
		a.Blocks = a.Blocks[1:]
	}
	if len(a.Texts()) == 0 && !hasImage(a.Blocks) {
		return nil, ErrEmpty
	}
	a.Lang = normalizeLang("", a)
	return a, nil
}

// textAsHTML escapes plain text, keeping its paragraphs and line breaks.
func textAsHTML(s string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>")
			b.WriteString(strings.ReplaceAll(html.EscapeString(p), "\n", "<br>"))
			b.WriteString("</p>")
		}
	}
	return b.String()
}

func hasImage(blocks []book.Block) bool {
	found := false
	book.Walk(blocks, func(b book.Block) {
		if _, ok := b.(*book.Image); ok {
			found = true
		}
	})
	return found
}
