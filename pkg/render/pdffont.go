package render

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/pkg/render/inline"
)

// fontID names one of the faces the PDF draws with.
type fontID uint8

const (
	fRegular fontID = iota
	fBold
	fMono
	fFallback
	numFonts
)

// noGlyph marks a rune the font has no glyph for in a fontMetrics table.
const noGlyph = 0xFFFF

// fontMetrics holds what layout needs of a font: the advance of every BMP
// rune in 1/1000 em, rounded exactly as fpdf rounds them for the PDF's /W
// array, so runs we measure and runs the viewer advances through agree.
type fontMetrics struct {
	family string // fpdf family name
	data   []byte
	adv    []uint16 // indexed by rune; noGlyph when absent
	gid    []uint16 // glyph of each rune, for subsetting
	font   *ttf.Font
	err    error
}

var (
	fontOnce [numFonts]sync.Once
	fontTab  = [numFonts]*fontMetrics{
		fRegular:  {family: "wenkai", data: fonts.Regular},
		fBold:     {family: "wenkaib", data: fonts.Bold},
		fMono:     {family: "mono", data: fonts.Mono},
		fFallback: {family: "fallback", data: fonts.Fallback},
	}
)

// fontMetricsOf returns the parsed metrics of font id. Parsing happens once per
// process: a 15.7 MB CJK font's cmap has ~30,000 entries.
func fontMetricsOf(id fontID) (*fontMetrics, error) {
	m := fontTab[id]
	fontOnce[id].Do(func() {
		m.err = m.parse()
		if m.err != nil {
			m.err = fmt.Errorf("font %s: %w", m.family, m.err)
		}
	})
	return m, m.err
}

// has reports whether the font has a glyph for r.
func (m *fontMetrics) has(r rune) bool {
	return r >= 0 && int(r) < len(m.adv) && m.adv[r] != noGlyph
}

// width returns the advance of r in 1/1000 em (0 when absent: callers
// fall back before asking).
func (m *fontMetrics) width(r rune) int {
	if !m.has(r) {
		return 0
	}
	return int(m.adv[r])
}

// parse reads the format-4 Unicode cmap and hmtx of a TrueType font, the
// same subtables fpdf reads, into per-rune advances and glyph IDs.
func (m *fontMetrics) parse() error {
	be := binary.BigEndian
	f, err := ttf.Parse(m.data)
	if err != nil {
		return err
	}
	head, hhea, maxp, hmtx, cmap := f.Table("head"), f.Table("hhea"), f.Table("maxp"), f.Table("hmtx"), f.Table("cmap")
	if len(head) < 20 || len(hhea) < 36 || len(maxp) < 6 || cmap == nil {
		return errors.New("missing head, hhea, maxp or cmap")
	}
	upem := float64(be.Uint16(head[18:]))
	numH := int(be.Uint16(hhea[34:]))
	numGlyphs := int(be.Uint16(maxp[4:]))
	if numH == 0 || len(hmtx) < 4*numH {
		return errors.New("bad hmtx")
	}
	advance := func(gid int) uint16 {
		if gid >= numH {
			gid = numH - 1
		}
		a := float64(be.Uint16(hmtx[4*gid:]))
		if a >= 1<<15 {
			a = 0
		}
		return uint16(math.Round(a * 1000 / upem))
	}

	var sub []byte
	nsub := int(be.Uint16(cmap[2:]))
	for i := 0; i < nsub; i++ {
		rec := cmap[4+8*i:]
		plat, enc, off := be.Uint16(rec), be.Uint16(rec[2:]), int(be.Uint32(rec[4:]))
		if (plat == 3 && enc == 1 || plat == 0) && off+14 <= len(cmap) && be.Uint16(cmap[off:]) == 4 {
			sub = cmap[off:]
			break
		}
	}
	if sub == nil {
		return errors.New("no format-4 Unicode cmap")
	}
	m.font = f
	adv, gid := make([]uint16, 0x10000), make([]uint16, 0x10000)
	for i := range adv {
		adv[i] = noGlyph
	}
	segs := int(be.Uint16(sub[6:])) / 2
	ends, starts := 14, 16+2*segs
	deltas, ranges := starts+2*segs, starts+4*segs
	if ranges+2*segs > len(sub) {
		return errors.New("truncated cmap")
	}
	for s := 0; s < segs; s++ {
		end, start := int(be.Uint16(sub[ends+2*s:])), int(be.Uint16(sub[starts+2*s:]))
		delta, ro := int(be.Uint16(sub[deltas+2*s:])), int(be.Uint16(sub[ranges+2*s:]))
		for c := start; c <= end && c < 0xFFFF; c++ {
			g := 0
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else if p := ranges + 2*s + ro + 2*(c-start); p+2 <= len(sub) {
				if g = int(be.Uint16(sub[p:])); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 && g < numGlyphs {
				adv[c] = advance(g)
				gid[c] = uint16(g)
			}
		}
	}
	m.adv, m.gid = adv, gid
	return nil
}

// fpdf parses every font it is given in full, twice (AddUTF8FontFromBytes
// and again when it writes its own subset): for a 15.7 MB CJK font that is
// tens of milliseconds per document and face. It cannot be handed a parsed
// font, so we hand it a small one instead, cut from the font we parsed
// once per process; fpdf then subsets that again, cheaply. Advances are
// copied unchanged, so widths in the PDF match what layout measured.

// subsetTTF returns a compact TrueType font with the glyphs of the
// characters used, as the cmap layout measured with maps them; characters
// above U+FFFF go under their private-use code points in pua, since fpdf
// reads only the format-4 cmap.
func (m *fontMetrics) subsetTTF(used map[rune]bool, pua map[rune]rune) ([]byte, error) {
	if m.font == nil { // never parsed, or parsing failed
		return nil, fmt.Errorf("font %s not parsed: %v", m.family, m.err)
	}
	maps := make([]ttf.Mapping, 0, len(used))
	for r := range used {
		g := m.glyph(r)
		if g == 0 {
			continue
		}
		if c, ok := pua[r]; ok {
			r = c
		}
		maps = append(maps, ttf.Mapping{Rune: r, Glyph: g})
	}
	return m.font.Subset(maps, ttf.Options{Compact: true})
}

// glyph returns the glyph of r, 0 when the font has none.
func (m *fontMetrics) glyph(r rune) uint16 {
	if r >= 0 && int(r) < len(m.gid) {
		return m.gid[r]
	}
	return 0
}

// loadFonts parses every face once per process.
func loadFonts() error {
	for id := fontID(0); id < numFonts; id++ {
		if _, err := fontMetricsOf(id); err != nil {
			return err
		}
	}
	return nil
}

// docFonts is the fonts as one document uses them: it is the layout's
// inline.Metrics, with the fallback chain, and records which characters
// each face draws, for the subsets, and which no face has.
type docFonts struct {
	body    fontID // the body face of the chosen family: the first fallback
	used    [numFonts]map[rune]bool
	missing int
	// pua maps, per face, the characters fpdf cannot take (above U+FFFF)
	// to the private-use code points their glyphs go under in the subset.
	pua [numFonts]map[rune]rune
}

// fallbacks is the chain after the wanted face and the body face.
var fallbacks = [...]fontID{fRegular, fFallback}

// Glyph implements inline.Metrics.
func (d *docFonts) Glyph(want inline.Face, r rune) (inline.Face, float64, bool) {
	f := fontID(want)
	if m := fontTab[f]; m.has(r) {
		return d.use(f, r, m)
	}
	if m := fontTab[d.body]; m.has(r) {
		return d.use(d.body, r, m)
	}
	for _, fb := range fallbacks {
		if m := fontTab[fb]; m.has(r) {
			return d.use(fb, r, m)
		}
	}
	// Drawn as the wanted face's .notdef box, still in the text layer.
	d.missing++
	d.use(f, r, nil)
	return want, 0.5, false
}

func (d *docFonts) use(f fontID, r rune, m *fontMetrics) (inline.Face, float64, bool) {
	if d.used[f] == nil {
		d.used[f] = map[rune]bool{}
	}
	d.used[f][r] = true
	if m == nil {
		return inline.Face(f), 0.5, false
	}
	return inline.Face(f), float64(m.width(r)) / 1000, true
}

// code returns the code point fpdf is given for r in face f.
func (d *docFonts) code(f fontID, r rune) rune {
	if c, ok := d.pua[f][r]; ok {
		return c
	}
	return r
}

// assignPUA gives every character above U+FFFF of each face a private-use
// code point that the document does not otherwise use in that face.
func (d *docFonts) assignPUA() {
	for f := range d.used {
		var astral []rune
		for r := range d.used[f] {
			if r > 0xFFFF {
				astral = append(astral, r)
			}
		}
		if len(astral) == 0 {
			continue
		}
		slices.Sort(astral)
		d.pua[f] = map[rune]rune{}
		next := rune(0xE000)
		for _, r := range astral {
			for d.used[f][next] {
				next++
			}
			d.pua[f][r] = next
			next++
		}
	}
}
