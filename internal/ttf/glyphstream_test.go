package ttf

import (
	"bytes"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/bookify/article2book/fonts"
)

// TestGlyphStream checks that the font a GlyphStream makes, its glyf
// table written glyph by glyph, is SubsetGlyphs' for the same glyphs:
// a composite drawn before its components takes them in right after it,
// a shifted quote its original, a component drawn later is a copy, and
// every table but glyf comes first, glyf last, the checksums right.
func TestGlyphStream(t *testing.T) {
	f, err := Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := sfnt.Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	glyph := func(r rune) uint16 {
		gi, err := orig.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			t.Fatalf("%q not in the font", r)
		}
		return uint16(gi)
	}
	var composite uint16
	var comps []Component
	for r := rune(0xA0); r < 0x3000 && composite == 0; r++ {
		if gi, err := orig.GlyphIndex(&buf, r); err == nil && gi != 0 {
			if c, _ := Components(f.Glyph(int(gi))); len(c) > 0 {
				composite, comps = uint16(gi), c
			}
		}
	}
	if composite == 0 {
		t.Fatal("no composite glyph in the font")
	}
	quote := glyph('“')
	em := f.UnitsPerEm()
	slots := []Slot{
		{Glyph: glyph('永')},
		{Glyph: quote, Shift: em - f.Advance(quote), Advance: em}, // its original after it
		{Glyph: composite},
		{Glyph: comps[0].Glyph}, // has an ID already: a copy
		{Glyph: glyph('A')},
		{Glyph: glyph('永')}, // again: a copy
	}
	var glyf bytes.Buffer
	s, err := f.NewGlyphStream(&glyf)
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint16
	for _, sl := range slots {
		id, err := s.Add(sl)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// 永 1, the shifted quote 2 and its original 3, the composite 4 and
	// its components, then the copy, A, the copy
	nc := len(comps)
	if want := []uint16{1, 2, 4, uint16(5 + nc), uint16(6 + nc), uint16(7 + nc)}; !slices.Equal(ids, want) {
		t.Errorf("IDs %v, want %v", ids, want)
	}
	if s.Len() != 8+nc || s.Slot(3) != (Slot{Glyph: quote}) || s.Slot(5) != (Slot{Glyph: comps[0].Glyph}) {
		t.Errorf("%d glyphs, glyph 3 %v, 5 %v; want %d, the quote, the first component", s.Len(), s.Slot(3), s.Slot(5), 8+nc)
	}
	head, size, err := s.Finish()
	if err != nil {
		t.Fatal(err)
	}
	data := append(head, glyf.Bytes()...)
	if len(data) != size || size%4 != 0 {
		t.Errorf("font of %d bytes, Finish said %d", len(data), size)
	}
	if Checksum(data) != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", Checksum(data))
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sfnt.Parse(data); err != nil {
		t.Errorf("x/image/font/sfnt: %v", err)
	}
	ref, err := f.SubsetGlyphs(s.Glyphs())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Parse(ref)
	for i, tb := range got.tables {
		w := want.Table(tb.tag)
		if tb.tag == "head" {
			w, tb.data = slices.Clone(w), slices.Clone(tb.data)
			copy(w[8:12], make([]byte, 4)) // checkSumAdjustment: the directories differ
			copy(tb.data[8:12], make([]byte, 4))
		}
		if !bytes.Equal(tb.data, w) {
			t.Errorf("table %q differs from SubsetGlyphs'", tb.tag)
		}
		if sum := Checksum(got.tables[i].data); tb.tag != "head" && sum != be.Uint32(data[12+16*i+4:]) {
			t.Errorf("table %q: checksum %#x in the directory, %#x of its data", tb.tag, be.Uint32(data[12+16*i+4:]), sum)
		}
	}
	if len(got.tables) != len(want.tables) {
		t.Errorf("%d tables, SubsetGlyphs %d", len(got.tables), len(want.tables))
	}
	if last := be.Uint32(data[12+16*slices.IndexFunc(got.tables, func(t table) bool { return t.tag == "glyf" })+8:]); int(last) != len(head) {
		t.Errorf("glyf at %d, want last, at %d", last, len(head))
	}
}
