package extract

import (
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookify/article2book/pkg/book"
)

// TestLocalImages: a page read from a file finds the pictures it gives by
// relative addresses in its folder, as a browser opening the file does,
// whether or not the page names its address on the web; a path out of the
// folder, rooted at the site, or naming no file there is the web's.
func TestLocalImages(t *testing.T) {
	files := fstest.MapFS{
		"Page_files/harbour map.png": {Data: []byte("png")},
		"img/rooted.png":             {Data: []byte("png")},
		"Page_files/dir.png/x":       {Data: []byte("not the picture")},
	}
	body := strings.Repeat("The harbour master opens the ledger at five and writes the tide in a careful hand. ", 4)
	page := func(head, src string) string {
		return `<html><head><title>Tides</title>` + head + `</head><body><article><h1>Tides</h1><p>` + body +
			`</p><figure><img src="` + src + `" alt="map"></figure><p>` + body + `</p></article></body></html>`
	}
	canonical := `<link rel="canonical" href="https://example.org/news/tides.html">`
	tests := []struct {
		name, head, src string
		files           fstest.MapFS
		base            string
		want            string
	}{
		{"saved whole, canonical", canonical, "./Page_files/harbour%20map.png", files, "", "Page_files/harbour map.png"},
		{"saved whole, -base", "", "Page_files/harbour%20map.png", files, "https://example.org/news/", "Page_files/harbour map.png"},
		{"saved whole, no address", "", "Page_files/harbour%20map.png?v=2", files, "", "Page_files/harbour map.png"},
		{"out of the folder", canonical, "../Page_files/harbour%20map.png", files, "", "https://example.org/Page_files/harbour%20map.png"},
		{"rooted at the site", canonical, "/img/rooted.png", files, "", "https://example.org/img/rooted.png"},
		{"not in the folder", canonical, "Page_files/other.png", files, "", "https://example.org/news/Page_files/other.png"},
		{"a folder, not a file", canonical, "Page_files/dir.png", files, "", "https://example.org/news/Page_files/dir.png"},
		{"no folder", canonical, "./Page_files/harbour%20map.png", nil, "", "https://example.org/news/Page_files/harbour%20map.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base *url.URL
			if tt.base != "" {
				base, _ = url.Parse(tt.base)
			}
			var a *book.Article
			var err error
			if tt.files == nil {
				a, err = FromPage(strings.NewReader(page(tt.head, tt.src)), base, nil)
			} else {
				a, err = FromPage(strings.NewReader(page(tt.head, tt.src)), base, tt.files)
			}
			if err != nil {
				t.Fatal(err)
			}
			var srcs []string
			book.Walk(a.Blocks, func(b book.Block) {
				if img, ok := b.(*book.Image); ok {
					srcs = append(srcs, img.Src)
				}
			})
			if len(srcs) != 1 || srcs[0] != tt.want {
				t.Errorf("pictures %q, want [%q]", srcs, tt.want)
			}
		})
	}
}
