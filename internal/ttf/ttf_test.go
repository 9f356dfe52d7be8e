package ttf

import (
	"reflect"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/fonts"
)

func TestBuildCmap(t *testing.T) {
	// Runs consecutive in both character and glyph share a segment; the
	// supplementary planes only go to format 12.
	entries := []Mapping{{'A', 10}, {'B', 11}, {'C', 12}, {'a', 3}, {0x4E00, 65000}, {0x4E01, 1}, {0x20000, 7}}
	data, err := buildCmap(entries)
	if err != nil {
		t.Fatal(err)
	}
	// fpdf takes the first format 4 subtable of platform 0 or (3,1);
	// both must hold the same entries.
	var recs [][3]uint32
	for i := range int(be.Uint16(data[2:])) {
		rec := data[4+8*i:]
		recs = append(recs, [3]uint32{uint32(be.Uint16(rec)), uint32(be.Uint16(rec[2:])), be.Uint32(rec[4:])})
	}
	if len(recs) != 4 || recs[0] != [3]uint32{0, 3, recs[2][2]} || recs[2][0] != 3 || recs[2][1] != 1 ||
		recs[1] != [3]uint32{0, 4, recs[3][2]} || recs[3][0] != 3 || recs[3][1] != 10 ||
		be.Uint16(data[recs[0][2]:]) != 4 || be.Uint16(data[recs[1][2]:]) != 12 {
		t.Errorf("encoding records %v, want (0,3) and (3,1) on one format 4, (0,4) and (3,10) on one format 12", recs)
	}
	f, err := sfnt.Parse(minimalFont(t, data))
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, e := range append(entries, Mapping{'D', 0}, Mapping{0x4E02, 0}, Mapping{0x20001, 0}) {
		if gi, err := f.GlyphIndex(&buf, e.Rune); err != nil || uint16(gi) != e.Glyph {
			t.Errorf("%U: glyph %d (%v), want %d", e.Rune, gi, err, e.Glyph)
		}
	}
}

func TestBuildCmapTooManySegments(t *testing.T) {
	var entries []Mapping
	for r := rune(0x4E00); r < 0x4E00+2*9000; r += 2 {
		entries = append(entries, Mapping{r, 1})
	}
	if _, err := buildCmap(entries); err == nil {
		t.Error("9000 segments gave a format 4 subtable, whose length field cannot hold them")
	}
}

// minimalFont wraps a cmap in LXGW WenKai with no outlines, giving
// sfnt.Parse a whole font to read.
func minimalFont(t *testing.T, cmap []byte) []byte {
	f, err := Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	var out []table
	for _, tb := range f.tables {
		switch tb.tag {
		case "cmap":
			tb.data = cmap
		case "glyf":
			tb.data = nil
		case "loca":
			tb.data = make([]byte, len(tb.data))
		}
		out = append(out, tb)
	}
	return write(f.version, out)
}

// TestSubsetCompact checks the renumbering subset fpdf gets: composite
// glyphs must point at their components' new IDs, and advances and
// outlines must survive.
func TestSubsetCompact(t *testing.T) {
	orig, err := sfnt.Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	var maps []Mapping
	for _, r := range "永和AéZ中文" {
		gi, err := orig.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			t.Fatalf("%q not in the font", r)
		}
		maps = append(maps, Mapping{r, uint16(gi)})
	}
	for r := rune(0xA0); r < 0x3000; r++ {
		gi, err := orig.GlyphIndex(&buf, r)
		if c, _ := Components(f.Glyph(int(gi))); err == nil && gi != 0 && len(c) > 0 {
			maps = append(maps, Mapping{r, uint16(gi)})
			break
		}
	}
	if len(maps) != 8 {
		t.Fatal("no composite glyph in the font")
	}
	data, err := f.Subset(maps, Options{Compact: true})
	if err != nil {
		t.Fatal(err)
	}
	if Checksum(data) != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", Checksum(data))
	}
	sub, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if sub.NumGlyphs() >= 2*len(maps)+1 {
		t.Errorf("%d glyphs for %d characters", sub.NumGlyphs(), len(maps))
	}
	ppem := fixed.I(1000)
	for _, m := range maps {
		gi, err := sub.GlyphIndex(&buf, m.Rune)
		if err != nil || gi == 0 {
			t.Errorf("%q unmapped (%v)", m.Rune, err)
			continue
		}
		want, err := orig.LoadGlyph(&buf, sfnt.GlyphIndex(m.Glyph), ppem, nil)
		if err != nil {
			t.Fatal(err)
		}
		want = slices.Clone(want)
		got, err := sub.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil || !reflect.DeepEqual([]sfnt.Segment(got), []sfnt.Segment(want)) {
			t.Errorf("%q: outline of %d segments (%v), want the original's %d", m.Rune, len(got), err, len(want))
		}
		wantAdv, _ := orig.GlyphAdvance(&buf, sfnt.GlyphIndex(m.Glyph), ppem, 0)
		if adv, err := sub.GlyphAdvance(&buf, gi, ppem, 0); err != nil || adv != wantAdv {
			t.Errorf("%q: advance %v (%v), want %v", m.Rune, adv, err, wantAdv)
		}
	}
}

// TestSubsetShortLoca checks that a font whose glyphs grow with 4-byte
// padding past what short loca offsets reach gets long ones.
func TestSubsetShortLoca(t *testing.T) {
	// 6-byte glyphs: 126,000 bytes fit short offsets; padded to 8 bytes
	// they do not.
	const n = 21000
	glyf := make([]byte, 6*n)
	loca := make([]byte, 0, 2*(n+1))
	for g := 0; g <= n; g++ {
		loca = be.AppendUint16(loca, uint16(3*g))
	}
	head := make([]byte, 54)
	maxp := be.AppendUint16(make([]byte, 4), n)
	font := write(0x00010000, []table{{"head", head}, {"maxp", maxp}, {"loca", loca}, {"glyf", glyf}})
	f, err := Parse(font)
	if err != nil {
		t.Fatal(err)
	}
	var maps []Mapping
	for g := 1; g < n; g++ {
		maps = append(maps, Mapping{rune(0x10000 + g), uint16(g)})
	}
	data, err := f.Subset(maps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if !sub.longLoca || sub.locaErr != nil || len(sub.Glyph(n-1)) != 8 {
		t.Errorf("long loca %v (%v), last glyph %d bytes; want long offsets to 8-byte glyphs", sub.longLoca, sub.locaErr, len(sub.Glyph(n-1)))
	}
}
