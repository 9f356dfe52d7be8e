package inline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/bookify/article2book/internal/cjk"
)

// Amounts of the glue between glyphs, in em of Params.Em.
const (
	hanLatinGap     = 0.25  // clreq: a quarter em between Han and Latin
	hanLatinShrink  = 0.125 // ... which may shrink to an eighth
	hanLatinStretch = 0.24  // ... and grow to just under a half
	// cjkStretch is what each gap beside a full-width character gives
	// when a line must be widened: small, so that a Han–Latin gap, a word
	// space and every gap between Han characters all take a share.
	cjkStretch = 0.15
	// spaceMax is what a word space may grow to, before lines count as
	// very loose (TeX's 10 pt space grows from 3.33 to 5 pt); spaceShrink
	// the fraction it may lose.
	spaceMax    = 0.45
	spaceShrink = 1.0 / 3
)

// Break penalties, in the units of Knuth and Plass.
const (
	penaltyHyphen    = 50   // TeX's \hyphenpenalty
	penaltyURL       = 100  // inside a URL, after a slash or before a dot
	penaltyEmergency = 2000 // inside a word or URL too long for the line
	penaltyForced    = -10000
)

// Break kinds before a glyph.
const (
	brNone uint8 = iota
	brCan
	brMust
)

// Para is a paragraph prepared for breaking: everything the line breaker
// and Set need, computed once.
type Para struct {
	P Params
	G []Glyph
	// Cell is the width each glyph takes on a line (its advance, or a
	// full em for a curly quote set full width, less the blank halves
	// compressed away beside other marks); Off is where the glyph's
	// origin sits in its cell.
	Cell, Off []float64
	// Gap is the natural space before glyph i (the Han–Latin quarter em),
	// GapSt and GapSh what it may grow and shrink by.
	Gap, GapSt, GapSh []float64
	// St and Sh are what glyph i's own cell may grow and shrink by: word
	// spaces, and the blank halves of marks when a line must shrink; ShL
	// is the part of Sh taken from the cell's left side.
	St, Sh, ShL []float64
	// StartTrim is what glyph i gives up, on its left, when it starts a
	// line: an opening mark's blank half. EndTrim is what it may give up,
	// on its right, when it ends one (in place of Sh).
	StartTrim, EndTrim []float64
	// Hang is set for a mark that may hang past the margin at a line end.
	Hang []bool
	// Brk is the kind of break before glyph i (index len(G) is the end),
	// Pen its penalty and Hyph whether it is a hyphenation point.
	Brk  []uint8
	Pen  []float64
	Hyph []bool
	// HyphW is the width of the hyphen drawn at a hyphenation point
	// before glyph i.
	HyphW []float64
	// urlBrk marks the breaks made inside URLs.
	urlBrk []bool
	// bidi is set when a glyph is right to left, rtl when the paragraph
	// is: lines are then reordered for display, and set flush right.
	bidi, rtl bool
}

// Prepare computes the cells, glue and breaks of a paragraph of glyphs.
func Prepare(gs []Glyph, p Params) *Para {
	n := len(gs)
	q := &Para{P: p, G: gs}
	q.bidi, q.rtl = bidiOf(gs)
	f := make([]float64, 12*n)
	take := func() []float64 { s := f[:n:n]; f = f[n:]; return s }
	q.Cell, q.Off, q.Gap, q.GapSt, q.GapSh = take(), take(), take(), take(), take()
	q.St, q.Sh, q.ShL, q.StartTrim, q.EndTrim, q.HyphW = take(), take(), take(), take(), take(), take()
	q.Pen = make([]float64, n+1)
	q.Hyph = make([]bool, n+1)
	q.Hang = make([]bool, n)

	em := p.Em
	// Classes and cells. A punctuation mark counts as full width only
	// when its cell is about an em; a curly quote is given one when it
	// stands beside a full-width character (GB/T 15834), its glyph
	// against the text it encloses; between Latin letters it stays as
	// the font draws it.
	cls := make([]cjk.Class, n)
	for i := range gs {
		g := &gs[i]
		q.Cell[i] = g.Adv
		c := g.Class
		if g.Hard {
			c = cjk.Other
		}
		size := g.Style.Size
		if cjk.IsQuote(g.R) {
			if wideNeighbour(gs, i) && !g.Style.Mono {
				if g.Adv < 0.9*size {
					q.Cell[i] = size
					g.Widened = true
					if c == cjk.Opening {
						q.Off[i] = size - g.Adv
					}
				}
			} else {
				c = cjk.Other
			}
		} else if c.IsPunct() && g.Adv < 0.9*size {
			c = cjk.Other // a proportional face's mark has no blank half
		}
		cls[i] = c
	}
	half := func(i int) float64 { return gs[i].Style.Size / 2 }
	// Adjacent marks share space (clreq 3.1.6): a closing mark before
	// another mark loses its blank right half, an opening mark after
	// another opening mark its blank left half; so 。」 and ）（ take 1.5 em,
	// three in a row 2 em.
	trimL := make([]bool, n)
	trimR := make([]bool, n)
	for i := 0; i+1 < n; i++ {
		a, b := cls[i], cls[i+1]
		switch {
		case a == cjk.Closing && (b == cjk.Closing || b == cjk.Opening):
			trimR[i] = true
			q.Cell[i] -= half(i)
		case a == cjk.Opening && b == cjk.Opening:
			trimL[i+1] = true
			q.Cell[i+1] -= half(i + 1)
			q.Off[i+1] -= half(i + 1)
		}
	}
	for i := range gs {
		g := &gs[i]
		switch c := cls[i]; {
		case g.Space && g.Style.Mono:
			// inline code keeps its monospaced spacing
		case g.Space && beside(gs, i, cjk.IsWide):
			// A space the source puts between Han and Latin (or two Han
			// characters) is set as the Han–Latin gap, as xeCJK does:
			// the quarter em, not a Latin word space that justification
			// would widen to a hole.
			q.Cell[i] = hanLatinGap * em
			q.St[i] = hanLatinStretch * em
			q.Sh[i] = (hanLatinGap - hanLatinShrink) * em
		case g.Space:
			q.St[i] = max(spaceMax*em-g.Adv, g.Adv/4)
			q.Sh[i] = g.Adv * spaceShrink
		case c == cjk.Closing && !trimR[i]:
			q.Sh[i] = half(i) / 2
			q.EndTrim[i] = half(i)
		case c == cjk.Opening && !trimL[i]:
			q.Sh[i] = half(i) / 2
			q.ShL[i] = q.Sh[i]
			q.StartTrim[i] = half(i)
		case c == cjk.Middle:
			q.Sh[i] = half(i) / 2
			q.ShL[i] = q.Sh[i] / 2
			q.EndTrim[i] = q.Sh[i]
		}
		q.Hang[i] = p.Hanging && cjk.Hanging(g.R) && cls[i] == cjk.Closing && !trimR[i]
		if i == 0 {
			continue
		}
		a, b := &gs[i-1], g
		switch {
		case a.Hard || b.Hard || a.Space || b.Space:
		case (isIdeo(cls[i-1]) && cls[i] == cjk.Letter || cls[i-1] == cjk.Letter && isIdeo(cls[i])) && !a.Style.Mono && !b.Style.Mono:
			q.Gap[i] = hanLatinGap * em
			q.GapSt[i] = hanLatinStretch * em
			q.GapSh[i] = (hanLatinGap - hanLatinShrink) * em
		case (cjk.IsWide(a.R) || cjk.IsWide(b.R)) && !cjk.Inseparable(a.R, b.R) && !a.Style.Pre:
			q.GapSt[i] = cjkStretch * em
		}
	}
	q.Brk = breaks(gs, p.Anywhere)
	for i := 1; i < n; i++ {
		if gs[i-1].HyphenAfter && q.Brk[i] == brNone && isLetter(gs[i-1].R) && isLetter(gs[i].R) {
			q.Brk[i] = brCan
			q.Hyph[i] = true
		}
	}
	q.urlBreaks()
	if p.Hyphenate != nil {
		q.hyphenate()
	}
	for i := 1; i < n; i++ {
		if q.urlBrk != nil && q.urlBrk[i] {
			q.Pen[i] = penaltyURL
		}
		if q.Hyph[i] {
			q.Pen[i] = penaltyHyphen
			q.HyphW[i] = q.hyphenWidth(gs[i-1])
		}
	}
	q.Pen[n] = penaltyForced
	for i := 1; i < n; i++ {
		if q.Brk[i] == brMust {
			q.Pen[i] = penaltyForced
		}
	}
	return q
}

// hyphenWidth is the advance of the hyphen drawn after g: its face's own
// when Metrics can say, else a third of an em, the usual.
func (q *Para) hyphenWidth(g Glyph) float64 {
	if q.P.Metrics != nil {
		if _, adv, ok := q.P.Metrics.Glyph(g.Face, '-'); ok {
			return adv * g.Style.Size
		}
	}
	return g.Style.Size / 3
}

func isIdeo(c cjk.Class) bool { return c == cjk.Ideographic || c == cjk.Emoji }

func isLetter(r rune) bool { return r < 0x2E80 && unicode.IsLetter(r) }

// beside reports whether the glyph before or after i satisfies is.
func beside(gs []Glyph, i int, is func(rune) bool) bool {
	return i > 0 && !gs[i-1].Hard && is(gs[i-1].R) || i+1 < len(gs) && !gs[i+1].Hard && is(gs[i+1].R)
}

// wideNeighbour reports whether glyph i has a full-width character on one
// side, looking past other quotes (“‘ nest).
func wideNeighbour(gs []Glyph, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if gs[j].Hard || gs[j].Space {
			break
		}
		if !cjk.IsQuote(gs[j].R) {
			if cjk.IsWide(gs[j].R) {
				return true
			}
			break
		}
	}
	for j := i + 1; j < len(gs); j++ {
		if gs[j].Hard || gs[j].Space {
			break
		}
		if !cjk.IsQuote(gs[j].R) {
			return cjk.IsWide(gs[j].R)
		}
	}
	return false
}

// hyphenate marks the hyphenation points of Latin words of five letters or
// more. Words with capitals inside, digits or other scripts are left
// alone: they are names, codes and URLs.
func (q *Para) hyphenate() {
	gs := q.G
	for i := 0; i < len(gs); {
		if !isLetter(gs[i].R) || i > 0 && (isLetter(gs[i-1].R) || gs[i-1].R == '/' || gs[i-1].R == '.' || gs[i-1].R == '@') {
			i++
			continue
		}
		j := i
		for j < len(gs) && isLetter(gs[j].R) && gs[j].Style == gs[i].Style && !gs[j].Style.Mono {
			j++
		}
		if j-i >= 5 && (j == len(gs) || !isURLish(gs[j].R)) {
			var w strings.Builder
			for k := i; k < j; k++ {
				w.WriteRune(gs[k].R)
			}
			for _, off := range q.P.Hyphenate(w.String()) {
				if k := i + off; off > 0 && k < j && q.Brk[k] == brNone {
					q.Brk[k] = brCan
					q.Hyph[k] = true
				}
			}
		}
		i = max(j, i+1)
	}
}

// urlBreaks lets a line break inside a URL where the Chicago Manual of
// Style breaks them: after "//"; before a slash, dot, comma, hyphen,
// underscore, tilde, ?, # or %; before or after = and & — rather than
// stretch the line before it to holes. Never after a hyphen: copying takes
// a line-final hyphen for hyphenation.
func (q *Para) urlBreaks() {
	gs := q.G
	for i := 0; i < len(gs); {
		j := i
		for j < len(gs) && !gs[j].Space && !gs[j].Hard && !cjk.IsWide(gs[j].R) {
			j++
		}
		var w strings.Builder
		for k := i; k < j; k++ {
			w.WriteRune(gs[k].R)
		}
		tok := w.String()
		if start := strings.Index(tok, "://"); start > 0 || strings.HasPrefix(tok, "www.") {
			from := i + max(start+3, 0)
			for k := from; k < j-1; k++ {
				if q.Brk[k] == brNone && urlBreakAt(gs[k-1].R, gs[k].R, k == from) {
					if q.urlBrk == nil {
						q.urlBrk = make([]bool, len(gs)+1)
					}
					q.Brk[k] = brCan
					q.urlBrk[k] = true
				}
			}
		}
		i = max(j, i+1)
	}
}

// urlBreakAt reports whether a URL may break between prev and cur; first
// says cur is the first character after "//".
func urlBreakAt(prev, cur rune, first bool) bool {
	ok := first || strings.ContainsRune("/.,-_~?#%=&", cur) || strings.ContainsRune("=&", prev)
	return ok && prev != '-' && !cjk.NoStart(cur)
}

// URLBreaks returns the rune offsets in u before which a line may break:
// the rule the line layout applies to URLs in text, for a renderer that
// leaves the breaking to a reading system (the EPUB's <wbr>).
func URLBreaks(u string) []int {
	rs := []rune(u)
	from := 2 // after "ww" of a "www." URL, as in text
	if i := strings.Index(u, "://"); i > 0 {
		from = len([]rune(u[:i])) + 3
	} else if !strings.HasPrefix(u, "www.") {
		return nil
	}
	var out []int
	for k := from; k < len(rs)-1; k++ {
		if urlBreakAt(rs[k-1], rs[k], k == from) {
			out = append(out, k)
		}
	}
	return out
}

func isURLish(r rune) bool { return r == '/' || r == '@' || r == '_' || unicode.IsDigit(r) }

// breaks returns, for each glyph index i, whether a line may break before
// it: UAX #14 (rivo/uniseg) tailored as clreq asks. Index len(gs) is the
// paragraph end.
func breaks(gs []Glyph, anywhere bool) []uint8 {
	br := make([]uint8, len(gs)+1)
	var b strings.Builder
	for _, g := range gs {
		b.WriteRune(g.R)
	}
	str := b.String()
	state, i := -1, 0
	for str != "" {
		var seg string
		var must bool
		seg, str, must, state = uniseg.FirstLineSegmentInString(str, state)
		i += utf8.RuneCountInString(seg)
		if must {
			br[i] = brMust
		} else {
			br[i] = brCan
		}
	}
	for i := 1; i < len(gs); i++ {
		prev, cur := gs[i-1].R, gs[i].R
		if gs[i-1].Hard {
			br[i] = brMust
			continue
		}
		if br[i] == brMust {
			br[i] = brCan // only our hard breaks end lines
		}
		if anywhere && !gs[i].Space || gs[i-1].BreakAfter {
			br[i] = brCan
		}
		switch {
		case (prev == '-' || prev == '‐') && i > 1 && isAlnum(gs[i-2].R) && isAlnum(cur):
			// No break after the hyphen of a compound ("non-free"):
			// pdftotext and copy-paste take a line-final hyphen for
			// hyphenation and delete it.
			br[i] = brNone
		case cjk.Inseparable(prev, cur):
			br[i] = brNone
		case (cur == '“' || cur == '‘') && cjk.IsWide(prev) && !cjk.NoEnd(prev):
			// ICU's zh/ja tailoring: an opening quote is an opening bracket.
			br[i] = brCan
		case (prev == '”' || prev == '’') && cjk.IsWide(cur):
			br[i] = brCan
		}
		if cjk.NoStart(cur) || cjk.NoEnd(prev) || cjk.Invisible(cur) {
			br[i] = brNone
		}
		if gs[i].Hard && br[i] == brCan {
			br[i] = brNone // break after the newline, not before it
		}
	}
	br[0] = brNone
	br[len(gs)] = brMust
	return br
}

// noBreakEvenInEmergency reports whether a line may not break between a
// and b even inside a word too long for the line.
func noBreakEvenInEmergency(a, b rune) bool {
	return cjk.NoStart(b) || cjk.NoEnd(a) || cjk.Invisible(b)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
