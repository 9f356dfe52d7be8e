package ttf

import (
	"reflect"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/fonts"
)

// TestSubsetGlyphs checks the subset a PDF draws by glyph ID: slot i is
// glyph i+1 with the original's outline and advance, a composite glyph's
// components come along, a glyph asked for twice is drawn twice, and a
// shifted slot is the glyph moved right in a wider cell.
func TestSubsetGlyphs(t *testing.T) {
	orig, err := sfnt.Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	var slots []Slot
	for _, r := range "永𠮷Aé“" {
		gi, err := orig.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			t.Fatalf("%q not in the font", r)
		}
		slots = append(slots, Slot{Glyph: uint16(gi)})
	}
	for r := rune(0xA0); r < 0x3000; r++ {
		gi, err := orig.GlyphIndex(&buf, r)
		if c, _ := Components(f.Glyph(int(gi))); err == nil && gi != 0 && len(c) > 0 {
			slots = append(slots, Slot{Glyph: uint16(gi)})
			break
		}
	}
	if len(slots) != 6 {
		t.Fatal("no composite glyph in the font")
	}
	quote := slots[4].Glyph
	em := f.UnitsPerEm()
	shift := em - f.Advance(quote)
	slots = append(slots, Slot{Glyph: slots[0].Glyph}, Slot{Glyph: quote, Shift: shift, Advance: em})
	data, err := f.SubsetGlyphs(slots)
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
	ppem := fixed.I(em)
	for i, s := range slots {
		gi := sfnt.GlyphIndex(i + 1)
		want, err := orig.LoadGlyph(&buf, sfnt.GlyphIndex(s.Glyph), ppem, nil)
		if err != nil {
			t.Fatal(err)
		}
		want = slices.Clone(want)
		for k := range want {
			for p := range want[k].Args {
				want[k].Args[p].X += fixed.I(s.Shift)
			}
		}
		got, err := sub.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil || !reflect.DeepEqual([]sfnt.Segment(got), []sfnt.Segment(want)) {
			t.Errorf("slot %d (glyph %d): outline of %d segments (%v), want the original's %d", i, s.Glyph, len(got), err, len(want))
		}
		wantAdv, _ := orig.GlyphAdvance(&buf, sfnt.GlyphIndex(s.Glyph), ppem, 0)
		if s.Advance != 0 {
			wantAdv = fixed.I(s.Advance)
		}
		if adv, err := sub.GlyphAdvance(&buf, gi, ppem, 0); err != nil || adv != wantAdv {
			t.Errorf("slot %d: advance %v (%v), want %v", i, adv, err, wantAdv)
		}
	}
}

// TestSubsetGlyphsTables checks that a PDF's subset carries the tables a
// TrueType font program in a PDF needs and no others, and of the names
// only the copyright and the licence's address.
func TestSubsetGlyphsTables(t *testing.T) {
	f, err := Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	data, err := f.SubsetGlyphs([]Slot{{Glyph: 1}, {Glyph: 2}})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, tb := range sub.tables {
		tags = append(tags, tb.tag)
	}
	want := []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}
	for _, h := range hintTables {
		if f.Table(h) != nil {
			want = append(want, h)
		}
	}
	slices.Sort(want)
	if !slices.Equal(tags, want) {
		t.Errorf("tables %q, want %q", tags, want)
	}
	// three glyphs (.notdef and the two) in a small glyf: short offsets
	if format, loca := be.Uint16(sub.Table("head")[50:]), sub.Table("loca"); format != 0 || len(loca) != 2*4 {
		t.Errorf("indexToLocFormat %d, loca of %d bytes; want short offsets, 8 bytes", format, len(loca))
	}
	if cm, err := sub.Cmap(); err != nil || cm.Len() != 0 {
		t.Errorf("cmap: %v, %d characters mapped, want none", err, cm.Len())
	}
	name := sub.Table("name")
	var ids []uint16
	for i := range int(be.Uint16(name[2:])) {
		ids = append(ids, be.Uint16(name[6+12*i+6:]))
	}
	if !slices.Equal(ids, []uint16{0, 14}) {
		t.Errorf("name IDs %v, want [0 14] (copyright, licence URL)", ids)
	}
}
