// Package testbook gives the renderers' tests the articles they set: the
// sample, the saved pages of testdata/pages, and pictures.
package testbook

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
)

// Root is the module's root directory, where testdata/ is.
var Root = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

// Sample returns testdata/sample-zh.txt as the converter reads it.
func Sample(t testing.TB) *book.Article {
	t.Helper()
	f, err := os.Open(filepath.Join(Root, "testdata", "sample-zh.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := extract.FromText(f)
	if err != nil {
		t.Fatal(err)
	}
	// The sample tests check multi-page Chinese text; a sample that lost
	// its paragraphs would pass them vacuously.
	if a.Title == "" || len(a.Blocks) < 5 {
		t.Fatalf("sample: title %q, %d paragraphs", a.Title, len(a.Blocks))
	}
	return a
}

// Page extracts the article of the saved page
// testdata/pages/<name>/source.html the way the converter does: charset
// decoding, then extract.FromHTML with base (which may be nil).
func Page(t testing.TB, name string, base *url.URL) *book.Article {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(Root, "testdata", "pages", name, "source.html"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := extract.DecodeHTML(raw, "")
	if err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
	a, err := extract.FromHTML(strings.NewReader(src), base)
	if err != nil {
		t.Fatalf("extracting %s: %v", name, err)
	}
	return a
}

// Runs is s as one unstyled run.
func Runs(s string) []book.Inline { return []book.Inline{{Text: s}} }

// Image returns a w×h gradient encoded as format (png, jpeg or gif).
func Image(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 160, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, m)
	case "jpeg":
		err = jpeg.Encode(&buf, m, nil)
	case "gif":
		err = gif.Encode(&buf, m, nil)
	default:
		t.Fatalf("no test image format %q", format)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
