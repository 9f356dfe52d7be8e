package article

import (
	"errors"
	"io"
	"net/url"
)

// ErrNotArticle reports a page in which no readable article was found.
var ErrNotArticle = errors.New("not an article: no readable content found")

// FromHTML extracts the readable article of an HTML page. base resolves
// relative links and images; it may be nil.
func FromHTML(r io.Reader, base *url.URL) (*Article, error) {
	return nil, errors.New("FromHTML: not implemented yet")
}
