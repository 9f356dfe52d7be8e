// Package render holds what the book's renderers share, decided once on
// the Book before either runs: the language of the book and of each
// chapter, their writing systems, dates as their readers write them, and
// text a document may carry. The renderers are its sub-packages: pdf (our
// CJK layout on fpdf, through the stages inline and page) and epub.
package render

import (
	"sync"
	"time"

	"github.com/bookify/article2book/pkg/book"
)

// Doc is a book ready to be rendered.
type Doc struct {
	Book *book.Book
	// Lang is the book's BCP 47 tag as both formats write it, Chinese
	// with its script (zh-Hans, zh-Hant); Langs holds each chapter's.
	Lang  string
	Langs []string
	// Made is when the book was made (the conversion's injected clock):
	// it dates a book whose first chapter carries no date. Zero leaves
	// such a book at FixedDate.
	Made time.Time
	// the chapters' heads and the outline of their headings, computed
	// once for both formats (Head, Outline)
	once    sync.Once
	head    []ChapterHead
	outline map[*book.Heading]OutlineEntry
}

// Prepare decides what both renderers need of b. A nil b gives a nil Doc.
func Prepare(b *book.Book) *Doc {
	if b == nil {
		return nil
	}
	lang, langs := bookLangs(b)
	d := &Doc{Book: b, Lang: lang, Langs: langs}
	d.once.Do(d.heads)
	return d
}

// Script returns the writing system of chapter i.
func (d *Doc) Script(i int) Script { return ScriptOf(d.Langs[i]) }

// Date is the date a document carries: its first chapter's, else the day
// it was made, else a fixed one; never the wall clock, and only the day of
// Made, so that the same input and options give the same bytes.
func (d *Doc) Date() time.Time {
	if cs := d.Book.Chapters; len(cs) > 0 && !cs[0].Published.IsZero() {
		return cs[0].Published.UTC()
	}
	if !d.Made.IsZero() {
		y, m, day := d.Made.UTC().Date()
		return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	}
	return FixedDate
}

// FixedDate dates a book whose first chapter has no date.
var FixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
