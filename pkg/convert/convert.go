// Package convert is the pipeline shared by the CLI and the Lambda: inputs
// are read into book.Articles, gathered into a Book and rendered.
package convert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/epub"
	"github.com/bookify/article2book/pkg/render/pdf"
)

// Kind is the form of an input.
type Kind int

const (
	KindHTML Kind = iota + 1 // an HTML page
	KindText                 // the plain-text article format
	KindURL                  // an http(s) URL to fetch
	KindJob                  // a .json job or .url shortcut naming URLs (see FileInputs)
	KindFeed                 // an RSS, Atom or JSON Feed document, or its URL to fetch

	// kindFragment is a feed item's own content, the article's body as the
	// publisher gives it (see extract.FromFragment).
	kindFragment Kind = -1
)

var (
	// ErrUnsupported reports an input form the pipeline does not take.
	ErrUnsupported = errors.New("unsupported input")
	// ErrTooLarge reports an input over MaxInputBytes.
	ErrTooLarge = errors.New("input too large")
	// ErrRenderTimeout reports a book whose rendering (layout or
	// writing) was stopped by the context's deadline: the input was read,
	// the book was too long to make in the time left.
	ErrRenderTimeout = errors.New("rendering stopped at the deadline")
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
	case ".feed", ".rss", ".atom", ".xml":
		return KindFeed, nil
	}
	return 0, fmt.Errorf("%s: %w (want an http(s) URL, .html, .htm, .txt, .url, .json or a .feed, .rss, .atom or .xml feed)", name, ErrUnsupported)
}

// Input is one article to convert.
type Input struct {
	Name string // file path, URL or object key, for messages
	Kind Kind
	Data []byte // the page, text or feed; empty for KindURL and a KindFeed to fetch
	URL  string // the page's URL: what to fetch for KindURL, the base for links otherwise
	// Files is the folder of a page read from a file (the CLI sets it;
	// nil for uploads and requests): a picture the page gives by a
	// relative address of a file there, as a browser saving a page whole
	// gives it, is read from there (extract.FromPage).
	Files fs.FS

	item *feedItem // set on the items of a feed
	// parsed is a feed item's content as read when the feed was: Read
	// returns it rather than reading Data again.
	parsed *book.Article
}

// Options controls a conversion.
type Options struct {
	Formats  FormatList // default DefaultFormats
	PageSize PageSize
	// BookTitle names a book made of several inputs.
	BookTitle string
	// EmbedFont embeds a font subset in the EPUB.
	EmbedFont bool
	// WritingMode is "horizontal" (the default when empty) or "vertical":
	// columns top to bottom, right to left, in the PDF and the EPUB.
	WritingMode WritingMode
	// Convert names a Simplified/Traditional conversion of the Chinese
	// chapters (one of Conversions: s2t, s2twp, t2s, …); empty: none.
	Convert Conversion
	// KeepQuotes keeps “” and ‘’ in a conversion for Taiwan or Hong Kong
	// (s2tw, s2twp, s2hk), which otherwise writes 「」 and 『』.
	KeepQuotes bool
	// Font is the Chinese body face of both formats: "kai" (LXGW WenKai,
	// the default) or "song" (Noto Serif SC).
	Font Face
	// HangingPunct lets ，。、． hang past the PDF's right margin.
	HangingPunct bool
	// PDFStandard chooses the standards the PDF claims (one of
	// PDFStandards); empty: every one that holds. The Result says which
	// are claimed, and why any other is not.
	PDFStandard PDFStandard
	// Fetcher fetches URL inputs and the images of every input. Without
	// one, URL inputs are refused and images given by address are shown by
	// their alt text; those given as data: URLs or read from a page's
	// folder need none.
	Fetcher *fetch.Client
	// SkipImages leaves every image out, data: URLs and files of a page's
	// folder too: their alt text is shown.
	SkipImages bool
	// Feed selects the items of the feeds among the inputs.
	Feed FeedOptions
	// Budget bounds the reading of a book: fetching its pages, feeds and
	// images. What is not read in time is left out with a warning, and the
	// book is made of the rest. Zero means DefaultBudget; a deadline on the
	// context shortens it, keeping a third of the time left for rendering.
	Budget time.Duration
	// Date is when the book is made, from the caller's clock: it dates
	// the book of a feed ("Title — 2026-12-01") and the PDF and EPUB
	// metadata of a book whose first article has no date (by its day, so
	// that a day's conversions of one input are byte-identical). The
	// shells set it (the CLI honours SOURCE_DATE_EPOCH); zero leaves such
	// metadata at render.FixedDate and titles a feed's book with today.
	Date time.Time
	// Progress, when set, is called as each chapter starts being read: the
	// i-th of n, from the reading workers (so not always in input order).
	Progress func(i, n int, name string)
}

// DefaultBudget is the reading time of a book when Options.Budget is zero:
// with rendering, a book fits in the Lambda function's 60 s.
const DefaultBudget = 35 * time.Second

// readWorkers bounds the pages (and feeds) fetched and read at a time.
const readWorkers = 6

// Result is a finished conversion.
type Result struct {
	Book *book.Book
	// Lang is the BCP 47 tag both formats write for the book, as the
	// renderers decided it (the Book is left as it was read).
	Lang  string
	PDF   []byte // nil unless asked for
	EPUB  []byte
	Text  []byte
	Pages int // PDF pages
	Chars int // runes of body text
	// MissingGlyphs counts characters no embedded font could draw.
	MissingGlyphs int
	// PDFStandards are the standards the PDF claims to meet ("PDF/UA-1",
	// "PDF/A-2"); PDFStandardNotes say why any other asked for is not
	// claimed.
	PDFStandards, PDFStandardNotes []string
	Warnings                       []string
	// Items are the GUIDs and URLs of the feed items the book holds, for
	// a digest to remember.
	Items []string
}

// Title is the book's title.
func (r *Result) Title() string { return r.Book.Title }

// Convert reads inputs and renders them as one book: one input gives a book
// of one article, several give a book of one chapter each.
func Convert(ctx context.Context, inputs []Input, opt Options) (*Result, error) {
	if len(inputs) == 0 {
		return nil, errors.New("convert: no input")
	}
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	vertical := opt.WritingMode == render.Vertical
	formats := opt.Formats
	if len(formats) == 0 {
		formats = DefaultFormats
	}
	rctx, cancel := readContext(ctx, opt.Budget)
	defer cancel()
	g, err := gather(ctx, rctx, inputs, opt)
	if err != nil {
		return nil, err
	}
	chapters := g.chapters
	b := assemble(g, opt)
	res := &Result{Book: b, Warnings: g.warnings, Items: g.items}
	if opt.Convert != "" {
		w, err := convertChinese(b, opt.Convert, opt.KeepQuotes)
		if err != nil {
			return nil, err
		}
		res.Warnings = append(res.Warnings, w...)
	}
	if !opt.SkipImages && drawsImages(formats) {
		res.Warnings = append(res.Warnings, loadImages(rctx, opt.Fetcher, b, g.from, imageBox(formats, opt.PageSize))...)
	}
	cancel()
	doc := render.Prepare(b)
	doc.Made = opt.Date
	res.Lang = doc.Lang
	// The formats render at once, each on its own core when there is one:
	// they only read the book, and each keeps its own fonts in use. Their
	// results are gathered in the order asked for, so that warnings come
	// out the same whatever finishes first.
	outs := make([]rendered, len(formats))
	pages := pageMapLink(formats)
	var wg sync.WaitGroup
	for i, f := range formats {
		// The characters as read size the output buffers: a long
		// article's are counted again (conversion may change them) while
		// the renderers start.
		wg.Go(func() { outs[i] = renderFormat(ctx, f, doc, chapters, opt, vertical, pages, g.runes) })
	}
	for _, c := range chapters {
		res.Chars += c.Chars()
	}
	// The renderers check ctx between blocks and chapters; a block that
	// takes long is not waited for past the deadline, so that the caller
	// can report the failure and free its slot in time.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, renderStopped(ctx, fmt.Errorf("render: %w", context.Cause(ctx)))
	}
	for i, f := range formats {
		o := outs[i]
		if o.err != nil {
			return nil, renderStopped(ctx, o.err)
		}
		switch f {
		case "pdf":
			res.PDF, res.Pages, res.MissingGlyphs = o.data, o.pages, o.missing
			res.PDFStandards, res.PDFStandardNotes = o.pdf.Standards, o.pdf.StandardNotes
		case "epub":
			res.EPUB = o.data
		case "txt":
			res.Text = o.data
		}
		res.Warnings = append(res.Warnings, o.warnings...)
	}
	return res, nil
}

// renderStopped marks err as ErrRenderTimeout when ctx's deadline is what
// stopped the renderers.
func renderStopped(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrRenderTimeout, err)
	}
	return err
}

// assemble makes the book of what was read: one chapter is a book of one
// article; several, or a feed's items, a book titled by the caller, the
// first chapter or the feed and the day.
func assemble(g *gathered, opt Options) *book.Book {
	chapters := g.chapters
	b := book.Single(chapters[0], g.id)
	if len(chapters) > 1 {
		b.Chapters = chapters
		b.Title = chapters[0].Title
	}
	switch {
	case opt.BookTitle != "":
		// Asked for by name (-book, a job's title), even when one
		// chapter is left: the chapter keeps its own heading.
		b.Title = opt.BookTitle
	case g.feed != "":
		date := opt.Date
		if date.IsZero() {
			date = time.Now()
		}
		b.Title = g.feed + " — " + date.Format(time.DateOnly)
	}
	return b
}

// drawsImages reports whether any of formats shows images: plain text
// does not, so a text-only book fetches none.
func drawsImages(formats FormatList) bool {
	return slices.ContainsFunc(formats, func(f Format) bool { return f != TXT })
}

// rendered is one format of a book.
type rendered struct {
	data           []byte
	pages, missing int
	pdf            pdf.Info
	warnings       []string
	err            error
}

// pageMapLink returns the channel on which the PDF renderer hands the
// EPUB renderer its pages, when both formats are made; nil otherwise.
func pageMapLink(formats FormatList) chan *render.PageMap {
	if slices.Contains(formats, PDF) && slices.Contains(formats, EPUB) {
		return make(chan *render.PageMap, 1)
	}
	return nil
}

// renderFormat renders doc as f. When pages is set, the PDF sends its
// page map on it once paginated (or closes it on failure), and the EPUB,
// made meanwhile, waits for it once its chapters are written, to mark
// the PDF's pages.
func renderFormat(ctx context.Context, f Format, doc *render.Doc, chapters []*book.Article, opt Options, vertical bool, pages chan *render.PageMap, chars int) rendered {
	// About what the format takes per character (a Chinese PDF 3.3 bytes,
	// its EPUB 1), so that a long book's output does not grow by doubling.
	perChar := 0
	switch f {
	case PDF:
		perChar = 4
	case EPUB:
		perChar = 2
	}
	buf := bytes.NewBuffer(make([]byte, 0, 64<<10+perChar*chars))
	switch f {
	case "pdf":
		po := pdf.Options{PageSize: string(opt.PageSize), Font: string(opt.Font), HangingPunct: opt.HangingPunct, Vertical: vertical, Standard: opt.PDFStandard}
		if pages != nil {
			defer close(pages)
			po.Pages = func(m *render.PageMap) { pages <- m }
		}
		info, err := pdf.WriteContext(ctx, buf, doc, po)
		if err != nil {
			return rendered{err: fmt.Errorf("render PDF: %w", err)}
		}
		return rendered{data: buf.Bytes(), pages: info.Pages, missing: info.MissingGlyphs, pdf: info, warnings: info.Warnings}
	case "epub":
		eo := epub.Options{EmbedFont: opt.EmbedFont, Font: string(opt.Font), Vertical: vertical}
		if pages != nil {
			eo.AwaitPages = func() *render.PageMap {
				select {
				case m := <-pages: // nil when the PDF failed
					return m
				case <-ctx.Done():
					return nil // WriteContext stops on ctx's error
				}
			}
		}
		info, err := epub.WriteContext(ctx, buf, doc, eo)
		if err != nil {
			return rendered{err: fmt.Errorf("render EPUB: %w", err)}
		}
		return rendered{data: buf.Bytes(), warnings: info.Warnings}
	default: // txt
		for i, c := range chapters {
			if i > 0 {
				buf.WriteString("\n\n")
			}
			buf.WriteString(c.PlainText())
		}
		return rendered{data: buf.Bytes()}
	}
}

// Read turns one input into an Article; f fetches URL inputs and may be
// nil.
func Read(ctx context.Context, f *fetch.Client, in Input) (*book.Article, error) {
	if len(in.Data) > MaxInputBytes {
		return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", in.Name, ErrTooLarge, len(in.Data), MaxInputBytes)
	}
	switch in.Kind {
	case KindHTML:
		return readHTML(in.Name, in.Data, "", in.URL, in.Files)
	case KindURL:
		if f == nil {
			return nil, fmt.Errorf("%s: %w: fetching URLs is disabled", in.Name, ErrUnsupported)
		}
		resp, err := f.Page(ctx, in.URL)
		if err != nil {
			return nil, err
		}
		return readHTML(in.Name, resp.Body, resp.ContentType, resp.FinalURL, nil)
	case kindFragment:
		if in.parsed != nil {
			return in.parsed, nil
		}
		var base *url.URL
		if in.URL != "" {
			base, _ = url.Parse(in.URL)
		}
		title := ""
		if in.item != nil {
			title = in.item.title
		}
		a, err := extract.FromFragment(bytes.NewReader(in.Data), base, title)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		return a, nil
	case KindText:
		text, err := extract.DecodeText(in.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		a, err := extract.FromString(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		return a, nil
	}
	return nil, fmt.Errorf("%s: %w", in.Name, ErrUnsupported)
}

// readHTML decodes a page by its charset and extracts its article; pageURL
// resolves relative links and may be empty; files is the folder of a page
// read from a file, nil for others.
func readHTML(name string, data []byte, contentType, pageURL string, files fs.FS) (*book.Article, error) {
	var base *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || !u.IsAbs() {
			return nil, fmt.Errorf("%s: base URL %q is not absolute", name, pageURL)
		}
		base = u
	}
	text, err := extract.DecodeHTML(data, contentType)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a, err := extract.FromPage(strings.NewReader(text), base, files)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}
