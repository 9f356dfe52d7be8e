package inline

import "math"

// Demerits, as in TeX.
const (
	linePenalty        = 10
	adjDemerits        = 10000 // a tight line next to a loose one
	doubleHyphen       = 10000 // two hyphenated lines in a row
	shortLastDemerits  = 50000 // a last line of one or two characters
	awfulBadness       = 10000
	overfullDemerits   = 1e12 // a line wider than the measure: only when nothing else can be
	raggedStretchInEms = 3    // for choosing the lines of unjustified text
)

// demerits returns the total demerits of the paragraph up to the break
// ln.b when its last line is ln, weighed (weigh), from node a. A line's
// demerits grow with the cube of how far its glue must stretch or shrink,
// with the penalty of its break, with a loose line next to a tight one,
// with two hyphens in a row, and with a last line of one or two
// characters. ok is false when the total is sure to exceed most (what
// the break's best so far allows, choice.most): such a line can never be
// chosen (see addNodes), and the costly measure of how far short it would
// stay is spared.
func (s *search) demerits(a *node, ln *line, most float64) (total float64, ok bool) {
	q, b := s.q, ln.b
	d := ln.d
	if ln.r > 1 && q.params.Justify && !q.params.Center && !s.lastAt(b) {
		// A line its gaps cannot fill without holes is left short (Set):
		// the shorter, the worse. Its badness is at least ln.bad.
		if a.total+d > most {
			return 0, false
		}
		if ln.unfilled < 0 {
			ln.unfilled = s.unfilled(ln)
		}
		if ln.unfilled > 0 {
			d = withPenalty(square(linePenalty+awfulBadness*(1+ln.unfilled/q.params.Em)), s.penalty[b-s.from])
		}
	}
	if q.breaks[b].hyphen && a.hyph {
		d += doubleHyphen
	}
	if abs(ln.fit-int(a.fit)) > 1 {
		d += adjDemerits
	}
	if b == s.to && s.final && a.line > 0 && q.shortLine(ln.st, ln.e) {
		d += shortLastDemerits
	}
	return a.total + d, true
}

// weigh sets what the demerits of ln owe to the line alone, whatever node
// it follows: its adjustment ratio, natural width, badness, fitness class
// and demerits (d).
func (s *search) weigh(ln *line) {
	ln.r, ln.nat, ln.unfilled = 0, 0, -1
	if ln.st < ln.e {
		ln.r, ln.nat = s.ratio(ln.st, ln.e, ln.b, ln.first)
	}
	ln.bad, ln.fit = badness(ln.r), fitness(ln.r)
	ln.d = withPenalty(square(linePenalty+ln.bad), s.penalty[ln.b-s.from])
}

func square(x float64) float64 { return x * x }

// withPenalty adds to d the demerits of a break's penalty: its square, or
// less its square for a negative penalty that is not forced.
func withPenalty(d, pen float64) float64 {
	if pen > 0 {
		d += pen * pen
	} else if pen < 0 && pen > penaltyForced {
		d -= pen * pen
	}
	return d
}

// lastAt reports whether a line broken before b is the last of its
// paragraph (or of its part between hard breaks), and so is not
// stretched. For a Para set in windows, the window's end counts.
func (s *search) lastAt(b int) bool {
	return b == s.to || s.q.glyphs[b-1].Hard
}

// unfilled is how far short of the measure the line ln, weighed, stays
// when every gap has grown to gapCap.
func (s *search) unfilled(ln *line) float64 {
	q := s.q
	room := s.proom[ln.e-s.from] - s.proom[ln.st-s.from]
	if sp := q.space[ln.st]; sp.gapStretch > 0 {
		room -= max(0, gapCap*q.params.Em-sp.gap)
	}
	return max(0, q.avail(ln.first)-ln.nat-room)
}

// trimsStart reports whether a line starting at glyph s gives up an
// opening mark's blank half: every line does but the first of an indented
// paragraph, since clreq measures the indent in whole ems.
func (q *Para) trimsStart(first bool) bool { return !first || q.params.Indent == 0 }

// measure returns the natural width, stretch and shrink of glyphs [st, e)
// set as a line broken before b.
func (s *search) measure(st, e, b int, first bool) (nat, str, shr float64) {
	q := s.q
	i, j := st-s.from, e-s.from
	sp := &q.space[st]
	nat = s.pw[j] - s.pw[i] - sp.gap
	str = s.pst[j] - s.pst[i] - sp.gapStretch
	shr = s.psh[j] - s.psh[i] - sp.gapShrink
	if q.trimsStart(first) && sp.startTrim > 0 {
		nat -= sp.startTrim
		shr -= sp.shrink
	}
	last := e - 1
	ls := &q.space[last]
	switch {
	case q.breaks[b].hyphen:
		nat += q.breaks[b].hyphenWidth
	case ls.hangs && last > st:
		nat -= ls.cell
		shr -= ls.shrink
		str -= ls.stretch
	case ls.endTrim > 0 && last > st:
		shr += ls.endTrim - ls.shrink
	}
	return nat, str, shr
}

func (q *Para) avail(first bool) float64 {
	if first {
		return q.params.Width - q.params.Indent
	}
	return q.params.Width
}

// ratio is the adjustment ratio of the line [st, e) broken before b: how
// much of its stretch (> 0) or shrink (< 0) it needs to fill the measure;
// and its natural width.
func (s *search) ratio(st, e, b int, first bool) (r, nat float64) {
	q := s.q
	nat, str, shr := s.measure(st, e, b, first)
	avail := q.avail(first)
	if !q.params.Justify || q.params.Center {
		str = raggedStretchInEms * q.params.Em
	}
	switch slack := avail - nat; {
	case math.Abs(slack) < 1e-9:
		return 0, nat
	case slack > 0:
		if s.lastAt(b) {
			return 0, nat
		}
		if str <= 0 {
			return math.Inf(1), nat
		}
		return slack / str, nat
	default:
		if shr <= 0 {
			return math.Inf(-1), nat
		}
		return slack / shr, nat
	}
}

// badness is 100|r|³, at most awfulBadness (an infinite r included). A
// comparison, not min, which spends its time on NaNs and signed zeros
// that cannot occur here.
func badness(r float64) float64 {
	if b := 100 * math.Abs(r*r*r); b <= awfulBadness {
		return b
	}
	return awfulBadness
}

func fitness(r float64) int {
	switch {
	case r < -0.5:
		return 0
	case r <= 0.5:
		return 1
	case r <= 1:
		return 2
	}
	return 3
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// shortLine reports whether glyphs [s, e) hold at most two characters
// that are not punctuation.
func (q *Para) shortLine(s, e int) bool {
	k := 0
	for i := s; i < e && k <= 2; i++ {
		if !q.glyphs[i].Space && !q.glyphs[i].Class.IsPunct() {
			k++
		}
	}
	return k <= 2
}
