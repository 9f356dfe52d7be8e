package ttf

import (
	"errors"
	"fmt"
	"iter"
	"slices"
)

// Cmap maps characters to glyphs: a flat table for the Basic Multilingual
// Plane (128 KB, one index per lookup) and sorted runs for the planes
// above, where fonts map few characters and runs are long.
type Cmap struct {
	bmp    []uint16 // 0x10000 glyph IDs, 0 for unmapped
	astral []cmapRun
	n      int // mapped characters
}

// cmapRun maps start..end to glyph, glyph+1, …
type cmapRun struct {
	start, end rune
	glyph      uint32
}

// Glyph returns the glyph of r, or 0 (the missing glyph) when the font has
// none.
func (c *Cmap) Glyph(r rune) uint16 {
	if r >= 0 && r < 0x10000 {
		return c.bmp[r]
	}
	i, ok := slices.BinarySearchFunc(c.astral, r, func(run cmapRun, r rune) int {
		switch {
		case run.end < r:
			return -1
		case run.start > r:
			return 1
		}
		return 0
	})
	if !ok {
		return 0
	}
	run := c.astral[i]
	return uint16(run.glyph + uint32(r-run.start))
}

// Len returns the number of characters mapped to a glyph other than 0.
func (c *Cmap) Len() int { return c.n }

// All yields every mapped character and its glyph, in character order.
func (c *Cmap) All() iter.Seq2[rune, uint16] {
	return func(yield func(rune, uint16) bool) {
		for r, g := range c.bmp {
			if g != 0 && !yield(rune(r), g) {
				return
			}
		}
		for _, run := range c.astral {
			for r := run.start; r <= run.end; r++ {
				if g := uint16(run.glyph + uint32(r-run.start)); g != 0 && !yield(r, g) {
					return
				}
			}
		}
	}
}

// Cmap reads the font's Unicode character map: a full-repertoire format 12
// subtable ((3,10) or (0,4)/(0,6)) when there is one, else a BMP format 4
// one ((3,1) or (0,3)). Glyph IDs at or past the glyph count read as 0.
// It builds a table of about 128 KB; callers keep it, once per face.
func (f *Font) Cmap() (*Cmap, error) {
	cmap := f.Table("cmap")
	if len(cmap) < 4 {
		return nil, errors.New("cmap: missing")
	}
	var f12, f4 []byte
	n := int(be.Uint16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, errors.New("cmap: encoding records truncated")
	}
	for i := range n {
		rec := cmap[4+8*i:]
		plat, enc, off := be.Uint16(rec), be.Uint16(rec[2:]), int(be.Uint32(rec[4:]))
		if off+4 > len(cmap) {
			continue
		}
		sub := cmap[off:]
		unicode := plat == 0 || plat == 3 && (enc == 1 || enc == 10)
		switch format := be.Uint16(sub); {
		case !unicode:
		case format == 12 && f12 == nil:
			f12 = sub
		case format == 4 && f4 == nil:
			f4 = sub
		}
	}
	c := &Cmap{bmp: make([]uint16, 0x10000)}
	var err error
	switch {
	case f12 != nil:
		err = c.read12(f12, f.numGlyphs)
	case f4 != nil:
		err = c.read4(f4, f.numGlyphs)
	default:
		err = errors.New("no Unicode subtable of format 4 or 12")
	}
	if err != nil {
		return nil, fmt.Errorf("cmap: %w", err)
	}
	return c, nil
}

func (c *Cmap) read12(sub []byte, numGlyphs int) error {
	if len(sub) < 16 {
		return errors.New("format 12 header truncated")
	}
	n := int(be.Uint32(sub[12:]))
	if n < 0 || n > (len(sub)-16)/12 {
		return errors.New("format 12 groups truncated")
	}
	for i := range n {
		g := sub[16+12*i:]
		start, end, glyph := rune(be.Uint32(g)), rune(be.Uint32(g[4:])), be.Uint32(g[8:])
		if start > end || end > 0x10FFFF || i > 0 && start <= rune(be.Uint32(sub[16+12*i-8:])) {
			return fmt.Errorf("format 12 group %d (%X-%X) out of order", i, start, end)
		}
		// Keep only glyphs that exist.
		if int64(glyph)+int64(end-start) >= int64(numGlyphs) {
			if int(glyph) >= numGlyphs {
				continue
			}
			end = start + rune(numGlyphs-1-int(glyph))
		}
		for r := start; r <= end && r < 0x10000; r++ {
			c.bmp[r] = uint16(glyph + uint32(r-start))
		}
		if end >= 0x10000 {
			run := cmapRun{max(start, 0x10000), end, glyph + uint32(max(start, 0x10000)-start)}
			c.astral = append(c.astral, run)
		}
		c.n += int(end - start + 1)
		if glyph == 0 {
			c.n--
		}
	}
	return nil
}

func (c *Cmap) read4(sub []byte, numGlyphs int) error {
	if len(sub) < 14 {
		return errors.New("format 4 header truncated")
	}
	segs := int(be.Uint16(sub[6:])) / 2
	if len(sub) < 16+8*segs {
		// Some fonts give a length field too small; trust the arrays only
		// as far as the subtable's bytes go.
		return errors.New("format 4 segments truncated")
	}
	ends, starts := sub[14:], sub[16+2*segs:]
	deltas, ranges := sub[16+4*segs:], sub[16+6*segs:]
	for i := range segs {
		end, start := int(be.Uint16(ends[2*i:])), int(be.Uint16(starts[2*i:]))
		delta, ro := be.Uint16(deltas[2*i:]), int(be.Uint16(ranges[2*i:]))
		for r := start; r <= end && r < 0xFFFF; r++ {
			var g uint16
			if ro == 0 {
				g = uint16(r) + delta
			} else {
				// idRangeOffset is relative to its own position.
				at := 16 + 6*segs + 2*i + ro + 2*(r-start)
				if at+2 > len(sub) {
					return fmt.Errorf("format 4 segment %d: glyph index out of bounds", i)
				}
				if g = be.Uint16(sub[at:]); g != 0 {
					g += delta
				}
			}
			if g != 0 && int(g) < numGlyphs && c.bmp[r] == 0 {
				c.bmp[r] = g
				c.n++
			}
		}
	}
	return nil
}
