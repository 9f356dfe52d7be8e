package convert

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
)

// TestAce runs Ace by DAISY on a representative set of the EPUBs the
// tests make, through the whole pipeline: 0 violations of any impact, and
// epubcheck clean. Ace takes seconds a book, so the set covers every
// feature once rather than checking every EPUB of every test:
//
//   - sample: Chinese text, the generated cover;
//   - article: an English page fetched with its pictures, one with alt
//     text and one without (so no WCAG claim), a table with a caption and
//     header cells, ordered and nested unordered lists, a quotation, code,
//     headings, Chinese and Japanese words (lang spans);
//   - book: three inputs in three languages (Chinese, Japanese, English)
//     as chapters with a contents navigation;
//   - vertical: the sample in columns with embedded font subsets;
//   - feed: a book of a feed's items (rss-full), in two languages.
//
// pkg/render/epub's tests check the rest of the writer's markup (every
// block type, hostile text) with epubcheck.
func TestAce(t *testing.T) {
	site := aceSite(t)
	f := feedFetcher(t, site)
	feedDir := "testdata/feeds/rss-full"
	var fc feedCase
	data, err := os.ReadFile(filepath.Join(feedDir, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	feedSrv, _ := feedSite(t, feedDir, &fc)
	epubOnly := FormatList{"epub"}
	for _, tc := range []struct {
		name   string
		inputs []Input
		opt    Options
		// claim: the book's images all have alt text, so it claims WCAG
		// 2.1 AA.
		claim bool
		// has: what the book's files (file name suffix: text) must hold,
		// so that the features said above are really in what Ace sees.
		has [][2]string
	}{
		{"sample", []Input{load(t, "sample-zh.txt")}, Options{Formats: epubOnly}, true,
			[][2]string{{"cover.xhtml", `<img role="doc-cover"`}}},
		{"article", []Input{{Name: "article", Kind: KindURL, URL: site.URL + "/article.html"}}, Options{Formats: epubOnly, Fetcher: f}, false,
			[][2]string{{"ch001.xhtml", `alt="The lamp room`}, {"ch001.xhtml", `.jpg" alt=""/>`}, {"ch001.xhtml", "<caption>"}, {"ch001.xhtml", "<th>Decade</th>"},
				{"ch001.xhtml", "<ol>"}, {"ch001.xhtml", "<ul>"}, {"ch001.xhtml", "<li>\n<p>Entry is free"}, {"ch001.xhtml", "<blockquote>"}, {"ch001.xhtml", "<pre><code"},
				{"ch001.xhtml", `<span lang="zh-Hans" xml:lang="zh-Hans">灯塔博物馆，欢迎参观</span>`}, {"ch001.xhtml", `<span lang="ja" xml:lang="ja">灯台の博物館へようこそ</span>`}}},
		{"book", []Input{load(t, "sample-zh.txt"), load(t, "pages/hukumusume/source.html"), load(t, "pages/bbc-1/source.html")}, Options{Formats: epubOnly, BookTitle: "合集"}, true,
			[][2]string{{"nav.xhtml", `<a href="text/ch002.xhtml" lang="ja" xml:lang="ja">`}, {"ch003.xhtml", `lang="en"`}}},
		{"vertical", []Input{load(t, "sample-zh.txt")}, Options{Formats: epubOnly, WritingMode: "vertical", EmbedFont: true}, true,
			[][2]string{{"ch001.xhtml", `class="vertical"`}, {"book.css", "@font-face"}}},
		{"feed", []Input{{Name: "feed", Kind: KindURL, URL: feedSrv.URL + "/feed"}}, Options{Formats: epubOnly, Fetcher: feedFetcher(t, feedSrv), SkipImages: true, Date: feedDate}, true,
			[][2]string{{"ch002.xhtml", `lang="en"`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Convert(context.Background(), tc.inputs, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			opf := epubFile(t, res.EPUB, "content.opf")
			if claims := strings.Contains(opf, `"dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA<`); claims != tc.claim {
				t.Errorf("WCAG claim %v, want %v", claims, tc.claim)
			}
			for _, h := range tc.has {
				if !strings.Contains(epubFile(t, res.EPUB, h[0]), h[1]) {
					t.Errorf("%s lacks %s", h[0], h[1])
				}
			}
			verify.EPUBCheck(t, res.EPUB)
			verify.Ace(t, tc.name, res.EPUB)
		})
	}
}

// aceSite serves testdata/ace/article.html and its two pictures.
func aceSite(t *testing.T) *httptest.Server {
	t.Helper()
	page, err := os.ReadFile("testdata/ace/article.html")
	if err != nil {
		t.Fatal(err)
	}
	m := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			m.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var pngData, jpegData bytes.Buffer
	if err := png.Encode(&pngData, m.SubImage(image.Rect(0, 0, 320, 200))); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpegData, m, nil); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"/article.html": page, "/img/lamp.png": pngData.Bytes(), "/img/page.jpg": jpegData.Bytes()}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}
