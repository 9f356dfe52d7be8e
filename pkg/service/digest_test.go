package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/storage"
)

// puts counts the objects a Store writes, by key.
type puts struct {
	storage.Store
	mu   sync.Mutex
	keys []string
}

func (p *puts) Put(ctx context.Context, bucket, key string, body []byte, opt storage.PutOptions) error {
	p.mu.Lock()
	p.keys = append(p.keys, key)
	p.mu.Unlock()
	return p.Store.Put(ctx, bucket, key, body, opt)
}

func (p *puts) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := p.keys
	p.keys = nil
	return k
}

// Digest runs over days: the first writes the book of every item and the
// state; a repeated run of a date writes nothing; a new day with one new
// item writes a book of that item alone; a day with nothing new writes
// nothing. A digest whose feed fails reports it beside its books and fails
// the run, without holding the other back.
func TestDigest(t *testing.T) {
	day := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	site := newFeedSite(t, entry(3, day.Add(-time.Hour)), entry(2, day.Add(-2*time.Hour)), entry(1, day.Add(-26*time.Hour)))
	s, dir := testService(t, io.Discard)
	store := &puts{Store: dir}
	s.Store = store
	s.Fetcher = site.fetcher(t)
	ctx := context.Background()
	list := fmt.Sprintf(`{"feeds": [{"name": "harbour", "url": %q, "max_items": 10}, {"name": "broken", "url": %q}]}`, site.URL+"/feed.xml", site.URL+"/gone.xml")
	if err := dir.Put(ctx, "books", "digests/feeds.json", []byte(list), storage.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	run := func(date string) []DigestResult {
		t.Helper()
		res, err := s.Digest(ctx, "schedule", []byte(fmt.Sprintf(`{"digest": "digests/feeds.json", "time": "%sT06:00:00Z"}`, date)))
		if err == nil || !strings.Contains(err.Error(), "digest broken") || !strings.Contains(err.Error(), "403") {
			t.Errorf("%s: error %v, want the broken digest's 403", date, err)
		}
		if len(res) != 2 || res[1].Outcome != "failed" {
			t.Fatalf("%s: results %+v", date, res)
		}
		return res
	}
	written := func(date string, want ...string) {
		t.Helper()
		var got []string
		for _, k := range store.take() {
			if strings.HasPrefix(k, "out/digests/harbour/") {
				got = append(got, strings.TrimPrefix(k, "out/digests/harbour/"))
			}
		}
		// A book's PDF and EPUB are stored at once, in either order; its
		// manifest after both.
		for i := 0; i+1 < len(got); i++ {
			if stem, ok := strings.CutSuffix(got[i], ".epub"); ok && got[i+1] == stem+".pdf" {
				got[i], got[i+1] = got[i+1], got[i]
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: wrote %q, want %q", date, got, want)
		}
	}
	book := func(date string, titles ...string) {
		t.Helper()
		epub, err := dir.Get(ctx, "books", "out/digests/harbour/"+date+".epub", 0)
		if err != nil {
			t.Fatal(err)
		}
		text := verify.EPUBText(t, epub.Body)
		var want []string
		for _, n := range []int{1, 2, 3, 4} {
			title := fmt.Sprintf("第%d篇报道", n)
			in := strings.Contains(text, title)
			if in != strings.Contains(strings.Join(titles, " "), title) {
				t.Errorf("%s: %s in the book: %v", date, title, in)
			}
		}
		for _, title := range titles {
			want = append(want, title, strings.Replace(title, "报道", "第4段", 1))
		}
		verify.Marks(t, date, want, text)
		verify.EPUBCheck(t, epub.Body)
	}

	res := run("2026-12-01")
	if r := res[0]; r.Outcome != "written" || r.Chapters != 3 || r.Manifest != "out/digests/harbour/2026-12-01.json" {
		t.Errorf("first run: %+v", r)
	}
	written("first run", "2026-12-01.pdf", "2026-12-01.epub", "2026-12-01.json", "state.json")
	book("2026-12-01", "第3篇报道", "第2篇报道", "第1篇报道")
	if _, err := dir.Head(ctx, "books", "out/digests/broken/2026-12-01.error.json"); err != nil {
		t.Errorf("broken digest's error report: %v", err)
	}
	var st digestState
	obj, err := dir.Get(ctx, "books", "out/digests/harbour/state.json", 0)
	if err != nil || json.Unmarshal(obj.Body, &st) != nil || st.Last != "2026-12-01" || len(st.Seen) != 6 || len(st.Runs) != 1 {
		t.Fatalf("state %+v (%v)", st, err)
	}

	if res := run("2026-12-01"); res[0].Outcome != "skipped" {
		t.Errorf("repeated run: %+v", res[0])
	}
	written("repeated run")

	site.add(entry(4, day.Add(20*time.Hour)))
	if res := run("2026-12-02"); res[0].Outcome != "written" || res[0].Chapters != 1 {
		t.Errorf("second day: %+v", res[0])
	}
	written("second day", "2026-12-02.pdf", "2026-12-02.epub", "2026-12-02.json", "state.json")
	book("2026-12-02", "第4篇报道")
	m, err := dir.Get(ctx, "books", "out/digests/harbour/2026-12-02.json", 0)
	if err != nil || !strings.Contains(string(m.Body), `"title": "港口日报 — 2026-12-02"`) {
		t.Errorf("second day's manifest: %v\n%s", err, m.Body)
	}

	if res := run("2026-12-02"); res[0].Outcome != "skipped" {
		t.Errorf("second day again: %+v", res[0])
	}
	written("second day again")
	if res := run("2026-12-03"); res[0].Outcome != "empty" {
		t.Errorf("a day with nothing new: %+v", res[0])
	}
	written("a day with nothing new")
}

func TestDigestJob(t *testing.T) {
	for _, tc := range []struct {
		body, date, err string
	}{
		{`{"digest": "digests/feeds.json", "time": "2026-12-01T22:30:00Z"}`, "2026-12-01", ""},
		{`{"digest": "digests/feeds.json", "time": "2026-12-01T22:30:00Z", "timezone": "Asia/Shanghai"}`, "2026-12-02", ""},
		{`{"digest": "digests/feeds.json", "time": "tomorrow"}`, "", "RFC 3339"},
		{`{"digest": "digests/feeds.json", "timezone": "Mars/Olympus"}`, "", "timezone"},
		{`{"digest": ""}`, "", "names no digest list"},
		{`{"digest": "d.json", "colour": "red"}`, "", "unknown field"},
	} {
		j, err := ParseDigestJob([]byte(tc.body))
		date := ""
		if err == nil {
			_, date, err = j.date(testClock())
		}
		if tc.err == "" && (err != nil || date != tc.date) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: date %q error %v, want %q %q", tc.body, date, err, tc.date, tc.err)
		}
	}
}

func TestDigestList(t *testing.T) {
	s, dir := testService(t, io.Discard)
	ctx := context.Background()
	for list, want := range map[string]string{
		`{"feeds": [{"name": "a", "url": "https://a.example/feed"}]}`: "",
		`{"feeds": []}`: "no feeds",
		`{"feeds": [{"name": "a", "url": "https://a.example/feed"}, {"name": "a", "url": "https://b.example/"}]}`: "not unique",
		`{"feeds": [{"name": "../x", "url": "https://a.example/feed"}]}`:                                          "not unique",
		`{"feeds": [{"name": "a", "url": "file:///etc/passwd"}]}`:                                                 "not an http(s) URL",
		`{"feeds": [{"name": "a", "url": "https://a.example/feed", "max_items": 1000}]}`:                          "max_items",
		`{"feeds": [{"name": "a", "url": "https://a.example/feed", "since": "2026-01-01T00:00:00Z"}]}`:            "unknown field",
	} {
		if err := dir.Put(ctx, "books", "digests/feeds.json", []byte(list), storage.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		_, err := s.readDigestList(ctx, "digests/feeds.json")
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: %v, want %q", list, err, want)
		}
	}
	if _, err := s.readDigestList(ctx, "digests/none.json"); Classify(err).Code != "not_configured" {
		t.Errorf("missing list: %v", err)
	}
}
