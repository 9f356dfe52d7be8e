package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A feed URL and an uploaded-style .feed file: one book of the items, titled
// after the feed and dated today, the item whose page is refused left out
// with a warning on stderr; the links fetched without -images too.
func TestFeedInputs(t *testing.T) {
	pages := map[string]string{}
	for _, p := range []string{"qq", "bbc-1"} {
		b, err := os.ReadFile("../../testdata/pages/" + p + "/source.html")
		if err != nil {
			t.Fatal(err)
		}
		pages["/news/"+p] = string(b)
	}
	var srv *httptest.Server
	feed := func() string {
		return fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed News</title>
<item><title>First</title><link>%[1]s/news/qq</link><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>
<item><title>Refused</title><link>%[1]s/private</link><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item>
<item><title>Second</title><link>%[1]s/news/bbc-1</link><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate></item>
</channel></rss>`, srv.URL)
	}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, feed())
			return
		}
		page, ok := pages[r.URL.Path]
		if !ok {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "news.feed")
	if err := os.WriteFile(file, []byte(feed()), 0o644); err != nil {
		t.Fatal(err)
	}
	allow := strings.TrimPrefix(srv.URL, "http://")
	// The CLI's clock: a feed's book is titled after its day.
	t.Setenv("SOURCE_DATE_EPOCH", "1835740800") // 2028-03-04T00:00:00Z
	for _, in := range []string{srv.URL + "/feed.xml", file} {
		code, stdout, stderr := runCLI(t, "", "-o", dir, "-json", "-images=false", "-allow-addr", allow, in)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", in, code, stderr)
		}
		var rep report
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("%v: %s", err, stdout)
		}
		if want := "Mixed News — 2028-03-04"; rep.Title != want {
			t.Errorf("%s: title %q, want %q", in, rep.Title, want)
		}
		if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], `"Refused"`) || !strings.Contains(stderr, "403") {
			t.Errorf("%s: warnings %q, stderr %q: want the refused item", in, rep.Warnings, stderr)
		}
		if rep.PDF == nil || rep.PDF.Pages < 3 || rep.EPUB == nil {
			t.Errorf("%s: outputs %+v %+v", in, rep.PDF, rep.EPUB)
		}
	}
	checkEPUBs(t, dir)
}
