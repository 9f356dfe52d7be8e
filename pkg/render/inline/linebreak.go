package inline

import "math"

// Break is one line chosen by Lines: glyphs [Start, End) are drawn (the
// spaces and hard break at its end are not), and the next line's glyphs
// begin at Next (after any spaces).
type Break struct {
	Start, End, Next int
	Hyphen           bool    // the line ends at a hyphenation point
	Ratio            float64 // adjustment: -1 fully shrunk, 0 natural, 1 fully stretched
	First, Last      bool
}

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

type kpNode struct {
	pos   int // break before glyph pos
	line  int // lines before the break
	fit   int
	total float64
	prev  int // index in nodes, -1 for the start
	hyph  bool
	ratio float64
}

// Breaks chooses the lines of the paragraph as a whole: of all the ways to
// break it, the one with the least demerits, where a line's demerits grow
// with the cube of how far its glue must stretch or shrink, with the
// penalty of its break, with a loose line next to a tight one, with two
// hyphens in a row, and with a last line of one or two characters.
func (q *Para) Breaks() []Break {
	n := len(q.G)
	if n == 0 {
		return nil
	}
	q.emergencyBreaks()
	pw, pst, psh := q.prefix()
	proom := q.roomPrefix()
	start := make([]int, n+1) // first glyph of a line beginning at a break
	for i := n; i >= 0; i-- {
		switch {
		case i == n:
			start[i] = n
		case q.G[i].Space:
			start[i] = start[i+1]
		default:
			start[i] = i
		}
	}
	nodes := []kpNode{{pos: 0, fit: 1, prev: -1}}
	// active and spare swap at every break: the nodes kept are written
	// into the spare list, so the loop allocates only when the lists grow.
	active, spare := make([]int, 1, 64), make([]int, 0, 64)
	type cand struct {
		node  int
		total float64
		ratio float64
	}
	for b := 1; b <= n; b++ {
		if q.Brk[b] == brNone {
			continue
		}
		var best [4]cand
		for k := range best {
			best[k].node = -1
		}
		e := q.drawnEnd(b)
		keep := spare[:0]
		lastDropped, droppedTotal := -1, math.Inf(1)
		for _, ai := range active {
			a := nodes[ai]
			s := start[a.pos]
			r := 0.0
			if s >= e {
				keep = append(keep, ai)
				if q.Brk[b] != brMust {
					continue // a line of nothing but spaces
				}
				// an empty line between two hard breaks
			} else {
				r = q.ratio(s, e, b, a.line == 0, pw, pst, psh)
			}
			unfilled := 0.0
			if r > 1 && q.P.Justify && !q.P.Center && b < n && !q.G[b-1].Hard {
				unfilled = q.unfilled(s, e, b, a.line == 0, pw, proom)
			}
			if r < -1-1e-9 {
				if a.total < droppedTotal {
					lastDropped, droppedTotal = ai, a.total
				}
				continue // overfull: every later break is too
			}
			if s < e {
				keep = append(keep, ai)
			}
			bad := badness(r)
			if unfilled > 0 {
				// A line its gaps cannot fill without holes is left short
				// (Set): the shorter, the worse.
				bad = awfulBadness * (1 + unfilled/q.P.Em)
			}
			fit := fitness(r)
			d := linePenalty + bad
			d *= d
			if pen := q.Pen[b]; pen > 0 {
				d += pen * pen
			} else if pen < 0 && pen > penaltyForced {
				d -= pen * pen
			}
			if q.Hyph[b] && a.hyph {
				d += doubleHyphen
			}
			if abs(fit-a.fit) > 1 {
				d += adjDemerits
			}
			if b == n && a.line > 0 && q.shortLine(s, e) {
				d += shortLastDemerits
			}
			if t := a.total + d; best[fit].node < 0 || t < best[fit].total {
				best[fit] = cand{ai, t, r}
			}
		}
		active, spare = keep, active
		found := false
		if q.Brk[b] == brMust {
			active = active[:0]
		}
		// The new nodes all break before b after at least one line, so
		// every later line from them is the same line with the same
		// demerits, but for adjDemerits, which depends on their fitness:
		// a node more than adjDemerits worse than another can never be
		// chosen, and is not made.
		least := math.Inf(1)
		for _, c := range best {
			if c.node >= 0 {
				least = min(least, c.total)
			}
		}
		for fit, c := range best {
			if c.node < 0 || c.total > least+adjDemerits {
				continue
			}
			found = true
			nodes = append(nodes, kpNode{pos: b, line: nodes[c.node].line + 1, fit: fit, total: c.total, prev: c.node, hyph: q.Hyph[b], ratio: c.ratio})
			active = append(active, len(nodes)-1)
		}
		if !found && len(active) == 0 && lastDropped >= 0 {
			// Nothing fits: set the least bad overfull line rather than
			// lose the text.
			a := nodes[lastDropped]
			nodes = append(nodes, kpNode{pos: b, line: a.line + 1, fit: 0, total: a.total + overfullDemerits, prev: lastDropped, hyph: q.Hyph[b], ratio: -1})
			active = append(active, len(nodes)-1)
		}
	}
	bestNode := -1
	for i := len(nodes) - 1; i >= 0 && nodes[i].pos == n; i-- {
		if bestNode < 0 || nodes[i].total < nodes[bestNode].total {
			bestNode = i
		}
	}
	if bestNode < 0 {
		return nil
	}
	var out []Break
	for i := bestNode; nodes[i].prev >= 0; i = nodes[i].prev {
		a, z := nodes[nodes[i].prev], nodes[i]
		out = append(out, Break{
			Start: start[a.pos], End: q.drawnEnd(z.pos), Next: z.pos,
			Hyphen: z.hyph, Ratio: z.ratio, First: a.pos == 0,
			Last: z.pos == n || q.G[z.pos-1].Hard,
		})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// prefix returns the running sums of natural width, stretch and shrink
// before each glyph (gap included).
func (q *Para) prefix() (pw, pst, psh []float64) {
	n := len(q.G)
	all := make([]float64, 3*(n+1))
	pw, pst, psh = all[:n+1], all[n+1:2*(n+1)], all[2*(n+1):]
	for i := 0; i < n; i++ {
		pw[i+1] = pw[i] + q.Cell[i] + q.Gap[i]
		pst[i+1] = pst[i] + q.St[i] + q.GapSt[i]
		psh[i+1] = psh[i] + q.Sh[i] + q.GapSh[i]
	}
	return pw, pst, psh
}

// roomPrefix returns the running sums of how far each gap and space may
// grow before it reaches gapCap.
func (q *Para) roomPrefix() []float64 {
	n := len(q.G)
	p := make([]float64, n+1)
	c := gapCap * q.P.Em
	for i := 0; i < n; i++ {
		room := 0.0
		if q.GapSt[i] > 0 {
			room += max(0, c-q.Gap[i])
		}
		if q.St[i] > 0 {
			room += max(0, c-q.Cell[i])
		}
		p[i+1] = p[i] + room
	}
	return p
}

// unfilled is how far short of the measure the line [s, e) broken before
// b stays when every gap has grown to gapCap.
func (q *Para) unfilled(s, e, b int, first bool, pw, proom []float64) float64 {
	nat, _, _ := q.measure(s, e, b, first, pw, pw, pw)
	room := proom[e] - proom[s]
	if q.GapSt[s] > 0 {
		room -= max(0, gapCap*q.P.Em-q.Gap[s])
	}
	return max(0, q.avail(first)-nat-room)
}

// drawnEnd is the end of the glyphs drawn on a line broken before b:
// trailing spaces and a hard break are not drawn.
func (q *Para) drawnEnd(b int) int {
	for b > 0 && (q.G[b-1].Space || q.G[b-1].Hard) {
		b--
	}
	return b
}

// trimsStart reports whether a line starting at glyph s gives up an
// opening mark's blank half: every line does but the first of an indented
// paragraph, since clreq measures the indent in whole ems.
func (q *Para) trimsStart(first bool) bool { return !first || q.P.Indent == 0 }

// measure returns the natural width, stretch and shrink of glyphs [s, e)
// set as a line broken before b.
func (q *Para) measure(s, e, b int, first bool, pw, pst, psh []float64) (nat, st, sh float64) {
	nat = pw[e] - pw[s] - q.Gap[s]
	st = pst[e] - pst[s] - q.GapSt[s]
	sh = psh[e] - psh[s] - q.GapSh[s]
	if q.trimsStart(first) && q.StartTrim[s] > 0 {
		nat -= q.StartTrim[s]
		sh -= q.Sh[s]
	}
	last := e - 1
	switch {
	case q.Hyph[b]:
		nat += q.HyphW[b]
	case q.Hang[last] && last > s:
		nat -= q.Cell[last]
		sh -= q.Sh[last]
		st -= q.St[last]
	case q.EndTrim[last] > 0 && last > s:
		sh += q.EndTrim[last] - q.Sh[last]
	}
	return nat, st, sh
}

func (q *Para) avail(first bool) float64 {
	if first {
		return q.P.Width - q.P.Indent
	}
	return q.P.Width
}

// ratio is the adjustment ratio of the line: how much of its stretch (> 0)
// or shrink (< 0) it needs to fill the measure.
func (q *Para) ratio(s, e, b int, first bool, pw, pst, psh []float64) float64 {
	nat, st, sh := q.measure(s, e, b, first, pw, pst, psh)
	avail := q.avail(first)
	last := b == len(q.G) || q.G[b-1].Hard
	if !q.P.Justify || q.P.Center {
		st = raggedStretchInEms * q.P.Em
	}
	switch slack := avail - nat; {
	case math.Abs(slack) < 1e-9:
		return 0
	case slack > 0:
		if last {
			return 0
		}
		if st <= 0 {
			return math.Inf(1)
		}
		return slack / st
	default:
		if sh <= 0 {
			return math.Inf(-1)
		}
		return slack / sh
	}
}

func badness(r float64) float64 {
	if math.IsInf(r, 0) {
		return awfulBadness
	}
	return min(awfulBadness, 100*math.Abs(r*r*r))
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
	for i := s; i < e; i++ {
		if !q.G[i].Space && !q.G[i].Class.IsPunct() {
			k++
		}
	}
	return k <= 2
}

// emergencyBreaks lets a word, number or URL wider than the narrowest line
// break anywhere that is not prohibited, at a high penalty, so that it is
// split where it must be rather than run into the margin.
func (q *Para) emergencyBreaks() {
	n := len(q.G)
	limit := q.P.Width - q.P.Indent
	segStart, w := 0, 0.0
	for i := 0; i <= n; i++ {
		if i == n || q.Brk[i] != brNone && i > segStart {
			if w > limit+1e-9 {
				for k := segStart + 1; k < i; k++ {
					if q.Brk[k] == brNone && !q.G[k].Space && !q.G[k-1].Hard && !noBreakEvenInEmergency(q.G[k-1].R, q.G[k].R) {
						q.Brk[k] = brCan
						q.Pen[k] = penaltyEmergency
					}
				}
			}
			segStart, w = i, 0
		}
		if i < n {
			w += q.Cell[i] + q.Gap[i]
		}
	}
}

// Widths returns the width of the widest piece no break may fall inside,
// and of the widest line between hard breaks: what a table column holding
// the paragraph needs at least, and would like.
func (q *Para) Widths() (minW, maxW float64) {
	n := len(q.G)
	pw, _, _ := q.prefix()
	width := func(s, b int) float64 {
		for s < b && q.G[s].Space {
			s++
		}
		e := q.drawnEnd(b)
		if s >= e {
			return 0
		}
		return pw[e] - pw[s] - q.Gap[s]
	}
	piece, line := 0, 0
	for i := 1; i <= n; i++ {
		if q.Brk[i] == brNone {
			continue
		}
		minW = max(minW, width(piece, i))
		piece = i
		if q.Brk[i] == brMust {
			maxW = max(maxW, width(line, i))
			line = i
		}
	}
	return minW, maxW
}

// CanBreak reports whether a line may break before glyph i by the rules
// of the text (UAX #14 and the CJK prohibitions), for a caller choosing
// its own breaks among them (titles, package title).
func (q *Para) CanBreak(i int) bool { return q.Brk[i] != brNone }
