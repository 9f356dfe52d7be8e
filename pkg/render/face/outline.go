package face

import (
	"sync"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/internal/ttf"
)

// outlines is each face parsed for its glyph outlines, on first use: only
// the tables sfnt reads to find a glyph are read.
var outlines [NumFaces]struct {
	once sync.Once
	f    *sfnt.Font
	err  error
}

// Outline returns the outline of glyph g of face id in font units, y
// down as on a page (sfnt.Segments at a size of one unit per em unit, in
// 26.6 fixed point): what a writer draws the glyph with when it draws
// outlines rather than text (the EPUB's cover).
func Outline(id ID, g uint16) (sfnt.Segments, error) {
	m, err := Open(id)
	if err != nil {
		return nil, err
	}
	o := &outlines[id]
	if m.open != nil {
		// A made font is read through a subset of the one glyph.
		data, err := m.font.SubsetGlyphs([]ttf.Slot{{Glyph: g}})
		if err != nil {
			return nil, err
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, err
		}
		return load(f, 1, m.UnitsPerEm())
	}
	o.once.Do(func() {
		var data []byte
		if data, o.err = fontsFace(m.face); o.err == nil {
			o.f, o.err = sfnt.Parse(data)
		}
	})
	if o.err != nil {
		return nil, o.err
	}
	return load(o.f, g, m.UnitsPerEm())
}

func load(f *sfnt.Font, g uint16, upem int) (sfnt.Segments, error) {
	var buf sfnt.Buffer
	segs, err := f.LoadGlyph(&buf, sfnt.GlyphIndex(g), fixed.I(upem), nil)
	if err != nil {
		return nil, err
	}
	return append(sfnt.Segments(nil), segs...), nil
}

// Bold returns the bold face of body face id: the face a PDF sets titles
// in.
func Bold(id ID) ID {
	switch id {
	case Song, SongBold:
		return SongBold
	case Serif, SerifBold, SerifItalic, SerifBoldItalic:
		return SerifBold
	}
	return KaiBold
}
