package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/fetch"
)

// feedSite serves an RSS feed at /feed.xml whose items carry their full
// text; items can be added while it runs. /gone answers 403.
type feedSite struct {
	*httptest.Server
	mu    sync.Mutex
	items []feedEntry
}

type feedEntry struct {
	guid, title string
	date        time.Time
	paragraphs  []string
}

func newFeedSite(t *testing.T, entries ...feedEntry) *feedSite {
	t.Helper()
	fs := &feedSite{items: entries}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		fs.mu.Lock()
		defer fs.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>港口日报</title>`)
		for _, e := range fs.items {
			var body strings.Builder
			for _, p := range e.paragraphs {
				body.WriteString("<p>" + p + "</p>")
			}
			fmt.Fprintf(w, "<item><title>%s</title><link>%s/gone/%s</link><guid>%s</guid><pubDate>%s</pubDate><content:encoded><![CDATA[%s]]></content:encoded></item>",
				e.title, fs.URL, e.guid, e.guid, e.date.Format(time.RFC1123Z), body.String())
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedSite) add(e feedEntry) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.items = append([]feedEntry{e}, fs.items...)
}

func (fs *feedSite) fetcher(t *testing.T) *fetch.Client {
	t.Helper()
	c, err := fetch.New(fetch.Options{Allow: []string{strings.TrimPrefix(fs.URL, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// entry makes an item whose text is long enough to be the article.
func entry(n int, date time.Time) feedEntry {
	var ps []string
	for i := range 4 {
		ps = append(ps, fmt.Sprintf("第%d篇第%d段：冬天的港口依旧忙碌，渔民们把船拖上岸检修，修船厂里从早到晚都有敲打声，老师傅一边干活一边给徒弟讲每一道工序的讲究。", n, i+1))
	}
	return feedEntry{guid: fmt.Sprintf("item-%d", n), title: fmt.Sprintf("第%d篇报道", n), date: date, paragraphs: ps}
}

// A feed job through the API: the book of its items, titled after the
// feed and the day, its source the feed.
func TestConvertRequestFeed(t *testing.T) {
	day := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	site := newFeedSite(t, entry(2, day.Add(-time.Hour)), entry(1, day.Add(-25*time.Hour)), entry(0, day.Add(-49*time.Hour)))
	s, dir := testService(t, io.Discard)
	s.Cfg.MaxInputBytes = 1 << 20
	s.Fetcher = site.fetcher(t)
	s.Now = func() time.Time { return day }
	body := fmt.Sprintf(`{"feed": %q, "max_items": 2, "order": "oldest"}`, site.URL+"/feed.xml")
	r := s.ConvertRequest(context.Background(), Request{Method: "POST", Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)})
	if r.Status != http.StatusOK {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var resp struct {
		Manifest Manifest `json:"manifest"`
	}
	if err := json.Unmarshal(r.Body, &resp); err != nil {
		t.Fatal(err)
	}
	m := resp.Manifest
	if m.Title != "港口日报 — 2026-12-01" || m.Source != site.URL+"/feed.xml" || len(m.Sources) != 2 || len(m.Warnings) != 1 {
		t.Errorf("manifest %+v", m)
	}
	epub, err := dir.Get(context.Background(), "books", m.Outputs["epub"].Key, 0)
	if err != nil {
		t.Fatal(err)
	}
	verify.Marks(t, "epub", []string{"第1篇报道", "第1篇第4段", "第2篇报道", "第2篇第4段"}, verify.EPUBText(t, epub.Body))
	verify.EPUBCheck(t, epub.Body)
}
