package render

import (
	"net/url"
	"strings"

	"github.com/bookify/article2book/pkg/book"
)

// ChapterHead is what a chapter opens with, the same in the PDF and the
// EPUB: its title, the line under it (Header) and the address of its
// source, shown when a reader can follow it.
type ChapterHead struct {
	Title  string
	Parts  []HeaderPart
	Source string // an http(s) or mailto URL; "" for none
}

// An OutlineEntry is a heading of a chapter in the book's outline (the
// PDF's bookmarks and structure, the EPUB's headings and navigation).
type OutlineEntry struct {
	// Title is the heading's text on one line; "" for a heading with no
	// text, which no outline lists.
	Title string
	// Depth is 1 for the chapter's first level, one deeper for each
	// level open above it: none is skipped, whatever levels the page
	// used (h1, h5, h3 gives 1, 2, 2).
	Depth int
}

// heads computes each chapter's head and the depth of each of its
// headings.
func (d *Doc) heads() {
	d.head = make([]ChapterHead, len(d.Book.Chapters))
	d.outline = map[*book.Heading]OutlineEntry{}
	for i, a := range d.Book.Chapters {
		h := ChapterHead{Title: a.Title, Parts: Header(a, d.Script(i))}
		if _, ok := LinkURL(a.SourceURL); ok {
			h.Source = a.SourceURL
		}
		d.head[i] = h
		var open []int // levels of the headings whose sections the text is in
		book.Walk(a.Blocks, func(b book.Block) {
			hd, ok := b.(*book.Heading)
			if !ok {
				return
			}
			for len(open) > 0 && open[len(open)-1] >= hd.Level {
				open = open[:len(open)-1]
			}
			open = append(open, hd.Level)
			d.outline[hd] = OutlineEntry{Title: OneLine(book.PlainText(hd.Content)), Depth: len(open)}
		})
	}
}

// Head returns chapter i's head.
func (d *Doc) Head(i int) ChapterHead {
	d.once.Do(d.heads)
	return d.head[i]
}

// Outline returns the entry of heading h, one of the book's.
func (d *Doc) Outline(h *book.Heading) OutlineEntry {
	d.once.Do(d.heads)
	return d.outline[h]
}

// LinkURL parses a link's target, and reports whether a reader may follow
// it out of the book: web and mail addresses only (relative links of the
// page would dangle, and javascript: or data: are not for readers to
// follow).
func LinkURL(s string) (*url.URL, bool) {
	s = strings.TrimSpace(XMLSafe(s))
	if s == "" {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u, u.Host != ""
	case "mailto":
		return u, u.Opaque != ""
	}
	return nil, false
}
