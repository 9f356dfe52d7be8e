package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/fetch"
)

// feedCase is testdata/feeds/<case>/expect.json; the case's site/ folder is
// served on loopback, {{origin}} in its files replaced by the server's URL.
type feedCase struct {
	Comment     string            `json:"comment"`
	ContentType string            `json:"content_type"` // of site/feed
	Request     map[string]any    `json:"request"`      // job fields beside "feed"
	Redirects   map[string]string `json:"redirects"`
	Title       string            `json:"title"`
	Chapters    []struct {
		Title, Author, Published, Source string
		Text                             []string // sentences the chapter must hold
	} `json:"chapters"`
	Warnings []string `json:"warnings"` // one substring per warning, in order
}

// feedSite serves a case's site/ folder: /feed with the case's content
// type, /slow never in time, /pages/forbidden.html as 403.
func feedSite(t *testing.T, dir string, c *feedCase) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if to, ok := c.Redirects[r.URL.Path]; ok {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		switch r.URL.Path {
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return
		case "/pages/forbidden.html":
			http.Error(w, "members only", http.StatusForbidden)
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, "site", filepath.FromSlash(path.Clean(r.URL.Path))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		data = bytes.ReplaceAll(data, []byte("{{origin}}"), []byte(srv.URL))
		if r.URL.Path == "/feed" {
			w.Header().Set("Content-Type", c.ContentType)
		} else {
			w.Header().Set("Content-Type", "text/html")
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func feedFetcher(t *testing.T, srv *httptest.Server) *fetch.Client {
	t.Helper()
	c, err := fetch.New(fetch.Options{
		Allow:   []string{strings.TrimPrefix(srv.URL, "http://")},
		Timeout: time.Second, FirstByteTimeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var feedDate = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// Each feed case read three ways (a feed job, a URL recognised as a feed,
// an uploaded feed file): the chapters expected, in order, with their
// metadata; the warnings expected; every chapter's text in the PDF (after
// a contents page) and the EPUB (whose navigation lists every chapter);
// epubcheck clean; the same bytes on a second run.
func TestFeeds(t *testing.T) {
	dirs, err := filepath.Glob("testdata/feeds/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no feed cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var c feedCase
			data, err := os.ReadFile(filepath.Join(dir, "expect.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &c); err != nil {
				t.Fatal(err)
			}
			srv, _ := feedSite(t, dir, &c)
			f := feedFetcher(t, srv)
			req := map[string]any{"feed": srv.URL + "/feed"}
			for k, v := range c.Request {
				req[k] = v
			}
			body, _ := json.Marshal(req)
			j, err := ParseJob(body)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Fetcher: f, SkipImages: true, Date: feedDate}
			j.Apply(&opt)
			jobInputs, err := j.Inputs("job")
			if err != nil {
				t.Fatal(err)
			}
			feed, err := os.ReadFile(filepath.Join(dir, "site", "feed"))
			if err != nil {
				t.Fatal(err)
			}
			feed = bytes.ReplaceAll(feed, []byte("{{origin}}"), []byte(srv.URL))
			upload := "inbox/x.feed"
			if strings.Contains(c.ContentType, "json") {
				upload = "inbox/x.json"
			}
			uploadOpt := opt
			uploadInputs, err := FileInputs(upload, feed, srv.URL+"/feed", &uploadOpt)
			if err != nil {
				t.Fatal(err)
			}
			if len(uploadInputs) != 1 || uploadInputs[0].Kind != KindFeed {
				t.Fatalf("upload %s read as %+v, want one feed", upload, uploadInputs)
			}
			var first *Result
			for _, mode := range []struct {
				name   string
				inputs []Input
				opt    Options
			}{
				{"job", jobInputs, opt},
				{"url", []Input{{Name: srv.URL + "/feed", Kind: KindURL, URL: srv.URL + "/feed"}}, opt},
				{"upload", uploadInputs, uploadOpt},
			} {
				t.Run(mode.name, func(t *testing.T) {
					res, err := Convert(context.Background(), mode.inputs, mode.opt)
					if err != nil {
						t.Fatal(err)
					}
					checkFeedBook(t, &c, srv.URL, res)
					if first == nil {
						first = res
						verify.EPUBCheck(t, res.EPUB)
						verify.PDFFonts(t, res.PDF)
					} else if !bytes.Equal(first.PDF, res.PDF) || !bytes.Equal(first.EPUB, res.EPUB) {
						t.Error("not the same bytes as the feed job's book")
					}
				})
			}
		})
	}
}

func checkFeedBook(t *testing.T, c *feedCase, origin string, res *Result) {
	t.Helper()
	b := res.Book
	if b.Title != c.Title {
		t.Errorf("book title %q, want %q", b.Title, c.Title)
	}
	if len(b.Chapters) != len(c.Chapters) {
		for _, ch := range b.Chapters {
			t.Logf("chapter %q", ch.Title)
		}
		t.Fatalf("%d chapters, want %d (warnings %q)", len(b.Chapters), len(c.Chapters), res.Warnings)
	}
	titles := []string{b.Title, contentsHeading(b.Lang)}
	var body []string
	epubText := verify.EPUBText(t, res.EPUB)
	for i, want := range c.Chapters {
		ch := b.Chapters[i]
		pub := ""
		if !ch.Published.IsZero() {
			pub = ch.Published.UTC().Format(time.RFC3339)
		}
		if ch.Title != want.Title || ch.Byline != want.Author || pub != want.Published || ch.SourceURL != origin+want.Source {
			t.Errorf("chapter %d: %q by %q of %s from %s, want %q by %q of %s from %s", i+1,
				ch.Title, ch.Byline, pub, ch.SourceURL, want.Title, want.Author, want.Published, origin+want.Source)
		}
		text := strings.Join(ch.Texts(), "\n")
		for _, s := range want.Text {
			if !strings.Contains(text, s) {
				t.Errorf("chapter %d lacks %q", i+1, s)
			}
		}
		if ch.Byline != "" && !strings.Contains(epubText, ch.Byline) {
			t.Errorf("EPUB does not name chapter %d's author %q", i+1, ch.Byline)
		}
		titles = append(titles, ch.Title)
		body = append(append(body, ch.Title), ch.Texts()...)
	}
	// The title page and contents, then every chapter whole.
	verify.InOrder(t, "pdf", append(titles, body...), verify.PDFText(t, res.PDF))
	verify.InOrder(t, "epub", body, epubText)
	verify.InOrder(t, "epub navigation", titles[2:], epubNav(t, res.EPUB))
	if len(res.Warnings) != len(c.Warnings) {
		t.Errorf("warnings %q, want %d like %q", res.Warnings, len(c.Warnings), c.Warnings)
	} else {
		for i, w := range c.Warnings {
			if !strings.Contains(res.Warnings[i], w) {
				t.Errorf("warning %d %q, want one saying %q", i+1, res.Warnings[i], w)
			}
		}
	}
}

func contentsHeading(lang string) string {
	if strings.HasPrefix(lang, "zh") {
		return "目录"
	}
	return "Contents"
}

// epubNav returns the text of the EPUB's navigation document.
func epubNav(t *testing.T, epub []byte) string {
	t.Helper()
	return epubFile(t, epub, "nav.xhtml")
}

// epubFile returns the text of the EPUB's file whose name ends in suffix.
func epubFile(t *testing.T, epub []byte, suffix string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, suffix) {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("EPUB has no %s", suffix)
	return ""
}

// A feed whose items all fail is an error naming the first failure; one
// with no items left (all seen before, or all older than since) is
// ErrNoItems; a feed URL that is neither a feed nor announces one is
// refused.
func TestFeedFailures(t *testing.T) {
	c := &feedCase{ContentType: "application/rss+xml"}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "site", "pages"), 0o755)
	items := ""
	for _, p := range []string{"/pages/forbidden.html", "/slow"} {
		items += fmt.Sprintf("<item><title>%s</title><link>{{origin}}%s</link></item>", p, p)
	}
	os.WriteFile(filepath.Join(dir, "site", "feed"), []byte(`<rss version="2.0"><channel><title>Broken</title>`+items+`</channel></rss>`), 0o644)
	os.WriteFile(filepath.Join(dir, "site", "pages", "home.html"), []byte(`<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head><body><p>Home</p></body></html>`), 0o644)
	os.WriteFile(filepath.Join(dir, "site", "pages", "plain.html"), []byte(`<html><body><p>No feed here, only a page about nothing in particular at all.</p></body></html>`), 0o644)
	srv, _ := feedSite(t, dir, c)
	f := feedFetcher(t, srv)
	ctx := context.Background()

	_, err := Convert(ctx, []Input{{Name: "f", Kind: KindFeed, URL: srv.URL + "/feed"}}, Options{Fetcher: f})
	var hse *fetch.HTTPStatusError
	if !errors.As(err, &hse) || hse.StatusCode != http.StatusForbidden || !strings.Contains(err.Error(), "/slow") {
		t.Errorf("all items failing: %v, want the 403 first and the timeout named", err)
	}
	_, err = Convert(ctx, []Input{{Name: "f", Kind: KindFeed, URL: srv.URL + "/feed"}}, Options{Fetcher: f, Feed: FeedOptions{Seen: func(string) bool { return true }}})
	if !errors.Is(err, ErrNoItems) {
		t.Errorf("all items seen: %v, want ErrNoItems", err)
	}
	_, err = Convert(ctx, []Input{{Name: "f", Kind: KindFeed, URL: srv.URL + "/feed"}}, Options{Fetcher: f, Feed: FeedOptions{Since: feedDate}})
	if !errors.As(err, &hse) {
		t.Errorf("since after undated items: %v, want them kept and their pages tried", err)
	}
	// A site's home page names its feed.
	_, err = Convert(ctx, []Input{{Name: "f", Kind: KindFeed, URL: srv.URL + "/pages/home.html"}}, Options{Fetcher: f})
	if !errors.As(err, &hse) {
		t.Errorf("home page announcing the feed: %v, want the feed's items tried", err)
	}
	_, err = Convert(ctx, []Input{{Name: "f", Kind: KindFeed, URL: srv.URL + "/pages/plain.html"}}, Options{Fetcher: f})
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("page without a feed: %v, want ErrUnsupported", err)
	}
	_, err = Convert(ctx, []Input{{Name: "x.feed", Kind: KindFeed, Data: []byte("<html><p>not a feed</p></html>")}}, Options{Fetcher: f})
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("uploaded non-feed: %v, want ErrUnsupported", err)
	}
}

// slowFeed serves an RSS feed of n summary-only items whose pages, from
// the fast-th on, never answer: they wait until the request is given up.
func slowFeed(t testing.TB, n, fast int) *httptest.Server {
	t.Helper()
	para := strings.Repeat("The harbour wall was rebuilt in the spring, stone by stone, by a crew of four. ", 8)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed" {
			var b strings.Builder
			b.WriteString(`<rss version="2.0"><channel><title>Slow</title>`)
			for i := range n {
				fmt.Fprintf(&b, "<item><title>Story %d</title><link>%s/story/%d</link><guid>s%d</guid><pubDate>%s</pubDate><description>Summary.</description></item>",
					i, srv.URL, i, i, feedDate.Add(-time.Duration(i)*time.Minute).Format(time.RFC1123Z))
			}
			b.WriteString(`</channel></rss>`)
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, b.String())
			return
		}
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/story/%d", &i); err != nil || i >= fast {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p><p>%s</p></article></body></html>", r.URL.Path, r.URL.Path, para, para)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Pages that do not fit the reading budget are left out, each with a
// warning saying so, and the book is made of those read in time: newest
// first, since the newest are read first.
func TestFeedBudget(t *testing.T) {
	// The first eight pages answer at once, the others not before the
	// budget ends; the budget is ample for eight small pages on a loaded
	// machine.
	const n, fast = 30, 8
	srv := slowFeed(t, n, fast)
	f := feedFetcher(t, srv)
	budget := 2 * time.Second
	res, err := Convert(context.Background(), []Input{{Name: "feed", Kind: KindFeed, URL: srv.URL + "/feed"}},
		Options{Fetcher: f, SkipImages: true, Formats: FormatList{"epub"}, Budget: budget})
	if err != nil {
		t.Fatal(err)
	}
	late := 0
	for _, w := range res.Warnings {
		if strings.Contains(w, "not read within the time budget") {
			late++
		} else {
			t.Errorf("warning %q", w)
		}
	}
	got := len(res.Book.Chapters)
	if got != fast || late != n-fast {
		t.Errorf("%d chapters and %d left out for the budget, want %d and %d", got, late, fast, n-fast)
	}
	for i, c := range res.Book.Chapters {
		if want := fmt.Sprintf("Story %d", i); c.Title != want {
			t.Errorf("chapter %d is %q, want %q", i+1, c.Title, want)
			break
		}
	}
	if len(res.Items) != 2*got {
		t.Errorf("%d item keys for %d chapters, want a GUID and a URL each", len(res.Items), got)
	}
}

// BenchmarkFeed200 reads a feed of 200 summary-only items, each page one of
// the saved real pages (under its own URL) answered after a delay, into a
// PDF and an EPUB under the default budget. It reports the chapters made,
// the items left out for the budget and the seconds taken.
func BenchmarkFeed200(b *testing.B) {
	dirs, _ := filepath.Glob("../../testdata/pages/*/source.html")
	var pages [][]byte
	for _, d := range dirs {
		p, err := os.ReadFile(d)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
	}
	for _, delay := range []time.Duration{0, 500 * time.Millisecond, 2 * time.Second} {
		b.Run(fmt.Sprintf("delay=%v", delay), func(b *testing.B) {
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/feed" {
					var f strings.Builder
					f.WriteString(`<rss version="2.0"><channel><title>Two hundred</title>`)
					for i := range 200 {
						fmt.Fprintf(&f, "<item><title>Story %d</title><link>%s/story/%d</link><guid>s%d</guid><description>Summary.</description></item>", i, srv.URL, i, i)
					}
					f.WriteString(`</channel></rss>`)
					w.Header().Set("Content-Type", "application/rss+xml")
					io.WriteString(w, f.String())
					return
				}
				var n int
				fmt.Sscanf(r.URL.Path, "/story/%d", &n)
				select {
				case <-r.Context().Done():
					return
				case <-time.After(delay):
				}
				w.Header().Set("Content-Type", "text/html")
				w.Write(pages[n%len(pages)])
			}))
			defer srv.Close()
			f, err := fetch.New(fetch.Options{Allow: []string{strings.TrimPrefix(srv.URL, "http://")}})
			if err != nil {
				b.Fatal(err)
			}
			var chapters, late int
			var pdf, epub int
			for b.Loop() {
				res, err := Convert(context.Background(), []Input{{Name: "feed", Kind: KindURL, URL: srv.URL + "/feed"}},
					Options{Fetcher: f, SkipImages: true, Feed: FeedOptions{MaxItems: 200}})
				if err != nil {
					b.Fatal(err)
				}
				chapters, late = len(res.Book.Chapters), 0
				for _, w := range res.Warnings {
					if strings.Contains(w, "time budget") {
						late++
					}
				}
				pdf, epub = res.Pages, len(res.EPUB)
			}
			b.ReportMetric(float64(chapters), "chapters")
			b.ReportMetric(float64(late), "late")
			b.ReportMetric(float64(pdf), "pdf-pages")
			b.ReportMetric(float64(epub), "epub-bytes")
		})
	}
}

// Chapters past the book's size bound are left out, each with a warning,
// and the book is made of those before.
func TestFeedBookFull(t *testing.T) {
	srv := slowFeed(t, 5, 5)
	defer func(n int) { maxBookRunes = n }(maxBookRunes)
	maxBookRunes = 3000 // each page holds about 1,300 characters
	res, err := Convert(context.Background(), []Input{{Name: "feed", Kind: KindFeed, URL: srv.URL + "/feed"}},
		Options{Fetcher: feedFetcher(t, srv), SkipImages: true, Formats: FormatList{"txt"}})
	if err != nil {
		t.Fatal(err)
	}
	full := 0
	for _, w := range res.Warnings {
		if strings.Contains(w, "the book is full") {
			full++
		}
	}
	if len(res.Book.Chapters) != 2 || full != 3 || len(res.Items) != 4 {
		t.Errorf("%d chapters, %d left out as full (warnings %q), %d item keys; want 2, 3, 4", len(res.Book.Chapters), full, res.Warnings, len(res.Items))
	}
}

// A feed item's own content is read once, when the feed is: Read gives
// back that article rather than reading the content again.
func TestFeedItemReadOnce(t *testing.T) {
	data, err := os.ReadFile("testdata/feeds/rss-full/site/feed")
	if err != nil {
		t.Fatal(err)
	}
	_, ins, _, err := feedInputs("feed.xml", data, "", FeedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fragments := 0
	for _, in := range ins {
		if in.Kind != kindFragment {
			continue
		}
		fragments++
		a, err := Read(context.Background(), nil, in)
		if err != nil || in.parsed == nil || a != in.parsed {
			t.Errorf("%s: read again (%v)", in.Name, err)
		}
	}
	if fragments == 0 {
		t.Fatal("no item carries its content")
	}
}
