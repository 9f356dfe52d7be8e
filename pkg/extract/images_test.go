package extract

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"net/url"
	"strings"
	"testing"

	"github.com/bookify/article2book/pkg/book"
)

// A picture given as a data: URL is kept as the page gives it, for the
// converter to decode, unless the page gives an address too or it is a
// placeholder too small to be a picture.
func TestDataImages(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	pic := "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	pixel := "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" // 1 x 1
	// Its data spells an advert's address, which names no picture here.
	svg := "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'%3E%3Cpath d='M0 0L10 10'/%3E%3C!-- /ads/ --%3E%3C/svg%3E"
	words := strings.Repeat("Enough words to make this paragraph an article body for readability. ", 8)
	tests := []struct {
		img  string
		want []string
	}{
		{`<img src="` + pic + `">`, []string{pic}},
		{`<figure><img src="` + pic + `" alt="a"><figcaption>cap</figcaption></figure>`, []string{pic}},
		{`<img src="` + pixel + `" data-src="/a.jpg">`, []string{"https://s.example/a.jpg"}},
		{`<img src="` + pic + `" data-src="/a.jpg">`, []string{"https://s.example/a.jpg"}},
		{`<img src="` + pixel + `" data-src="` + pic + `">`, []string{pic}},
		{`<img src="` + pixel + `">`, nil},
		{`<img src="data:image/gif;base64,R0lGOD">`, nil},
		{`<img srcset="` + pixel + ` 1x, ` + pic + ` 2x">`, []string{pic}},
		{`<img src="data:image/png;base64,iVBORw0KGgo@@@@">`, []string{"data:image/png;base64,iVBORw0KGgo@@@@"}},
		{`<img src="` + svg + `">`, []string{svg}},
	}
	base, _ := url.Parse("https://s.example/p/index.html")
	for _, tt := range tests {
		page := "<html><body><article><p>" + words + "</p>" + tt.img + "<p>" + words + "</p></article></body></html>"
		a, err := FromHTML(strings.NewReader(page), base)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		book.Walk(a.Blocks, func(b book.Block) {
			if img, ok := b.(*book.Image); ok {
				got = append(got, img.Src)
			}
		})
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%.80s: images %.80q, want %.80q", tt.img, got, tt.want)
		}
	}
}

func TestBestSrcset(t *testing.T) {
	tests := []struct{ srcset, want string }{
		{"a.jpg 1x, b.jpg 2x", "b.jpg"},
		{"a.jpg,b.jpg", "a.jpg,b.jpg"}, // one URL: it runs to white space
		{" a-320.jpg 320w ,a-1280.jpg 1280w, a-640.jpg 640w ", "a-1280.jpg"},
		{"https://x.example/a,b.jpg 2x, c.jpg", "https://x.example/a,b.jpg"},
		{"data:image/gif;base64,R0lG 1x, data:image/png;base64,iVBO 2x", "data:image/png;base64,iVBO"},
		{"", ""},
		{" , ", ""},
	}
	for _, tt := range tests {
		if got := bestSrcset(tt.srcset); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.srcset, got, tt.want)
		}
	}
}

func TestSingleBreaks(t *testing.T) {
	runs := []book.Inline{{Text: "Technology Review Juli 2019\n"}, {Text: "\n(Bild: "}, {Text: "Hersteller", Style: book.Italic}, {Text: ")"}}
	got := book.PlainText(singleBreaks(runs))
	if want := "Technology Review Juli 2019\n(Bild: Hersteller)"; got != want {
		t.Errorf("singleBreaks = %q, want %q", got, want)
	}
}
