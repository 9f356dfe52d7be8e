package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
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

	"github.com/bookify/article2book/internal/testbook"
)

// Each output pixel is the area-weighted mean of the source pixels it
// covers, in premultiplied alpha.
func TestDownscale(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	// A row of red, blue and a transparent pixel whose colour must
	// not show; a row of white.
	src.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 255})
	src.SetNRGBA(1, 0, color.NRGBA{0, 0, 255, 255})
	src.SetNRGBA(2, 0, color.NRGBA{0, 255, 0, 0})
	for x := range 3 {
		src.SetNRGBA(x, 1, color.NRGBA{255, 255, 255, 255})
	}
	// 3 x 2 to 2 x 1: the left output pixel covers red, half of blue and
	// their white below; the right one half of blue, the transparent
	// pixel and their white.
	got := downscale(src, 2, 1).(*image.NRGBA)
	// Left: weights 1 and 1/2 a row, of an area of 3: r = (255 +
	// 255*1.5)/3, g = 255*1.5/3, b = (127.5 + 255*1.5)/3. Right: alpha
	// = (127.5 + 382.5)/3 = 170, and each colour's premultiplied sum
	// over the alpha's: r = g = 382.5/510*255, b = 510/510*255.
	want := []color.NRGBA{{213, 128, 170, 255}, {191, 191, 255, 170}}
	for i, w := range want {
		if c := got.NRGBAAt(i, 0); c != w {
			t.Errorf("pixel %d = %v, want %v", i, c, w)
		}
	}
	gray := image.NewGray(image.Rect(0, 0, 4, 4))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i%2) * 200
	}
	if g, ok := downscale(gray, 2, 2).(*image.Gray); !ok || g.Pix[0] != 100 || g.Pix[3] != 100 {
		t.Errorf("grey 4x4 of stripes to 2x2: %#v, want a grey image of 100", downscale(gray, 2, 2))
	}
}

// A 40-megapixel PNG and a 40-megapixel lossless WebP of a few bytes
// are kept at 300 dpi over the text block (A4: 476.22 pt, the width of
// the text block turned for vertical writing, by 673.51 pt: 1985 x 2807
// pixels), in the PDF and in the EPUB, in their colour; a small JPEG
// passes through as it was.
func TestImagesDownscaled(t *testing.T) {
	const w, h = 7300, 5475 // 39.97 megapixels
	teal := color.NRGBA{0, 128, 128, 255}
	big := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(big.Pix); i += 4 {
		copy(big.Pix[i:], []uint8{teal.R, teal.G, teal.B, teal.A})
	}
	var pngBuf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&pngBuf, big); err != nil {
		t.Fatal(err)
	}
	big = nil
	rose := color.NRGBA{200, 30, 60, 255}
	webp := testbook.LosslessWebP(w, h, rose)
	small := image.NewRGBA(image.Rect(0, 0, 64, 48))
	var jpgBuf bytes.Buffer
	jpeg.Encode(&jpgBuf, small, nil)
	images := map[string][]byte{"/big.png": pngBuf.Bytes(), "/big.webp": webp, "/small.jpg": jpgBuf.Bytes()}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if data, ok := images[r.URL.Path]; ok {
			rw.Write(data)
			return
		}
		para := "<p>" + strings.Repeat("这是一段足够长的正文，读者可以读到它的内容。", 6) + "</p>"
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(rw, "<html><head><title>图</title></head><body><article><h1>图</h1>%s", para)
		for _, src := range []string{"big.png", "big.webp", "small.jpg"} {
			fmt.Fprintf(rw, "<figure><img src=\"/%s\" alt=\"图\"></figure>%s", src, para)
		}
		fmt.Fprint(rw, "</article></body></html>")
	}))
	t.Cleanup(srv.Close)
	res, err := Convert(context.Background(), []Input{{Name: "page", Kind: KindURL, URL: srv.URL + "/a"}},
		Options{Fetcher: localFetcher(t, srv), PageSize: "A4"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings %q", res.Warnings)
	}
	// Landscape, so the width is the limit: 1985 x round(5475*1985/7300).
	const dw, dh = 1985, 1489
	p := filepath.Join(t.TempDir(), "a.pdf")
	os.WriteFile(p, res.PDF, 0o644)
	out, err := execOutput("pdfimages", "-list", p)
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	var sizes []string
	for _, ln := range strings.Split(strings.TrimSpace(out), "\n")[2:] {
		f := strings.Fields(ln)
		sizes = append(sizes, f[3]+"x"+f[4]+" "+f[8])
	}
	if want := fmt.Sprintf("%dx%d image %dx%d image 64x48 jpeg", dw, dh, dw, dh); strings.Join(sizes, " ") != want {
		t.Errorf("PDF images %q, want %q\n%s", sizes, want, out)
	}
	zr, err := zip.NewReader(bytes.NewReader(res.EPUB), int64(len(res.EPUB)))
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, f := range zr.File {
		if !strings.Contains(f.Name, "images/") || strings.Contains(f.Name, "cover") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		m, format, err := image.Decode(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b := m.Bounds()
		seen = append(seen, fmt.Sprintf("%s %dx%d", format, b.Dx(), b.Dy()))
		if format == "png" {
			c := color.NRGBAModel.Convert(m.At(b.Dx()/2, b.Dy()/2)).(color.NRGBA)
			if c != teal && c != rose {
				t.Errorf("%s: colour %v, want %v or %v", f.Name, c, teal, rose)
			}
		}
	}
	if got, want := strings.Join(seen, ", "), fmt.Sprintf("png %dx%d, png %dx%d, jpeg 64x48", dw, dh, dw, dh); got != want {
		t.Errorf("EPUB images %s, want %s", got, want)
	}
	if !bytes.Contains(res.EPUB, jpgBuf.Bytes()) || !bytes.Contains(res.PDF, jpgBuf.Bytes()) {
		t.Error("the small JPEG is not in the PDF and the EPUB as it was")
	}
}
