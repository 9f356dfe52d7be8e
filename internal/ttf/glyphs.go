package ttf

import (
	"errors"
	"fmt"
	"slices"
)

// Slot is one glyph of a subset made by SubsetGlyphs: glyph Glyph of the
// font, or, when Advance is not 0, a new glyph drawing Glyph moved right
// by Shift font units in a cell Advance wide (a proportional curly quote
// set in a full em).
type Slot struct {
	Glyph          uint16
	Shift, Advance int
}

// SubsetGlyphs returns a font whose glyph 1+i is slots[i] (glyph 0 stays
// .notdef), then the components composite glyphs need. It is the font a
// PDF draws by glyph ID (CIDFontType2 with an identity CIDToGIDMap): the
// caller numbers glyphs as it draws them and the subset keeps that
// numbering. It holds only what a PDF's TrueType font program needs
// (PDF 32000-1, 9.9: head, hhea, hmtx, maxp, loca, glyf and the hinting
// tables cvt, fpgm and prep), as Ghostscript's and Typst's subsets do; an
// empty cmap (a PDF maps codes to glyphs itself) and a post without glyph
// names, which font parsers such as x/image/font/sfnt want there; no OS/2
// or gasp; of the name table only the copyright and the licence's
// address. What went was 2 KB of a Chinese news page's 80 KB. The PDF
// makes this font a glyph at a time (GlyphStream); SubsetGlyphs makes it
// at once, and is what the tests hold GlyphStream to.
func (f *Font) SubsetGlyphs(slots []Slot) ([]byte, error) {
	if f.locaErr != nil {
		return nil, f.locaErr
	}
	if 1+len(slots) > 0xFFFF {
		return nil, errors.New("too many glyphs")
	}
	slots = slices.Clone(slots)
	order, newID, err := f.slotOrder(slots)
	if err != nil {
		return nil, err
	}
	glyf, loca, long := f.slotGlyf(order, newID, slots)
	tables, err := f.slotTables(order, slots, loca, long)
	if err != nil {
		return nil, err
	}
	return write(f.version, append(tables, table{"glyf", glyf})), nil
}

// slotTables returns the tables of SubsetGlyphs' font but glyf, for the
// glyphs of order (see slotOrder) and its loca.
func (f *Font) slotTables(order []int, slots []Slot, loca []byte, long bool) ([]table, error) {
	metrics, err := f.slotMetrics(order, slots)
	if err != nil {
		return nil, err
	}
	head := slices.Clone(f.Table("head"))
	be.PutUint16(head[50:], 0) // indexToLocFormat
	if long {
		be.PutUint16(head[50:], 1)
	}
	out := []table{{"head", head}, {"loca", loca}, {"cmap", emptyCmap()}, {"post", post3(f.Table("post"))}}
	out = append(out, metrics...)
	for _, t := range f.tables {
		if slices.Contains(hintTables, t.tag) {
			out = append(out, t)
		}
	}
	if name := f.Table("name"); name != nil {
		if n, err := keepNames(name, 0, 14); err == nil && n != nil {
			out = append(out, table{"name", n})
		}
	}
	return out, nil
}

// hintTables are the TrueType instructions' tables, which a PDF font
// program keeps when the font has them.
var hintTables = []string{"cvt ", "fpgm", "prep"}

// slotOrder returns the source glyph of each glyph of the subset (-1 for
// one made for it: a copy or a shifted glyph), slots first, then the
// components composite glyphs need, and the new ID of each source glyph
// kept as itself. A slot repeating a glyph gets its advance, for the
// copy.
func (f *Font) slotOrder(slots []Slot) (order []int, newID map[int]uint16, err error) {
	newID = make(map[int]uint16, 1+len(slots))
	order = make([]int, 0, 1+len(slots))
	order = append(order, 0)
	newID[0] = 0
	for _, s := range slots {
		g := int(s.Glyph)
		if g >= f.numGlyphs {
			g = 0
		}
		if _, ok := newID[g]; !ok && s.Advance == 0 {
			newID[g] = uint16(len(order))
			order = append(order, g)
			continue
		}
		if s.Advance == 0 { // a glyph again: a copy of it
			slots[len(order)-1].Advance = f.Advance(uint16(g))
		}
		order = append(order, -1)
	}
	need := func(g int) {
		if _, ok := newID[g]; !ok {
			newID[g] = uint16(len(order))
			order = append(order, g)
		}
	}
	for _, s := range slots {
		if int(s.Glyph) < f.numGlyphs {
			need(int(s.Glyph))
		}
	}
	for i := 0; i < len(order); i++ { // order grows as components are found
		if order[i] < 0 {
			continue
		}
		comps, err := Components(f.Glyph(order[i]))
		if err != nil {
			return nil, nil, fmt.Errorf("glyph %d: %w", order[i], err)
		}
		for _, c := range comps {
			if int(c.Glyph) >= f.numGlyphs {
				return nil, nil, fmt.Errorf("glyph %d: component %d out of range", order[i], c.Glyph)
			}
			need(int(c.Glyph))
		}
	}
	return order, newID, nil
}

// slotGlyf returns glyf and its loca for the glyphs of order: source
// glyphs with their components renumbered, made ones as composites of
// the glyph they show. Glyphs are padded to an even length, so that a
// glyf under 128 KB (a news page's is about 95) takes short offsets, half
// the bytes of long ones: 300 bytes less compressed for 300 glyphs.
func (f *Font) slotGlyf(order []int, newID map[int]uint16, slots []Slot) (glyf, loca []byte, long bool) {
	offsets := make([]int, 0, len(order)+1)
	size := 0
	for _, old := range order {
		if old < 0 {
			size += 20 // appendShifted's composite of one glyph
		} else {
			size += len(f.Glyph(old)) + 3
		}
	}
	glyf = make([]byte, 0, size)
	for i, old := range order {
		offsets = append(offsets, len(glyf))
		var s Slot
		if old < 0 {
			s = slots[i-1]
			s.Glyph = uint16(min(int(s.Glyph), f.numGlyphs-1))
		}
		glyf = f.appendGlyph(glyf, old, s, newID)
	}
	offsets = append(offsets, len(glyf))
	long = len(glyf) > 2*0xFFFF
	return glyf, appendLoca(nil, offsets, long), long
}

// appendGlyph appends to glyf the glyph old of the font, its components
// renumbered by newID, or, for old < 0, the glyph made for s (a composite
// of the glyph it shows), padded to an even length. appendShifted pads
// from the start of glyf, so glyf is what the table holds up to here, or
// as many bytes as that modulo four.
func (f *Font) appendGlyph(glyf []byte, old int, s Slot, newID map[int]uint16) []byte {
	if old < 0 {
		return appendShifted(glyf, f.Glyph(int(s.Glyph)), newID[int(s.Glyph)], s.Shift)
	}
	start := len(glyf)
	g := f.Glyph(old)
	glyf = append(glyf, g...)
	comps, _ := Components(g)
	for _, c := range comps {
		be.PutUint16(glyf[start+c.At:], newID[int(c.Glyph)])
	}
	if (len(glyf)-start)%2 != 0 {
		glyf = append(glyf, 0)
	}
	return glyf
}

// slotMetrics returns hhea, maxp and hmtx for the glyphs of SubsetGlyphs.
func (f *Font) slotMetrics(order []int, slots []Slot) ([]table, error) {
	hhea, hmtx := f.Table("hhea"), f.Table("hmtx")
	if len(hhea) < 36 {
		return nil, errors.New("missing or short hhea")
	}
	numH := int(be.Uint16(hhea[34:]))
	if numH == 0 || len(hmtx) < 4*numH {
		return nil, errors.New("bad hmtx")
	}
	lsbOf := func(old int) uint16 {
		at := 4*old + 2
		if old >= numH {
			at = 4*numH + 2*(old-numH)
		}
		if at+2 <= len(hmtx) {
			return be.Uint16(hmtx[at:])
		}
		return 0
	}
	newHhea := slices.Clone(hhea)
	out := make([]byte, 0, 4*len(order))
	for i, old := range order {
		if old < 0 {
			s := slots[i-1]
			base := min(int(s.Glyph), f.numGlyphs-1)
			out = be.AppendUint16(out, uint16(s.Advance))
			out = be.AppendUint16(out, lsbOf(base)+uint16(int16(s.Shift)))
			if uint16(s.Advance) > be.Uint16(newHhea[10:]) {
				be.PutUint16(newHhea[10:], uint16(s.Advance)) // advanceWidthMax
			}
			continue
		}
		out = be.AppendUint16(out, be.Uint16(hmtx[4*min(old, numH-1):]))
		out = be.AppendUint16(out, lsbOf(old))
	}
	n := uint16(len(order))
	be.PutUint16(newHhea[34:], n)
	maxp := slices.Clone(f.Table("maxp"))
	be.PutUint16(maxp[4:], n)
	if len(maxp) >= 32 {
		// shifted glyphs are composites of one component, one level deep
		be.PutUint16(maxp[28:], max(1, be.Uint16(maxp[28:])))
		be.PutUint16(maxp[30:], max(1, be.Uint16(maxp[30:])))
	}
	return []table{{"hhea", newHhea}, {"maxp", maxp}, {"hmtx", out}}, nil
}

// emptyCmap is a cmap of one subtable, Windows Unicode, mapping nothing.
func emptyCmap() []byte {
	f4, _ := cmapFormat4(nil) // the 0xFFFF segment alone
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, 1)
	out = be.AppendUint16(out, 3)
	out = be.AppendUint16(out, 1)
	out = be.AppendUint32(out, 12)
	return append(out, f4...)
}
