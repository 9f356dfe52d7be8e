package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// This file is the line layout of the PDF: break opportunities (UAX #14
// tailored for Chinese and Japanese, see shared/notes/cjk-layout.md),
// greedy line filling with punctuation squeezing, and justification by
// placing glyph runs at computed x positions. It knows fonts only through
// fontMetrics, so it can be tested without a PDF.

// Line-start and line-end prohibitions (clreq "basic" level plus the
// Japanese small kana, prolonged sound and iteration marks of jlreq).
const (
	noStartChars = "。．，、：；！‼？⁇”’」』）］｝〕〉》】〗·・‧～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々ゝゞヽヾ"
	noEndChars   = "“‘「『（［｛〔〈《【〖"
	// squeezable are full-width marks whose glyph sits in the left half of
	// the em box, so the right half of their advance can go at line end or
	// before another mark (clreq 3.1.6).
	squeezable = "。．，、：；！？」』）］｝〕〉》】〗”’"
	// openingMarks sit in the right half of the em box, so their left half
	// can go at line start (clreq 3.1.6, jlreq 3.1.5).
	openingMarks = "（〔［｛〈《「『【〖“‘"
)

func noStart(r rune) bool { return strings.ContainsRune(noStartChars, r) }
func noEnd(r rune) bool   { return strings.ContainsRune(noEndChars, r) }

// runStyle is how a run of text is drawn.
type runStyle struct {
	font   fontID // requested face; glyphs may fall back
	size   float64
	italic bool
	href   string
	color  [3]int
	pre    bool // preformatted: spaces are kept, not stretched or dropped
}

// textSpan is a run of text in one style, the input of layout.
type textSpan struct {
	text string
	st   *runStyle
}

// glyph is one character ready for layout.
type glyph struct {
	r     rune
	font  fontID // face actually drawn with, after fallback
	st    *runStyle
	w     float64 // natural advance, pt
	space bool    // a breakable word space
	wide  bool    // full-width (CJK) character
	hard  bool    // hard line break ("\n"), not drawn
}

// shaper turns spans into glyphs, substituting what fpdf cannot draw and
// recording it for PDFInfo.Warnings.
type shaper struct {
	used    [numFonts]bool
	runes   [numFonts]map[rune]bool // what each face draws, for subsetting
	astral  map[rune]bool           // distinct characters above U+FFFF replaced
	astralN []rune                  // the same, in order of first appearance
	missing int                     // characters with no glyph in any font
}

// astralSubstitute stands in for characters fpdf cannot encode: the geta
// mark is the traditional placeholder for a missing character in CJK
// typesetting, and LXGW WenKai has it.
const astralSubstitute = '〓'

func (s *shaper) shape(spans []textSpan) ([]glyph, error) {
	var out []glyph
	for _, sp := range spans {
		for _, r := range sp.text {
			switch {
			case r == '\r' || r == '\u00ad' || r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d':
				// invisible: soft hyphens and zero-width characters
				continue
			case r == '\t':
				r = ' '
			case r > 0xFFFF:
				if s.astral == nil {
					s.astral = map[rune]bool{}
				}
				if !s.astral[r] {
					s.astral[r] = true
					s.astralN = append(s.astralN, r)
				}
				r = astralSubstitute
			}
			if !sp.st.pre && (r == ' ' || r == '\u3000') {
				// Runs of spaces, ideographic ones included, become one
				// word space: our indent and justification replace the
				// manual spacing of web pages, and pdftotext reads a 1 em
				// gap repeated on nearby lines as a column gutter and
				// takes the text out of order.
				if n := len(out); n == 0 || out[n-1].space || out[n-1].hard {
					continue
				}
				r = ' '
			}
			g := glyph{r: r, st: sp.st}
			if r == '\n' {
				g.hard = true
				out = append(out, g)
				continue
			}
			if unicode.IsControl(r) {
				continue
			}
			f, adv, err := s.pick(r, sp.st.font)
			if err != nil {
				return nil, err
			}
			g.font = f
			g.w = float64(adv) * sp.st.size / 1000
			g.space = !sp.st.pre && r == ' '
			g.wide = isWide(r)
			out = append(out, g)
		}
	}
	return out, nil
}

// pick chooses the first face of the fallback chain that has r.
func (s *shaper) pick(r rune, want fontID) (fontID, int, error) {
	chain := [...]fontID{want, fRegular, fFallback}
	for _, f := range chain {
		m, err := fontMetricsOf(f)
		if err != nil {
			return 0, 0, err
		}
		if m.has(r) {
			s.use(f, r)
			return f, m.width(r), nil
		}
	}
	// Drawn as the primary face's .notdef box, still extractable as text.
	s.missing++
	s.use(want, r)
	return want, 500, nil
}

func (s *shaper) use(f fontID, r rune) {
	if s.runes[f] == nil {
		s.runes[f] = map[rune]bool{}
	}
	s.used[f] = true
	s.runes[f][r] = true
}

func (s *shaper) warnings() []string {
	var w []string
	for _, r := range s.astralN {
		w = append(w, fmt.Sprintf("U+%04X %q is outside the Basic Multilingual Plane and was replaced by %q", r, r, astralSubstitute))
	}
	if s.missing > 0 {
		w = append(w, fmt.Sprintf("characters with no glyph in any embedded font: %d", s.missing))
	}
	return w
}

// isWide reports whether r is set on the full-width em grid.
func isWide(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, // radicals, CJK punctuation, kana, Han
		r >= 0xAC00 && r <= 0xD7AF, // Hangul
		r >= 0xF900 && r <= 0xFAFF, // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // vertical forms
		r >= 0xFF01 && r <= 0xFF60, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r == '—', r == '…', r == '·':
		return true
	}
	return false
}

// isIdeo reports whether r is a Han character, kana or Hangul: the side of
// a Han–Latin pair that gets 1/4 em of space.
func isIdeo(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) && r != 'ー' && r != '・'
}

// isLatin reports whether r is a letter or digit of an alphabetic script.
func isLatin(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Break kinds between glyph i-1 and glyph i.
const (
	brNone uint8 = iota
	brCan
	brMust
)

// breaks returns, for each glyph index i, whether a line may break before
// it. Index len(gs) is the paragraph end.
func lineBreaks(gs []glyph, anywhere bool) []uint8 {
	br := make([]uint8, len(gs)+1)
	var b strings.Builder
	b.Grow(len(gs) * 3)
	for _, g := range gs {
		b.WriteRune(g.r)
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
		prev, cur := gs[i-1].r, gs[i].r
		if gs[i-1].hard {
			br[i] = brMust
			continue
		}
		if anywhere && !gs[i].space {
			br[i] = brCan
		}
		switch {
		case (prev == '-' || prev == '‐') && i > 1 && isAlnum(gs[i-2].r) && isAlnum(cur):
			// No break after the hyphen of a compound ("non-free"):
			// pdftotext and copy-paste take a line-final hyphen for
			// hyphenation and delete it.
			br[i] = brNone
		case prev == cur && (cur == '—' || cur == '…'):
			br[i] = brNone
		case isFullDigit(prev) && isFullDigit(cur):
			br[i] = brNone
		case (cur == '“' || cur == '‘') && gs[i-1].wide && !noEnd(prev):
			// ICU's zh/ja tailoring: an opening quote is an opening bracket.
			br[i] = brCan
		case (prev == '”' || prev == '’') && gs[i].wide:
			br[i] = brCan
		}
		if noStart(cur) || noEnd(prev) {
			br[i] = brNone
		}
		if gs[i].hard && br[i] == brCan {
			// break after the newline, not before it
			br[i] = brNone
		}
	}
	br[0] = brNone
	br[len(gs)] = brMust
	return br
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isFullDigit(r rune) bool { return r >= '０' && r <= '９' }

// setLine is one laid-out line: glyphs [start, end) of its paragraph and
// where each is drawn.
type setLine struct {
	gs     []glyph   // glyphs drawn, trailing spaces and hard breaks removed
	x      []float64 // x of each glyph, relative to the line's left edge
	adv    []float64 // drawn advance of each glyph (squeezed marks shrink)
	dx     []float64 // glyph origin relative to x: an opening mark trimmed at line start puts its blank half in the margin
	width  float64   // right edge of the last glyph
	indent float64
	next   int // index in the paragraph of the glyph after the line
}

// paraLayout describes how to set a paragraph.
type paraLayout struct {
	width    float64 // line width, pt
	indent   float64 // first-line indent, pt
	em       float64 // size that governs gaps (the body size)
	justify  bool
	center   bool
	anywhere bool // break between any two characters (code)
}

// gapBefore returns the natural Han–Latin space before glyph i and how
// far it may shrink.
func gapBefore(gs []glyph, i int, em float64) (nat, shrink float64) {
	if i == 0 {
		return 0, 0
	}
	a, b := gs[i-1].r, gs[i].r
	if (isIdeo(a) && isLatin(b)) || (isLatin(a) && isIdeo(b)) {
		if gs[i-1].st.font == fMono || gs[i].st.font == fMono {
			return 0, 0
		}
		return em / 4, em / 8
	}
	return 0, 0
}

// fullEm reports whether g is drawn one em wide. The quotes “”‘’ are
// ambiguous width: LXGW WenKai draws them proportionally, and then they
// have no blank half to give.
func fullEm(g glyph) bool { return g.w >= 0.9*g.st.size }

func isClosingMark(g glyph) bool { return strings.ContainsRune(squeezable, g.r) && fullEm(g) }
func isOpeningMark(g glyph) bool { return strings.ContainsRune(openingMarks, g.r) && fullEm(g) }

// squeezeAt returns how much of glyph i's advance may go: the blank half
// of a closing mark at line end or before another full-width mark. Between
// marks this is done only when the line must shrink, not always as clreq's
// basic level would: a glyph's advance in the PDF is the font's, so two
// marks set 1.5 em apart have boxes that overlap by half an em, and
// pdftotext (which starts a new word at 0.3 em of overlap) then reads the
// second mark as a separate word and with -layout moves it to a line of
// its own, breaking copy and paste of the text. Character spacing does not
// help: pdftotext subtracts it before sizing the box.
func squeezeAt(gs []glyph, i, end int) float64 {
	g := gs[i]
	if !isClosingMark(g) {
		return 0
	}
	if i == end-1 {
		return g.w / 2
	}
	if n := gs[i+1]; isClosingMark(n) || isOpeningMark(n) {
		return g.w / 2
	}
	return 0
}

// startTrim returns how much of an opening mark's blank left half goes at
// the start of a line, where it would leave a visible dent in the left
// margin; the glyph is drawn that much further left. Its box then ends
// where the next glyph starts, so text extraction is not disturbed. The
// first line of an indented paragraph keeps the full em: the indent
// already sets that line in, and clreq measures the indent in whole ems.
func startTrim(gs []glyph, i int, trimStart bool) float64 {
	if trimStart && isOpeningMark(gs[i]) {
		return gs[i].w / 2
	}
	return 0
}

// layoutLines breaks gs into lines (greedy first fit, which with squeezing is
// what clreq describes) and positions every glyph.
func layoutLines(gs []glyph, p paraLayout) []setLine {
	br := lineBreaks(gs, p.anywhere)
	var lines []setLine
	const layoutEps = 1e-6
	start := 0
	for start < len(gs) {
		for start < len(gs) && gs[start].space {
			start++ // a line never starts with a word space
		}
		if start == len(gs) {
			break
		}
		avail := p.width
		if len(lines) == 0 {
			avail -= p.indent
		}
		trimStart := len(lines) > 0 || p.indent == 0
		// Scan for the farthest legal break whose line fits once squeezed.
		best, fitAny := -1, start
		nat, shrink := 0.0, 0.0
		for j := start + 1; j <= len(gs); j++ {
			k := j - 1
			if k > start {
				gn, gsh := gapBefore(gs, k, p.em)
				nat += gn
				shrink += gsh
			} else {
				nat -= startTrim(gs, k, trimStart)
			}
			nat += gs[k].w
			if gs[k].space {
				shrink += gs[k].w / 5
			}
			// interior squeeze of k-1 is known now that k follows it
			if k > start {
				shrink += squeezeAt(gs, k-1, j+1) // j+1: k-1 is not last
			}
			if nat-shrink <= avail+layoutEps {
				fitAny = j
			}
			if br[j] != brNone {
				// nat bounds the trimmed width: the exact sums are only
				// needed near the end of the line.
				fits := nat <= avail+layoutEps
				if !fits {
					w, _ := trimmedWidth(gs, start, j, p.em, trimStart)
					fits = w-maxShrink(gs, start, j, p.em) <= avail+layoutEps
				}
				if fits {
					best = j
					if br[j] == brMust {
						break
					}
				} else {
					break
				}
			}
			if nat-shrink > avail*2+10*p.em {
				break
			}
		}
		if best < 0 {
			// One unbreakable token (a URL) longer than the line: break it
			// where it stops fitting, avoiding a prohibited line start.
			best = fitAny
			for best > start+1 && best < len(gs) && (noStart(gs[best].r) || noEnd(gs[best-1].r)) {
				best--
			}
			if best <= start {
				best = start + 1
			}
		}
		last := best == len(gs) || br[best] == brMust && gs[best-1].hard
		lines = append(lines, place(gs, start, best, avail, p, last, len(lines) == 0))
		start = best
	}
	return lines
}

// drawnEnd is the index after the last drawn glyph of gs[start:end]:
// trailing spaces and hard breaks are not drawn.
func drawnEnd(gs []glyph, start, end int) int {
	for end > start && (gs[end-1].space || gs[end-1].hard) {
		end--
	}
	return end
}

// trimmedWidth is the natural width of gs[start:end] without trailing
// spaces and hard breaks, and the index after the last drawn glyph.
func trimmedWidth(gs []glyph, start, end int, em float64, trimStart bool) (float64, int) {
	end = drawnEnd(gs, start, end)
	w := 0.0
	for i := start; i < end; i++ {
		if i > start {
			g, _ := gapBefore(gs, i, em)
			w += g
		}
		w += gs[i].w
	}
	if end > start {
		w -= startTrim(gs, start, trimStart)
	}
	return w, end
}

// maxShrink is how much gs[start:end] may shrink: squeezable marks, word
// spaces by a fifth, Han–Latin gaps to 1/8 em.
func maxShrink(gs []glyph, start, end int, em float64) float64 {
	end = drawnEnd(gs, start, end)
	s := 0.0
	for i := start; i < end; i++ {
		s += squeezeAt(gs, i, end)
		if gs[i].space {
			s += gs[i].w / 5
		}
		if i > start {
			_, g := gapBefore(gs, i, em)
			s += g
		}
	}
	return s
}

// place positions gs[start:end] on a line of width avail.
func place(gs []glyph, start, end int, avail float64, p paraLayout, last, first bool) setLine {
	trimStart := !first || p.indent == 0
	nat, stop := trimmedWidth(gs, start, end, p.em, trimStart)
	n := stop - start
	ln := setLine{gs: gs[start:stop], x: make([]float64, n), adv: make([]float64, n), dx: make([]float64, n), next: end}
	if first {
		ln.indent = p.indent
	}
	gap := make([]float64, n) // extra space before each glyph
	for i := 0; i < n; i++ {
		ln.adv[i] = gs[start+i].w
		if i > 0 {
			gap[i], _ = gapBefore(gs, start+i, p.em)
		}
	}
	if n > 0 {
		ln.dx[0] = -startTrim(gs, start, trimStart)
		ln.adv[0] += ln.dx[0]
	}
	slack := avail - nat
	switch {
	case slack < -1e-9:
		shrinkLine(gs[start:stop], ln.adv, gap, -slack, p.em)
	case slack > 0 && p.justify && !last:
		stretchLine(gs[start:stop], ln.adv, gap, slack, p.em)
	}
	x := 0.0
	for i := 0; i < n; i++ {
		x += gap[i]
		ln.x[i] = x
		x += ln.adv[i]
	}
	ln.width = x
	if p.center && x < avail {
		ln.indent += (avail - x) / 2
	}
	return ln
}

// shrinkLine takes need pt out of the line: line-end mark first, then
// marks between marks, then Han–Latin gaps, then word spaces.
func shrinkLine(gs []glyph, adv, gap []float64, need, em float64) {
	n := len(gs)
	take := func(amounts []float64, apply func(i int, d float64)) {
		total := 0.0
		for _, a := range amounts {
			total += a
		}
		if total <= 0 || need <= 0 {
			return
		}
		f := min(1, need/total)
		for i, a := range amounts {
			if a > 0 {
				apply(i, a*f)
			}
		}
		need -= total * f
	}
	amt := make([]float64, n)
	if s := squeezeAt(gs, n-1, n); s > 0 {
		amt[n-1] = s
		take(amt, func(i int, d float64) { adv[i] -= d })
	}
	clear(amt)
	for i := 0; i < n-1; i++ {
		amt[i] = squeezeAt(gs, i, n)
	}
	take(amt, func(i int, d float64) { adv[i] -= d })
	clear(amt)
	for i := 1; i < n; i++ {
		if gap[i] > 0 {
			amt[i] = gap[i] - em/8
		}
	}
	take(amt, func(i int, d float64) { gap[i] -= d })
	clear(amt)
	for i := range gs {
		if gs[i].space {
			amt[i] = gs[i].w / 5
		}
	}
	take(amt, func(i int, d float64) { adv[i] -= d })
}

// stretchLine spreads slack: word spaces and Han–Latin gaps take up to
// 1/2 em each first, then every such gap and every gap beside a
// full-width character share the rest equally (clreq 3.8). Nothing goes
// inside ——, …… or a Latin word.
func stretchLine(gs []glyph, adv, gap []float64, slack, em float64) {
	n := len(gs)
	var primary, all []int // indexes of glyphs whose preceding gap or own advance stretches
	isPrimary := func(i int) bool { return gs[i].space || gap[i] > 0 }
	for i := 0; i < n; i++ {
		if isPrimary(i) {
			primary = append(primary, i)
			all = append(all, i)
			continue
		}
		if i == 0 || gs[i-1].space {
			continue
		}
		a, b := gs[i-1], gs[i]
		if (a.wide || b.wide) && !(a.r == b.r && (a.r == '—' || a.r == '…')) {
			all = append(all, i)
		}
	}
	grow := func(i int, d float64) {
		if gs[i].space {
			adv[i] += d
		} else {
			gap[i] += d
		}
	}
	if len(primary) > 0 {
		per := slack / float64(len(primary))
		if len(all) > len(primary) {
			per = min(per, em/2)
		}
		for _, i := range primary {
			grow(i, per)
		}
		slack -= per * float64(len(primary))
	}
	if slack > 1e-9 && len(all) > 0 {
		per := slack / float64(len(all))
		for _, i := range all {
			grow(i, per)
		}
	}
}
