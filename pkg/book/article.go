// Package book is the model in the middle of the pipeline: a Book of
// Articles made of Blocks and Inline runs. Inputs produce it (pkg/extract),
// every renderer consumes it.
package book

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/dataurl"
)

// A Book is what the renderers typeset: one or more articles as chapters.
// A single article is a Book of one chapter (see Single).
type Book struct {
	// ID is a stable identifier derived from the input, so the same input
	// always gives the same book (EPUB dc:identifier, PDF file ID).
	ID       string
	Title    string
	Lang     string // BCP 47
	Chapters []*Article
}

// Single returns a one-chapter book for a.
func Single(a *Article, id string) *Book {
	return &Book{ID: id, Title: a.Title, Lang: a.Lang, Chapters: []*Article{a}}
}

// Authors returns the distinct bylines of the book's chapters, in order.
func (b *Book) Authors() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range b.Chapters {
		if c.Byline != "" && !seen[c.Byline] {
			seen[c.Byline] = true
			out = append(out, c.Byline)
		}
	}
	return out
}

// An Article is one readable article.
type Article struct {
	Title    string
	Byline   string
	SiteName string
	// Source is the outlet the page credits the article to (来源), which
	// may differ from the site that published it (a Sina page of a Xinhua
	// story); empty when the page names none.
	Source    string
	Published time.Time // zero when unknown
	Lang      string    // BCP 47, e.g. "zh", "ja", "en"
	SourceURL string
	Blocks    []Block
}

// A Block is one of *Heading, *Paragraph, *List, *Quote, *Code, *Image,
// *Table, *Rule.
type Block interface{ block() }

// Heading is a section heading; Level runs from 1 to 6.
type Heading struct {
	Level   int
	Content []Inline
}

// Paragraph is a run of inline text.
type Paragraph struct {
	Content []Inline
}

// List is an ordered or unordered list; items may hold nested lists.
type List struct {
	Ordered bool
	Start   int // first number of an ordered list
	Items   []ListItem
}

// ListItem is one entry of a List.
type ListItem struct {
	Blocks []Block
}

// Quote is a block quotation.
type Quote struct {
	Blocks []Block
}

// Code is preformatted text, set in monospace without reflowing.
type Code struct {
	Text string
	Lang string // programming language when the page names it
}

// Image is a picture with its alternative text and caption. Data and
// MediaType are filled when the image could be had; renderers show Alt
// otherwise.
type Image struct {
	Src       string // its address, or a data: URL holding it
	Alt       string
	Caption   []Inline
	Data      []byte
	MediaType string // image/jpeg, image/png, image/gif
	Width     int    // pixels, when Data is set
	Height    int
}

// Name is how messages name the image: its address, or for a data: URL,
// which may run to megabytes, its header and length.
func (img *Image) Name() string {
	if !dataurl.Is(img.Src) {
		return img.Src
	}
	head, _, _ := strings.Cut(img.Src, ",")
	if len(head) > 60 {
		i := 60
		for i > 0 && !utf8.RuneStart(head[i]) {
			i--
		}
		head = head[:i]
	}
	return fmt.Sprintf("%s,… (%d bytes)", head, len(img.Src))
}

// Table is a grid of cells; header rows come first.
type Table struct {
	Caption []Inline
	Rows    []TableRow
}

// TableRow is one row of a Table.
type TableRow struct {
	Header bool // a header row (thead, or all cells th)
	Cells  []TableCell
}

// TableCell is one cell of a TableRow.
type TableCell struct {
	Header  bool
	ColSpan int // 1 when not spanning
	Content []Inline
}

// Rule is a thematic break.
type Rule struct{}

func (*Heading) block()   {}
func (*Paragraph) block() {}
func (*List) block()      {}
func (*Quote) block()     {}
func (*Code) block()      {}
func (*Image) block()     {}
func (*Table) block()     {}
func (*Rule) block()      {}

// Style is a set of inline text styles.
type Style uint8

const (
	Bold Style = 1 << iota
	Italic
	Mono // inline code
)

// Inline is a run of text in one style. A "\n" in Text is a hard line
// break (from <br>). Href is set when the run is (part of) a link. Lang
// is the BCP 47 language the page gives the run (a lang attribute on it
// or around it), "" when it gives none.
type Inline struct {
	Text  string
	Style Style
	Href  string
	Lang  string
}

// PlainText returns the text of runs without styling.
func PlainText(runs []Inline) string {
	if len(runs) == 1 {
		return runs[0].Text // most paragraphs: no copy
	}
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}
