// Package ttf cuts TrueType (glyf-outline) fonts down to the glyphs a
// document uses. The CJK fonts the renderers embed are 10-16 MB; a book
// draws a few thousand of their glyphs. The PDF renderer hands fpdf a
// small font because fpdf parses whatever it is given in full, and the
// EPUB renderer ships one inside the book.
package ttf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
)

var be = binary.BigEndian

// Font is a parsed TrueType file. Its tables alias the bytes given to
// Parse, which must not change while the Font is in use.
type Font struct {
	version   uint32
	tables    []table // in directory order
	numGlyphs int
	longLoca  bool
	glyf      []byte
	// loca is the font's loca table, checked at parse: numGlyphs+1
	// offsets into glyf, in order. It is read where it is rather than
	// copied into a slice of ints, which for a CJK face (29,146 entries)
	// was 233 KB of fresh memory, 57 page faults, at every cold start.
	loca    []byte
	locaErr error // why the font cannot be subset, if it cannot
	// the metrics tables, found once: Advance is asked for every glyph
	// drawn
	hhea, hmtx, vhea, vmtx []byte
	// A font made rather than read (PixelFont) has no glyf: trace makes
	// glyph g's data, kept in lazy[g] on first use.
	lazy  []atomic.Pointer[[]byte]
	trace func(g int) []byte
}

type table struct {
	tag  string
	data []byte
}

// Parse reads the table directory of a TrueType font. A font without
// usable glyf outlines still parses, for its metrics and cmap; Subset then
// reports why it cannot cut it.
func Parse(data []byte) (*Font, error) {
	if len(data) < 12 {
		return nil, errors.New("font too short")
	}
	f := &Font{version: be.Uint32(data)}
	if f.version != 0x00010000 && f.version != 0x74727565 { // 'true': old Apple fonts
		return nil, fmt.Errorf("not a TrueType font (version %#x)", f.version)
	}
	n := int(be.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("table directory truncated")
	}
	f.tables = make([]table, 0, n)
	for i := range n {
		rec := data[12+16*i:]
		off, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, fmt.Errorf("table %q out of bounds", rec[:4])
		}
		f.tables = append(f.tables, table{tag: string(rec[:4]), data: data[off : off+length]})
	}
	head, maxp := f.Table("head"), f.Table("maxp")
	if len(head) < 54 || len(maxp) < 6 {
		return nil, errors.New("missing or short head or maxp")
	}
	f.numGlyphs = int(be.Uint16(maxp[4:]))
	f.longLoca = be.Uint16(head[50:]) == 1
	f.glyf = f.Table("glyf")
	f.hhea, f.hmtx, f.vhea, f.vmtx = f.Table("hhea"), f.Table("hmtx"), f.Table("vhea"), f.Table("vmtx")
	loca := f.Table("loca")
	if loca == nil || f.glyf == nil {
		f.locaErr = errors.New("not a TrueType-outline font: no loca or glyf")
	} else {
		f.locaErr = checkLoca(loca, f.numGlyphs, f.longLoca, len(f.glyf))
	}
	if f.locaErr == nil {
		f.loca = loca
	}
	return f, nil
}

// Table returns the table tagged tag, or nil.
func (f *Font) Table(tag string) []byte {
	for _, t := range f.tables {
		if t.tag == tag {
			return t.data
		}
	}
	return nil
}

// NumGlyphs returns the glyph count of maxp.
func (f *Font) NumGlyphs() int { return f.numGlyphs }

// Glyph returns the glyf data of glyph g: nil for an empty glyph, or when
// g is out of range or the font has no usable loca.
func (f *Font) Glyph(g int) []byte {
	if f.lazy != nil && g >= 0 && g < f.numGlyphs {
		if d := f.lazy[g].Load(); d != nil {
			return *d
		}
		d := f.trace(g)
		f.lazy[g].Store(&d) // documents drawing it at once store the same
		return d
	}
	if f.loca == nil || g < 0 || g >= f.numGlyphs {
		return nil
	}
	return f.glyf[locaEntry(f.loca, g, f.longLoca):locaEntry(f.loca, g+1, f.longLoca)]
}

// locaEntry is entry i of a loca table: a byte offset into glyf.
func locaEntry(loca []byte, i int, long bool) int {
	if long {
		return int(be.Uint32(loca[4*i:]))
	}
	return 2 * int(be.Uint16(loca[2*i:]))
}

// checkLoca reports whether loca holds numGlyphs+1 offsets, in order and
// within glyf, as Glyph relies on.
func checkLoca(loca []byte, numGlyphs int, long bool, glyfLen int) error {
	size := 2
	if long {
		size = 4
	}
	if len(loca) < (numGlyphs+1)*size {
		return errors.New("loca too short")
	}
	prev := 0
	for i := range numGlyphs + 1 {
		off := locaEntry(loca, i, long)
		if off > glyfLen || off < prev {
			return fmt.Errorf("loca entry %d out of order or bounds", i)
		}
		prev = off
	}
	return nil
}

// Component is a reference from a composite glyph to a glyph it draws.
type Component struct {
	Glyph uint16
	At    int // offset of the glyph ID in the composite's data, to renumber it
}

// Components lists the glyphs a composite glyph is built from; a simple
// or empty glyph has none.
func Components(g []byte) ([]Component, error) {
	if len(g) < 10 || int16(be.Uint16(g)) >= 0 {
		return nil, nil
	}
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		moreComps    = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	var comps []Component
	p := 10
	for {
		if p+4 > len(g) {
			return nil, errors.New("composite glyph truncated")
		}
		flags := be.Uint16(g[p:])
		comps = append(comps, Component{Glyph: be.Uint16(g[p+2:]), At: p + 2})
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

// Mapping says which glyph draws a character.
type Mapping struct {
	Rune  rune
	Glyph uint16
}

// Shifted maps a character, in a compact subset, to a new composite glyph
// that draws Glyph moved right by Shift font units in a cell Advance
// wide: so a proportional curly quote can be set in a full em with its ink
// against the text it encloses, and a PDF's widths, and so a text
// extractor, see a full-width character.
type Shifted struct {
	Rune           rune
	Glyph          uint16
	Shift, Advance int
}

// Options choose between the two ways of subsetting.
type Options struct {
	// Compact renumbers the kept glyphs 0..n-1 (glyph 0, then the mapped
	// glyphs in character order, then components) and keeps only the
	// tables a TrueType rasteriser needs: the smallest font, for a
	// consumer that maps characters through our cmap alone (fpdf). Without
	// it, glyph IDs and the glyph count stay as they were and unused
	// glyphs are emptied, so hmtx, vmtx, GPOS and the rest stay valid
	// without rewriting; GSUB goes, as its ligatures and alternates would
	// substitute glyphs that are now empty.
	Compact bool
	// Family, when set, renames the font, so that a subset does not carry
	// the original's Reserved Font Names (OFL).
	Family string
	// Shifted adds glyphs moved in wider cells (compact subsets only);
	// their characters must not be in the mappings too.
	Shifted []Shifted
	// Vert keeps, in a subset that is not compact, the vertical forms of
	// the mapped glyphs (glyph to its GSUB vert alternate), and a GSUB of
	// that feature alone, so that a reading system setting text in columns
	// finds them.
	Vert map[uint16]uint16
	// Layout keeps, in a subset that is not compact, the font's GSUB and
	// the outlines of every glyph no character maps to: the forms,
	// ligatures and marks that GSUB reaches from the mapped glyphs, for a
	// reading system that shapes the text (Arabic joining forms, Indic
	// conjuncts, Latin ligatures). GPOS and GDEF stay in any subset that is
	// not compact.
	Layout bool
}

// compactTables are the tables copied unchanged into a compact subset:
// the rest either refer to glyph IDs that no longer exist or are rebuilt.
var compactTables = []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"}

// Subset returns a font with glyph 0, the glyphs of maps (with the
// components of composite glyphs, to any depth) and a cmap mapping
// exactly maps' characters, so that a reader falls back to another font
// for the rest instead of drawing nothing. Mappings to glyph 0 or past the
// glyph count are ignored. The post table loses its glyph names (240 KB in
// LXGW WenKai, and nothing reads them) and DSIG goes, as it would sign
// bytes that are no longer there.
func (f *Font) Subset(maps []Mapping, opt Options) ([]byte, error) {
	if f.locaErr != nil {
		return nil, f.locaErr
	}
	maps = subsetMaps(maps, opt, f.numGlyphs)
	pl, err := f.plan(maps, opt)
	if err != nil {
		return nil, err
	}
	glyf, loca, long := f.subsetGlyf(pl, opt.Compact)
	cmapEntries := make([]Mapping, len(maps))
	for i, m := range maps {
		cmapEntries[i] = Mapping{Rune: m.Rune, Glyph: pl.newID[m.Glyph]}
		if id, ok := pl.synthID[m.Rune]; ok {
			cmapEntries[i].Glyph = id
		}
	}
	cmap, err := buildCmap(cmapEntries)
	if err != nil {
		return nil, err
	}
	head := slices.Clone(f.Table("head"))
	be.PutUint16(head[50:], 0)
	if long {
		be.PutUint16(head[50:], 1)
	}
	out := []table{
		{"head", head}, {"glyf", glyf}, {"loca", loca}, {"cmap", cmap}, {"post", post3(f.Table("post"))},
	}
	if opt.Compact {
		extra := make([][3]int, len(pl.synth))
		for i, sg := range pl.synth {
			extra[i] = [3]int{sg.base, sg.shift, sg.adv}
		}
		hm, err := f.compactMetrics(pl.order, extra)
		if err != nil {
			return nil, err
		}
		out = append(out, hm...)
	}
	kept, err := f.keptTables(opt)
	if err != nil {
		return nil, err
	}
	out = append(out, kept...)
	if len(pl.vert) > 0 && !opt.Layout {
		out = append(out, table{"GSUB", vertGSUB(pl.vert)})
	}
	return write(f.version, out), nil
}

// subsetMaps returns the character map of a subset: maps and, in compact
// mode, the shifted glyphs' characters, by character, each once, none
// to a glyph the font does not have.
func subsetMaps(maps []Mapping, opt Options, numGlyphs int) []Mapping {
	maps = slices.Clone(maps)
	if opt.Compact {
		for _, sh := range opt.Shifted {
			maps = append(maps, Mapping{Rune: sh.Rune, Glyph: sh.Glyph})
		}
	}
	slices.SortFunc(maps, func(a, b Mapping) int { return int(a.Rune - b.Rune) })
	maps = slices.CompactFunc(maps, func(a, b Mapping) bool { return a.Rune == b.Rune })
	return slices.DeleteFunc(maps, func(m Mapping) bool { return m.Glyph == 0 || int(m.Glyph) >= numGlyphs })
}

// subsetPlan is which glyphs a subset keeps and what they become.
type subsetPlan struct {
	kept  []bool   // by source glyph
	newID []uint16 // by source glyph: its ID in the subset
	order []int    // source glyphs in the order compact mode numbers them
	vert  map[uint16]uint16
	synth []synthGlyph // glyphs made for the subset, after order
	// synthID is the glyph a shifted character is drawn with
	synthID map[rune]uint16
}

// synthGlyph is a glyph made for a subset: base moved right by shift in
// a cell adv wide.
type synthGlyph struct{ base, shift, adv int }

// plan chooses the glyphs of a subset: .notdef, those maps reach, their
// vertical forms (full mode) and the components of all of them, then the
// shifted glyphs (compact mode).
func (f *Font) plan(maps []Mapping, opt Options) (*subsetPlan, error) {
	pl := &subsetPlan{kept: make([]bool, f.numGlyphs), newID: make([]uint16, f.numGlyphs),
		order: make([]int, 0, len(maps)+1), vert: map[uint16]uint16{}, synthID: map[rune]uint16{}}
	add := func(g int) {
		if !pl.kept[g] {
			pl.kept[g] = true
			pl.newID[g] = uint16(len(pl.order))
			pl.order = append(pl.order, g)
		}
	}
	add(0)
	for _, m := range maps {
		add(int(m.Glyph))
	}
	if !opt.Compact {
		for from, to := range opt.Vert {
			if pl.kept[from] && int(to) < f.numGlyphs {
				pl.vert[from] = to
			}
		}
		for _, to := range sortedValues(pl.vert) {
			add(int(to))
		}
	}
	if !opt.Compact && opt.Layout {
		if err := f.addUnencoded(add); err != nil {
			return nil, err
		}
	}
	for i := 0; i < len(pl.order); i++ { // order grows as components are found
		comps, err := Components(f.Glyph(pl.order[i]))
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", pl.order[i], err)
		}
		for _, c := range comps {
			if int(c.Glyph) >= f.numGlyphs {
				return nil, fmt.Errorf("glyph %d: component %d out of range", pl.order[i], c.Glyph)
			}
			add(int(c.Glyph))
		}
	}
	if !opt.Compact {
		for g := range pl.newID {
			pl.newID[g] = uint16(g)
		}
		return pl, nil
	}
	for _, sh := range opt.Shifted {
		if sh.Glyph == 0 || int(sh.Glyph) >= f.numGlyphs {
			continue
		}
		pl.synthID[sh.Rune] = uint16(len(pl.order) + len(pl.synth))
		pl.synth = append(pl.synth, synthGlyph{int(sh.Glyph), sh.Shift, sh.Advance})
	}
	return pl, nil
}

// addUnencoded adds the glyphs only presentation forms map to, or none:
// Arabic joining forms, the fi ligature, what GSUB reaches.
func (f *Font) addUnencoded(add func(g int)) error {
	cm, err := f.Cmap()
	if err != nil {
		return err
	}
	encoded := make([]bool, f.numGlyphs)
	for r, g := range cm.All() {
		if int(g) < f.numGlyphs && !presentationForm(r) {
			encoded[g] = true
		}
	}
	for g := range encoded {
		if !encoded[g] {
			add(g)
		}
	}
	return nil
}

// subsetGlyf returns the subset's glyf and loca, every glyph 4-byte
// aligned as the spec recommends, and whether loca has long offsets. A
// full subset keeps every glyph ID, empty where a glyph is not kept.
func (f *Font) subsetGlyf(pl *subsetPlan, compact bool) (glyf, loca []byte, long bool) {
	slot := pl.order
	if !compact {
		slot = make([]int, f.numGlyphs)
		for g := range slot {
			slot[g] = g
		}
	}
	offsets := make([]int, 0, len(slot)+len(pl.synth)+1)
	for _, old := range slot {
		offsets = append(offsets, len(glyf))
		if !pl.kept[old] {
			continue
		}
		start := len(glyf)
		g := f.Glyph(old)
		glyf = append(glyf, g...)
		if compact {
			comps, _ := Components(g)
			for _, c := range comps {
				be.PutUint16(glyf[start+c.At:], pl.newID[c.Glyph])
			}
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	for _, sg := range pl.synth {
		offsets = append(offsets, len(glyf))
		glyf = appendShifted(glyf, f.Glyph(sg.base), pl.newID[sg.base], sg.shift)
	}
	offsets = append(offsets, len(glyf))
	// Padding can push a font that had short offsets past what they reach.
	long = compact || f.longLoca || len(glyf) > 2*0xFFFF
	return glyf, appendLoca(make([]byte, 0, 4*len(offsets)), offsets, long), long
}

// appendLoca appends a loca table of offsets into glyf to loca: long
// (32-bit) offsets, or short ones that count 2-byte words.
func appendLoca(loca []byte, offsets []int, long bool) []byte {
	for _, off := range offsets {
		if long {
			loca = be.AppendUint32(loca, uint32(off))
		} else {
			loca = be.AppendUint16(loca, uint16(off/2))
		}
	}
	return loca
}

// keptTables returns the font's other tables as a subset keeps them: the
// name renamed when opt asks, GSUB dropped (its glyph IDs are gone) and,
// in compact mode, only the compact tables.
func (f *Font) keptTables(opt Options) ([]table, error) {
	var out []table
	for _, t := range f.tables {
		switch t.tag {
		case "head", "glyf", "loca", "cmap", "post", "DSIG":
			continue
		case "name":
			if opt.Family != "" {
				data, err := rename(t.data, opt.Family)
				if err != nil {
					return nil, fmt.Errorf("name: %w", err)
				}
				t.data = data
			}
		}
		if opt.Compact && !slices.Contains(compactTables, t.tag) || !opt.Compact && t.tag == "GSUB" && !opt.Layout {
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// presentationForm reports whether r is in one of the blocks of
// presentation forms: Alphabetic (ligatures), Arabic A and B.
func presentationForm(r rune) bool {
	return r >= 0xFB00 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// sortedValues returns the values of m in the order of their keys, so that
// glyphs are added in the same order every time.
func sortedValues(m map[uint16]uint16) []uint16 {
	keys := make([]uint16, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]uint16, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// appendShifted appends to glyf a composite glyph drawing glyph id (whose
// data in the source font is g) moved right by dx font units.
func appendShifted(glyf, g []byte, id uint16, dx int) []byte {
	var box [4]int16 // xMin, yMin, xMax, yMax
	if len(g) >= 10 {
		for i := range box {
			box[i] = int16(be.Uint16(g[2+2*i:]))
		}
	}
	box[0] += int16(dx)
	box[2] += int16(dx)
	glyf = be.AppendUint16(glyf, 0xFFFF) // numberOfContours -1: composite
	for _, v := range box {
		glyf = be.AppendUint16(glyf, uint16(v))
	}
	const argsAreWords, argsAreXY = 0x0001, 0x0002
	glyf = be.AppendUint16(glyf, argsAreWords|argsAreXY)
	glyf = be.AppendUint16(glyf, id)
	glyf = be.AppendUint16(glyf, uint16(int16(dx)))
	glyf = be.AppendUint16(glyf, 0)
	for len(glyf)%4 != 0 {
		glyf = append(glyf, 0)
	}
	return glyf
}

// compactMetrics returns hhea, maxp and hmtx (and vhea and vmtx when the
// font has them) for the glyphs order, with one long metric per glyph,
// then for the shifted glyphs extra (base glyph, shift, advance).
func (f *Font) compactMetrics(order []int, extra [][3]int) ([]table, error) {
	hhea, hmtx := f.Table("hhea"), f.Table("hmtx")
	if len(hhea) < 36 {
		return nil, errors.New("missing or short hhea")
	}
	numH := int(be.Uint16(hhea[34:]))
	if numH == 0 || len(hmtx) < 4*numH {
		return nil, errors.New("bad hmtx")
	}
	newHmtx := make([]byte, 0, 4*len(order))
	for _, old := range order {
		// Glyphs past numberOfHMetrics share the last advance and have
		// only a left side bearing of their own.
		newHmtx = be.AppendUint16(newHmtx, be.Uint16(hmtx[4*min(old, numH-1):]))
		lsb := 4*old + 2
		if old >= numH {
			lsb = 4*numH + 2*(old-numH)
		}
		if lsb+2 <= len(hmtx) {
			newHmtx = append(newHmtx, hmtx[lsb:lsb+2]...)
		} else {
			newHmtx = append(newHmtx, 0, 0)
		}
	}
	lsbOf := func(old int) int16 {
		lsb := 4*old + 2
		if old >= numH {
			lsb = 4*numH + 2*(old-numH)
		}
		if lsb+2 <= len(hmtx) {
			return int16(be.Uint16(hmtx[lsb:]))
		}
		return 0
	}
	for _, e := range extra {
		newHmtx = be.AppendUint16(newHmtx, uint16(e[2]))
		newHmtx = be.AppendUint16(newHmtx, uint16(lsbOf(e[0])+int16(e[1])))
	}
	n := uint16(len(order) + len(extra))
	newHhea := slices.Clone(hhea)
	be.PutUint16(newHhea[34:], n)
	for _, e := range extra {
		if uint16(e[2]) > be.Uint16(newHhea[10:]) {
			be.PutUint16(newHhea[10:], uint16(e[2])) // advanceWidthMax
		}
	}
	newMaxp := slices.Clone(f.Table("maxp"))
	be.PutUint16(newMaxp[4:], n)
	if len(extra) > 0 && len(newMaxp) >= 32 {
		// one component, one level deep, at least
		be.PutUint16(newMaxp[28:], max(1, be.Uint16(newMaxp[28:])))
		be.PutUint16(newMaxp[30:], max(1, be.Uint16(newMaxp[30:])))
	}
	out := []table{{"hhea", newHhea}, {"maxp", newMaxp}, {"hmtx", newHmtx}}
	// Vertical metrics, for vertical writing, the same way.
	if vhea := f.Table("vhea"); len(vhea) >= 36 {
		newVmtx := make([]byte, 0, 4*len(order))
		for _, old := range order {
			adv, tsb, _ := f.VAdvance(uint16(old))
			newVmtx = be.AppendUint16(newVmtx, uint16(adv))
			newVmtx = be.AppendUint16(newVmtx, uint16(int16(tsb)))
		}
		for _, e := range extra {
			adv, tsb, _ := f.VAdvance(uint16(e[0]))
			newVmtx = be.AppendUint16(newVmtx, uint16(adv))
			newVmtx = be.AppendUint16(newVmtx, uint16(int16(tsb)))
		}
		newVhea := slices.Clone(vhea)
		be.PutUint16(newVhea[34:], n)
		out = append(out, table{"vhea", newVhea}, table{"vmtx", newVmtx})
	}
	return out, nil
}

// post3 turns a post table into version 3, which carries no glyph names.
func post3(p []byte) []byte {
	out := make([]byte, 32)
	copy(out, p)
	be.PutUint32(out, 0x00030000)
	return out
}

// binarySearch returns the searchRange, entrySelector and rangeShift
// fields that the table directory and cmap format 4 carry for n entries
// of size bytes each.
func binarySearch(n, size int) (searchRange, entrySelector, rangeShift uint16) {
	pow, log := 1, 0
	for pow*2 <= n {
		pow, log = pow*2, log+1
	}
	return uint16(size * pow), uint16(log), uint16(size*n - size*pow)
}

// write assembles tables into a font file, sorted by tag, with the table
// checksums and head's checkSumAdjustment filled in.
func write(version uint32, tables []table) []byte {
	return writeBefore(version, tables, table{}, 0, 0)
}

// writeBefore is write with the data of last, a table of size bytes and
// checksum sum, left out: it goes after what writeBefore returns, at the
// end of the file. A table whose bytes are written before the rest is
// known (a subset's glyf, see GlyphStream) comes last.
func writeBefore(version uint32, tables []table, last table, size int, sum uint32) []byte {
	slices.SortFunc(tables, func(a, b table) int { return strings.Compare(a.tag, b.tag) })
	n := len(tables)
	if last.tag != "" {
		n++
	}
	out := make([]byte, 0, 12+16*n+tablesSize(tables))
	out = be.AppendUint32(out, version)
	out = be.AppendUint16(out, uint16(n))
	sr, es, rs := binarySearch(n, 16)
	out = be.AppendUint16(out, sr)
	out = be.AppendUint16(out, es)
	out = be.AppendUint16(out, rs)
	dir := len(out)
	out = append(out, make([]byte, 16*n)...)
	// the directory's records go by tag: last's among them
	recAt := func(i int) []byte {
		if last.tag != "" && last.tag < tables[i].tag {
			i++
		}
		return out[dir+16*i:]
	}
	headAt := -1
	for i, t := range tables {
		off := len(out)
		out = append(out, t.data...)
		if t.tag == "head" {
			headAt = off
			be.PutUint32(out[off+8:], 0) // checkSumAdjustment, set below
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := recAt(i)
		copy(rec, t.tag)
		be.PutUint32(rec[4:], Checksum(out[off:]))
		be.PutUint32(rec[8:], uint32(off))
		be.PutUint32(rec[12:], uint32(len(t.data)))
	}
	if last.tag != "" {
		i, _ := slices.BinarySearchFunc(tables, last.tag, func(t table, tag string) int { return strings.Compare(t.tag, tag) })
		rec := out[dir+16*i:]
		copy(rec, last.tag)
		be.PutUint32(rec[4:], sum)
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(size))
	}
	if headAt >= 0 {
		be.PutUint32(out[headAt+8:], 0xB1B0AFBA-Checksum(out)-sum)
	}
	return out
}

func tablesSize(tables []table) int {
	size := 0
	for _, t := range tables {
		size += (len(t.data) + 3) &^ 3
	}
	return size
}

// Checksum sums b as big-endian 32-bit words, the last one zero-padded.
// A whole font with a correct head table sums to 0xB1B0AFBA.
func Checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += be.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var w [4]byte
		copy(w[:], b)
		sum += be.Uint32(w[:])
	}
	return sum
}

// buildCmap writes a cmap with a format 4 subtable for the Basic
// Multilingual Plane, the one every reader (and fpdf) understands, and a
// format 12 one for all characters. entries are sorted by rune.
func buildCmap(entries []Mapping) ([]byte, error) {
	f4, err := cmapFormat4(entries)
	if err != nil {
		return nil, err
	}
	f12 := cmapFormat12(entries)
	// Encoding records, sorted: (0,3) and (3,1) share the format 4
	// subtable, (0,4) and (3,10) the format 12 one. Some readers take the
	// first format 4 subtable of platform 0 or of (3,1); others prefer one
	// platform or the other.
	hdr := 4 + 4*8
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, 4)
	for _, rec := range [][3]int{{0, 3, hdr}, {0, 4, hdr + len(f4)}, {3, 1, hdr}, {3, 10, hdr + len(f4)}} {
		out = be.AppendUint16(out, uint16(rec[0]))
		out = be.AppendUint16(out, uint16(rec[1]))
		out = be.AppendUint32(out, uint32(rec[2]))
	}
	out = append(out, f4...)
	return append(out, f12...), nil
}

// cmapFormat12 is the subtable of runs consecutive in both character and
// glyph, for every plane.
func cmapFormat12(entries []Mapping) []byte {
	type group struct {
		start, end rune
		glyph      uint16
	}
	var groups []group
	for _, e := range entries {
		if n := len(groups); n > 0 && groups[n-1].end+1 == e.Rune && rune(groups[n-1].glyph)+(e.Rune-groups[n-1].start) == rune(e.Glyph) {
			groups[n-1].end = e.Rune
			continue
		}
		groups = append(groups, group{e.Rune, e.Rune, e.Glyph})
	}
	f12 := be.AppendUint16(nil, 12)
	f12 = be.AppendUint16(f12, 0)
	f12 = be.AppendUint32(f12, uint32(16+12*len(groups)))
	f12 = be.AppendUint32(f12, 0)
	f12 = be.AppendUint32(f12, uint32(len(groups)))
	for _, g := range groups {
		f12 = be.AppendUint32(f12, uint32(g.start))
		f12 = be.AppendUint32(f12, uint32(g.end))
		f12 = be.AppendUint32(f12, uint32(g.glyph))
	}
	return f12
}

// cmapFormat4 is the BMP subtable: segments of characters whose glyph
// IDs differ from them by the same delta (modulo 65536), then the 0xFFFF
// segment the format requires; U+FFFF itself and the planes above go to
// format 12 only.
func cmapFormat4(entries []Mapping) ([]byte, error) {
	type seg struct{ start, end, delta uint16 }
	var segs []seg
	for _, e := range entries {
		if e.Rune >= 0xFFFF {
			break
		}
		c := uint16(e.Rune)
		d := e.Glyph - c
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
	f4 := make([]byte, 0, length)
	f4 = be.AppendUint16(f4, 4)
	f4 = be.AppendUint16(f4, uint16(length))
	f4 = be.AppendUint16(f4, 0) // language
	f4 = be.AppendUint16(f4, uint16(2*n))
	sr, es, rs := binarySearch(n, 2)
	f4 = be.AppendUint16(f4, sr)
	f4 = be.AppendUint16(f4, es)
	f4 = be.AppendUint16(f4, rs)
	for _, s := range segs {
		f4 = be.AppendUint16(f4, s.end)
	}
	f4 = be.AppendUint16(f4, 0) // reservedPad
	for _, s := range segs {
		f4 = be.AppendUint16(f4, s.start)
	}
	for _, s := range segs {
		f4 = be.AppendUint16(f4, s.delta)
	}
	for range segs {
		f4 = be.AppendUint16(f4, 0) // idRangeOffset: deltas only
	}
	return f4, nil
}
