package convert

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/bookify/article2book/pkg/extract"
)

func TestFileInputs(t *testing.T) {
	tests := []struct {
		name, data string
		kinds      []Kind
		urls       []string
		opt        Options
		err        error
	}{
		{"a.html", "<p>x</p>", []Kind{KindHTML}, []string{"https://base.example/"}, Options{}, nil},
		{"a.txt", "Title: x\n\nbody\n", []Kind{KindText}, []string{"https://base.example/"}, Options{}, nil},
		{"list.txt", "https://a.example/1\n\nHTTP://b.example/2\n", []Kind{KindURL, KindURL}, []string{"https://a.example/1", "HTTP://b.example/2"}, Options{}, nil},
		{"notlist.txt", "https://a.example/1\nand some words\n", []Kind{KindText}, []string{"https://base.example/"}, Options{}, nil},
		{"page.url", "[InternetShortcut]\r\nURL=https://news.example/a?b=1\r\n", []Kind{KindURL}, []string{"https://news.example/a?b=1"}, Options{}, nil},
		{"bad.url", "[InternetShortcut]\r\n", nil, nil, Options{}, ErrBadJob},
		{"file.url", "[InternetShortcut]\nURL=file:///etc/passwd\n", nil, nil, Options{}, ErrBadJob},
		{"job.json", `{"urls":["https://a.example/1","https://b.example/2"],"title":"Book","options":{"formats":["epub"],"page_size":"A5"}}`,
			[]Kind{KindURL, KindURL}, []string{"https://a.example/1", "https://b.example/2"}, Options{BookTitle: "Book", Formats: FormatList{"epub"}, PageSize: "A5"}, nil},
		{"song.json", `{"url":"https://a.example/1","options":{"font":"song","hanging_punctuation":true}}`,
			[]Kind{KindURL}, []string{"https://a.example/1"}, Options{Font: "song", HangingPunct: true}, nil},
		{"font.json", `{"url":"https://a.example","options":{"font":"fangsong"}}`, nil, nil, Options{}, ErrBadJob},
		{"html.json", `{"html":"<p>x</p>","base_url":"https://s.example/p"}`, []Kind{KindHTML}, []string{"https://s.example/p"}, Options{}, nil},
		{"text.json", `{"text":"Title: x\n\nbody"}`, []Kind{KindText}, []string{""}, Options{}, nil},
		{"two.json", `{"url":"https://a.example","text":"x"}`, nil, nil, Options{}, ErrBadJob},
		{"none.json", `{}`, nil, nil, Options{}, ErrBadJob},
		{"empty-text.json", `{"text":""}`, nil, nil, Options{}, extract.ErrEmpty},
		{"empty-html.json", `{"html":""}`, nil, nil, Options{}, extract.ErrEmpty},
		{"empty-both.json", `{"html":"","text":""}`, nil, nil, Options{}, ErrBadJob},
		{"unknown.json", `{"url":"https://a.example","colour":"red"}`, nil, nil, Options{}, ErrBadJob},
		{"format.json", `{"url":"https://a.example","options":{"formats":["docx"]}}`, nil, nil, Options{}, ErrBadJob},
		{"scheme.json", `{"url":"gopher://a.example"}`, nil, nil, Options{}, ErrBadJob},
		{"base.json", `{"url":"https://a.example","base_url":"https://b.example"}`, nil, nil, Options{}, ErrBadJob},
		{"trailing.json", `{"url":"https://a.example"} {}`, nil, nil, Options{}, ErrBadJob},
		{"a.pdf", "%PDF", nil, nil, Options{}, ErrUnsupported},
		{"feed.json", `{"feed":"https://blog.example/feed.xml","max_items":20,"since":"2026-11-30T00:00:00Z","order":"oldest"}`,
			[]Kind{KindFeed}, []string{"https://blog.example/feed.xml"}, Options{Feed: FeedOptions{MaxItems: 20, Since: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Oldest: true}}, nil},
		{"jsonfeed.json", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[]}`, []Kind{KindFeed}, []string{"https://base.example/"}, Options{}, nil},
		{"x.feed", "<rss version=\"2.0\"><channel></channel></rss>", []Kind{KindFeed}, []string{"https://base.example/"}, Options{}, nil},
		{"x.atom", "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", []Kind{KindFeed}, []string{"https://base.example/"}, Options{}, nil},
		{"feed-many.json", `{"feed":"https://blog.example/feed.xml","max_items":201}`, nil, nil, Options{}, ErrBadJob},
		{"feed-since.json", `{"feed":"https://blog.example/feed.xml","since":"yesterday"}`, nil, nil, Options{}, ErrBadJob},
		{"feed-order.json", `{"feed":"https://blog.example/feed.xml","order":"random"}`, nil, nil, Options{}, ErrBadJob},
		{"feed-scheme.json", `{"feed":"file:///etc/passwd"}`, nil, nil, Options{}, ErrBadJob},
		{"items-no-feed.json", `{"url":"https://a.example","max_items":3}`, nil, nil, Options{}, ErrBadJob},
		{"feed-and-url.json", `{"url":"https://a.example","feed":"https://a.example/feed"}`, nil, nil, Options{}, ErrBadJob},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o Options
			ins, err := FileInputs(tt.name, []byte(tt.data), "https://base.example/", &o)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var kinds []Kind
			var urls []string
			for _, in := range ins {
				kinds = append(kinds, in.Kind)
				urls = append(urls, in.URL)
			}
			if !reflect.DeepEqual(kinds, tt.kinds) || !reflect.DeepEqual(urls, tt.urls) {
				t.Errorf("got %v %q, want %v %q", kinds, urls, tt.kinds, tt.urls)
			}
			if !reflect.DeepEqual(o, tt.opt) {
				t.Errorf("options %+v, want %+v", o, tt.opt)
			}
		})
	}
}
