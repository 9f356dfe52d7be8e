package inline

import (
	"context"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/words"
)

// Amounts of the glue between glyphs, in em of Params.Em.
const (
	hanLatinGap     = 0.25  // clreq: a quarter em between Han and Latin
	hanLatinShrink  = 0.125 // ... which may shrink to an eighth
	hanLatinStretch = 0.24  // ... and grow to just under a half
	hangulSpaceMin  = 0.2   // what a space between Korean words shrinks to
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
	penaltyName      = 200  // before a dot or an underscore of a name in code: after a hyphen's cost
	penaltyEmergency = 2000 // inside a word or URL too long for the line
	penaltyForced    = -10000
)

// Break kinds before a glyph.
const (
	brNone uint8 = iota
	brCan
	brMust
)

// Para is a paragraph prepared for breaking: its glyphs and, computed once
// by Prepare, the space each takes on a line and where a line may break
// with what penalty. A Para never changes once made: Breaks, Set and Lines
// only read it, and WithWidth makes another for a new measure.
type Para struct {
	params Params
	glyphs []Glyph
	// space says how glyph i takes space on a line.
	space []spacing
	// breaks says whether and how a line may break before glyph i; index
	// len(glyphs) is the paragraph's end.
	breaks []breakpoint
	// anyRTL is set when a glyph is right to left, rtl when the paragraph
	// is: lines are then reordered for display, and set flush right.
	anyRTL, rtl bool
	// widened are the glyphs whose space is widened, in order: a line
	// without one shares the paragraph's glyphs (lineGlyphs).
	widened []int
	// sc holds space and breaks for the next Prepare after Release.
	sc *scratch
}

// scratch is a Para's per-glyph working arrays, kept from one paragraph
// to the next (Release): they are most of what a paragraph allocates
// (about 100 bytes a glyph), and the lines set from it keep none of them.
type scratch struct {
	space  []spacing
	breaks []breakpoint
	uax    between
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// take readies sc's arrays, cleared, for n glyphs.
func (sc *scratch) take(n int) {
	if cap(sc.space) < n || cap(sc.breaks) < n+1 {
		sc.space, sc.breaks = make([]spacing, n), make([]breakpoint, n+1)
		return
	}
	sc.space, sc.breaks = sc.space[:n], sc.breaks[:n+1]
	clear(sc.space)
	clear(sc.breaks)
}

// Release hands q's working arrays to the next Prepare. Lines set from q
// stay valid, but neither q nor a Para made from it by WithWidth may be
// used afterwards.
func (q *Para) Release() {
	if q.sc == nil {
		return
	}
	q.space, q.breaks = nil, nil
	scratches.Put(q.sc)
	q.sc = nil
}

// spacing is the space one glyph takes on a line, and what it may give.
type spacing struct {
	// cell is the width the glyph takes (its advance, or a full em for a
	// curly quote set full width, less the blank halves compressed away
	// beside other marks); offset is where its origin sits in the cell.
	cell, offset float64
	// gap is the natural space before the glyph (the Han–Latin quarter
	// em); gapStretch and gapShrink what it may grow and shrink by.
	gap, gapStretch, gapShrink float64
	// stretch and shrink are what the cell itself may grow and shrink by
	// (word spaces, the blank halves of marks when a line must shrink);
	// shrinkLeft is the part of shrink taken from the cell's left side.
	stretch, shrink, shrinkLeft float64
	// startTrim is what the glyph gives up on its left when it starts a
	// line (an opening mark's blank half); endTrim what it may give up on
	// its right when it ends one (in place of shrink).
	startTrim, endTrim float64
	// hangs is set on a mark that may hang past the margin at a line end;
	// widened on a proportional curly quote set full width.
	hangs, widened bool
}

// breakpoint is the place before a glyph, as a place to break a line.
type breakpoint struct {
	kind uint8 // brNone, brCan or brMust
	// hyphen is set at a hyphenation point, inURL at a break inside a
	// URL, inName before a dot or an underscore of a name in code.
	hyphen, inURL, inName bool
	penalty               float64
	// hyphenWidth is the width of the hyphen drawn at a hyphenation point.
	hyphenWidth float64
}

// Prepare computes the cells, glue and breaks of a paragraph of glyphs. The
// Para keeps gs: the caller must not change them afterwards. It looks at
// ctx between its steps and every checkEvery glyphs in the longest, and
// stops with its error when it is done.
func Prepare(ctx context.Context, gs []Glyph, p Params) (*Para, error) {
	n := len(gs)
	sc := scratches.Get().(*scratch)
	sc.take(n)
	q := &Para{params: p, glyphs: gs, space: sc.space, breaks: sc.breaks, sc: sc}
	q.anyRTL, q.rtl = bidiOf(gs)
	marks, err := q.classes(ctx)
	if err != nil {
		return nil, err
	}
	q.compress(marks)
	if err := q.glue(ctx, marks); err != nil {
		return nil, err
	}
	if err := q.breakpoints(ctx); err != nil {
		return nil, err
	}
	q.penalties()
	return q, nil
}

// WithWidth returns the paragraph set to another measure: a table cell is
// prepared before its column's width is known.
func (q *Para) WithWidth(w float64) *Para {
	c := *q
	c.params.Width = w
	c.sc = nil // q's to release
	return &c
}

// Glyphs returns the paragraph's glyphs, to be read only.
func (q *Para) Glyphs() []Glyph { return q.glyphs }

// mark is what Prepare's steps learn of a glyph as a punctuation mark.
type mark struct {
	class cjk.Class
	// trimLeft and trimRight are set when the mark gave up a blank half
	// to its neighbour.
	trimLeft, trimRight bool
}

// classes sets each glyph's class and cell. A punctuation mark counts as
// full width only when its cell is about an em; a curly quote is given one
// when it stands beside a full-width character (GB/T 15834), its glyph
// against the text it encloses; between Latin letters it stays as the
// font draws it.
func (q *Para) classes(ctx context.Context) ([]mark, error) {
	gs := q.glyphs
	marks := make([]mark, len(gs))
	for i := range gs {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		g, sp := &gs[i], &q.space[i]
		sp.cell = g.Adv
		c := g.Class
		if g.Hard {
			c = cjk.Other
		}
		size := g.Style.Size
		if cjk.IsQuote(g.R) {
			if wideNeighbour(gs, i) && !g.Style.Mono {
				if g.Adv < 0.9*size {
					sp.cell = size
					sp.widened = true
					q.widened = append(q.widened, i)
					if c == cjk.Opening {
						sp.offset = size - g.Adv
					}
				}
			} else {
				c = cjk.Other
			}
		} else if c.IsPunct() && g.Adv < 0.9*size {
			c = cjk.Other // a proportional face's mark has no blank half
		}
		marks[i].class = c
	}
	return marks, nil
}

// half is half an em of glyph i's size: a mark's blank half.
func (q *Para) half(i int) float64 { return q.glyphs[i].Style.Size / 2 }

// compress lets adjacent marks share space (clreq 3.1.6): a closing mark
// before another mark loses its blank right half, an opening mark after
// another opening mark its blank left half; so 。」 and ）（ take 1.5 em,
// three in a row 2 em.
func (q *Para) compress(marks []mark) {
	for i := 0; i+1 < len(marks); i++ {
		a, b := marks[i].class, marks[i+1].class
		switch {
		case a == cjk.Closing && (b == cjk.Closing || b == cjk.Opening):
			marks[i].trimRight = true
			q.space[i].cell -= q.half(i)
		case a == cjk.Opening && b == cjk.Opening:
			marks[i+1].trimLeft = true
			q.space[i+1].cell -= q.half(i + 1)
			q.space[i+1].offset -= q.half(i + 1)
		}
	}
}

// glue sets what each glyph's cell may give, and the gap before it.
func (q *Para) glue(ctx context.Context, marks []mark) error {
	for i := range q.glyphs {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		q.ownGlue(i, marks[i])
		if i > 0 {
			q.gapBefore(i, marks[i-1].class, marks[i].class)
		}
	}
	return nil
}

// ownGlue sets what glyph i's own cell may stretch and shrink by, and give
// up at a line's edges.
func (q *Para) ownGlue(i int, m mark) {
	gs, em := q.glyphs, q.params.Em
	g, sp := &gs[i], &q.space[i]
	switch c := m.class; {
	case g.Space && g.Style.Mono:
		// inline code keeps its monospaced spacing
	case g.Space && beside(gs, i, cjk.IsWide):
		// A space the source puts between Han and Latin (or two Han
		// characters) is set as the Han–Latin gap, as xeCJK does: the
		// quarter em, not a Latin word space that justification would
		// widen to a hole.
		sp.cell = hanLatinGap * em
		sp.stretch = hanLatinStretch * em
		sp.shrink = (hanLatinGap - hanLatinShrink) * em
		if beside(gs, i, isHangul) {
			// a Korean word space, the only place a Korean line
			// breaks (keptTogether), keeps most of itself: shrunk to
			// an eighth of an em, pdftotext -raw no longer sees it
			sp.shrink = (hanLatinGap - hangulSpaceMin) * em
		}
	case g.Space:
		sp.stretch = max(spaceMax*em-g.Adv, g.Adv/4)
		sp.shrink = g.Adv * spaceShrink
	case c == cjk.Closing && !m.trimRight:
		sp.shrink = q.half(i) / 2
		sp.endTrim = q.half(i)
	case c == cjk.Opening && !m.trimLeft:
		sp.shrink = q.half(i) / 2
		sp.shrinkLeft = sp.shrink
		sp.startTrim = q.half(i)
	case c == cjk.Middle:
		sp.shrink = q.half(i) / 2
		sp.shrinkLeft = sp.shrink / 2
		sp.endTrim = sp.shrink
	}
	sp.hangs = q.params.Hanging && cjk.Hanging(g.R) && m.class == cjk.Closing && !m.trimRight
}

// gapBefore sets the glue between glyphs i-1 and i, of classes ca and cb:
// the quarter em between Han and Latin, and a little stretch beside every
// full-width character.
func (q *Para) gapBefore(i int, ca, cb cjk.Class) {
	em := q.params.Em
	a, b := &q.glyphs[i-1], &q.glyphs[i]
	sp := &q.space[i]
	switch {
	case a.Hard || b.Hard || a.Space || b.Space:
	case (isIdeo(ca) && cb == cjk.Letter || ca == cjk.Letter && isIdeo(cb)) && !a.Style.Mono && !b.Style.Mono:
		sp.gap = hanLatinGap * em
		sp.gapStretch = hanLatinStretch * em
		sp.gapShrink = (hanLatinGap - hanLatinShrink) * em
	case isHangul(a.R) && !cjk.IsWide(b.R) || isHangul(b.R) && !cjk.IsWide(a.R):
		// Korean's commas, stops and brackets are Latin ones, set
		// against the word: a gap widened there reads (and copies) as
		// a space
	case (cjk.IsWide(a.R) || cjk.IsWide(b.R)) && !cjk.Inseparable(a.R, b.R) && !a.Style.Pre:
		sp.gapStretch = cjkStretch * em
	}
}

// breakpoints decides where a line may break: UAX #14 as clreq tailors
// it, soft hyphens, URLs and hyphenation points.
func (q *Para) breakpoints(ctx context.Context) error {
	gs, br := q.glyphs, q.breaks
	if q.sc.uax == nil {
		q.sc.uax = between{}
	}
	if err := lineBreaks(ctx, gs, q.params.Anywhere, br, q.sc.uax); err != nil {
		return err
	}
	has := holdsOf(gs)
	if has.dictionary {
		if err := q.dictionaryBreaks(); err != nil {
			return err
		}
	}
	for i := 1; i < len(gs) && has.softHyphen; i++ {
		if gs[i-1].HyphenAfter && br[i].kind == brNone && isLetter(gs[i-1].R) && isLetter(gs[i].R) {
			br[i].kind = brCan
			br[i].hyphen = true
		}
	}
	if has.url {
		q.urlBreaks()
	}
	if has.code && q.params.Justify && !q.params.Center {
		q.codeBreaks()
	}
	if has.letter && q.params.Hyphenate != nil {
		q.hyphenate()
	}
	return nil
}

// holds is what a paragraph holds that the breaks of dictionaries, soft
// hyphens, URLs, code and hyphenation look for. A paragraph of Chinese
// holds none of it, digits and all, and skips their passes over its
// glyphs: a twentieth of a Chinese book's layout.
type holds struct {
	dictionary bool // a letter of Thai, Lao, Khmer or Burmese
	softHyphen bool
	url        bool // a colon or a w: a URL has one (see urlBreaks)
	code       bool // a glyph of inline code
	letter     bool // a letter that may begin a word to hyphenate
}

func holdsOf(gs []Glyph) (h holds) {
	for i := range gs {
		g := &gs[i]
		h.dictionary = h.dictionary || words.Dictionary(g.R)
		h.softHyphen = h.softHyphen || g.HyphenAfter
		h.url = h.url || g.R == ':' || g.R == 'w'
		h.code = h.code || g.Style != nil && g.Style.Mono
		h.letter = h.letter || isLetter(g.R)
	}
	return h
}

// dictionaryBreaks lets a line break between two words of Thai, Lao,
// Khmer or Burmese, written without spaces, where ICU's dictionaries find
// them, as a browser breaks these lines: UAX #14 leaves their letters
// (class SA) to a dictionary, and without one uniseg breaks them nowhere.
// A word's end inside a shaped cluster is no break. The gap between the
// two words may stretch a little, as XeTeX's \XeTeXlinebreakskip does, so
// that a justified line without a word space still reaches the margin.
func (q *Para) dictionaryBreaks() error {
	gs, bp := q.glyphs, q.breaks
	i := 0
	for i < len(gs) && !words.Dictionary(gs[i].R) {
		i++
	}
	if i == len(gs) {
		return nil // no Thai, Lao, Khmer or Burmese: the common case
	}
	text, at := paraText(gs)
	ends, err := words.DictionaryBreaks(text)
	if err != nil {
		return err
	}
	i = 0
	for _, e := range ends {
		for i < len(gs) && at[i] < e {
			i++
		}
		if i < len(gs) && at[i] == e && bp[i].kind == brNone {
			bp[i].kind = brCan
			sp := &q.space[i]
			sp.gapStretch = max(sp.gapStretch, cjkStretch*q.params.Em)
		}
	}
	return nil
}

// penalties gives each break its penalty: a URL's and a hyphen's cost
// something, a hard break and the paragraph's end are forced.
func (q *Para) penalties() {
	gs, br := q.glyphs, q.breaks
	n := len(gs)
	for i := 1; i < n; i++ {
		if br[i].inURL {
			br[i].penalty = penaltyURL
		}
		if br[i].inName {
			br[i].penalty = penaltyName
		}
		if br[i].hyphen {
			br[i].penalty = penaltyHyphen
			br[i].hyphenWidth = q.hyphenWidth(gs[i-1])
		}
	}
	br[n].penalty = penaltyForced
	for i := 1; i < n; i++ {
		if br[i].kind == brMust {
			br[i].penalty = penaltyForced
		}
	}
}

// hyphenWidth is the advance of the hyphen drawn after g: its face's own
// when Metrics can say, else a third of an em, the usual.
func (q *Para) hyphenWidth(g Glyph) float64 {
	if q.params.Metrics != nil {
		if _, adv, ok := q.params.Metrics.Glyph(g.Face, '-'); ok {
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

// hyphenate marks the hyphenation points of words of five letters or
// more. Words with capitals inside, digits or other scripts are left
// alone: they are names, codes and URLs. A word is read from its
// glyphs' source text, so that a ligature (fi) or a shaped cluster
// (Tamil's க்ஷ, a vowel sign with its consonant) is whole in it; a point
// inside one is no break.
func (q *Para) hyphenate() {
	gs := q.glyphs
	var w strings.Builder
	var at []int // at[k]: the rune offset in the word of its k-th glyph
	for i := 0; i < len(gs); {
		if !isLetter(gs[i].R) || i > 0 && (isLetter(gs[i-1].R) || gs[i-1].R == '/' || gs[i-1].R == '.' || gs[i-1].R == '@') {
			i++
			continue
		}
		j := i
		for j < len(gs) && isLetter(gs[j].R) && gs[j].Style == gs[i].Style && !gs[j].Style.Mono {
			j++
		}
		if j-i >= 2 && (j == len(gs) || !isURLish(gs[j].R)) && runesIn(gs[i:j]) >= 5 {
			w.Reset()
			at = at[:0]
			n := 0
			for k := i; k < j; k++ {
				at = append(at, n)
				w.WriteString(gs[k].Text)
				n += utf8.RuneCountInString(gs[k].Text)
			}
			q.markHyphens(i, at, q.params.Hyphenate(w.String()))
		}
		i = max(j, i+1)
	}
}

// runesIn counts the characters gs stand for, up to 5.
func runesIn(gs []Glyph) int {
	n := 0
	for _, g := range gs {
		if n += utf8.RuneCountInString(g.Text); n >= 5 {
			break
		}
	}
	return n
}

// markHyphens lets a line break with a hyphen at the points (rune
// offsets) of the word whose k-th glyph is glyph i+k and starts at rune
// at[k]; a point inside a glyph is passed over.
func (q *Para) markHyphens(i int, at, points []int) {
	k := 0
	for _, p := range points {
		for k < len(at) && at[k] < p {
			k++
		}
		if k == len(at) {
			return
		}
		if b := &q.breaks[i+k]; k > 0 && at[k] == p && b.kind == brNone {
			// A point kept for an overwide word stays no break until
			// emergencyBreaks finds the word too wide.
			if !q.params.HyphenateOverwide {
				b.kind = brCan
			}
			b.hyphen = true
		}
	}
}

// urlBreaks lets a line break inside a URL where the Chicago Manual of
// Style breaks them: after "//"; before a slash, dot, comma, hyphen,
// underscore, tilde, ?, # or %; before or after = and & — rather than
// stretch the line before it to holes. Never after a hyphen: copying takes
// a line-final hyphen for hyphenation.
func (q *Para) urlBreaks() {
	gs := q.glyphs
	for i := 0; i < len(gs); {
		j := i
		colon := false // the token is spelt out only when it may be a URL
		for j < len(gs) && !gs[j].Space && !gs[j].Hard && !cjk.IsWide(gs[j].R) {
			colon = colon || gs[j].R == ':'
			j++
		}
		if !colon && (j-i < 4 || gs[i].R != 'w' || gs[i+1].R != 'w' || gs[i+2].R != 'w' || gs[i+3].R != '.') {
			i = max(j, i+1)
			continue
		}
		var w strings.Builder
		for k := i; k < j; k++ {
			w.WriteRune(gs[k].R)
		}
		tok := w.String()
		if start := strings.Index(tok, "://"); start > 0 || strings.HasPrefix(tok, "www.") {
			from := i + max(start+3, 0)
			for k := from; k < j-1; k++ {
				if q.breaks[k].kind == brNone && urlBreakAt(gs[k-1].R, gs[k].R, k == from) {
					q.breaks[k].kind = brCan
					q.breaks[k].inURL = true
				}
			}
		}
		i = max(j, i+1)
	}
}

// codeBreaks lets a name or path in inline code break after a slash and
// before a dot or an underscore, as it does in a URL ("/etc/pam.d/" after
// "/etc/", "pam_ldap.so" before "_ldap"), at twice a URL break's cost,
// so that English text takes a hyphen first: a justified line before a
// long path otherwise opens its word spaces wide (issue 18 §6). Two
// characters at least stay on either side. Only in justified text: a
// ragged line (a table cell) loses nothing by ending at a slash, and
// "/etc/security/" then "group.conf" reads better than
// "/etc/security/group" then ".conf". Code blocks keep their lines.
func (q *Para) codeBreaks() {
	gs := q.glyphs
	for i := 0; i < len(gs); {
		j := i
		for j < len(gs) && inCode(gs[j]) {
			j++
		}
		for k := i + 2; k <= j-2; k++ {
			if q.breaks[k].kind == brNone && codeBreakAt(gs[k-1].R, gs[k].R) {
				q.breaks[k].kind = brCan
				q.breaks[k].inName = true
			}
		}
		i = max(j, i+1)
	}
}

// inCode reports whether g is a character of a name or path in inline
// code: not a space, not full width, not in a code block.
func inCode(g Glyph) bool {
	return g.Style != nil && g.Style.Mono && !g.Style.Pre && !g.Space && !g.Hard && !cjk.IsWide(g.R)
}

// codeBreakAt reports whether a name or path in code may break between
// prev and cur: after a slash, before a dot or an underscore, not inside
// a run of them ("//", "..", "__").
func codeBreakAt(prev, cur rune) bool {
	marks := "/._"
	return (prev == '/' || cur == '.' || cur == '_') && !(strings.ContainsRune(marks, prev) && strings.ContainsRune(marks, cur))
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

// lineBreaks sets, for each glyph index i, whether a line may break before
// it: UAX #14 (rivo/uniseg) tailored as clreq asks. Index len(gs) is the
// paragraph end.
func lineBreaks(ctx context.Context, gs []Glyph, anywhere bool, bp []breakpoint, memo between) error {
	br := make([]uint8, len(gs)+1)
	if err := uaxBreaks(ctx, gs, br, memo); err != nil {
		return err
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
		case !anywhere && !gs[i-1].BreakAfter && keptTogether(prev, cur):
			br[i] = brNone
		}
		if cjk.NoStart(cur) || cjk.NoEnd(prev) || cjk.Invisible(cur) || extends(cur) {
			br[i] = brNone
		}
		if gs[i].Hard && br[i] == brCan {
			br[i] = brNone // break after the newline, not before it
		}
	}
	br[0] = brNone
	br[len(gs)] = brMust
	for i, k := range br {
		bp[i].kind = k
	}
	return nil
}

// noBreakEvenInEmergency reports whether a line may not break between a
// and b even inside a word too long for the line.
func noBreakEvenInEmergency(a, b rune) bool {
	return cjk.NoStart(b) || cjk.NoEnd(a) || cjk.Invisible(b) || extends(b)
}

// extends reports whether r belongs to the grapheme cluster of the
// character before it (UAX #29: a mark or a zero-width joiner), which no
// line may break from, not even in code or a word too wide for its line.
// Shaped text has its clusters in one glyph already; this is for the
// faces drawn a character at a time.
func extends(r rune) bool {
	switch {
	case r < 0x0300, r >= 0x3400 && r <= 0xA4FF, r >= 0xAC00 && r <= 0xD7A3:
		return false // Latin-1, the Han, Yi and Hangul blocks: no marks
	}
	return r == 0x200D || unicode.Is(unicode.M, r)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// keptTogether reports whether a and b are letters of one Korean word,
// which a line does not break (CSS word-break: keep-all, as Korean news
// sites set it; docs/typesetting.md says why): Hangul beside Hangul, or
// beside a letter or digit of another script with no space between. UAX
// #14 breaks between any two syllables. A word too long for the line
// still breaks between syllables, at the emergency penalty.
func keptTogether(a, b rune) bool {
	return isHangul(a) && (isHangul(b) || isAlnum(b)) || isHangul(b) && isAlnum(a)
}

// isHangul reports whether r is a Hangul syllable or jamo.
func isHangul(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r >= 0xAC00:
		return r <= 0xD7FF // syllables, jamo extended B
	}
	return r <= 0x11FF || r >= 0x3130 && r <= 0x318F || r >= 0xA960 && r <= 0xA97F
}

// CanBreak reports whether a line may break before glyph i by the rules
// of the text (UAX #14 and the CJK prohibitions), for a caller choosing
// its own breaks among them (titles, package title).
func (q *Para) CanBreak(i int) bool { return q.breaks[i].kind != brNone }
