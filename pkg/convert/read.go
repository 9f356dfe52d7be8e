package convert

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"mime"
	"strings"
	"sync"
	"time"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/fetch"
)

// maxBookRunes bounds the text of a book, so that rendering it fits in
// what the reading budget leaves of a Lambda invocation: 200 saved real
// pages (1.27 million characters, 907 A4 pages) render in about 7 s on
// one core here. Chapters past it are left out with a warning; an article
// alone past it, or a book with no chapter within it, fails as ErrTooLarge.
var maxBookRunes = 1_500_000 // a variable for tests

// ErrBudget marks a chapter not read because the book's reading time ran
// out; a book left with no chapter fails with it.
var ErrBudget = errors.New("not read within the time budget")

// readContext bounds the reading of a book by opt.Budget and, when ctx
// has a deadline, by two thirds of the time left, so that rendering and
// writing the book still fit.
func readContext(ctx context.Context, budget time.Duration) (context.Context, context.CancelFunc) {
	if budget <= 0 {
		budget = DefaultBudget
	}
	end := time.Now().Add(budget)
	if dl, ok := ctx.Deadline(); ok {
		if e := time.Now().Add(time.Until(dl) * 2 / 3); e.Before(end) {
			end = e
		}
	}
	return context.WithDeadline(ctx, end)
}

// gathered is a book's chapters, read.
type gathered struct {
	chapters []*book.Article
	from     []Input  // each chapter's input, for its images and their warnings
	id       string   // the book's ID, from its inputs
	feed     string   // the title of the first feed among the inputs
	items    []string // keys of the feed items among the chapters
	warnings []string
	runes    int // the chapters' characters as read
}

// entry is one chapter to read: an input as given, a page fetched to see
// whether it was a feed, or an item of a feed.
type entry struct {
	in   Input
	page *fetch.Response // the page already fetched
}

// gather reads the inputs into chapters, a bounded number at a time and
// within rctx, the reading budget. It runs in two rounds: URL and feed
// inputs are fetched, and feeds replaced by their items; then every
// chapter is read (an item's page fetched). In a book of several
// chapters, one that fails or does not fit in the budget is left out with
// a warning; the book fails only when none is left. A single input that
// fails fails the conversion, with its own error.
func gather(ctx, rctx context.Context, inputs []Input, opt Options) (*gathered, error) {
	g := &gathered{}
	entries, fromFeed, firstErr, err := g.expand(ctx, rctx, inputs, opt)
	if err != nil {
		return nil, err
	}
	arts, errs := readEntries(rctx, opt, entries)
	h := sha256.New()
	seen := map[string]bool{}
	runes := 0
	for i, e := range entries {
		a, err := arts[i], errs[i]
		if err != nil {
			if len(entries) == 1 && !fromFeed || ctx.Err() != nil {
				return nil, err
			}
			firstErr = cmp.Or(firstErr, err)
			what := "chapter"
			if e.in.item != nil {
				what = "item " + e.in.Name
			}
			g.warnings = append(g.warnings, fmt.Sprintf("%s left out: %v", what, budgetError(ctx, rctx, e.in.Name, err)))
			continue
		}
		if n := extract.DropPrivateUse(a); n > 0 {
			g.warnings = append(g.warnings, fmt.Sprintf("%s: %s left out: private-use code points, an icon font's glyphs", e.in.Name, plural(n, "character")))
		}
		src := normURL(a.SourceURL)
		n, skip, err := g.admit(e, a, src, seen, runes, opt)
		if err != nil {
			if len(entries) == 1 && !fromFeed {
				return nil, err
			}
			firstErr = cmp.Or(firstErr, err)
		}
		if skip {
			continue
		}
		runes += n
		if src != "" {
			seen[src] = true
		}
		if e.in.item != nil {
			e.in.item.apply(a)
			g.items = append(g.items, e.in.item.keys...)
			if src != "" && src != normURL(e.in.URL) {
				g.items = append(g.items, src)
			}
		}
		fmt.Fprintf(h, "%s\x00%d\x00", e.in.URL, len(e.in.Data))
		h.Write(e.in.Data)
		g.chapters = append(g.chapters, a)
		g.from = append(g.from, e.in)
	}
	if len(g.chapters) == 0 {
		if firstErr == nil {
			return nil, fmt.Errorf("%w (%s)", ErrNoItems, strings.Join(g.warnings, "; "))
		}
		return nil, fmt.Errorf("no article of the book could be read (%s): %w", strings.Join(g.warnings, "; "), firstErr)
	}
	g.id = fmt.Sprintf("urn:sha256:%x", h.Sum(nil))
	g.runes = runes
	return g, nil
}

// admit checks a chapter read: not a duplicate of an earlier one, not an
// item an earlier digest held, within the book's characters (runes so
// far). It returns the chapter's characters, whether to leave it out
// (with a warning in g, but for a digest's item), and for a chapter over
// the book's size the error.
func (g *gathered) admit(e entry, a *book.Article, src string, seen map[string]bool, runes int, opt Options) (int, bool, error) {
	// The same article under two URLs (or twice in a list) once; an item
	// an earlier digest held under its final URL not again.
	if src != "" && seen[src] {
		g.warnings = append(g.warnings, fmt.Sprintf("%s left out: a duplicate of an earlier chapter", e.in.Name))
		return 0, true, nil
	}
	if e.in.item != nil && opt.Feed.seen(src) {
		return 0, true, nil
	}
	n := a.Chars()
	if runes+n > maxBookRunes {
		// The first chapter too: one article alone can be any size.
		g.warnings = append(g.warnings, fmt.Sprintf("%s left out: the book is full (%d characters at most)", e.in.Name, maxBookRunes))
		return n, true, fmt.Errorf("%s: %w: %d characters, a book holds %d at most", e.in.Name, ErrTooLarge, runes+n, maxBookRunes)
	}
	return n, false, nil
}

// expand turns the inputs into the entries to read (a feed, a list, a job
// into their items), keeping the feed's title and the warnings in g. An
// input that fails is left out with a warning, unless it is the only one
// or the caller's context is over: then its error is err.
func (g *gathered) expand(ctx, rctx context.Context, inputs []Input, opt Options) (entries []entry, fromFeed bool, firstErr, err error) {
	type expansion struct {
		entries  []entry
		feed     string
		warnings []string
		err      error
	}
	exp := make([]expansion, len(inputs))
	each(len(inputs), func(i int) {
		e := &exp[i]
		e.feed, e.entries, e.warnings, e.err = expand(rctx, opt, inputs[i])
	})
	for i, e := range exp {
		if e.err != nil {
			if len(inputs) == 1 || ctx.Err() != nil {
				return nil, false, nil, e.err
			}
			err := budgetError(ctx, rctx, inputs[i].Name, e.err)
			firstErr = cmp.Or(firstErr, err)
			g.warnings = append(g.warnings, fmt.Sprintf("chapter left out: %v", err))
			continue
		}
		if e.feed != "" || inputs[i].Kind == KindFeed {
			fromFeed = true
			if g.feed == "" {
				g.feed = e.feed
			}
		}
		g.warnings = append(g.warnings, e.warnings...)
		entries = append(entries, e.entries...)
	}
	return entries, fromFeed, firstErr, nil
}

// readEntries reads the entries, readWorkers at a time, reporting each as
// it starts. Past the reading budget, what is already at hand (a page
// fetched in the first round, a file) is still read: only fetching is
// over.
func readEntries(rctx context.Context, opt Options, entries []entry) ([]*book.Article, []error) {
	arts := make([]*book.Article, len(entries))
	errs := make([]error, len(entries))
	var mu sync.Mutex
	started := 0
	each(len(entries), func(i int) {
		if rctx.Err() != nil && entries[i].page == nil && len(entries[i].in.Data) == 0 {
			errs[i] = ErrBudget
			return
		}
		if opt.Progress != nil {
			mu.Lock()
			started++
			opt.Progress(started, len(entries), entries[i].in.Name)
			mu.Unlock()
		}
		arts[i], errs[i] = readEntry(rctx, opt.Fetcher, entries[i])
	})
	return arts, errs
}

// budgetError says so when err is the reading budget running out rather
// than the source's fault.
func budgetError(ctx, rctx context.Context, name string, err error) error {
	if errors.Is(err, ErrBudget) || rctx.Err() != nil && ctx.Err() == nil &&
		(errors.Is(err, context.DeadlineExceeded) || errors.Is(err, fetch.ErrTimeout)) {
		dl, _ := rctx.Deadline()
		return fmt.Errorf("%s: %w (reading stopped at %s)", name, ErrBudget, dl.UTC().Format(time.TimeOnly))
	}
	return err
}

// expand turns a URL or feed input into the entries to read: a page
// fetched, or a feed's items. Other inputs are their own entry.
func expand(ctx context.Context, opt Options, in Input) (feed string, entries []entry, warnings []string, err error) {
	data, feedURL := in.Data, in.URL
	switch in.Kind {
	case KindURL, KindFeed:
		if len(data) > 0 {
			break
		}
		if opt.Fetcher == nil {
			return "", nil, nil, fmt.Errorf("%s: %w: fetching URLs is disabled", in.Name, ErrUnsupported)
		}
		resp, err := opt.Fetcher.Document(ctx, in.URL)
		if err != nil {
			return "", nil, nil, err
		}
		if !IsFeed(resp.Body) && in.Kind == KindFeed && isHTML(resp) {
			// A site's page instead of its feed: the feed it announces.
			if u := discoverFeed(resp.Body, resp.FinalURL); u != "" {
				if resp, err = opt.Fetcher.Document(ctx, u); err != nil {
					return "", nil, nil, err
				}
			}
		}
		if !IsFeed(resp.Body) && in.Kind == KindURL {
			if !isHTML(resp) {
				return "", nil, nil, fmt.Errorf("fetch %s: %w: %q is neither a page nor a feed", resp.FinalURL, fetch.ErrContentType, resp.ContentType)
			}
			return "", []entry{{in: in, page: resp}}, nil, nil
		}
		data, feedURL = resp.Body, resp.FinalURL
	default:
		return "", []entry{{in: in}}, nil, nil
	}
	title, ins, warnings, err := feedInputs(in.Name, data, feedURL, opt.Feed)
	if err != nil {
		return "", nil, nil, err
	}
	for _, it := range ins {
		entries = append(entries, entry{in: it})
	}
	return title, entries, warnings, nil
}

// isHTML tells a page from the other documents fetch.Document accepts.
func isHTML(resp *fetch.Response) bool {
	mt, _, _ := mime.ParseMediaType(resp.ContentType)
	mt = strings.ToLower(mt)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// readEntry reads one chapter.
func readEntry(ctx context.Context, f *fetch.Client, e entry) (*book.Article, error) {
	if e.page != nil {
		return readHTML(e.in.Name, e.page.Body, e.page.ContentType, e.page.FinalURL, nil)
	}
	return Read(ctx, f, e.in)
}

// each calls fn for 0…n-1, at most readWorkers at a time, and waits.
func each(n int, fn func(i int)) { eachN(n, readWorkers, fn) }

func eachN(n, workers int, fn func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}
