package ttf

import (
	"image"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// TestPixelFont draws each glyph of a pixel font at its own pixel size
// with x/image's rasteriser and compares it with the bitmap it was made
// from, pixel by pixel: random bitmaps (holes, pixels touching only at
// a corner, the edges of the box), an empty one and a full one.
func TestPixelFont(t *testing.T) {
	const size = 12
	p := Pixels{Family: "Test Pixels", Size: size, Unit: 40, Top: 400, Notice: "Drawn from random bits"}
	rb := (size + 7) / 8
	rng := rand.New(rand.NewPCG(1, 2))
	var runes []rune
	var maps [][]byte
	for i := range 40 {
		bm := make([]byte, rb*size)
		for j := range bm {
			switch i {
			case 0:
			case 1:
				bm[j] = 0xFF
			default:
				bm[j] = byte(rng.UintN(256)) & byte(rng.UintN(256)|rng.UintN(256))
			}
		}
		runes = append(runes, 0x30000+rune(i))
		maps = append(maps, bm)
	}
	f, err := PixelFont(p, runes, func(i int) []byte { return maps[i] })
	if err != nil {
		t.Fatal(err)
	}
	var all []Mapping
	for i, r := range runes {
		all = append(all, Mapping{Rune: r, Glyph: uint16(i + 1)})
		// TrueType wants each glyph's left side bearing at its xMin
		x0, _, _, _, ok := f.Bounds(uint16(i + 1))
		if _, lsb, _ := longMetric(f.hhea, f.hmtx, i+1, f.numGlyphs); ok && lsb != x0 {
			t.Errorf("U+%X: left side bearing %d, xMin %d", r, lsb, x0)
		}
	}
	if n := len(f.Table("OS/2")); n != 96 {
		t.Errorf("OS/2 of %d bytes, want 96 (version 4)", n)
	}
	if n, err := keepNames(f.Table("name"), 0); err != nil || !strings.Contains(string(n), "\x00D\x00r\x00a\x00w\x00n") {
		t.Errorf("name table %q (%v) lacks the notice", f.Table("name"), err)
	}
	// drawn through a subset, as the renderers draw it
	data, err := f.Subset(all, Options{Compact: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.UnitsPerEm() != size*p.Unit || f.Advance(5) != size*p.Unit {
		t.Errorf("em %d, advance %d, want %d", f.UnitsPerEm(), f.Advance(5), size*p.Unit)
	}
	sf, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for i, r := range runes {
		g, err := sf.GlyphIndex(&buf, r)
		if err != nil || int(g) != i+1 {
			t.Fatalf("U+%X: glyph %d (%v), want %d", r, g, err, i+1)
		}
		segs, err := sf.LoadGlyph(&buf, g, fixed.I(size), nil)
		if err != nil {
			t.Fatal(err)
		}
		z := vector.NewRasterizer(size, size)
		top := float32(p.Top) / float32(p.Unit)
		for _, s := range segs {
			x, y := float32(s.Args[0].X)/64, top+float32(s.Args[0].Y)/64
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				z.MoveTo(x, y)
			case sfnt.SegmentOpLineTo:
				z.LineTo(x, y)
			default:
				t.Fatalf("U+%X: a curve in a pixel glyph", r)
			}
		}
		z.ClosePath()
		img := image.NewAlpha(image.Rect(0, 0, size, size))
		z.Draw(img, img.Bounds(), image.Opaque, image.Point{})
		for y := range size {
			for x := range size {
				want := maps[i][y*rb+x/8]&(0x80>>(x%8)) != 0
				if a := img.AlphaAt(x, y).A; (a > 250) != want || (a > 5 && a <= 250) {
					t.Errorf("U+%X: pixel (%d,%d) coverage %d, want set %v", r, x, y, a, want)
				}
			}
		}
	}
}
