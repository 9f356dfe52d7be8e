package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bookify/article2book/internal/dataurl"
	"github.com/bookify/article2book/internal/verify"
)

// dataImagesPage is a page saved as one file: its pictures are data: URLs
// (a PNG in base64 broken into lines, a JPEG, a percent-encoded GIF), with
// a lazy picture whose real address is /img/lazy.png behind a 1 x 1
// placeholder, a placeholder alone, a malformed one and an SVG.
const dataImagesPage = "testdata/data-images/page.html"

// dataImagesSite serves the page at /news/saved and its one picture not
// given inline, counting the requests for it.
func dataImagesSite(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	page, err := os.ReadFile(dataImagesPage)
	if err != nil {
		t.Fatal(err)
	}
	var lazy bytes.Buffer
	if err := png.Encode(&lazy, image.NewGray(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/img/lazy.png":
			fetches.Add(1)
			w.Header().Set("Content-Type", "image/png")
			w.Write(lazy.Bytes())
		case "/news/saved":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &fetches
}

// Pictures given as data: URLs are in both outputs as downloaded ones
// are; the placeholders are not pictures and the real address behind one
// is fetched; the malformed one and the SVG are left out with a short
// warning each and their alt text shown.
func TestDataImages(t *testing.T) {
	srv, fetches := dataImagesSite(t)
	u := srv.URL + "/news/saved"
	res, err := Convert(context.Background(), []Input{{Name: u, Kind: KindURL, URL: u}}, Options{Fetcher: localFetcher(t, srv)})
	if err != nil {
		t.Fatal(err)
	}
	// In document order: the PNG, the JPEG, the lazy picture, the GIF;
	// the PDF keeps JPEG bytes as they are and inflates the others.
	want := []string{"120x80 image", "160x100 jpeg", "64x48 image", "40x30 image"}
	if got := pdfImageList(t, res.PDF); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("PDF images %q, want %q", got, want)
	}
	wantEPUB := []string{"img001.png 120x80", "img002.jpg 160x100", "img003.png 64x48", "img004.gif 40x30"}
	if got := epubImageList(t, res.EPUB); strings.Join(got, ", ") != strings.Join(wantEPUB, ", ") {
		t.Errorf("EPUB images %q, want %q", got, wantEPUB)
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("the lazy picture's address fetched %d times, want 1", n)
	}
	wantWarnings := []string{
		"image data:image/png;base64,… (265 bytes) left out: malformed data: URL",
		"image data:image/svg+xml,… (211 bytes) left out: not a JPEG, PNG, GIF or WebP image",
	}
	if len(res.Warnings) != len(wantWarnings) {
		t.Fatalf("warnings %q, want %q", res.Warnings, wantWarnings)
	}
	for i, w := range res.Warnings {
		if !strings.HasPrefix(w, wantWarnings[i]) || len(w) > 160 {
			t.Errorf("warning %q, want one of at most 160 bytes starting %q", w, wantWarnings[i])
		}
	}
	text := strings.Join(strings.Fields(verify.PDFText(t, res.PDF)), "")
	for _, alt := range []string{"坏图", "矢量图"} {
		if !strings.Contains(text, alt) {
			t.Errorf("PDF text lacks the alt text %q", alt)
		}
	}
	verify.EPUBCheck(t, res.EPUB)
	verify.TaggedPDF(t, res.PDF, res.PDFStandards)
}

// Without a fetcher a data: URL is still read, and -images=false leaves
// it out as it leaves downloads out: no picture and no warning.
func TestDataImagesOptions(t *testing.T) {
	srv, fetches := dataImagesSite(t)
	page, err := os.ReadFile(dataImagesPage)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Name: "page.html", Kind: KindHTML, Data: page, URL: srv.URL + "/news/saved"}
	res, err := Convert(context.Background(), []Input{in}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"120x80 image", "160x100 jpeg", "40x30 image"}
	if got := pdfImageList(t, res.PDF); strings.Join(got, ", ") != strings.Join(want, ", ") || len(res.Warnings) != 2 {
		t.Errorf("no fetcher: PDF images %q (want %q), warnings %q (want the two of the unreadable)", got, want, res.Warnings)
	}
	res, err = Convert(context.Background(), []Input{in}, Options{Fetcher: localFetcher(t, srv), SkipImages: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := pdfImageList(t, res.PDF); len(got) != 0 || len(res.Warnings) != 0 || epubImages(t, res.EPUB) != 0 {
		t.Errorf("images skipped: PDF images %q, EPUB images %d, warnings %q; want none", got, epubImages(t, res.EPUB), res.Warnings)
	}
	if fetches.Load() != 0 {
		t.Errorf("%d fetches, want none", fetches.Load())
	}
}

// Pictures given as data: URLs count against the book's image budget, in
// document order with those downloaded: past the PNG and the JPEG, the
// lazy picture and the GIF are left out.
func TestDataImagesBudget(t *testing.T) {
	defer func(b, p int) { maxBookImageBytes, maxBookImagePixels = b, p }(maxBookImageBytes, maxBookImagePixels)
	maxBookImagePixels = 120*80 + 160*100 // the PNG and the JPEG
	srv, _ := dataImagesSite(t)
	u := srv.URL + "/news/saved"
	res, err := Convert(context.Background(), []Input{{Name: u, Kind: KindURL, URL: u}}, Options{Fetcher: localFetcher(t, srv), Formats: FormatList{"epub"}})
	if err != nil {
		t.Fatal(err)
	}
	kept := keptAlts(res.Book)
	if strings.Join(kept, " ") != "渐变方块 彩色照片" || !strings.Contains(strings.Join(res.Warnings, " "), "3 images left out: the book's images are over") {
		t.Errorf("kept %q, warnings %q; want the first two, and the lazy picture, the SVG and the GIF over the budget", kept, res.Warnings)
	}
}

// pdfImageList is each image pdfimages lists: its size and encoding.
func pdfImageList(t *testing.T, pdf []byte) []string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := execOutput("pdfimages", "-list", p)
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	var list []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[2:] {
		// page num type width height color comp bpc enc ...
		if f := strings.Fields(line); len(f) > 8 && f[2] == "image" {
			list = append(list, fmt.Sprintf("%sx%s %s", f[3], f[4], f[8]))
		}
	}
	return list
}

// epubImageList is each picture an EPUB holds, but its cover: its name
// and the size its header gives.
func epubImageList(t *testing.T, epub []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, f := range zr.File {
		if !strings.Contains(f.Name, "images/") || strings.Contains(f.Name, "cover") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		list = append(list, fmt.Sprintf("%s %dx%d", filepath.Base(f.Name), cfg.Width, cfg.Height))
	}
	return list
}

// A data: URL is taken as a download is: of an image type or of none,
// judged by its bytes after that.
func TestInlineImage(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString(buf.Bytes())
	tests := []struct {
		src string
		err error
	}{
		{"data:image/png;base64," + b64, nil},
		{"data:image/jpeg;base64," + b64, nil}, // the bytes say PNG: embeddable reads them so
		{"data:;base64," + b64, nil},
		{"data:application/octet-stream;base64," + b64, nil},
		{"data:text/html;base64," + b64, errNotImage},
		{"data:image/png;base64,iVBOR!", dataurl.ErrSyntax},
		{"data:image/png;base64", dataurl.ErrSyntax},
	}
	for _, tt := range tests {
		data, err := inlineImage(tt.src)
		if !errors.Is(err, tt.err) || err == nil && !bytes.Equal(data, buf.Bytes()) {
			t.Errorf("%.40s: %d bytes, %v; want %v", tt.src, len(data), err, tt.err)
		}
	}
}
