package ttf

import (
	"maps"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/fonts"
)

// cmapWith assembles a cmap table of the given (platform, encoding,
// subtable) records.
func cmapWith(recs ...cmapRec) []byte {
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, uint16(len(recs)))
	off := 4 + 8*len(recs)
	var body []byte
	for _, r := range recs {
		out = be.AppendUint16(out, r.plat)
		out = be.AppendUint16(out, r.enc)
		out = be.AppendUint32(out, uint32(off+len(body)))
		body = append(body, r.sub...)
	}
	return append(out, body...)
}

type cmapRec struct {
	plat, enc uint16
	sub       []byte
}

// format4 writes a format 4 subtable; a segment with glyphs uses
// idRangeOffset into them, one without uses its delta.
func format4(segs ...seg4) []byte {
	n := len(segs)
	var glyphs []uint16
	offsets := make([]int, n)
	for i, s := range segs {
		if s.glyphs != nil {
			// Relative to the segment's own idRangeOffset entry.
			offsets[i] = 2*(n-i) + 2*len(glyphs)
			glyphs = append(glyphs, s.glyphs...)
		}
	}
	b := be.AppendUint16(nil, 4)
	b = be.AppendUint16(b, uint16(16+8*n+2*len(glyphs)))
	b = be.AppendUint16(b, 0)
	b = be.AppendUint16(b, uint16(2*n))
	b = append(b, 0, 0, 0, 0, 0, 0) // search fields, unused by readers here
	for _, s := range segs {
		b = be.AppendUint16(b, s.end)
	}
	b = be.AppendUint16(b, 0)
	for _, s := range segs {
		b = be.AppendUint16(b, s.start)
	}
	for _, s := range segs {
		b = be.AppendUint16(b, s.delta)
	}
	for i := range segs {
		b = be.AppendUint16(b, uint16(offsets[i]))
	}
	for _, g := range glyphs {
		b = be.AppendUint16(b, g)
	}
	return b
}

type seg4 struct {
	start, end, delta uint16
	glyphs            []uint16
}

func format12(groups ...[3]uint32) []byte {
	b := be.AppendUint16(nil, 12)
	b = be.AppendUint16(b, 0)
	b = be.AppendUint32(b, uint32(16+12*len(groups)))
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, uint32(len(groups)))
	for _, g := range groups {
		b = be.AppendUint32(b, g[0])
		b = be.AppendUint32(b, g[1])
		b = be.AppendUint32(b, g[2])
	}
	return b
}

func TestCmapFormats(t *testing.T) {
	end := seg4{start: 0xFFFF, end: 0xFFFF, delta: 1}
	f4 := format4(
		seg4{start: 'A', end: 'C', delta: 0x10000 + 10 - 'A'},             // A-C -> 10-12
		seg4{start: 'a', end: 'c', delta: 100, glyphs: []uint16{5, 0, 7}}, // a -> 105, b none, c -> 107
		seg4{start: 0xE000, end: 0xE000, delta: 0x10000 + 30000 - 0xE000}, // past the glyph count of a 29,145-glyph font
		end,
	)
	f12 := format12([3]uint32{'A', 'B', 20}, [3]uint32{0xFFFE, 0x10001, 40}, [3]uint32{0x20000, 0x20000, 60})
	tests := []struct {
		name    string
		cmap    []byte
		want    map[rune]uint16
		wantErr bool
	}{
		{"format 4", cmapWith(cmapRec{3, 1, f4}), map[rune]uint16{'A': 10, 'B': 11, 'C': 12, 'a': 105, 'c': 107}, false},
		{"format 4 on platform 0", cmapWith(cmapRec{0, 3, f4}), map[rune]uint16{'A': 10, 'B': 11, 'C': 12, 'a': 105, 'c': 107}, false},
		{"format 12 preferred", cmapWith(cmapRec{3, 1, f4}, cmapRec{3, 10, f12}), map[rune]uint16{
			'A': 20, 'B': 21, 0xFFFE: 40, 0xFFFF: 41, 0x10000: 42, 0x10001: 43, 0x20000: 60}, false},
		{"symbol only", cmapWith(cmapRec{3, 0, f4}), nil, true},
		{"no subtables", cmapWith(), nil, true},
		{"groups out of order", cmapWith(cmapRec{3, 10, format12([3]uint32{0x20000, 0x20000, 1}, [3]uint32{'A', 'A', 2})}), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(minimalFont(t, tt.cmap))
			if err != nil {
				t.Fatal(err)
			}
			c, err := f.Cmap()
			if tt.wantErr {
				if err == nil {
					t.Errorf("no error; %d characters", c.Len())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := maps.Collect(c.All())
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
			if c.Len() != len(tt.want) {
				t.Errorf("Len %d, want %d", c.Len(), len(tt.want))
			}
			for r, g := range tt.want {
				if c.Glyph(r) != g {
					t.Errorf("Glyph(%U) = %d, want %d", r, c.Glyph(r), g)
				}
			}
			for _, r := range []rune{'D', 'b', 0xE000, 0x10002, 0x1FFFF, 0x10FFFF, -1} {
				if _, ok := tt.want[r]; !ok && c.Glyph(r) != 0 {
					t.Errorf("Glyph(%U) = %d, want 0", r, c.Glyph(r))
				}
			}
		})
	}
}

// TestCmapFaces checks Cmap against x/image/font/sfnt on every embedded
// face, for every code point.
func TestCmapFaces(t *testing.T) {
	for _, name := range fonts.Names {
		t.Run(name, func(t *testing.T) {
			data, err := fonts.Face(name)
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
			ref, err := sfnt.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			var buf sfnt.Buffer
			n := 0
			for r := rune(0); r <= 0x10FFFF; r++ {
				want, _ := ref.GlyphIndex(&buf, r)
				if got := c.Glyph(r); got != uint16(want) {
					t.Fatalf("%U: glyph %d, sfnt says %d", r, got, want)
				}
				if want != 0 {
					n++
				}
			}
			if n != c.Len() {
				t.Errorf("Len %d, %d characters mapped", c.Len(), n)
			}
		})
	}
}

// TestMetrics checks Advance against sfnt and VAdvance against vmtx read
// by hand, on every face.
func TestMetrics(t *testing.T) {
	for _, name := range fonts.Names {
		t.Run(name, func(t *testing.T) {
			data, _ := fonts.Face(name)
			f, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := sfnt.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			upem := f.UnitsPerEm()
			if int(ref.UnitsPerEm()) != upem {
				t.Fatalf("UnitsPerEm %d, sfnt says %d", upem, ref.UnitsPerEm())
			}
			var buf sfnt.Buffer
			for g := range f.NumGlyphs() {
				want, err := ref.GlyphAdvance(&buf, sfnt.GlyphIndex(g), fixed.I(upem), 0)
				if err != nil {
					t.Fatal(err)
				}
				if got := f.Advance(uint16(g)); got != want.Round() {
					t.Fatalf("glyph %d: advance %d, sfnt says %d", g, got, want.Round())
				}
			}
			if f.Advance(uint16(f.NumGlyphs())) != 0 {
				t.Error("a glyph past the count has an advance")
			}
			_, _, hasV := f.VAdvance(1)
			if want := f.Table("vmtx") != nil; hasV != want {
				t.Errorf("VAdvance ok %v, vmtx present %v", hasV, want)
			}
		})
	}
}

// TestVAdvanceKai checks vertical metrics where they matter: an
// ideograph advances a whole em down the column in LXGW WenKai, and the
// compact subset keeps that.
func TestVAdvanceKai(t *testing.T) {
	f, err := Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Cmap()
	if err != nil {
		t.Fatal(err)
	}
	g := c.Glyph('永')
	adv, tsb, ok := f.VAdvance(g)
	if !ok || adv != f.UnitsPerEm() || tsb <= 0 || tsb > f.UnitsPerEm()/4 {
		t.Errorf("永: vertical advance %d, top side bearing %d (ok %v); want %d and a small positive bearing", adv, tsb, ok, f.UnitsPerEm())
	}
	sub, err := f.Subset([]Mapping{{'永', g}}, Options{Compact: true})
	if err != nil {
		t.Fatal(err)
	}
	sf, err := Parse(sub)
	if err != nil {
		t.Fatal(err)
	}
	if a, b, ok := sf.VAdvance(1); !ok || a != adv || b != tsb {
		t.Errorf("subset: %d, %d (ok %v), want %d, %d", a, b, ok, adv, tsb)
	}
}

func BenchmarkCmap(b *testing.B) {
	for _, name := range []string{"kai", "song", "fallback", "emoji", "ext"} {
		data, err := fonts.Face(name)
		if err != nil {
			b.Fatal(err)
		}
		f, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := f.Cmap(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGlyph(b *testing.B) {
	f, _ := Parse(fonts.Regular)
	c, _ := f.Cmap()
	text := []rune("会议强调，2025 年𠮷𪚥😀")
	for b.Loop() {
		for _, r := range text {
			c.Glyph(r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(text)), "ns/rune")
}

// TestBounds checks glyph boxes against the extremes of the points sfnt
// loads for the same glyphs.
func TestBounds(t *testing.T) {
	f, err := Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := sfnt.Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := f.Cmap()
	upem := fixed.I(f.UnitsPerEm())
	var buf sfnt.Buffer
	for _, r := range "永，。「A" {
		g := c.Glyph(r)
		x0, y0, x1, y1, ok := f.Bounds(g)
		segs, err := ref.LoadGlyph(&buf, sfnt.GlyphIndex(g), upem, nil)
		if err != nil || !ok {
			t.Fatalf("%q: %v (ok %v)", r, err, ok)
		}
		bx0, by0, bx1, by1 := 1<<30, 1<<30, -1<<30, -1<<30
		for _, s := range segs {
			for _, p := range s.Args[:map[sfnt.SegmentOp]int{sfnt.SegmentOpMoveTo: 1, sfnt.SegmentOpLineTo: 1, sfnt.SegmentOpQuadTo: 2, sfnt.SegmentOpCubeTo: 3}[s.Op]] {
				x, y := p.X.Round(), -p.Y.Round()
				bx0, by0, bx1, by1 = min(bx0, x), min(by0, y), max(bx1, x), max(by1, y)
			}
		}
		if x0 != bx0 || y0 != by0 || x1 != bx1 || y1 != by1 {
			t.Errorf("%q: bounds (%d %d %d %d), sfnt's points span (%d %d %d %d)", r, x0, y0, x1, y1, bx0, by0, bx1, by1)
		}
	}
	if _, _, _, _, ok := f.Bounds(c.Glyph(' ')); ok {
		t.Error("a space has bounds")
	}
}
