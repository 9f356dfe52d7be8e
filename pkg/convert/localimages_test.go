package convert

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
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

// TestLocalImageNotRegular: a relative address naming a FIFO in the
// page's folder is reported, not opened (opening one waits for a writer).
func TestLocalImageNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.png"), 0o644); err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("The harbour master opens the ledger at five and writes the tide in a careful hand. ", 4)
	page := []byte(`<html><head><title>Pipe</title></head><body><article><h1>Pipe</h1><p>` + body +
		`</p><img src="pipe.png" alt="a pipe"><p>` + body + `</p></article></body></html>`)
	res, err := Convert(context.Background(), []Input{{Name: "page.html", Kind: KindHTML, Data: page, Files: os.DirFS(dir)}}, Options{Formats: FormatList{EPUB}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "pipe.png left out") || !strings.Contains(res.Warnings[0], "not a regular file") {
		t.Errorf("warnings %q, want pipe.png left out as not a regular file", res.Warnings)
	}
}
