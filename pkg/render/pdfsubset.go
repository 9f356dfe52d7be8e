package render

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// fpdf parses every font it is given in full, twice (AddUTF8FontFromBytes
// and again when it writes its own subset): for a 15.7 MB CJK font that is
// tens of milliseconds per document and face. It cannot be handed a parsed
// font, so we hand it a small one instead: a TrueType font holding only
// the glyphs the document draws, cut from the font we parsed once per
// process. fpdf then subsets that again, cheaply. Advances are copied
// unchanged, so widths in the PDF match what layout measured.

// subsetTTF returns a TrueType font with glyph 0 and the glyphs of runes
// (plus the components of composite glyphs), renumbered in rune order.
func (m *fontMetrics) subsetTTF(runes []rune) ([]byte, error) {
	be := binary.BigEndian
	head, hhea, maxp, hmtx := m.tables["head"], m.tables["hhea"], m.tables["maxp"], m.tables["hmtx"]
	loca, glyf := m.tables["loca"], m.tables["glyf"]
	if loca == nil || glyf == nil || len(head) < 54 {
		return nil, errors.New("not a glyf-outline TrueType font")
	}
	numGlyphs := int(be.Uint16(maxp[4:]))
	numH := int(be.Uint16(hhea[34:]))
	longLoca := be.Uint16(head[50:]) == 1
	offset := func(g int) int {
		if longLoca {
			return int(be.Uint32(loca[4*g:]))
		}
		return 2 * int(be.Uint16(loca[2*g:]))
	}
	glyph := func(g int) ([]byte, error) {
		if g+1 > numGlyphs {
			return nil, fmt.Errorf("glyph %d out of range", g)
		}
		a, b := offset(g), offset(g+1)
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("glyph %d: bad loca", g)
		}
		return glyf[a:b], nil
	}

	// Old glyph IDs to keep: .notdef, the runes' glyphs, then components.
	slices.Sort(runes)
	runes = slices.Compact(runes)
	newID := map[int]int{0: 0}
	order := []int{0}
	add := func(g int) {
		if _, ok := newID[g]; !ok {
			newID[g] = len(order)
			order = append(order, g)
		}
	}
	var cmap [][2]int // rune, new glyph
	for _, r := range runes {
		if r < 0 || int(r) >= len(m.gid) || m.gid[r] == 0 {
			continue
		}
		add(int(m.gid[r]))
		cmap = append(cmap, [2]int{int(r), newID[int(m.gid[r])]})
	}
	for i := 0; i < len(order); i++ { // order grows as components are found
		g, err := glyph(order[i])
		if err != nil {
			return nil, err
		}
		comps, err := ttfComponents(g)
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", order[i], err)
		}
		for _, c := range comps {
			add(c.gid)
		}
	}

	// glyf, loca (long) and hmtx with one long metric per glyph.
	var newGlyf []byte
	newLoca := make([]byte, 0, 4*(len(order)+1))
	newHmtx := make([]byte, 0, 4*len(order))
	for _, old := range order {
		newLoca = be.AppendUint32(newLoca, uint32(len(newGlyf)))
		g, _ := glyph(old)
		start := len(newGlyf)
		newGlyf = append(newGlyf, g...)
		comps, _ := ttfComponents(g)
		for _, c := range comps {
			be.PutUint16(newGlyf[start+c.at:], uint16(newID[c.gid]))
		}
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
		h := old
		if h >= numH {
			h = numH - 1
		}
		newHmtx = be.AppendUint16(newHmtx, be.Uint16(hmtx[4*h:]))
		lsb := 4*numH + 2*(old-numH)
		if old < numH {
			lsb = 4*old + 2
		}
		if lsb+2 <= len(hmtx) {
			newHmtx = append(newHmtx, hmtx[lsb:lsb+2]...)
		} else {
			newHmtx = append(newHmtx, 0, 0)
		}
	}
	newLoca = be.AppendUint32(newLoca, uint32(len(newGlyf)))

	n := uint16(len(order))
	newHead := slices.Clone(head)
	be.PutUint32(newHead[8:], 0) // checkSumAdjustment: readers ignore it
	be.PutUint16(newHead[50:], 1)
	newHhea := slices.Clone(hhea)
	be.PutUint16(newHhea[34:], n)
	newMaxp := slices.Clone(maxp)
	be.PutUint16(newMaxp[4:], n)
	post := m.tables["post"]
	newPost := make([]byte, 32)
	copy(newPost, post)
	be.PutUint32(newPost, 0x00030000) // version 3: no glyph names

	tables := map[string][]byte{
		"head": newHead, "hhea": newHhea, "maxp": newMaxp, "hmtx": newHmtx,
		"loca": newLoca, "glyf": newGlyf, "cmap": ttfCmap4(cmap), "post": newPost,
	}
	for _, tag := range []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if t, ok := m.tables[tag]; ok {
			tables[tag] = t
		}
	}
	return ttfAssemble(tables), nil
}

// ttfComponent is a reference from a composite glyph: the glyph it uses and
// where in the glyph data its ID sits.
type ttfComponent struct{ gid, at int }

func ttfComponents(g []byte) ([]ttfComponent, error) {
	be := binary.BigEndian
	if len(g) < 10 || int16(be.Uint16(g)) >= 0 {
		return nil, nil // empty or simple glyph
	}
	var out []ttfComponent
	p := 10
	for {
		if p+4 > len(g) {
			return nil, errors.New("truncated composite glyph")
		}
		flags := be.Uint16(g[p:])
		out = append(out, ttfComponent{gid: int(be.Uint16(g[p+2:])), at: p + 2})
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			return out, nil
		}
	}
}

// format4 builds a cmap with one format-4 (Windows Unicode BMP) subtable,
// the one fpdf reads. pairs are sorted by rune; runs of consecutive runes
// with consecutive glyphs share a segment.
func ttfCmap4(pairs [][2]int) []byte {
	be := binary.BigEndian
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, p := range pairs {
		if n := len(segs); n > 0 && segs[n-1].end+1 == p[0] && segs[n-1].delta == p[1]-p[0] {
			segs[n-1].end++
			continue
		}
		segs = append(segs, seg{p[0], p[0], p[1] - p[0]})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	sub := make([]byte, 0, 16+8*n)
	sub = be.AppendUint16(sub, 4)
	sub = be.AppendUint16(sub, uint16(16+8*n))
	sub = be.AppendUint16(sub, 0) // language
	sub = be.AppendUint16(sub, uint16(2*n))
	pow, log := 1, 0
	for pow*2 <= n {
		pow, log = pow*2, log+1
	}
	sub = be.AppendUint16(sub, uint16(2*pow))
	sub = be.AppendUint16(sub, uint16(log))
	sub = be.AppendUint16(sub, uint16(2*n-2*pow))
	for _, s := range segs {
		sub = be.AppendUint16(sub, uint16(s.end))
	}
	sub = be.AppendUint16(sub, 0)
	for _, s := range segs {
		sub = be.AppendUint16(sub, uint16(s.start))
	}
	for _, s := range segs {
		sub = be.AppendUint16(sub, uint16(s.delta))
	}
	for range segs {
		sub = be.AppendUint16(sub, 0)
	}
	out := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(out, sub...)
}

// assembleSFNT writes tables as a TrueType file, sorted by tag, with
// checksums.
func ttfAssemble(tables map[string][]byte) []byte {
	be := binary.BigEndian
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	pow, log := 1, 0
	for pow*2 <= n {
		pow, log = pow*2, log+1
	}
	out := make([]byte, 0, 12+16*n)
	out = be.AppendUint32(out, 0x00010000)
	out = be.AppendUint16(out, uint16(n))
	out = be.AppendUint16(out, uint16(16*pow))
	out = be.AppendUint16(out, uint16(log))
	out = be.AppendUint16(out, uint16(16*n-16*pow))
	off := 12 + 16*n
	for _, t := range tags {
		d := tables[t]
		out = append(out, t...)
		out = be.AppendUint32(out, ttfChecksum(d))
		out = be.AppendUint32(out, uint32(off))
		out = be.AppendUint32(out, uint32(len(d)))
		off += (len(d) + 3) &^ 3
	}
	for _, t := range tags {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func ttfChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
