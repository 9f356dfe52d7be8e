// Package face is the fonts as the renderers know them: each face parsed
// once per process (its character map and advances, rounded as the PDF's
// widths are), the fallback chain, and, per document, which characters each face
// draws, for the subsets embedded. Set is the layout's inline.Metrics.
package face

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/go-text/typesetting/font"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/fonts/rare"
	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/pkg/render/inline"
)

// ID names one of the faces the PDF draws with.
type ID uint8

const (
	Kai ID = iota // LXGW WenKai: the default body face
	KaiBold
	Mono
	Fallback // Droid Sans Fallback: CJK Extension A
	Song     // Noto Serif SC, with -font song
	SongBold
	Emoji // Noto Emoji, monochrome
	Ext   // the later CJK extensions
	// Noto Serif: the Latin, Greek and Cyrillic book face, with a true
	// italic. These and the script faces below are shaped (shape.go).
	Serif
	SerifItalic
	SerifBold
	SerifBoldItalic
	Arabic // Noto Naskh Arabic
	ArabicBold
	Hebrew
	Devanagari
	Bengali
	Gurmukhi
	Gujarati
	Oriya
	Tamil
	Telugu
	Kannada
	Malayalam
	Sinhala
	Thai
	Lao
	Khmer
	Myanmar
	Tibetan
	Georgian
	Armenian
	Ethiopic
	Thaana
	// Noto Sans Symbols 2: arrows, dingbats and other symbols (➨ ✓ ☎)
	// that neither the CJK faces nor Noto Emoji draw.
	Symbols
	// Noto Sans faces of scripts Noto has no serif for: Cherokee, Canadian
	// Aboriginal syllabics (Inuktitut, Cree), Vai, Yi, Tifinagh.
	Cherokee
	Syllabics
	Vai
	Yi
	Tifinagh
	// LXGW WenKai TC, cut to the Han of Big5-HKSCS and OpenCC's
	// Traditional characters, and the punctuation:
	// Traditional Chinese text in the Kai body face (Traditional). It
	// draws the Taiwan standard forms, and ，。、！？ centred; what it lacks
	// comes from LXGW WenKai.
	KaiTC
	// LXGW WenKai TC Bold, cut to the punctuation (the centred marks of
	// bold Traditional text) and the most common Traditional characters;
	// the rest of bold Traditional text is LXGW WenKai Bold's.
	KaiTCBold
	// The CJK extension ideographs no face before it has, drawn from
	// 24-pixel bitmaps (fonts/rare), and those no source font has as
	// their code point in a box.
	Rare
	// The Noto Serif Bolds of scripts, for their bold text: numbered
	// after the others, so that each face keeps the number it had before
	// them (an EPUB cover's glyph names carry it).
	HebrewBold
	DevanagariBold
	BengaliBold
	GurmukhiBold
	GujaratiBold
	TamilBold
	TeluguBold
	KannadaBold
	MalayalamBold
	ThaiBold
	GeorgianBold
	NumFaces
)

// shaped reports whether runs in face f go through the shaper: the Noto
// faces.
func (f ID) shaped() bool { return f >= Serif && f <= Tifinagh || f >= HebrewBold && f <= GeorgianBold }

// Traditional returns the face Traditional Chinese text set in face f is
// drawn with: LXGW WenKai TC for LXGW WenKai, its Bold for LXGW WenKai
// Bold (cut to the marks and the most common characters; see package
// fonts), f itself for the others.
func Traditional(f ID) ID {
	switch f {
	case Kai:
		return KaiTC
	case KaiBold:
		return KaiTCBold
	}
	return f
}

// filledFrom returns the face that draws what face f lacks before the
// body face: LXGW WenKai Bold for the TC Bold's cut.
func filledFrom(f ID) (ID, bool) {
	if f == KaiTCBold {
		return KaiBold, true
	}
	return 0, false
}

// Font holds what layout needs of a font: the advance of every
// character in 1/1000 em, rounded exactly as they are in the
// PDF's /W array, so runs we measure and runs the viewer advances through
// agree.
type Font struct {
	family string // PostScript name, for the PDF's font dictionaries
	face   string // fonts.Face name
	body   string // the name ByName knows a body face by; "" for the others
	// local is the family name the face is installed under, which a
	// stylesheet names it by
	local string
	// embedFamily and embedFile name the face's subset in an EPUB.
	embedFamily, embedFile string
	// adv caches the BMP advances by rune, looked up on first use: a
	// document needs a few hundred of a face's tens of thousands, and
	// filling the table up front cost milliseconds per process. 0 is not
	// looked up yet, noGlyph absent, anything else 1 + the advance.
	adv  []atomic.Uint32
	cmap *ttf.Cmap
	upem float64
	font *ttf.Font
	once sync.Once
	err  error
	// vert maps glyphs to their vertical forms (GSUB vert), read on the
	// first vertical document.
	vert     map[uint16]uint16
	vertOnce sync.Once
	// ligatures by first glyph, longest first (emoji sequences), read on
	// first use
	ligOnce sync.Once
	ligs    map[uint16][]ttf.Ligature
	// centred holds the pause and stop marks (cjk.Pauses) the font draws
	// in the middle of a full em, read on first use
	centredOnce sync.Once
	centred     map[rune]bool
	// gt is the font as go-text/typesetting's shaper reads it
	gtOnce sync.Once
	gt     *font.Face
	// shapers are faces of gt's font and their shapers, lent for one
	// shaping each
	shapers sync.Pool
	// open makes a font that is made rather than stored (the rare
	// ideographs'); nil for the others, read from fonts.Face(face).
	open func() (*ttf.Font, error)
}

var fontsFace = fonts.Face

// noGlyph marks a rune the font has no glyph for in a Font table.
const noGlyph = math.MaxUint32

// bmpAdvance returns the adv entry of r, a BMP character, looking it up
// on first use. Documents rendering at once may look up the same rune
// together: they store the same value.
func (m *Font) bmpAdvance(r rune) uint32 {
	v := m.adv[r].Load()
	if v == 0 {
		v = noGlyph
		if g := m.cmap.Glyph(r); g != 0 {
			v = uint32(m.advance(g)) + 1
		}
		m.adv[r].Store(v)
	}
	return v
}

var tab = [NumFaces]*Font{
	Kai:       {family: "LXGWWenKai-Regular", face: "kai", body: "kai", local: "LXGW WenKai", embedFamily: "Bookify Kai", embedFile: "kai-subset.ttf"},
	KaiBold:   {family: "LXGWWenKai-Bold", face: "kai-bold", local: "LXGW WenKai"},
	Mono:      {family: "DejaVuSansMono", face: "mono", local: "DejaVu Sans Mono"},
	Fallback:  {family: "DroidSansFallback", face: "fallback", local: "Droid Sans Fallback", embedFamily: "Bookify Fallback", embedFile: "fallback-subset.ttf"},
	Song:      {family: "NotoSerifSC-Regular", face: "song", body: "song", local: "Noto Serif SC", embedFamily: "Bookify Song", embedFile: "song-subset.ttf"},
	SongBold:  {family: "NotoSerifSC-Bold", face: "song-bold", local: "Noto Serif SC"},
	Emoji:     {family: "NotoEmoji-Regular", face: "emoji", local: "Noto Emoji", embedFamily: "Bookify Emoji", embedFile: "emoji-subset.ttf"},
	Ext:       {family: "HanaMinB", face: "ext", local: "HanaMinB", embedFamily: "Bookify Ext", embedFile: "ext-subset.ttf"},
	KaiTC:     {family: "LXGWWenKaiTC-Regular", face: "kai-tc", local: "LXGW WenKai TC", embedFamily: "Bookify Kai TC", embedFile: "kai-tc-subset.ttf"},
	KaiTCBold: {family: "LXGWWenKaiTC-Bold", face: "kai-tc-bold", local: "LXGW WenKai TC"},
	// No reading system has it installed: a stylesheet names it only
	// when the book embeds it.
	Rare: {family: "BookifyRare", face: "rare", embedFamily: "Bookify Rare", embedFile: "rare-subset.ttf", open: rare.Font},

	Serif:           noto("NotoSerif-Regular"),
	SerifItalic:     noto("NotoSerif-Italic"),
	SerifBold:       noto("NotoSerif-Bold"),
	SerifBoldItalic: noto("NotoSerif-BoldItalic"),
	Arabic:          noto("NotoNaskhArabic-Regular"),
	ArabicBold:      noto("NotoNaskhArabic-Bold"),
	Hebrew:          noto("NotoSerifHebrew-Regular"),
	HebrewBold:      noto("NotoSerifHebrew-Bold"),
	Devanagari:      noto("NotoSerifDevanagari-Regular"),
	DevanagariBold:  noto("NotoSerifDevanagari-Bold"),
	Bengali:         noto("NotoSerifBengali-Regular"),
	BengaliBold:     noto("NotoSerifBengali-Bold"),
	Gurmukhi:        noto("NotoSerifGurmukhi-Regular"),
	GurmukhiBold:    noto("NotoSerifGurmukhi-Bold"),
	Gujarati:        noto("NotoSerifGujarati-Regular"),
	GujaratiBold:    noto("NotoSerifGujarati-Bold"),
	Oriya:           noto("NotoSansOriya-Regular"),
	Tamil:           noto("NotoSerifTamil-Regular"),
	TamilBold:       noto("NotoSerifTamil-Bold"),
	Telugu:          noto("NotoSerifTelugu-Regular"),
	TeluguBold:      noto("NotoSerifTelugu-Bold"),
	Kannada:         noto("NotoSerifKannada-Regular"),
	KannadaBold:     noto("NotoSerifKannada-Bold"),
	Malayalam:       noto("NotoSerifMalayalam-Regular"),
	MalayalamBold:   noto("NotoSerifMalayalam-Bold"),
	Sinhala:         noto("NotoSerifSinhala-Regular"),
	Thai:            noto("NotoSerifThai-Regular"),
	ThaiBold:        noto("NotoSerifThai-Bold"),
	Lao:             noto("NotoSerifLao-Regular"),
	Khmer:           noto("NotoSerifKhmer-Regular"),
	Myanmar:         noto("NotoSerifMyanmar-Regular"),
	Tibetan:         noto("NotoSerifTibetan-Regular"),
	Georgian:        noto("NotoSerifGeorgian-Regular"),
	GeorgianBold:    noto("NotoSerifGeorgian-Bold"),
	Armenian:        noto("NotoSerifArmenian-Regular"),
	Ethiopic:        noto("NotoSerifEthiopic-Regular"),
	Thaana:          noto("NotoSansThaana-Regular"),
	Symbols:         installedAs(noto("NotoSansSymbols2-Regular"), "Noto Sans Symbols 2"),
	Cherokee:        noto("NotoSansCherokee-Regular"),
	Syllabics:       noto("NotoSansCanadianAboriginal-Regular"),
	Vai:             noto("NotoSansVai-Regular"),
	Yi:              noto("NotoSansYi-Regular"),
	Tifinagh:        noto("NotoSansTifinagh-Regular"),
}

// installedAs sets the family name f is installed under, where its
// PostScript name does not spell it.
func installedAs(f *Font, local string) *Font {
	f.local = local
	return f
}

// noto returns the entry of the Noto face of PostScript name name
// ("NotoNaskhArabic-Regular"): installed as "Noto Naskh Arabic", embedded
// in an EPUB as "Bookify Naskh Arabic" in naskh-arabic-subset.ttf, its
// bold under the same family in naskh-arabic-bold-subset.ttf (the EPUB
// embeds no italic).
func noto(name string) *Font {
	f := &Font{family: name, face: "noto/" + name}
	base, style, _ := strings.Cut(name, "-")
	var words []string
	start := 0
	for i := 1; i < len(base); i++ {
		// a capital after a small letter starts a word: NotoSerifSC is
		// Noto Serif SC
		if unicode.IsUpper(rune(base[i])) && unicode.IsLower(rune(base[i-1])) {
			words = append(words, base[start:i])
			start = i
		}
	}
	words = append(words, base[start:])
	f.local = strings.Join(words, " ")
	rest := words[1:] // without Noto
	switch style {
	case "Regular":
		f.embedFamily = "Bookify " + strings.Join(rest, " ")
		f.embedFile = strings.ToLower(strings.Join(rest, "-")) + "-subset.ttf"
	case "Bold":
		f.embedFamily = "Bookify " + strings.Join(rest, " ")
		f.embedFile = strings.ToLower(strings.Join(rest, "-")) + "-bold-subset.ttf"
	}
	return f
}

// Embedded returns the family and file name of face id's subset in an
// EPUB; empty for a face an EPUB does not embed.
func Embedded(id ID) (family, file string) { return tab[id].embedFamily, tab[id].embedFile }

// Local returns the family name face id is installed under on a reader's
// system ("LXGW WenKai", "Noto Naskh Arabic"), which a stylesheet names.
func Local(id ID) string { return tab[id].local }

// Open returns the parsed metrics of font id. Parsing happens
// once per process, on first use: the optional faces are stored
// compressed, and a document that needs none of their characters never
// opens them.
func Open(id ID) (*Font, error) {
	m := tab[id]
	m.once.Do(func() {
		m.err = m.parse()
		if m.err != nil {
			m.err = fmt.Errorf("font %s: %w", m.family, m.err)
		}
	})
	return m, m.err
}

// Has reports whether the font has a glyph for r.
func (m *Font) Has(r rune) bool {
	_, ok := m.lookup(r)
	return ok
}

// Width returns the advance of r in 1/1000 em (0 when absent: callers
// fall back before asking).
func (m *Font) Width(r rune) int {
	w, _ := m.lookup(r)
	return w
}

// lookup returns the advance of r in 1/1000 em and whether the font has
// a glyph for it (0, false when not): one look for both, for most of a
// book in the cache of bmpAdvance.
func (m *Font) lookup(r rune) (int, bool) {
	if r >= 0 && r < 0x10000 {
		if a := m.bmpAdvance(r); a != noGlyph {
			return int(a - 1), true
		}
		return 0, false
	}
	if g := m.cmap.Glyph(r); g != 0 {
		return m.advance(g), true
	}
	return 0, false
}

// advance is glyph g's advance in 1/1000 em, rounded as a PDF's /W
// widths are.
func (m *Font) advance(g uint16) int {
	return int(math.Round(float64(m.font.Advance(g)) * 1000 / m.upem))
}

// vertGlyph returns the glyph of r's vertical form (the font's GSUB vert
// for Han script: ，。 in the upper right of the cell, brackets and
// dashes turned), or 0 when r keeps its glyph in a column.
func (m *Font) vertGlyph(r rune) uint16 {
	m.vertOnce.Do(func() {
		if m.font == nil {
			return
		}
		// A font whose GSUB cannot be read has no vertical forms to give:
		// its marks are drawn upright as they are.
		m.vert, _ = m.font.SingleSubst("vert", "hani")
	})
	return m.vert[m.glyph(r)]
}

// glyph returns the glyph of r, 0 when the font has none.
func (m *Font) glyph(r rune) uint16 { return m.cmap.Glyph(r) }

// Family is the PostScript name of face id, which a PDF's font
// dictionaries give it.
func Family(id ID) string { return tab[id].family }

// parse reads the cmap and hmtx of the font.
func (m *Font) parse() error {
	f, err := m.ttf()
	if err != nil {
		return err
	}
	head := f.Table("head")
	if len(head) < 20 {
		return errors.New("missing head")
	}
	m.upem = float64(binary.BigEndian.Uint16(head[18:]))
	if m.cmap, err = f.Cmap(); err != nil {
		return err
	}
	m.font = f
	m.adv = make([]atomic.Uint32, 0x10000)
	return nil
}

// ttf returns the font, made or read from its file.
func (m *Font) ttf() (*ttf.Font, error) {
	if m.open != nil {
		return m.open()
	}
	data, err := fonts.Face(m.face)
	if err != nil {
		return nil, err
	}
	return ttf.Parse(data)
}

// Glyph returns the glyph of r, 0 when the font has none.
func (m *Font) Glyph(r rune) uint16 { return m.glyph(r) }

// isCentred reports whether the font draws the pause or stop mark r
// centred in a full em, as Traditional Chinese faces do (Taiwan's
// standard, clreq 3.1.1), rather than in its lower left: the middle of
// its ink within a tenth of an em of the middle of its advance.
func (m *Font) isCentred(r rune) bool {
	m.centredOnce.Do(func() {
		em := int(m.upem)
		for _, p := range cjk.Pauses() {
			g := m.glyph(p)
			x0, _, x1, _, ok := m.font.Bounds(g)
			if adv := int(m.font.Advance(g)); ok && 10*adv >= 9*em && 10*abs(x0+x1-adv) < 2*em {
				if m.centred == nil {
					m.centred = map[rune]bool{}
				}
				m.centred[p] = true
			}
		}
	})
	return m.centred[r]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Centred implements inline.Centrer: whether face f draws the pause or
// stop mark r centred, so that layout treats it as a middle mark (no
// blank half to give, a quarter em each side only when a line must
// shrink).
func (d *Set) Centred(f inline.Face, r rune) bool {
	m := d.face(ID(f))
	return m != nil && m.font != nil && m.isCentred(r)
}

// Vert returns the glyph of r's vertical form, 0 when it has none.
func (m *Font) Vert(r rune) uint16 { return m.vertGlyph(r) }

// GlyphWidth returns glyph g's advance in 1/1000 em, rounded as layout
// measures it: the widths a PDF gives the glyph.
func (m *Font) GlyphWidth(g uint16) int { return m.advance(g) }

// UnitsPerEm returns the font's design units per em.
func (m *Font) UnitsPerEm() int { return int(m.upem) }

// TTF returns the parsed font, for subsetting.
func (m *Font) TTF() *ttf.Font { return m.font }

// Load parses the faces every document draws with, LXGW WenKai and its
// bold (the first of every fallback chain; titles), so that a broken
// build fails before any layout. The others (mono, the fallbacks, the
// script faces) open on first use: Droid Sans Fallback alone took 5 ms
// of a process that never drew from it.
func Load() error {
	for _, id := range []ID{Kai, KaiBold} {
		if _, err := Open(id); err != nil {
			return err
		}
	}
	return nil
}

// Set is the fonts as one document uses them: it is the layout's
// inline.Metrics, with the fallback chain, and records which characters
// each face draws, for the subsets, and which no face has.
type Set struct {
	Body ID // the body face of the chosen family: the first fallback
	used [NumFaces]map[rune]bool
	// seen has a bit for each character of the Basic Multilingual Plane
	// recorded in used, once a face has recorded bitsFrom characters:
	// every glyph set is recorded, and in a long book a bit is read
	// faster than a map (which Embed and Merge read); an article does
	// without its 8 KB
	seen    [NumFaces]*[1 << 10]uint64
	records [NumFaces]int
	Missing int // characters no face has
	lacking map[rune]bool
	Err     error // a face that could not be opened
	// boxed holds the characters drawn as their code point in a box
	// (rare.Boxed): ideographs no font of ours has a glyph for.
	boxed map[rune]bool
	// widened holds, per face, the curly quotes set full width: they are
	// drawn with a glyph of a full em made for them in the subset.
	widened [NumFaces]map[rune]bool
	// verted holds, per face, the characters drawn with their vertical
	// forms in a column.
	verted [NumFaces]map[rune]bool
	// ligs holds, per face, the ligature glyphs drawn.
	ligs [NumFaces]map[uint16]bool
}

// fallbacks is the chain after the wanted face and the body face: LXGW
// WenKai (for a Song body too: it has what Noto Serif SC lacks, kana and
// Hangul among them), Droid Sans Fallback for Extension A, the extension
// face, the rare ideographs (what is left of Extensions B to I), the
// emoji, the symbols, and last Noto Serif, whose general
// punctuation and specials (U+FFFD, the replacement character) no face
// before it has. Each opens only when a character reaches it.
var fallbacks = [...]ID{Kai, Fallback, Ext, Rare, Emoji, Symbols, Serif}

// Glyph implements inline.Metrics.
func (d *Set) Glyph(want inline.Face, r rune) (inline.Face, float64, bool) {
	f := ID(want)
	if w, ok := d.try(f, r); ok {
		return want, w, true
	}
	if fill, ok := filledFrom(f); ok {
		if w, ok := d.try(fill, r); ok {
			return inline.Face(fill), w, true
		}
	}
	if w, ok := d.try(d.Body, r); ok {
		return inline.Face(d.Body), w, true
	}
	// A script's own face before the CJK fallbacks, which lack it; but
	// Latin, Greek and Cyrillic in a CJK book stay in the CJK faces
	// (their Latin pairs with the Han, and the EPUB embeds them), Noto
	// Serif only drawing what those lack.
	sf, script := scriptFace(r, f)
	latin := script && sf >= Serif && sf <= SerifBoldItalic
	if script && !latin {
		if w, ok := d.try(sf, r); ok {
			return inline.Face(sf), w, true
		}
	}
	for _, fb := range fallbacks {
		if fb == Rare && !rare.In(r) {
			continue // opened only for the characters it may have
		}
		if w, ok := d.try(fb, r); ok {
			if fb == Rare && rare.Boxed(r) {
				if d.boxed == nil {
					d.boxed = map[rune]bool{}
				}
				d.boxed[r] = true
			}
			return inline.Face(fb), w, true
		}
	}
	if latin {
		if w, ok := d.try(sf, r); ok {
			return inline.Face(sf), w, true
		}
	}
	// Drawn as the wanted face's .notdef box, still in the text layer.
	d.Missing++
	if d.lacking == nil {
		d.lacking = map[rune]bool{}
	}
	d.lacking[r] = true
	d.use(f, r, nil)
	return want, 0.5, false
}

// try returns the width of r in face f, in em, when f has it, and
// records that f draws it: whether it has it and the width in one look.
func (d *Set) try(f ID, r rune) (float64, bool) {
	m := d.face(f)
	if m == nil {
		return 0, false
	}
	w, ok := m.lookup(r)
	if !ok {
		return 0, false
	}
	d.record(f, r)
	return float64(w) / 1000, true
}

func (d *Set) use(f ID, r rune, m *Font) (inline.Face, float64, bool) {
	d.record(f, r)
	if m == nil {
		return inline.Face(f), 0.5, false
	}
	return inline.Face(f), float64(m.Width(r)) / 1000, true
}

// bitsFrom is how many characters a face records before seen holds them.
const bitsFrom = 1 << 14

// record notes in used that f draws r.
func (d *Set) record(f ID, r rune) {
	if d.seen[f] == nil && d.records[f] < bitsFrom {
		d.records[f]++
	} else if uint32(r) < 1<<16 {
		if d.seen[f] == nil {
			d.seen[f] = new([1 << 10]uint64)
			for r := range d.used[f] {
				if uint32(r) < 1<<16 {
					d.seen[f][r>>6] |= 1 << (r & 63)
				}
			}
		}
		w, bit := &d.seen[f][r>>6], uint64(1)<<(r&63)
		if *w&bit != 0 {
			return
		}
		*w |= bit
	}
	if d.used[f] == nil {
		d.used[f] = map[rune]bool{}
	}
	if !d.used[f][r] {
		d.used[f][r] = true // looking up costs less than storing again
	}
}

// face returns the metrics of f, opening it on first use; nil, with the
// error kept for the document, when it cannot be read.
func (d *Set) face(f ID) *Font {
	m, err := Open(f)
	if err != nil {
		d.Err = err
		return nil
	}
	return m
}

// widen records that face f draws the curly quote r full width.
func (d *Set) widen(f ID, r rune) {
	if d.widened[f] == nil {
		d.widened[f] = map[rune]bool{}
	}
	d.widened[f][r] = true
}

// WidenIn records the widened quotes of lines.
func (d *Set) WidenIn(lines []inline.Line) {
	for _, ln := range lines {
		for _, g := range ln.Glyphs {
			if g.Widened {
				d.widen(ID(g.Face), g.R)
			}
		}
	}
}

// HasVert reports whether face f has a vertical form of r for a column,
// and records that the document draws it.
func (d *Set) HasVert(f ID, r rune) bool {
	m := d.face(f)
	if m == nil || m.vertGlyph(r) == 0 {
		return false
	}
	if d.verted[f] == nil {
		d.verted[f] = map[rune]bool{}
	}
	d.verted[f][r] = true
	return true
}

// Need records that the document draws the characters of s in face f
// (page numbers, drawn outside the layout).
func (d *Set) Need(f ID, s string) {
	m := d.face(f)
	for _, r := range s {
		d.use(f, r, m)
	}
}

// Merge adds what o recorded to d: a document laid out in parts, each
// part with a Set of its own, then records what one Set would have.
func (d *Set) Merge(o *Set) {
	for f := range NumFaces {
		mergeInto(&d.used[f], o.used[f])
		mergeInto(&d.widened[f], o.widened[f])
		mergeInto(&d.verted[f], o.verted[f])
		mergeInto(&d.ligs[f], o.ligs[f])
	}
	mergeInto(&d.lacking, o.lacking)
	d.Missing += o.Missing
	mergeInto(&d.boxed, o.boxed)
	if d.Err == nil {
		d.Err = o.Err
	}
}

func mergeInto[K comparable](dst *map[K]bool, src map[K]bool) {
	if src == nil {
		return
	}
	if *dst == nil {
		*dst = make(map[K]bool, len(src))
	}
	for k := range src {
		(*dst)[k] = true
	}
}

// Uses reports whether the document draws anything in face f.
func (d *Set) Uses(f ID) bool {
	return d.used[f] != nil || d.widened[f] != nil || d.verted[f] != nil || d.ligs[f] != nil
}

// Boxed returns how many distinct characters are drawn as their code
// point in a box.
func (d *Set) Boxed() int { return len(d.boxed) }

// Lacking returns the distinct characters no face has, in order.
func (d *Set) Lacking() []rune {
	out := make([]rune, 0, len(d.lacking))
	for r := range d.lacking {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// Embed returns face f cut down to the characters the document draws with
// it, under their own code points and renamed family, for a reading
// system's @font-face: glyph IDs stay, so the font's own tables (vmtx,
// kern) stay valid.
//
// A vertical book's subsets keep the vertical forms of their characters
// and a GSUB vert feature to reach them.
func (d *Set) Embed(f ID, family string, vertical bool) ([]byte, error) {
	m := d.face(f)
	if m == nil {
		return nil, d.Err
	}
	maps := make([]ttf.Mapping, 0, len(d.used[f]))
	for r := range d.used[f] {
		if g := m.glyph(r); g != 0 {
			maps = append(maps, ttf.Mapping{Rune: r, Glyph: g})
		}
	}
	// A shaped face keeps its GSUB and the glyphs it reaches: a reading
	// system shapes Arabic, the Indic scripts and Latin ligatures as our
	// shaper does.
	// The rare face's tens of thousands of glyphs would leave 300 KB of
	// empty loca and hmtx in a subset that keeps glyph IDs: it is cut
	// compact, as it has no layout tables to keep valid.
	opt := ttf.Options{Family: family, Layout: f.shaped(), Compact: f == Rare}
	if vertical {
		m.vertGlyph(0) // reads the font's vert feature
		opt.Vert = m.vert
	}
	data, err := m.font.Subset(maps, opt)
	if err != nil {
		return nil, fmt.Errorf("subsetting %s: %w", m.family, err)
	}
	return data, nil
}

// Chain is the order of the faces a document in body face body takes its
// characters from, which a stylesheet's font stack follows: the body
// face; in a CJK book Noto Serif, for the Latin, Greek and Cyrillic the
// body face lacks (and, on a reader's system without the body face, for
// its Latin letters and digits, rather than a script face's); the faces
// of the scripts the CJK faces lack (Arabic, Hebrew, the Indic scripts,
// Thai, …; each the only face here of its script); then the CJK
// fallbacks (LXGW WenKai, Droid Sans Fallback, the extension face, Noto
// Emoji, Noto Sans Symbols 2). Only regular faces: bold and italic are styles of these
// families.
func Chain(body ID) []ID {
	out := []ID{body}
	if body != Serif {
		out = append(out, Serif)
	}
	for id := Arabic; id.shaped(); id++ {
		if !isBold(id) && !slices.Contains(fallbacks[:], id) {
			out = append(out, id)
		}
	}
	for _, f := range fallbacks {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// ByName returns the body face called name ("kai", "song"); ok is false
// for any other.
func ByName(name string) (ID, bool) {
	if name == "" {
		return Kai, true
	}
	for id, m := range tab {
		if m.body != "" && m.body == name {
			return ID(id), true
		}
	}
	return 0, false
}

// Names are the body faces ByName knows, in tab's order.
var Names = bodyNames()

func bodyNames() []string {
	var out []string
	for _, m := range tab {
		if m.body != "" {
			out = append(out, m.body)
		}
	}
	return out
}

// ligatures returns the font's ligatures by first glyph: the emoji face's
// ccmp ligatures (ZWJ sequences, flags, skin tones), none for the others.
func (m *Font) ligatures() map[uint16][]ttf.Ligature {
	m.ligOnce.Do(func() {
		if m.face != "emoji" {
			return
		}
		ls, err := m.font.Ligatures("ccmp", "")
		if err != nil {
			return // drawn as its parts
		}
		m.ligs = map[uint16][]ttf.Ligature{}
		for _, l := range ls {
			if len(l.Components) > 1 {
				m.ligs[l.Components[0]] = append(m.ligs[l.Components[0]], l)
			}
		}
	})
	return m.ligs
}

// Ligature implements inline.Ligaturer: the longest ligature of face f
// that the runes from rs[0] spell, variation selectors skipped (Noto
// Emoji's sequences leave them out).
func (d *Set) Ligature(f inline.Face, rs []rune) (int, uint16, float64, bool) {
	m := d.face(ID(f))
	if m == nil {
		return 0, 0, 0, false
	}
	ligs := m.ligatures()[m.glyph(rs[0])]
	if len(ligs) == 0 {
		return 0, 0, 0, false
	}
	var gids []uint16
	var ends []int // runes consumed after each glyph
	for i, r := range rs {
		if r == 0xFE0F || r == 0xFE0E {
			if len(ends) > 0 {
				ends[len(ends)-1] = i + 1
			}
			continue
		}
		g := m.glyph(r)
		if g == 0 || len(gids) == inline.MaxLigature {
			break
		}
		gids = append(gids, g)
		ends = append(ends, i+1)
	}
	for _, l := range ligs {
		c := l.Components
		if len(c) <= len(gids) && slices.Equal(c, gids[:len(c)]) {
			if d.ligs[f] == nil {
				d.ligs[f] = map[uint16]bool{}
			}
			d.ligs[f][l.Glyph] = true
			return ends[len(c)-1], l.Glyph, float64(m.advance(l.Glyph)) / 1000, true
		}
	}
	return 0, 0, 0, false
}

// EmbedQuotes returns face f's curly quotes rs for a reading system's
// @font-face, set as the PDF sets them beside Chinese text: each in a
// cell of a full em (GB/T 15834), a proportional glyph placed against the
// text it encloses (an opening quote at its cell's right); a glyph already
// about an em wide stays as it is.
func EmbedQuotes(f ID, rs []rune, family string, opening func(rune) bool) ([]byte, error) {
	m, err := Open(f)
	if err != nil {
		return nil, err
	}
	em := int(m.upem)
	opt := ttf.Options{Family: family, Compact: true}
	var maps []ttf.Mapping
	for _, r := range rs {
		g := m.glyph(r)
		if g == 0 {
			continue
		}
		adv := int(m.font.Advance(g))
		if 10*adv >= 9*em {
			maps = append(maps, ttf.Mapping{Rune: r, Glyph: g})
			continue
		}
		sh := ttf.Shifted{Rune: r, Glyph: g, Advance: em}
		if opening(r) {
			sh.Shift = em - adv
		}
		opt.Shifted = append(opt.Shifted, sh)
	}
	data, err := m.font.Subset(maps, opt)
	if err != nil {
		return nil, fmt.Errorf("subsetting the quotes of %s: %w", m.family, err)
	}
	return data, nil
}

// langFaces maps languages (BCP 47 primary subtags) to the face of their
// script, which a stylesheet puts first for text in the language, so that
// its digits and punctuation come from that face too, as in the PDF.
var langFaces = map[string]ID{
	"ar": Arabic, "fa": Arabic, "ur": Arabic, "ps": Arabic, "sd": Arabic, "ug": Arabic, "ckb": Arabic,
	"he": Hebrew, "iw": Hebrew, "yi": Hebrew,
	"hi": Devanagari, "mr": Devanagari, "ne": Devanagari, "sa": Devanagari, "mai": Devanagari, "kok": Devanagari,
	"bn": Bengali, "as": Bengali, "pa": Gurmukhi, "gu": Gujarati, "or": Oriya, "ta": Tamil, "te": Telugu,
	"kn": Kannada, "ml": Malayalam, "si": Sinhala, "th": Thai, "lo": Lao, "km": Khmer, "my": Myanmar,
	"bo": Tibetan, "dz": Tibetan, "ka": Georgian, "hy": Armenian, "am": Ethiopic, "ti": Ethiopic, "dv": Thaana,
	"chr": Cherokee, "iu": Syllabics, "vai": Vai, "ii": Yi, "zgh": Tifinagh,
}

// LangFaces returns the languages that have a face of their own, sorted,
// and the face of each.
func LangFaces() ([]string, map[string]ID) {
	langs := make([]string, 0, len(langFaces))
	for l := range langFaces {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	return langs, langFaces
}
