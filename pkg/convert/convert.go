// Package convert is the pipeline shared by the CLI and the Lambda: inputs
// are read into article.Articles, gathered into a Book and rendered.
package convert

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/bookify/article2book/pkg/article"
	"github.com/bookify/article2book/pkg/render"
)

// Kind is the form of an input.
type Kind int

const (
	KindHTML Kind = iota + 1 // an HTML page
	KindText                 // the plain-text article format
	KindURL                  // an http(s) URL to fetch
)

var (
	// ErrUnsupported reports an input form the pipeline does not take.
	ErrUnsupported = errors.New("unsupported input")
	// ErrTooLarge reports an input over MaxInputBytes.
	ErrTooLarge = errors.New("input too large")
)

// MaxInputBytes bounds one input page or text.
const MaxInputBytes = 16 << 20

// KindOf tells the kind of an input from its name: an http(s) URL, or a
// file name by suffix.
func KindOf(name string) (Kind, error) {
	if u, err := url.Parse(name); err == nil && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) {
		return KindURL, nil
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return KindHTML, nil
	case ".txt", ".text":
		return KindText, nil
	}
	return 0, fmt.Errorf("%w: %s (want an http(s) URL, .html, .htm or .txt)", ErrUnsupported, name)
}

// Input is one article to convert.
type Input struct {
	Name string // file path, URL or object key, for messages
	Kind Kind
	Data []byte // the page or text; empty for KindURL
	URL  string // the page's URL: what to fetch for KindURL, the base for links otherwise
}

// Options controls a conversion.
type Options struct {
	Formats  []string // "pdf", "epub", "txt"; default pdf and epub
	PageSize string   // see render.PDFOptions
	// BookTitle names a book made of several inputs.
	BookTitle string
	// EmbedFont embeds a font subset in the EPUB.
	EmbedFont bool
}

// DefaultFormats are the formats written when Options.Formats is empty.
var DefaultFormats = []string{"pdf", "epub"}

// Result is a finished conversion.
type Result struct {
	Book     *article.Book
	PDF      []byte // nil unless asked for
	EPUB     []byte
	Text     []byte
	Pages    int // PDF pages
	Chars    int // runes of body text
	Warnings []string
}

// Title is the book's title.
func (r *Result) Title() string { return r.Book.Title }

// Convert reads inputs and renders them as one book: one input gives a book
// of one article, several give a book of one chapter each.
func Convert(ctx context.Context, inputs []Input, opt Options) (*Result, error) {
	if len(inputs) == 0 {
		return nil, errors.New("convert: no input")
	}
	formats := opt.Formats
	if len(formats) == 0 {
		formats = DefaultFormats
	}
	h := sha256.New()
	var chapters []*article.Article
	for _, in := range inputs {
		if len(in.Data) > MaxInputBytes {
			return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", in.Name, ErrTooLarge, len(in.Data), MaxInputBytes)
		}
		a, err := Read(ctx, in)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", in.URL, len(in.Data))
		h.Write(in.Data)
		chapters = append(chapters, a)
	}
	id := fmt.Sprintf("urn:sha256:%x", h.Sum(nil))
	b := article.Single(chapters[0], id)
	if len(chapters) > 1 {
		b.Chapters = chapters
		b.Title = opt.BookTitle
		if b.Title == "" {
			b.Title = chapters[0].Title
		}
	}
	res := &Result{Book: b}
	for _, c := range chapters {
		for _, t := range c.Texts() {
			res.Chars += utf8.RuneCountInString(t)
		}
	}
	for _, f := range formats {
		switch f {
		case "pdf":
			var buf bytes.Buffer
			info, err := render.PDF(&buf, b, render.PDFOptions{PageSize: opt.PageSize})
			if err != nil {
				return nil, fmt.Errorf("render PDF: %w", err)
			}
			res.PDF, res.Pages = buf.Bytes(), info.Pages
			res.Warnings = append(res.Warnings, info.Warnings...)
		case "epub":
			var buf bytes.Buffer
			info, err := render.EPUB(&buf, b, render.EPUBOptions{EmbedFont: opt.EmbedFont})
			if err != nil {
				return nil, fmt.Errorf("render EPUB: %w", err)
			}
			res.EPUB = buf.Bytes()
			res.Warnings = append(res.Warnings, info.Warnings...)
		case "txt":
			var buf bytes.Buffer
			for i, c := range chapters {
				if i > 0 {
					buf.WriteString("\n\n")
				}
				buf.WriteString(c.PlainText())
			}
			res.Text = buf.Bytes()
		default:
			return nil, fmt.Errorf("%w: format %q (want pdf, epub or txt)", ErrUnsupported, f)
		}
	}
	return res, nil
}

// Read turns one input into an Article.
func Read(ctx context.Context, in Input) (*article.Article, error) {
	switch in.Kind {
	case KindHTML:
		var base *url.URL
		if in.URL != "" {
			u, err := url.Parse(in.URL)
			if err != nil {
				return nil, fmt.Errorf("%s: base URL: %w", in.Name, err)
			}
			base = u
		}
		a, err := article.FromHTML(bytes.NewReader(in.Data), base)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		return a, nil
	case KindText:
		a, err := article.FromText(bytes.NewReader(in.Data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		return a, nil
	case KindURL:
		return nil, fmt.Errorf("%s: %w: fetching URLs is not supported yet", in.Name, ErrUnsupported)
	}
	return nil, fmt.Errorf("%s: %w", in.Name, ErrUnsupported)
}
