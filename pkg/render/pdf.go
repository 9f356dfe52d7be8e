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
