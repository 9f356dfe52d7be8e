package convert

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLocalImagesPerChapter: two pages saved in two folders may give
// different pictures by the same relative path; each chapter's picture
// is read from its own page's folder, with no fetcher.
func TestLocalImagesPerChapter(t *testing.T) {
	body := strings.Repeat("The harbour master opens the ledger at five and writes the tide in a careful hand. ", 4)
	page := func(title string) []byte {
		return []byte(`<html><head><title>` + title + `</title></head><body><article><h1>` + title + `</h1><p>` + body +
			`</p><img src="img/a.png" alt="a picture"><p>` + body + `</p></article></body></html>`)
	}
	folder := func(w, h int) fstest.MapFS {
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
			t.Fatal(err)
		}
		return fstest.MapFS{"img/a.png": {Data: b.Bytes()}}
	}
	ins := []Input{
		{Name: "one/page.html", Kind: KindHTML, Data: page("One"), Files: folder(120, 80)},
		{Name: "two/page.html", Kind: KindHTML, Data: page("Two"), Files: folder(90, 60)},
	}
	res, err := Convert(context.Background(), ins, Options{BookTitle: "Two pages", Formats: FormatList{EPUB}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings %q", res.Warnings)
	}
	want := []string{"img001.png 120x80", "img002.png 90x60"}
	if got := epubImageList(t, res.EPUB); !slices.Equal(got, want) {
		t.Errorf("EPUB pictures %q, want %q", got, want)
	}
}
