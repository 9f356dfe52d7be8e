package ttf

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/bookify/article2book/fonts"
)

// TestSubsetPUAThroughFpdf draws glyphs that have no BMP code point (an
// astral ideograph, an emoji, a GSUB alternate) through fpdf, which reads
// only format 4 cmaps: a compact subset maps private-use code points to
// them. poppler then rasterises the page: each glyph's cell must hold
// ink, and not the ink of the missing glyph (drawn beside it for an
// unmapped private-use code point), while an empty cell stays blank.
func TestSubsetPUAThroughFpdf(t *testing.T) {
	for _, tool := range []string{"pdftoppm", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s (poppler-utils, make deps) is needed: %v", tool, err)
		}
	}
	type glyph struct {
		face string
		r    rune   // the character whose glyph is drawn, or 0
		alt  string // or a single substitution of this feature, of r2
		r2   rune
	}
	glyphs := []glyph{
		{face: "kai", r: '𠮷'},
		{face: "ext", r: '𪚥'},
		{face: "emoji", r: '😀'},
		{face: "song", alt: "hwid", r2: '，'},
		{face: "kai", alt: "vert", r2: '（'},
	}
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetCompression(false)
	pdf.AddPage()
	const size, cell = 64.0, 80.0
	for i, g := range glyphs {
		data, err := fonts.Face(g.face)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		c, err := f.Cmap()
		if err != nil {
			t.Fatal(err)
		}
		gid := c.Glyph(g.r)
		if g.alt != "" {
			subst, err := f.SingleSubst(g.alt, "hani")
			if err != nil {
				t.Fatal(err)
			}
			gid = subst[c.Glyph(g.r2)]
		}
		if gid == 0 {
			t.Fatalf("%+v: no glyph", g)
		}
		// U+E000 draws the glyph; U+E001, unmapped, the missing glyph.
		sub, err := f.Subset([]Mapping{{0xE000, gid}}, Options{Compact: true, Family: "Test"})
		if err != nil {
			t.Fatal(err)
		}
		family := fmt.Sprintf("f%d", i)
		pdf.AddUTF8FontFromBytes(family, "", sub)
		pdf.SetFont(family, "", size)
		y := cell * float64(i+1)
		pdf.Text(cell, y, "\uE000")
		pdf.Text(3*cell, y, "\uE001")
	}
	if err := pdf.Error(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "pua.pdf")
	if err := pdf.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdffonts", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "CID TrueType"); n != len(glyphs) {
		t.Errorf("pdffonts lists %d CID TrueType fonts, want %d:\n%s", n, len(glyphs), out)
	}
	// 144 dpi: two pixels per point.
	if out, err := exec.Command("pdftoppm", "-r", "144", "-png", "-singlefile", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngData, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range glyphs {
		// The glyph's em box, from its baseline up one em and a quarter em
		// below for descenders, in pixels.
		y := 2 * int(cell*float64(i+1))
		box := func(x float64) image.Rectangle {
			return image.Rect(2*int(x), y-2*int(size), 2*int(x+size), y+int(size/2))
		}
		glyph, missing, empty := box(cell), box(3*cell), box(5*cell)
		if ink := inked(img, glyph, image.Point{}); ink < 100 {
			t.Errorf("%+v: %d dark pixels where the glyph is drawn, want a glyph's worth", g, ink)
		}
		if diff := inked(img, glyph, missing.Min.Sub(glyph.Min)); diff < 100 {
			t.Errorf("%+v: the glyph differs from the missing glyph in %d pixels only", g, diff)
		}
		if ink := inked(img, empty, image.Point{}); ink != 0 {
			t.Errorf("%+v: %d dark pixels in an empty cell", g, ink)
		}
	}
}

// inked counts the pixels of r darker than mid-grey; with a non-zero
// offset, the pixels of r whose darkness differs from the pixel at that
// offset.
func inked(img image.Image, r image.Rectangle, offset image.Point) int {
	dark := func(x, y int) bool {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		return (cr+cg+cb)/3 < 0x8000
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if offset == (image.Point{}) && dark(x, y) || offset != (image.Point{}) && dark(x, y) != dark(x+offset.X, y+offset.Y) {
				n++
			}
		}
	}
	return n
}
