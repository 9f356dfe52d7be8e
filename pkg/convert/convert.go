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
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/render"
)

// Kind is the form of an input.
type Kind int

const (
	KindHTML Kind = iota + 1 // an HTML page
	KindText                 // the plain-text article format
	KindURL                  // an http(s) URL to fetch
	KindJob                  // a .json job or .url shortcut naming URLs (see FileInputs)
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
	case ".url", ".json":
		return KindJob, nil
	}
	return 0, fmt.Errorf("%w: %s (want an http(s) URL, .html, .htm, .txt, .url or .json)", ErrUnsupported, name)
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
	// Fetcher fetches URL inputs and the images of every input. Without
	// one, URL inputs are refused and images are shown by their alt text.
	Fetcher *fetch.Client
	// SkipImages leaves images undownloaded even with a Fetcher.
	SkipImages bool
}

// DefaultFormats are the formats written when Options.Formats is empty.
var DefaultFormats = []string{"pdf", "epub"}

// Result is a finished conversion.
type Result struct {
	Book  *article.Book
	PDF   []byte // nil unless asked for
	EPUB  []byte
	Text  []byte
	Pages int // PDF pages
	Chars int // runes of body text
	// MissingGlyphs counts characters no embedded font could draw.
	MissingGlyphs int
	Warnings      []string
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
	var warnings []string
	for _, in := range inputs {
		a, err := Read(ctx, opt.Fetcher, in)
		if err != nil {
			// In a book, one failing article is reported and the rest
			// still make the book.
			if len(inputs) > 1 && ctx.Err() == nil {
				warnings = append(warnings, fmt.Sprintf("chapter left out: %v", err))
				continue
			}
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", in.URL, len(in.Data))
		h.Write(in.Data)
		chapters = append(chapters, a)
	}
	if len(chapters) == 0 {
		return nil, fmt.Errorf("no article of the book could be read: %s", strings.Join(warnings, "; "))
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
	res := &Result{Book: b, Warnings: warnings}
	if opt.Fetcher != nil && !opt.SkipImages {
		res.Warnings = append(res.Warnings, loadImages(ctx, opt.Fetcher, b)...)
	}
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
			res.PDF, res.Pages, res.MissingGlyphs = buf.Bytes(), info.Pages, info.MissingGlyphs
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

// Read turns one input into an Article; f fetches URL inputs and may be
// nil.
func Read(ctx context.Context, f *fetch.Client, in Input) (*article.Article, error) {
	if len(in.Data) > MaxInputBytes {
		return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", in.Name, ErrTooLarge, len(in.Data), MaxInputBytes)
	}
	switch in.Kind {
	case KindHTML:
		return readHTML(in.Name, in.Data, "", in.URL)
	case KindURL:
		if f == nil {
			return nil, fmt.Errorf("%s: %w: fetching URLs is disabled", in.Name, ErrUnsupported)
		}
		resp, err := f.Page(ctx, in.URL)
		if err != nil {
			return nil, err
		}
		return readHTML(in.Name, resp.Body, resp.ContentType, resp.FinalURL)
	case KindText:
		text, err := article.DecodeText(in.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		a, err := article.FromText(strings.NewReader(text))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		return a, nil
	}
	return nil, fmt.Errorf("%s: %w", in.Name, ErrUnsupported)
}

// readHTML decodes a page by its charset and extracts its article; pageURL
// resolves relative links and may be empty.
func readHTML(name string, data []byte, contentType, pageURL string) (*article.Article, error) {
	var base *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || !u.IsAbs() {
			return nil, fmt.Errorf("%s: base URL %q is not absolute", name, pageURL)
		}
		base = u
	}
	text, err := article.DecodeHTML(data, contentType)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a, err := article.FromHTML(strings.NewReader(text), base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}
