package face

import (
	"bytes"
	"slices"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/pkg/render/inline"
)

// scripts maps the scripts our CJK faces lack to the faces that draw them.
var scripts = map[language.Script]ID{
	language.Arabic: Arabic, language.Hebrew: Hebrew, language.Devanagari: Devanagari,
	language.Bengali: Bengali, language.Gurmukhi: Gurmukhi, language.Gujarati: Gujarati,
	language.Oriya: Oriya, language.Tamil: Tamil, language.Telugu: Telugu,
	language.Kannada: Kannada, language.Malayalam: Malayalam, language.Sinhala: Sinhala,
	language.Thai: Thai, language.Lao: Lao, language.Khmer: Khmer, language.Myanmar: Myanmar,
	language.Tibetan: Tibetan, language.Georgian: Georgian, language.Armenian: Armenian,
	language.Ethiopic: Ethiopic, language.Thaana: Thaana,
	language.Cherokee: Cherokee, language.Canadian_Aboriginal: Syllabics, language.Vai: Vai,
	language.Yi: Yi, language.Tifinagh: Tifinagh,
	language.Latin: Serif, language.Greek: Serif, language.Cyrillic: Serif,
}

// scriptFace returns the face for r's script, bold when want is, and
// whether there is one.
func scriptFace(r rune, want ID) (ID, bool) {
	if r < 0x80 {
		return Serif, true
	}
	f, ok := scripts[language.LookupScript(r)]
	if r >= 0x0600 && r <= 0x06FF {
		f, ok = Arabic, true // the Arabic comma, semicolon and question mark, common to Thaana and others
	}
	if r == 0x0964 || r == 0x0965 {
		f, ok = Devanagari, true // the dandas, common to the Indic scripts
	}
	if !ok {
		return 0, false
	}
	bold := want == KaiBold || want == KaiTCBold || want == SongBold || want == SerifBold || want == SerifBoldItalic
	if b := bolds[f]; bold && b != 0 {
		return b, true
	}
	if f == Serif && want == SerifItalic {
		return SerifItalic, true
	}
	return f, true
}

// bolds holds the bold of each shaped face that has one stored, 0 for the
// others, whose bold text is drawn in their regular weight: Noto Serif,
// Naskh Arabic, and the Noto Serif faces of the scripts that fitted the
// Lambda package (see package fonts).
var bolds = [NumFaces]ID{
	Serif: SerifBold, Arabic: ArabicBold, Hebrew: HebrewBold, Devanagari: DevanagariBold,
	Bengali: BengaliBold, Tamil: TamilBold, Thai: ThaiBold, Gujarati: GujaratiBold,
	Gurmukhi: GurmukhiBold, Telugu: TeluguBold, Kannada: KannadaBold, Malayalam: MalayalamBold,
	Georgian: GeorgianBold,
}

// BoldOf returns the bold of face f, a face of Chain, and whether one is
// stored: a book embeds it beside f, under f's family, for its bold text.
func BoldOf(f ID) (ID, bool) { return bolds[f], bolds[f] != 0 }

// isBold reports whether f is the bold of a shaped face (bolds); 0, Kai,
// is no face's bold.
func isBold(f ID) bool { return f != Kai && slices.Contains(bolds[:], f) }

// Shaped implements inline.Shaper: the Noto faces are shaped, the CJK
// faces keep their glyph per character.
func (d *Set) Shaped(f inline.Face) bool { return ID(f).shaped() }

// Has implements inline.Shaper.
func (d *Set) Has(f inline.Face, r rune) (float64, bool) {
	m := d.face(ID(f))
	if m == nil || !m.Has(r) {
		return 0, false
	}
	_, adv, _ := d.use(ID(f), r, m)
	return adv, true
}

// Nominal implements inline.Shaper.
func (d *Set) Nominal(f inline.Face, gid uint16, adv float64) (float64, bool) {
	m := d.face(ID(f))
	if m == nil || float64(m.font.Advance(gid)) != adv*m.upem {
		return 0, false
	}
	return float64(m.advance(gid)) / 1000, true
}

// goText returns the face parsed by go-text/typesetting for its shaper.
func (m *Font) goText() *font.Face {
	m.gtOnce.Do(func() {
		data, err := fontsFace(m.face)
		if err != nil {
			return
		}
		m.gt, _ = font.ParseTTF(bytes.NewReader(data))
	})
	return m.gt
}

// A shaper is a face with the shaper that shapes with it. A font.Face
// caches glyph lookups as it goes and is not safe for use by two
// goroutines at once, and the PDF and the EPUB, and a PDF's paragraphs,
// are set on several. A HarfbuzzShaper keeps, by font, the face it was
// first given, whatever face it is given after: lent apart, two shapers
// came to share a face (the race detector saw it), so they are lent
// together.
type shaper struct {
	face *font.Face
	hb   shaping.HarfbuzzShaper
}

// shaper lends a shaper for one shaping; give it back with putShaper.
func (m *Font) shaper() *shaper {
	if s, ok := m.shapers.Get().(*shaper); ok {
		return s
	}
	return &shaper{face: font.NewFace(m.goText().Font)}
}

func (m *Font) putShaper(s *shaper) { m.shapers.Put(s) }

type runKey struct {
	f    ID
	rtl  bool
	lang string
	text string
}

// runs caches shaped runs for the process: articles repeat words, and a
// document is often converted to several formats. Only runs of up to
// maxCachedRun characters (words) are kept, at most maxRuns of them,
// so the cache stays under about 30 MB in a process that lives for many
// conversions (-serve, a warm Lambda); a paragraph-long run, shaped once,
// is not kept.
var (
	runs    sync.Map // runKey -> []inline.ShapedGlyph
	numRuns atomic.Int64
)

const (
	maxRuns      = 1 << 14
	maxCachedRun = 32
)

// ShapeRun implements inline.Shaper: HarfBuzz's shaping (go-text's port)
// of text[start:end] alone, with the script of its first letter, the
// features HarfBuzz applies by default for it (kern, liga, the Arabic
// and Indic forms, mark positioning), in font units scaled to em.
func (d *Set) ShapeRun(f inline.Face, text []rune, start, end int, rtl bool, lang string) []inline.ShapedGlyph {
	var key runKey
	var v any
	ok := false
	cached := end-start <= maxCachedRun
	if cached {
		key = runKey{ID(f), rtl, lang, string(text[start:end])}
		v, ok = runs.Load(key)
	}
	if !ok {
		m := d.face(ID(f))
		if m == nil || m.goText() == nil {
			return nil
		}
		v = Shape(m, text[start:end], rtl, lang)
		if cached && numRuns.Load() < maxRuns {
			runs.Store(key, v)
			numRuns.Add(1)
		}
	}
	// the cache holds clusters from the run's start
	out := slices.Clone(v.([]inline.ShapedGlyph))
	for i := range out {
		if out[i].GID == 0 {
			// the face maps the character but its shaping gave .notdef:
			// counted as a character without a glyph
			d.Missing++
			if d.lacking == nil {
				d.lacking = map[rune]bool{}
			}
			d.lacking[text[start+min(out[i].Cluster, end-start-1)]] = true
		}
		out[i].Cluster += start
	}
	return out
}

// Shape shapes text in face m: its glyphs in visual order, clusters as
// indices into text, advances and offsets in em.
func Shape(m *Font, text []rune, rtl bool, lang string) []inline.ShapedGlyph {
	sh := m.shaper()
	defer m.putShaper(sh)
	in := shaping.Input{
		Text: text, RunStart: 0, RunEnd: len(text),
		Direction: di.DirectionLTR, Face: sh.face,
		Size:   fixed.I(int(m.upem)),
		Script: ScriptOf(text),
	}
	if rtl {
		in.Direction = di.DirectionRTL
	}
	if lang != "" {
		in.Language = language.NewLanguage(lang)
	}
	o := sh.hb.Shape(in)
	out := make([]inline.ShapedGlyph, len(o.Glyphs))
	for i, g := range o.Glyphs {
		out[i] = inline.ShapedGlyph{
			GID: uint16(g.GlyphID), Cluster: g.ClusterIndex,
			Adv: float64(g.Advance) / 64 / m.upem,
			DX:  float64(g.XOffset) / 64 / m.upem, DY: float64(g.YOffset) / 64 / m.upem,
		}
	}
	return out
}

// ScriptOf is the script of the first letter or mark of text that has one,
// Common when none has.
func ScriptOf(text []rune) language.Script {
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			if s := language.LookupScript(r); s != language.Common && s != language.Inherited {
				return s
			}
		}
	}
	return language.Common
}

// ItalicOf returns the italic of face f when it has one (Noto Serif's),
// else f itself, slanted when drawn.
func ItalicOf(f ID) ID {
	switch f {
	case Serif:
		return SerifItalic
	case SerifBold:
		return SerifBoldItalic
	}
	return f
}

// IsItalic reports whether f is a true italic, drawn unslanted.
func IsItalic(f ID) bool { return f == SerifItalic || f == SerifBoldItalic }
