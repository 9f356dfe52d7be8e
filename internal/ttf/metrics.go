package ttf

// UnitsPerEm returns the font's design units per em (head), in which
// Advance and VAdvance measure.
func (f *Font) UnitsPerEm() int {
	return int(be.Uint16(f.Table("head")[18:]))
}

// Advance returns the horizontal advance of glyph g in font units, from
// hmtx; 0 for a glyph out of range or a font without hmtx.
func (f *Font) Advance(g uint16) int {
	adv, _, _ := longMetric(f.hhea, f.hmtx, int(g), f.numGlyphs)
	return adv
}

// InkRight returns the right edge of glyph g's outline (the glyf header's
// xMax) in font units; ok is false for an empty glyph or one the font has
// no glyf data for.
func (f *Font) InkRight(g uint16) (xMax int, ok bool) {
	d := f.Glyph(int(g))
	if len(d) < 10 {
		return 0, false
	}
	return int(int16(be.Uint16(d[6:]))), true
}

// VAdvance returns the vertical advance of glyph g and its top side
// bearing (the distance from the vertical origin's line down to the top
// of the glyph's box), in font units, from vmtx. ok is false when the
// font has no vertical metrics: vertical text then advances a whole em
// per ideograph.
func (f *Font) VAdvance(g uint16) (adv, tsb int, ok bool) {
	return longMetric(f.vhea, f.vmtx, int(g), f.numGlyphs)
}

// longMetric reads an hmtx or vmtx entry: numberOf(H|V)Metrics (at offset
// 34 of hhea and vhea alike) pairs of advance and side bearing, then side
// bearings alone for the glyphs after, which share the last advance.
func longMetric(hea, mtx []byte, g, numGlyphs int) (adv, bearing int, ok bool) {
	if len(hea) < 36 || g < 0 || g >= numGlyphs {
		return 0, 0, false
	}
	n := int(be.Uint16(hea[34:]))
	if n == 0 || len(mtx) < 4*n {
		return 0, 0, false
	}
	adv = int(be.Uint16(mtx[4*min(g, n-1):]))
	at := 4*g + 2
	if g >= n {
		at = 4*n + 2*(g-n)
	}
	if at+2 <= len(mtx) {
		bearing = int(int16(be.Uint16(mtx[at:])))
	}
	return adv, bearing, true
}

// Bounds returns the box of glyph g's outline in font units, from its
// glyf header; ok is false for an empty glyph (a space) or one out of
// range.
func (f *Font) Bounds(g uint16) (x0, y0, x1, y1 int, ok bool) {
	d := f.Glyph(int(g))
	if len(d) < 10 {
		return 0, 0, 0, 0, false
	}
	s := func(at int) int { return int(int16(be.Uint16(d[at:]))) }
	return s(2), s(4), s(6), s(8), true
}
