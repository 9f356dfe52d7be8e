// Package render typesets an article.Book as a PDF (our own CJK line layout
// on fpdf) and as an EPUB 3.
package render

import (
	"errors"
	"io"

	"github.com/bookify/article2book/pkg/article"
)

// PDFOptions controls PDF output.
type PDFOptions struct {
	// PageSize is "A4" (default), "A5", "Letter" or "6x9".
	PageSize string
}

// PDFInfo describes a rendered PDF.
type PDFInfo struct {
	Pages    int
	Warnings []string // e.g. characters with no glyph, replaced
}

// PDF writes b to w as a PDF.
func PDF(w io.Writer, b *article.Book, opt PDFOptions) (PDFInfo, error) {
	return PDFInfo{}, errors.New("render: PDF not implemented yet")
}

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
