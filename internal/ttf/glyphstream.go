package ttf

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// A GlyphStream makes the font SubsetGlyphs makes, a glyph at a time, its
// glyf table written out as glyphs are added: a PDF knows each glyph as
// it first draws it, and the glyf table, most of a subset's bytes, can be
// compressed while the rest of the book is drawn. The other tables come
// at the end (Finish), before glyf in the file, as TrueType allows tables
// in any order (only the directory goes by tag).
//
// What a glyph is drawn from goes in right after it as glyphs of their
// own: a composite's components and a made glyph's original, when they
// have no ID yet, since the glyph's bytes name their IDs. SubsetGlyphs
// given the slots of every glyph in order (see Slot) makes the same
// glyphs.
type GlyphStream struct {
	f    *Font
	glyf io.Writer
	// order and slots are as slotOrder makes them: the source glyph of
	// each glyph (-1 for a made one) and, by ID-1, its slot
	order []int
	slots []Slot
	newID map[int]uint16
	// offsets holds where each glyph begins in glyf; size is its length
	offsets []int
	size    int
	// sum is the table checksum of glyf[:size&^3]; tail the bytes after
	sum  uint32
	tail []byte
	buf  []byte
	err  error
}

// NewGlyphStream starts a subset whose glyf table goes to glyf, .notdef
// first.
func (f *Font) NewGlyphStream(glyf io.Writer) (*GlyphStream, error) {
	if f.locaErr != nil {
		return nil, f.locaErr
	}
	s := &GlyphStream{f: f, glyf: glyf, newID: map[int]uint16{0: 0}, order: []int{0}}
	s.emit(0)
	return s, s.err
}

// Add appends slot as the next glyph, with the glyphs it is drawn from
// that have none yet after it, and returns its ID. A plain slot of a
// glyph that has an ID already is a copy of it.
func (s *GlyphStream) Add(slot Slot) (uint16, error) {
	if s.err != nil {
		return 0, s.err
	}
	if len(s.order) >= 0xFFFF {
		return 0, errors.New("too many glyphs")
	}
	g := int(slot.Glyph)
	if g >= s.f.numGlyphs {
		g, slot.Glyph = 0, 0
	}
	id := uint16(len(s.order))
	if _, ok := s.newID[g]; !ok && slot.Advance == 0 {
		s.newID[g] = id
		s.order = append(s.order, g)
	} else {
		if slot.Advance == 0 {
			slot.Advance = s.f.Advance(uint16(g))
		}
		s.order = append(s.order, -1)
	}
	s.slots = append(s.slots, slot)
	s.need(g)
	for i := int(id); i < len(s.order) && s.err == nil; i++ {
		s.emit(i)
	}
	return id, s.err
}

// need gives g, and the components it needs, IDs after the last glyph.
func (s *GlyphStream) need(g int) {
	start := len(s.order)
	if _, ok := s.newID[g]; !ok {
		s.newID[g] = uint16(start)
		s.order = append(s.order, g)
		s.slots = append(s.slots, Slot{Glyph: uint16(g)})
	}
	// the glyph added and those just given IDs may be composites
	for i := start - 1; i < len(s.order); i++ {
		if s.order[i] < 0 {
			continue
		}
		comps, err := Components(s.f.Glyph(s.order[i]))
		if err != nil {
			s.err = fmt.Errorf("glyph %d: %w", s.order[i], err)
			return
		}
		for _, c := range comps {
			if int(c.Glyph) >= s.f.numGlyphs {
				s.err = fmt.Errorf("glyph %d: component %d out of range", s.order[i], c.Glyph)
				return
			}
			if _, ok := s.newID[int(c.Glyph)]; !ok {
				s.newID[int(c.Glyph)] = uint16(len(s.order))
				s.order = append(s.order, int(c.Glyph))
				s.slots = append(s.slots, Slot{Glyph: c.Glyph})
			}
		}
	}
	if len(s.order) > 0xFFFF {
		s.err = errors.New("too many glyphs")
	}
}

// emit writes glyph i as slotGlyf does (see appendGlyph).
func (s *GlyphStream) emit(i int) {
	// appendShifted pads to four bytes from the start of glyf
	lead := s.size % 4
	var sl Slot
	if s.order[i] < 0 {
		sl = s.slots[i-1]
	}
	b := s.f.appendGlyph(append(s.buf[:0], make([]byte, lead)...), s.order[i], sl, s.newID)
	s.buf = b
	s.offsets = append(s.offsets, s.size)
	s.write(b[lead:])
}

// write sends b on as glyf's next bytes, adding its whole words to the
// checksum.
func (s *GlyphStream) write(b []byte) {
	if _, err := s.glyf.Write(b); err != nil && s.err == nil {
		s.err = err
	}
	s.size += len(b)
	if n := len(s.tail); n > 0 {
		k := min(4-n, len(b))
		s.tail = append(s.tail, b[:k]...)
		b = b[k:]
		if len(s.tail) < 4 {
			return
		}
		s.sum += be.Uint32(s.tail)
		s.tail = s.tail[:0]
	}
	whole := len(b) &^ 3
	s.sum += Checksum(b[:whole])
	s.tail = append(s.tail, b[whole:]...)
}

// Len is the number of glyphs so far, .notdef included.
func (s *GlyphStream) Len() int { return len(s.order) }

// Slot returns glyph id's slot: what Add was given, a copy's advance set,
// or a plain slot for a glyph added for another.
func (s *GlyphStream) Slot(id uint16) Slot { return s.slots[id-1] }

// Finish pads glyf to four bytes and returns the font's bytes before it:
// the table directory and the other tables. The font is those bytes and
// glyf's, size in all.
func (s *GlyphStream) Finish() (head []byte, size int, err error) {
	if s.err != nil {
		return nil, 0, s.err
	}
	offsets := append(s.offsets, s.size)
	long := s.size > 2*0xFFFF
	pad := make([]byte, (4-s.size%4)%4)
	glyfLen := s.size
	s.write(pad)
	if s.err != nil {
		return nil, 0, s.err
	}
	tables, err := s.f.slotTables(s.order, s.slots, appendLoca(nil, offsets, long), long)
	if err != nil {
		return nil, 0, err
	}
	head = writeBefore(s.f.version, tables, table{tag: "glyf"}, glyfLen, s.sum)
	return head, len(head) + s.size, nil
}

// Glyphs returns the slots of the glyphs after .notdef: SubsetGlyphs
// given them makes the same glyphs.
func (s *GlyphStream) Glyphs() []Slot { return slices.Clone(s.slots) }
