// Package inline sets paragraphs: it turns runs of styled text into
// justified lines of positioned glyphs, by the rules of clreq and jlreq for
// Chinese and Japanese and of book typography for Latin text.
//
// It works in stages, each a function of the one before and testable
// alone, with fonts known only through Metrics:
//
//   - Shape picks each character's face (with fallback) and advance, and
//     folds what is not drawn (variation selectors, joiners, collapsed
//     spaces) into the text of the glyph before it.
//   - Prepare decides, once per paragraph, each glyph's cell (curly quotes
//     full width beside Chinese, adjacent marks compressed), the gaps
//     between glyphs with their stretch and shrink (the quarter em between
//     Han and Latin), what each glyph gives up at a line's start or end,
//     and where a line may break, with what penalty.
//   - Breaks chooses the lines of the whole paragraph at once (total fit,
//     after Knuth and Plass).
//   - Set justifies one chosen line: it spreads the line's adjustment over
//     its gaps and places every glyph.
//
// The page is not its business: see package page.
package inline

import "github.com/bookify/article2book/internal/cjk"

// Face names a font face to Metrics; the values mean nothing to inline.
type Face uint8

// Metrics is what layout knows of fonts.
type Metrics interface {
	// Glyph returns the face that draws r when want is asked for (want
	// itself or a fallback), and r's advance in em. ok is false when no
	// face has r; the advance is then that of the box drawn instead.
	Glyph(want Face, r rune) (face Face, adv float64, ok bool)
}

// Ligaturer is implemented by Metrics that join a sequence of characters
// into one glyph: emoji ZWJ sequences, flags, skin tones. Ligature returns
// how many runes of rs, from the first, the glyph stands for (n > 1 when
// there is one), the glyph and its advance in em.
type Ligaturer interface {
	Ligature(f Face, rs []rune) (n int, glyph uint16, adv float64, ok bool)
}

// MaxLigature is the most characters, variation selectors (U+FE0E,
// U+FE0F) aside, that a Ligaturer's glyph stands for: the rs it is given
// may end after them.
const MaxLigature = 16

// Centrer is implemented by Metrics some of whose faces draw the pause and
// stop marks (，。、！？) centred in the em, as Traditional Chinese is set
// in Taiwan and Hong Kong, rather than in its lower left: such a mark has
// no blank half to give up beside another mark or at a line end, and is
// set as a middle mark (cjk.Middle), as ：； are.
type Centrer interface {
	Centred(f Face, r rune) bool
}

// Shaper is implemented by Metrics some of whose faces need OpenType
// shaping (Arabic joining, Indic reordering, marks, Latin kerning and
// ligatures). Faces it does not shape keep one glyph per character, as
// the CJK faces do.
type Shaper interface {
	// Shaped reports whether runs in face f are shaped.
	Shaped(f Face) bool
	// Has returns r's advance in em in face f, and whether f draws it.
	Has(f Face, r rune) (adv float64, ok bool)
	// ShapeRun shapes text[start:end] in face f (the rest of text is
	// context): its glyphs in visual order, as HarfBuzz gives them.
	ShapeRun(f Face, text []rune, start, end int, rtl bool, lang string) []ShapedGlyph
	// Nominal returns glyph gid's advance in em as the PDF's widths give
	// it, when adv (in em) is the glyph's own advance: not kerned.
	Nominal(f Face, gid uint16, adv float64) (float64, bool)
}

// ShapedGlyph is one glyph of a shaped run: Cluster is the index in the
// shaped text of the first character it stands for; advance and offsets
// are in em.
type ShapedGlyph struct {
	GID         uint16
	Cluster     int
	Adv, DX, DY float64
}

// Sub is one of the glyphs a shaped cluster is drawn with, at X (from the
// cluster's origin) and Y (up) in pt.
type Sub struct {
	GID  uint16
	X, Y float64
	Adv  float64
}

// Style is how a run of text is set and drawn. Layout reads Face, Size,
// Pre and Mono; the rest is for the drawer.
type Style struct {
	Face   Face
	Size   float64 // pt
	Pre    bool    // preformatted: spaces kept, never stretched
	Mono   bool    // code: no Han–Latin gap
	Italic bool
	// Lang is the BCP 47 language of the text, for shaping.
	Lang string
	// RTL, in the style of a paragraph's first glyph, makes the paragraph
	// run right to left whatever its first strong character (a paragraph
	// of a chapter in a right-to-left language, as dir="rtl" does).
	RTL bool
	// RTLRun marks a run in a right-to-left language inside a paragraph
	// (a span the page tags lang="ar"): it is isolated (RLI … PDI), as
	// the EPUB's dir="rtl" on the span makes a browser do, so that the
	// stop ending an Arabic quotation stays at its left in a Chinese line.
	RTLRun bool
	// Ink is what the drawer draws the text with (its colour, the link it
	// is): layout carries it to the glyphs and never reads it. A value of
	// a comparable type: runs of equal ink are drawn together.
	Ink any
}

// Span is a run of text in one style: the input of Shape.
type Span struct {
	Text  string
	Style *Style
}

// Glyph is one drawn character (or a hard line break) and the source text
// it stands for.
//
// Its fields are ordered so that it packs into 80 bytes, not 88: a
// paragraph holds one per character, a long book a million of them.
type Glyph struct {
	R     rune   // the character drawn
	GID   uint16 // when not 0, the glyph drawn instead of R's: a ligature
	Face  Face
	Class cjk.Class
	Text  string // the source characters: R plus any that draw nothing after it
	Style *Style
	Adv   float64 // advance of R in its face, pt
	Space bool    // a breakable word space
	Hard  bool    // a hard line break: not drawn
	// Subs, when set, are the glyphs the shaper drew the cluster with
	// (more than one, or moved from where their advances put them); a
	// cluster of one glyph at its own advance has only GID.
	Subs []Sub
	// Level is the bidi embedding level (UAX #9): odd is right to left.
	Level uint8
	// Missing is set when no face has R: a box is drawn instead.
	Missing bool
	// Widened is set by Set on a proportional curly quote Prepare sets
	// full width: its cell is an em, the glyph against the text it
	// encloses (for an opening quote, drawn at the cell's right).
	Widened bool
	// In vertical text, Upright is set on a glyph that stands upright in
	// its column (Han, kana, full-width marks in their vertical forms,
	// short numbers); the others (Latin words, long numbers) lie along
	// the column, turned 90° clockwise. Combine is set on an upright glyph
	// that stands for the two or three digits of Text set side by side in
	// one cell (tate-chu-yoko); R is then the first digit.
	Upright, Combine bool
	// BreakAfter is set when the source allows a break after the glyph
	// without a hyphen (a zero-width space); HyphenAfter when it allows a
	// hyphenated one (a soft hyphen).
	BreakAfter, HyphenAfter bool
}

// Params says how a paragraph is set.
type Params struct {
	Width    float64 // the measure, pt
	Indent   float64 // first-line indent, pt
	Em       float64 // the size that governs gaps: the body size
	Justify  bool    // stretch lines to the measure (not the last)
	Center   bool    // centre lines (headings, captions)
	Anywhere bool    // break between any two characters (code)
	Hanging  bool    // ，。、． may hang past the right margin
	// Hyphenate returns the rune offsets inside word where a hyphen may
	// break it; nil for no hyphenation.
	Hyphenate func(word string) []int
	// HyphenateOverwide keeps the hyphenation points for a word too wide
	// for the line, where they stand in for the breaks anywhere it would
	// otherwise take: ragged text in a narrow column (a table cell) is
	// not hyphenated to fill its lines, yet "Implementation" in a column
	// narrower than itself breaks as "Imple-" "mentation", not
	// "Implementat" "ion".
	HyphenateOverwide bool
	// Metrics measures the hyphen drawn at a hyphenation point (and a
	// third of an em stands for it without them).
	Metrics Metrics
}
