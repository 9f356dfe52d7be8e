package render

import (
	"errors"
	"io"

	"github.com/bookify/article2book/pkg/article"
)

// EPUBOptions controls EPUB output.
type EPUBOptions struct {
	// EmbedFont embeds a subset of the CJK font holding only the
	// characters the book uses, for readers without CJK fonts.
	EmbedFont bool
}

// EPUBInfo describes a rendered EPUB.
type EPUBInfo struct {
	Warnings []string
}

// EPUB writes b to w as an EPUB 3 book.
func EPUB(w io.Writer, b *article.Book, opt EPUBOptions) (EPUBInfo, error) {
	return EPUBInfo{}, errors.New("render: EPUB not implemented yet")
}
