package convert

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bookify/article2book/pkg/book"
)

// An image referenced five times is fetched once and shown five times;
// a text-only book fetches no image.
func TestImagesFetchedOnce(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 64, 48)))
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/img/x.png" {
			fetches.Add(1)
			w.Header().Set("Content-Type", "image/png")
			w.Write(buf.Bytes())
			return
		}
		para := "<p>" + strings.Repeat("这是一段足够长的正文，读者可以读到它的内容。", 6) + "</p>"
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>图</title></head><body><article><h1>图</h1>%s", para)
		for range 5 {
			fmt.Fprintf(w, "<figure><img src=\"/img/x.png\" alt=\"图\"></figure>%s", para)
		}
		fmt.Fprint(w, "</article></body></html>")
	}))
	t.Cleanup(srv.Close)
	f := localFetcher(t, srv)
	in := []Input{{Name: "page", Kind: KindURL, URL: srv.URL + "/news/a"}}
	res, err := Convert(context.Background(), in, Options{Fetcher: f, Formats: FormatList{"epub"}})
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	book.Walk(res.Book.Chapters[0].Blocks, func(b book.Block) {
		if img, ok := b.(*book.Image); ok && img.Data != nil {
			shown++
		}
	})
	if fetches.Load() != 1 || shown != 5 {
		t.Errorf("%d fetches, %d images shown; want 1 and 5 (warnings %q)", fetches.Load(), shown, res.Warnings)
	}
	fetches.Store(0)
	if _, err := Convert(context.Background(), in, Options{Fetcher: f, Formats: FormatList{"txt"}}); err != nil || fetches.Load() != 0 {
		t.Errorf("text only: %d image fetches (%v), want none", fetches.Load(), err)
	}
}

// A book keeps images in document order while they fit its budget.
func TestBookImageBudget(t *testing.T) {
	defer func(b, p int) { maxBookImageBytes, maxBookImagePixels = b, p }(maxBookImageBytes, maxBookImagePixels)
	maxBookImagePixels = 3 * 64 * 48 // three of the five
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 64, 48)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/img/") {
			w.Header().Set("Content-Type", "image/png")
			w.Write(buf.Bytes())
			return
		}
		para := "<p>" + strings.Repeat("这是一段足够长的正文，读者可以读到它的内容。", 6) + "</p>"
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>图</title></head><body><article><h1>图</h1>%s", para)
		for i := range 5 {
			fmt.Fprintf(w, "<figure><img src=\"/img/%d.png\" alt=\"图%d\"></figure>%s", i, i, para)
		}
		fmt.Fprint(w, "</article></body></html>")
	}))
	t.Cleanup(srv.Close)
	res, err := Convert(context.Background(), []Input{{Name: "page", Kind: KindURL, URL: srv.URL + "/news/a"}}, Options{Fetcher: localFetcher(t, srv), Formats: FormatList{"epub"}})
	if err != nil {
		t.Fatal(err)
	}
	kept := keptAlts(res.Book)
	if strings.Join(kept, " ") != "图0 图1 图2" || !strings.Contains(strings.Join(res.Warnings, " "), "2 images left out: the book's images are over") {
		t.Errorf("kept %q, warnings %q; want the first three and a warning for two", kept, res.Warnings)
	}
}

// keptAlts is the alt text of each picture b keeps (with its bytes), in
// document order.
func keptAlts(b *book.Book) []string {
	var kept []string
	for _, ch := range b.Chapters {
		book.Walk(ch.Blocks, func(blk book.Block) {
			if img, ok := blk.(*book.Image); ok && img.Data != nil {
				kept = append(kept, img.Alt)
			}
		})
	}
	return kept
}
