package inline

import (
	"context"
	"math"
	"sync"
)

// Break is one line chosen by Breaks: glyphs [Start, End) are drawn (the
// spaces and hard break at its end are not), and the next line's glyphs
// begin at Next (after any spaces).
type Break struct {
	Start, End, Next int
	Hyphen           bool    // the line ends at a hyphenation point
	Ratio            float64 // adjustment: -1 fully shrunk, 0 natural, 1 fully stretched
	First, Last      bool
}

// window is the most glyphs one total-fit search looks at. A longer
// paragraph (a pathological one: a million-letter word) is set in windows
// that overlap by a quarter: the lines of the first three quarters of each
// are kept, and the next window starts after them. Time and memory stay
// linear in the paragraph's length, the search's memory bounded.
const window = 1 << 15

// checkEvery is how many break positions the search takes between two
// looks at its context.
const checkEvery = 4096

// Breaks chooses the lines of the paragraph as a whole: of all the ways to
// break it, the one with the least demerits (see demerits). It stops with
// ctx's error when ctx is done.
func (q *Para) Breaks(ctx context.Context) ([]Break, error) {
	return q.choose(ctx, true)
}

// choose is Breaks. bounded lets each window's search start from its
// first-fit lines (see firstFit); it changes no line chosen, only the
// time taken, and the tests compare the two.
func (q *Para) choose(ctx context.Context, bounded bool) ([]Break, error) {
	n := len(q.glyphs)
	if n == 0 {
		return nil, nil
	}
	s := searches.Get().(*search)
	defer searches.Put(s)
	var out []Break
	for from := 0; ; {
		to := min(n, from+window)
		brs, err := s.window(ctx, q, from, to, out, bounded)
		if err != nil || brs == nil {
			return nil, err
		}
		if to == n {
			return brs, nil
		}
		// Keep the lines that the window's artificial end did not sway.
		keep := len(out) + 1
		for keep < len(brs) && brs[keep].Next <= from+window*3/4 {
			keep++
		}
		out = brs[:keep]
		from = out[keep-1].Next
	}
}

// window returns the lines chosen in the window [from, to] of q, after
// those of out; nil when no way through was found.
func (s *search) window(ctx context.Context, q *Para, from, to int, out []Break, bounded bool) ([]Break, error) {
	s.reset(q, from, to)
	if bounded {
		total, sure, err := s.firstFit(ctx)
		if err != nil {
			return nil, err
		}
		if sure {
			return append(out, s.greedy...), nil
		}
		if total < overfullDemerits/2 {
			// (higher, the bound would not keep out the overfull
			// line addNodes sets where nothing fits, which it must)
			s.bound = total + 1 + 1e-9*total
		}
	}
	brs, err := s.run(ctx, out)
	if err == nil && brs == nil && !math.IsInf(s.bound, 1) {
		// Not expected (see firstFit): the first-fit lines are a way
		// through. Search again without the bound rather than lose the
		// paragraph's text.
		s.reset(q, from, to)
		return s.run(ctx, out)
	}
	return brs, err
}

// node is a feasible break: the best way found to end a line before glyph
// pos with a line of fitness class fit.
type node struct {
	total, ratio float64
	pos, line    int32 // line: lines before the break
	prev         int32 // index in nodes, -1 for the start
	fit          int8
	hyph         bool
}

// live is an active node, with what the search reads of it most.
type live struct {
	node, pos int32
	total     float64
}

// candidate is the best line found so far ending at one break, in one
// fitness class.
type candidate struct {
	node         int32
	total, ratio float64
}

// search is the total-fit search over the break positions [from, to] of a
// paragraph, with the scratch it needs; the slices are kept from one
// paragraph to the next.
type search struct {
	q        *Para
	from, to int
	final    bool // to is the paragraph's end
	// kind and penalty are the paragraph's breaks (index pos-from), with
	// emergency breaks added inside what is too wide for any line.
	kind    []uint8
	penalty []float64
	// start is the first glyph of a line starting at a break.
	start []int32
	// pw, pst and psh are the running sums of natural width, stretch and
	// shrink before each glyph (gap included), proom of how far its gaps
	// may grow before they reach gapCap.
	pw, pst, psh, proom []float64
	nodes               []node
	// active are the nodes a line may still start from, in base: each
	// break keeps them in place (see keepGroup), so the list allocates
	// only when it grows.
	active, base []live
	// stairs are the least totals of the nodes made at each break from
	// stairs[head] on, less those a later break's total hides: least
	// grows along them (see leastFrom).
	stairs []step
	head   int
	// bound is the total demerits of the first-fit lines and a margin
	// for rounding, +Inf when there are none: see firstFit.
	bound float64
	// greedy are the first-fit lines, kept from one paragraph to the
	// next.
	greedy []Break
}

var searches = sync.Pool{New: func() any { return new(search) }}

// reset readies s for the window [from, to] of q.
func (s *search) reset(q *Para, from, to int) {
	s.q, s.from, s.to, s.final = q, from, to, to == len(q.glyphs)
	m := to - from + 1
	s.kind, s.penalty = grow(s.kind, m), grow(s.penalty, m)
	for i := range m {
		bp := &q.breaks[from+i]
		s.kind[i], s.penalty[i] = bp.kind, bp.penalty
	}
	if !s.final {
		// the window's end stands for the paragraph's
		s.kind[m-1], s.penalty[m-1] = brMust, penaltyForced
	}
	s.kind[0] = brNone
	s.start = grow(s.start, m)
	for i := m - 1; i >= 0; i-- {
		switch {
		case i == m-1:
			s.start[i] = int32(to)
		case q.glyphs[from+i].Space:
			s.start[i] = s.start[i+1]
		default:
			s.start[i] = int32(from + i)
		}
	}
	s.prefix()
	s.nodes = append(s.nodes[:0], node{pos: int32(from), fit: 1, prev: -1})
	s.active = append(s.base[:0], live{node: 0, pos: int32(from)})
	s.base = s.active[:0:cap(s.active)]
	s.stairs, s.head = append(s.stairs[:0], step{pos: int32(from)}), 0
	s.bound = math.Inf(1)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// prefix computes the running sums of the window; and in the same pass
// over the glyphs' spacing, which is what a window's setting up reads
// most, it measures the pieces no break falls inside (emergencyBreaks).
func (s *search) prefix() {
	m := s.to - s.from + 1
	s.pw, s.pst, s.psh, s.proom = grow(s.pw, m), grow(s.pst, m), grow(s.psh, m), grow(s.proom, m)
	s.pw[0], s.pst[0], s.psh[0], s.proom[0] = 0, 0, 0, 0
	c := gapCap * s.q.params.Em
	limit := s.q.params.Width - s.q.params.Indent
	piece, w := s.from, 0.0
	for i := s.from; i < s.to; i++ {
		j := i - s.from
		if s.kind[j] != brNone && i > piece {
			s.emergencyBreaks(piece, i, w, limit)
			piece, w = i, 0
		}
		sp := &s.q.space[i]
		w += sp.cell + sp.gap
		s.pw[j+1] = s.pw[j] + sp.cell + sp.gap
		s.pst[j+1] = s.pst[j] + sp.stretch + sp.gapStretch
		s.psh[j+1] = s.psh[j] + sp.shrink + sp.gapShrink
		room := 0.0
		if sp.gapStretch > 0 {
			room += max(0, c-sp.gap)
		}
		if sp.stretch > 0 {
			room += max(0, c-sp.cell)
		}
		s.proom[j+1] = s.proom[j] + room
	}
	s.emergencyBreaks(piece, s.to, w, limit)
}

// emergencyBreaks lets the piece of glyphs [st, e), of width w, break
// anywhere that is not prohibited, at a high penalty, when it is wider
// than the narrowest line (limit): a word, number or URL is split where it
// must be rather than run into the margin. Where the piece may break
// better, it costs a hyphen's penalty: at a hyphenation point kept for
// such a word (Params.HyphenateOverwide), or after a no-break space
// before a letter or digit, so that "UX&nbsp;draft" in a narrow cell
// reads "UX" "draft", not "UX dr" "aft" (but French "Bonjour&nbsp;!"
// does not send its "!" to the next line).
func (s *search) emergencyBreaks(st, e int, w, limit float64) {
	if !(w > limit+1e-9) {
		return
	}
	gs, br := s.q.glyphs, s.q.breaks
	for k := st + 1; k < e; k++ {
		if s.kind[k-s.from] == brNone && !gs[k].Space && !gs[k-1].Hard && !noBreakEvenInEmergency(gs[k-1].R, gs[k].R) {
			s.kind[k-s.from] = brCan
			switch {
			case br[k].hyphen:
				s.penalty[k-s.from] = br[k].penalty
			case gs[k-1].R == '\u00a0' && isAlnum(gs[k].R):
				s.penalty[k-s.from] = penaltyHyphen
			default:
				s.penalty[k-s.from] = penaltyEmergency
			}
		}
	}
}

// run searches the window and returns the lines chosen, after those of
// out; nil when no way through was found.
func (s *search) run(ctx context.Context, out []Break) ([]Break, error) {
	for b := s.from + 1; b <= s.to; b++ {
		if (b-s.from)%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if s.kind[b-s.from] != brNone {
			s.breakAt(b)
		}
	}
	best := int32(-1)
	for i := int32(len(s.nodes)) - 1; i >= 0 && int(s.nodes[i].pos) == s.to; i-- {
		if best < 0 || s.nodes[i].total < s.nodes[best].total {
			best = i
		}
	}
	if best < 0 {
		return nil, nil
	}
	return s.lines(best, out), nil
}

// line is a line from one active position to the break at hand: the
// same for every node at that position, and so weighed once (weigh).
type line struct {
	st, e, b int     // glyphs [st, e), broken before b
	first    bool    // the paragraph's first line
	r        float64 // adjustment ratio
	nat      float64 // natural width
	bad      float64 // badness of r
	fit      int     // fitness class of r
	// d is the line's demerits before what depends on the node it
	// follows (see demerits), unless it stays short (unfilled)
	d        float64
	unfilled float64 // how far short it stays; < 0 until measured
}

// overfull reports whether ln, weighed, is wider than the measure even
// fully shrunk.
func (ln *line) overfull() bool { return ln.r < -1-1e-9 }

// choice gathers the best lines found to one break.
type choice struct {
	best  [4]candidate // one per fitness class
	least float64      // the least total of all
	// limit is the most a node made at the break may total: bound, less
	// the least the lines after the break will cost.
	limit        float64
	lastDropped  int32 // the best node from which the line is overfull
	droppedTotal float64
	// stair is where leastFrom last looked: the break visits positions
	// in order, so the stairs are walked once per break
	stair int
}

// breakAt finds the best lines ending at break b, one per fitness class,
// and makes them nodes; it drops the nodes from which a line to b is
// overfull, since every later line from them is too. The active nodes are
// in order of position, and those at one position share their line.
func (s *search) breakAt(b int) {
	c := choice{least: math.Inf(1), lastDropped: -1, droppedTotal: math.Inf(1), stair: s.head}
	c.limit = s.bound
	if b < s.to {
		c.limit -= square(linePenalty) // the next line costs that at least
	}
	for k := range c.best {
		c.best[k].node = -1
	}
	e := s.q.drawnEnd(b)
	must := s.kind[b-s.from] == brMust
	lo, w := 0, 0 // the nodes kept are active[lo:w]
	// ln is set field by field: a composite literal was built aside and
	// copied, and the copy stalled on the stores just made (a third of
	// the time breakAt took of its own).
	ln := line{e: e, b: b}
	for i := 0; i < len(s.active); {
		pos := s.active[i].pos
		j := i + 1
		for j < len(s.active) && s.active[j].pos == pos {
			j++
		}
		// Only the start node of the first window is at glyph 0: a line
		// from there is the paragraph's first.
		ln.st, ln.first = int(s.start[int(pos)-s.from]), pos == 0
		s.weigh(&ln)
		if s.tooLoose(&c, &ln, i) {
			// So are the lines from every later position but the last
			// one or two (see tooLoose): keep their nodes, unweighed.
			j = s.tail(i, e)
			lo, w = s.keepGroup(lo, w, i, j)
			i = j
			continue
		}
		if s.visit(&c, s.active[i:j], &ln, must) {
			lo, w = s.keepGroup(lo, w, i, j)
		}
		i = j
	}
	s.active = s.active[lo:w]
	if must {
		s.active = s.active[:0]
	}
	s.addNodes(b, &c)
	s.climb(b, must)
}

// most is the most a candidate may total and still be made a node.
func (c *choice) most() float64 { return min(c.least+adjDemerits, c.limit) }

// step is the least total of the nodes made at a break.
type step struct {
	pos   int32
	least float64
}

// climb adds the nodes made at break b to the stairs.
func (s *search) climb(b int, must bool) {
	k := len(s.active) - 1
	if k < 0 || int(s.active[k].pos) != b {
		return // none made
	}
	least := s.active[k].total
	for ; k >= 0 && int(s.active[k].pos) == b; k-- {
		least = min(least, s.active[k].total)
	}
	if must {
		s.stairs, s.head = s.stairs[:0], 0
	}
	for len(s.stairs) > s.head && s.stairs[len(s.stairs)-1].least >= least {
		s.stairs = s.stairs[:len(s.stairs)-1]
	}
	s.stairs = append(s.stairs, step{int32(b), least})
	for s.head < len(s.stairs)-1 && s.stairs[s.head].pos < s.active[0].pos {
		s.head++ // no node left there
	}
}

// leastFrom is a lower bound of the totals of the active nodes at
// position pos and after: the least total made at a break from pos on.
// It looks from stairs[*k] on, and leaves *k where it found it: pos is
// no less than at the call before in the same break.
func (s *search) leastFrom(pos int32, k *int) float64 {
	for s.stairs[*k].pos < pos {
		*k++
	}
	return s.stairs[*k].least
}

// keepGroup keeps the nodes active[i:j] after those kept at this break,
// active[lo:w], and returns the kept nodes' new bounds. The list is
// compacted in place, i never below w: nodes dropped before any is kept
// (the longest lines, overfull) are left behind lo rather than copied
// over, so that most breaks move no node.
func (s *search) keepGroup(lo, w, i, j int) (int, int) {
	if w == lo {
		lo, w = i, i
	}
	if w != i {
		copy(s.active[w:], s.active[i:j])
	}
	return lo, w + j - i
}

// visit weighs the line ln from the nodes of group, all at one position,
// and reports whether they stay active: not when the line is overfull.
func (s *search) visit(c *choice, group []live, ln *line, must bool) bool {
	if ln.st >= ln.e && !must {
		return true // a line of nothing but spaces
	}
	// (an empty line between two hard breaks is weighed)
	if ln.overfull() {
		for _, a := range group {
			if a.total < c.droppedTotal {
				c.lastDropped, c.droppedTotal = a.node, a.total
			}
		}
		return false // overfull: every later break is too
	}
	for _, a := range group {
		s.consider(c, a.node, ln)
	}
	return true
}

// tooLoose reports whether the line ln, from the nodes at active[i:], and
// the lines from every later position are too loose to be chosen: each
// would make a total more than adjDemerits above the least found, or
// above the limit (see addNodes). A line from a later position holds
// fewer glyphs, so its natural width and its stretch are no greater, and
// its adjustment ratio no less: its demerits are at least ln's. That holds for a line that
// stretches, is not the paragraph's first (which has its own measure), and
// holds two glyphs or more (a line of one gives no mark's blank half at
// its end, and tail weighs those).
func (s *search) tooLoose(c *choice, ln *line, i int) bool {
	if ln.first || ln.r <= 0 || ln.st >= ln.e-1 || math.IsInf(c.most(), 1) {
		return false
	}
	lb := s.leastFrom(s.active[i].pos, &c.stair) + ln.d
	// a margin for rounding, far above it and far below any demerits
	return lb > c.most()+1e-6*math.Abs(lb)+1
}

// tail returns the index in active of the first node, from i on, whose
// line to a break with drawn end e holds one glyph or none.
func (s *search) tail(i, e int) int {
	j := len(s.active)
	for j > i && int(s.start[int(s.active[j-1].pos)-s.from]) >= e-1 {
		j--
	}
	return j
}

// consider weighs the line ln from node ai.
func (s *search) consider(c *choice, ai int32, ln *line) {
	t, ok := s.demerits(&s.nodes[ai], ln, c.most())
	if !ok {
		return
	}
	c.least = min(c.least, t)
	if best := &c.best[ln.fit]; best.node < 0 || t < best.total {
		best.node, best.total, best.ratio = ai, t, ln.r
	}
}

// addNodes makes nodes at break b of the best candidates. They all break
// before b after at least one line, so every later line from them is the
// same line with the same demerits, but for adjDemerits, which depends on
// their fitness: a node more than adjDemerits worse than another can never
// be chosen, and is not made. Nor is a node above the limit (see
// firstFit).
func (s *search) addNodes(b int, ch *choice) {
	hyph := s.q.breaks[b].hyphen
	found := false
	for fit, c := range ch.best {
		if c.node < 0 || c.total > ch.most() {
			continue
		}
		found = true
		s.addNode(b, c.node, fit, c.total, c.ratio, hyph)
	}
	if !found && len(s.active) == 0 && ch.lastDropped >= 0 {
		// Nothing fits: set the least bad overfull line rather than lose
		// the text.
		s.addNode(b, ch.lastDropped, 0, s.nodes[ch.lastDropped].total+overfullDemerits, -1, hyph)
	}
}

// addNode makes a node at break b after node prev, and makes it active.
// Its fields are set one by one: a node built aside and copied stalled
// on the stores just made.
func (s *search) addNode(b int, prev int32, fit int, total, ratio float64, hyph bool) {
	s.nodes = append(s.nodes, node{})
	k := len(s.nodes) - 1
	z := &s.nodes[k]
	z.pos, z.line, z.prev, z.fit, z.total, z.hyph, z.ratio = int32(b), s.nodes[prev].line+1, prev, int8(fit), total, hyph, ratio
	s.room()
	s.active = append(s.active, live{})
	l := &s.active[len(s.active)-1]
	l.node, l.pos, l.total = int32(k), int32(b), total
}

// room makes room for one more active node: the list creeps along base
// as breakAt leaves dropped nodes behind it, and moves back to its start
// when it reaches the end; base grows when the list fills half of it.
func (s *search) room() {
	if len(s.active) < cap(s.active) {
		return
	}
	if 2*len(s.active) > cap(s.base) {
		s.base = make([]live, 0, 2*len(s.active)+16)
	}
	s.active = s.base[:copy(s.base[:cap(s.base)], s.active)]
}

// lines appends to out the lines that end at node z and the nodes before
// it.
func (s *search) lines(z int32, out []Break) []Break {
	k := 0
	for i := z; s.nodes[i].prev >= 0; i = s.nodes[i].prev {
		k++
	}
	base := len(out)
	out = append(out, make([]Break, k)...)
	n := len(s.q.glyphs)
	for i := z; s.nodes[i].prev >= 0; i = s.nodes[i].prev {
		a, z := s.nodes[s.nodes[i].prev], s.nodes[i]
		k--
		out[base+k] = Break{
			Start: int(s.start[int(a.pos)-s.from]), End: s.q.drawnEnd(int(z.pos)), Next: int(z.pos),
			Hyphen: z.hyph, Ratio: z.ratio, First: a.pos == 0,
			Last: int(z.pos) == n || s.q.glyphs[z.pos-1].Hard,
		}
	}
	return out
}

// drawnEnd is the end of the glyphs drawn on a line broken before b:
// trailing spaces and a hard break are not drawn.
func (q *Para) drawnEnd(b int) int {
	for b > 0 && (q.glyphs[b-1].Space || q.glyphs[b-1].Hard) {
		b--
	}
	return b
}

// Widths returns the width of the widest piece no break may fall inside,
// and of the widest line between hard breaks: what a table column holding
// the paragraph needs at least, and would like.
func (q *Para) Widths() (minW, maxW float64) {
	n := len(q.glyphs)
	pw := make([]float64, n+1)
	for i, sp := range q.space {
		pw[i+1] = pw[i] + sp.cell + sp.gap
	}
	width := func(s, b int) float64 {
		for s < b && q.glyphs[s].Space {
			s++
		}
		e := q.drawnEnd(b)
		if s >= e {
			return 0
		}
		return pw[e] - pw[s] - q.space[s].gap
	}
	piece, line := 0, 0
	for i := 1; i <= n; i++ {
		if q.breaks[i].kind == brNone {
			continue
		}
		minW = max(minW, width(piece, i))
		piece = i
		if q.breaks[i].kind == brMust {
			maxW = max(maxW, width(line, i))
			line = i
		}
	}
	return minW, maxW
}
