// Package render typesets an article.Book as a PDF (our own CJK line layout
// on fpdf) and as an EPUB 3.
package render
