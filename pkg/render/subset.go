package render

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"unicode/utf16"

	"golang.org/x/image/font/sfnt"

	"github.com/bookify/article2book/fonts"
)

// subsetFont returns LXGW WenKai Regular cut down to the given characters
// (plus printable ASCII, which readers use for list numbers and the like),
// renamed so that the OFL's Reserved Font Names stay with the original. It
// also returns the characters the font cannot draw, in order.
func subsetFont(runes map[rune]bool) ([]byte, []rune, error) {
	f, err := coverRegular()
	if err != nil {
		return nil, nil, fmt.Errorf("parse font: %w", err)
	}
	keep := make([]rune, 0, len(runes)+95)
	for r := rune(0x20); r < 0x7f; r++ {
		keep = append(keep, r)
	}
	for r := range runes {
		if r >= 0x7f || r < 0x20 {
			keep = append(keep, r)
		}
	}
	slices.Sort(keep)
	return subsetTrueType(fonts.Regular, f, keep, embeddedFontFamily)
}

// An sfntTable is one table of a TrueType file.
type sfntTable struct {
	tag  string
	data []byte
}

// subsetTrueType keeps the outlines of the glyphs that draw runes (with the
// components of composite glyphs, and glyph 0) and empties all others. The
// glyph count and every glyph ID stay as they were, so hmtx, vmtx and the
// rest need no rewriting; loca and glyf are rebuilt, cmap maps only the
// kept characters (a reader then falls back to another font for the rest
// instead of drawing nothing), post loses its glyph names, and GSUB goes:
// its ligatures and alternates would substitute glyphs that are now empty.
func subsetTrueType(data []byte, f *sfnt.Font, runes []rune, family string) ([]byte, []rune, error) {
	tables, err := readSFNT(data)
	if err != nil {
		return nil, nil, err
	}
	get := func(tag string) []byte {
		for _, t := range tables {
			if t.tag == tag {
				return t.data
			}
		}
		return nil
	}
	head, maxp, loca, glyf := get("head"), get("maxp"), get("loca"), get("glyf")
	if len(head) < 54 || len(maxp) < 6 || loca == nil || glyf == nil {
		return nil, nil, errors.New("not a TrueType-outline font: missing head, maxp, loca or glyf")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	offsets, err := readLoca(loca, numGlyphs, longLoca, len(glyf))
	if err != nil {
		return nil, nil, err
	}

	var buf sfnt.Buffer
	var mapping []cmapEntry
	var missing []rune
	keep := make([]bool, numGlyphs)
	keep[0] = true
	for _, r := range runes {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 || int(gi) >= numGlyphs {
			missing = append(missing, r)
			continue
		}
		mapping = append(mapping, cmapEntry{r, uint16(gi)})
		keep[gi] = true
	}
	// Composite glyphs draw other glyphs: keep those too, to any depth.
	stack := make([]int, 0, len(mapping))
	for g, k := range keep {
		if k {
			stack = append(stack, g)
		}
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		comps, err := glyphComponents(glyf[offsets[g]:offsets[g+1]])
		if err != nil {
			return nil, nil, fmt.Errorf("glyph %d: %w", g, err)
		}
		for _, c := range comps {
			if int(c) < numGlyphs && !keep[c] {
				keep[c] = true
				stack = append(stack, int(c))
			}
		}
	}

	var newGlyf []byte
	newLoca := make([]byte, 0, (numGlyphs+1)*4)
	putOffset := func(off int) {
		if longLoca {
			newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(off))
		} else {
			newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(off/2))
		}
	}
	for g := range numGlyphs {
		putOffset(len(newGlyf))
		if keep[g] {
			newGlyf = append(newGlyf, glyf[offsets[g]:offsets[g+1]]...)
			// Short offsets count words; long ones are kept to 4 bytes
			// as the spec recommends.
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	putOffset(len(newGlyf))

	cmap, err := buildCmap(mapping)
	if err != nil {
		return nil, nil, err
	}
	var out []sfntTable
	for _, t := range tables {
		switch t.tag {
		case "glyf":
			t.data = newGlyf
		case "loca":
			t.data = newLoca
		case "cmap":
			t.data = cmap
		case "post":
			t.data = post3(t.data)
		case "name":
			t.data, err = renameFont(t.data, family)
			if err != nil {
				return nil, nil, fmt.Errorf("name: %w", err)
			}
		case "head":
			t.data = slices.Clone(t.data)
		case "GSUB", "DSIG":
			// DSIG would sign bytes that are no longer there.
			continue
		}
		out = append(out, t)
	}
	return writeSFNT(binary.BigEndian.Uint32(data), out), missing, nil
}

func readSFNT(data []byte) ([]sfntTable, error) {
	if len(data) < 12 {
		return nil, errors.New("font too short")
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 {
		return nil, fmt.Errorf("not a TrueType font (version %#x)", v)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("table directory truncated")
	}
	tables := make([]sfntTable, 0, n)
	for i := range n {
		rec := data[12+16*i:]
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, fmt.Errorf("table %q out of bounds", rec[:4])
		}
		tables = append(tables, sfntTable{tag: string(rec[:4]), data: data[off : off+length]})
	}
	return tables, nil
}

func readLoca(loca []byte, numGlyphs int, long bool, glyfLen int) ([]int, error) {
	size := 2
	if long {
		size = 4
	}
	if len(loca) < (numGlyphs+1)*size {
		return nil, errors.New("loca too short")
	}
	offsets := make([]int, numGlyphs+1)
	for i := range offsets {
		if long {
			offsets[i] = int(binary.BigEndian.Uint32(loca[4*i:]))
		} else {
			offsets[i] = 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if offsets[i] > glyfLen || (i > 0 && offsets[i] < offsets[i-1]) {
			return nil, fmt.Errorf("loca entry %d out of order or bounds", i)
		}
	}
	return offsets, nil
}

// glyphComponents lists the glyphs a composite glyph is built from; a
// simple or empty glyph has none.
func glyphComponents(g []byte) ([]uint16, error) {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil, nil
	}
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		moreComps    = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	var comps []uint16
	p := 10
	for {
		if p+4 > len(g) {
			return nil, errors.New("composite glyph truncated")
		}
		flags := binary.BigEndian.Uint16(g[p:])
		comps = append(comps, binary.BigEndian.Uint16(g[p+2:]))
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&have2x2 != 0:
			p += 8
		}
		if flags&moreComps == 0 {
			return comps, nil
		}
	}
}

type cmapEntry struct {
	r  rune
	gi uint16
}

// buildCmap writes a cmap with a format 4 subtable for the Basic
// Multilingual Plane, which every reader understands, and a format 12 one
// for all characters. entries are sorted by rune.
func buildCmap(entries []cmapEntry) ([]byte, error) {
	// Format 12: runs consecutive in both character and glyph.
	type group struct{ start, end rune }
	var groups []group
	var starts []uint16
	for _, e := range entries {
		if n := len(groups); n > 0 && groups[n-1].end+1 == e.r && rune(starts[n-1])+(e.r-groups[n-1].start) == rune(e.gi) {
			groups[n-1].end = e.r
			continue
		}
		groups = append(groups, group{e.r, e.r})
		starts = append(starts, e.gi)
	}
	f12 := binary.BigEndian.AppendUint16(nil, 12)
	f12 = binary.BigEndian.AppendUint16(f12, 0)
	f12 = binary.BigEndian.AppendUint32(f12, uint32(16+12*len(groups)))
	f12 = binary.BigEndian.AppendUint32(f12, 0)
	f12 = binary.BigEndian.AppendUint32(f12, uint32(len(groups)))
	for i, g := range groups {
		f12 = binary.BigEndian.AppendUint32(f12, uint32(g.start))
		f12 = binary.BigEndian.AppendUint32(f12, uint32(g.end))
		f12 = binary.BigEndian.AppendUint32(f12, uint32(starts[i]))
	}

	// Format 4: segments of characters whose glyph IDs differ from them by
	// the same delta, then the 0xFFFF segment the format requires.
	type seg struct {
		start, end uint16
		delta      uint16
	}
	var segs []seg
	for _, e := range entries {
		if e.r >= 0xFFFF {
			break
		}
		c := uint16(e.r)
		d := e.gi - c
		if n := len(segs); n > 0 && segs[n-1].end+1 == c && segs[n-1].delta == d {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, seg{c, c, d})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	length := 16 + 8*n
	if length > 0xFFFF {
		return nil, fmt.Errorf("cmap: %d segments do not fit format 4", n)
	}
	pow := 1
	log := 0
	for pow*2 <= n {
		pow *= 2
		log++
	}
	f4 := binary.BigEndian.AppendUint16(nil, 4)
	f4 = binary.BigEndian.AppendUint16(f4, uint16(length))
	f4 = binary.BigEndian.AppendUint16(f4, 0)
	f4 = binary.BigEndian.AppendUint16(f4, uint16(2*n))
	f4 = binary.BigEndian.AppendUint16(f4, uint16(2*pow))
	f4 = binary.BigEndian.AppendUint16(f4, uint16(log))
	f4 = binary.BigEndian.AppendUint16(f4, uint16(2*n-2*pow))
	for _, s := range segs {
		f4 = binary.BigEndian.AppendUint16(f4, s.end)
	}
	f4 = binary.BigEndian.AppendUint16(f4, 0)
	for _, s := range segs {
		f4 = binary.BigEndian.AppendUint16(f4, s.start)
	}
	for _, s := range segs {
		f4 = binary.BigEndian.AppendUint16(f4, s.delta)
	}
	for range segs {
		f4 = binary.BigEndian.AppendUint16(f4, 0)
	}

	// Subtables (3,1) format 4 and (3,10) format 12, in that order as
	// the encoding records must be sorted.
	out := binary.BigEndian.AppendUint16(nil, 0)
	out = binary.BigEndian.AppendUint16(out, 2)
	hdr := 4 + 2*8
	out = binary.BigEndian.AppendUint16(out, 3)
	out = binary.BigEndian.AppendUint16(out, 1)
	out = binary.BigEndian.AppendUint32(out, uint32(hdr))
	out = binary.BigEndian.AppendUint16(out, 3)
	out = binary.BigEndian.AppendUint16(out, 10)
	out = binary.BigEndian.AppendUint32(out, uint32(hdr+len(f4)))
	out = append(out, f4...)
	out = append(out, f12...)
	return out, nil
}

// post3 turns a post table into version 3, which carries no glyph names:
// they take 240 KB in this font and readers do not need them.
func post3(p []byte) []byte {
	if len(p) < 32 {
		return p
	}
	out := slices.Clone(p[:32])
	binary.BigEndian.PutUint32(out, 0x00030000)
	return out
}

// renameFont replaces the family, full, unique and PostScript names of a
// name table, and keeps the rest (copyright, version, licence).
func renameFont(name []byte, family string) ([]byte, error) {
	if len(name) < 6 {
		return nil, errors.New("table too short")
	}
	count := int(binary.BigEndian.Uint16(name[2:]))
	strOff := int(binary.BigEndian.Uint16(name[4:]))
	if len(name) < 6+12*count {
		return nil, errors.New("records truncated")
	}
	type record struct {
		platform, encoding, lang, id uint16
		s                            []byte
	}
	replaced := map[uint16]string{
		1:  family,
		3:  family + " Regular subset",
		4:  family + " Regular",
		6:  postscriptName(family) + "-Regular",
		16: family,
		18: family + " Regular",
		21: family,
	}
	var recs []record
	for i := range count {
		r := name[6+12*i:]
		rec := record{
			platform: binary.BigEndian.Uint16(r),
			encoding: binary.BigEndian.Uint16(r[2:]),
			lang:     binary.BigEndian.Uint16(r[4:]),
			id:       binary.BigEndian.Uint16(r[6:]),
		}
		n, off := int(binary.BigEndian.Uint16(r[8:])), int(binary.BigEndian.Uint16(r[10:]))
		if strOff+off+n > len(name) {
			return nil, fmt.Errorf("record %d out of bounds", i)
		}
		if _, ok := replaced[rec.id]; ok {
			continue
		}
		rec.s = name[strOff+off : strOff+off+n]
		recs = append(recs, rec)
	}
	for id, s := range replaced {
		if id > 6 {
			continue
		}
		// Mac Roman (ASCII here) and Windows Unicode English names.
		recs = append(recs, record{1, 0, 0, id, []byte(s)})
		var u []byte
		for _, c := range utf16.Encode([]rune(s)) {
			u = binary.BigEndian.AppendUint16(u, c)
		}
		recs = append(recs, record{3, 1, 0x409, id, u})
	}
	sort.Slice(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if a.platform != b.platform {
			return a.platform < b.platform
		}
		if a.encoding != b.encoding {
			return a.encoding < b.encoding
		}
		if a.lang != b.lang {
			return a.lang < b.lang
		}
		return a.id < b.id
	})
	out := binary.BigEndian.AppendUint16(nil, 0)
	out = binary.BigEndian.AppendUint16(out, uint16(len(recs)))
	out = binary.BigEndian.AppendUint16(out, uint16(6+12*len(recs)))
	var strs []byte
	for _, r := range recs {
		for _, v := range []uint16{r.platform, r.encoding, r.lang, r.id, uint16(len(r.s)), uint16(len(strs))} {
			out = binary.BigEndian.AppendUint16(out, v)
		}
		strs = append(strs, r.s...)
	}
	return append(out, strs...), nil
}

// postscriptName drops what PostScript names may not hold.
func postscriptName(s string) string {
	var b []byte
	for _, c := range []byte(s) {
		if c > 0x20 && c < 0x7f && !slices.Contains([]byte("[](){}<>/%"), c) {
			b = append(b, c)
		}
	}
	return string(b)
}

// writeSFNT assembles tables into a font file with correct checksums.
func writeSFNT(version uint32, tables []sfntTable) []byte {
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	n := len(tables)
	pow, log := 1, 0
	for pow*2 <= n {
		pow *= 2
		log++
	}
	out := binary.BigEndian.AppendUint32(nil, version)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16*pow))
	out = binary.BigEndian.AppendUint16(out, uint16(log))
	out = binary.BigEndian.AppendUint16(out, uint16(16*n-16*pow))
	dir := len(out)
	out = append(out, make([]byte, 16*n)...)
	headAt := -1
	for i, t := range tables {
		off := len(out)
		if t.tag == "head" {
			headAt = off
			binary.BigEndian.PutUint32(t.data[8:], 0) // checkSumAdjustment
		}
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := out[dir+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], sfntChecksum(out[off:len(out)]))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-sfntChecksum(out))
	}
	return out
}

// sfntChecksum sums b as big-endian 32-bit words; len(b) is a multiple of 4.
func sfntChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	return sum
}
