package inline

import (
	"context"
	"math"
)

// clearMargin is what a line must cost over linePenalty² ended at the
// break before a first-fit line's for firstFit to be sure of its lines:
// a margin no rounding comes near (the badness of a ratio of 0.08).
const clearMargin = 1

// firstFit sets s.greedy to the window's first-fit lines: each as long as
// it may be without being overfull, as the search weighs it, and ended at
// the first forced break it meets. It returns their total demerits
// (+Inf when a line cannot be made so), and whether they are sure to be
// the search's choice.
//
// The total bounds the search (choice.limit). Its choice totals no more,
// since these lines are one of the ways it weighs; and every line costs
// linePenalty² at least (badness and penalties are never negative, a
// forced break's penalty is not counted, what demerits adds is positive).
// So a node before the window's end whose total exceeds the bound less
// one line is on no way the search can choose, and neither is a node made
// only because such a node was not: it is more than adjDemerits worse
// than that node, and so is every way on from it (see addNodes). Leaving
// them out changes no candidate on the chosen way, nor any tie.
//
// The lines are sure to be the search's choice when each costs exactly
// linePenalty² (full to the measure, no penalty, no short last line) and
// each one not ended by a forced break would cost clearMargin more ended
// at the break before. Then no way has fewer lines: a line from an earlier
// position is the line from a later one with glyphs added, none narrower
// at its narrowest than nothing (a cell is no less than its shrink or
// what it gives at a line's start, a gap no less than its shrink), so the
// line to the break where a first-fit line stops (overfull, and of two
// glyphs or more, see longest) is overfull from every earlier position
// too, and each line of any way ends no later than the first-fit line of
// the same rank. A way with as many lines first differs at a line that
// ends earlier, from the same position: it holds no more and may stretch
// no more than the first-fit line ended at the break before, so stretches
// as much at least, and costs clearMargin more. A way with more lines
// costs linePenalty² more. So the first-fit lines are the one way at the
// least total, and the search finds them.
func (s *search) firstFit(ctx context.Context) (total float64, sure bool, err error) {
	q := s.q
	s.greedy = s.greedy[:0]
	a := node{fit: 1} // the search's start node
	sure = true
	look := s.from + checkEvery // where to look at ctx next, as run does
	for pos := s.from; pos < s.to; {
		g, prev, lone := s.longest(pos)
		for ; look <= g; look += checkEvery {
			if err := ctx.Err(); err != nil {
				return 0, false, err
			}
		}
		if g < 0 {
			return math.Inf(1), false, nil
		}
		ln := s.lineTo(pos, g)
		t, _ := s.demerits(&a, &ln, math.Inf(1))
		sure = sure && !lone && t == a.total+square(linePenalty) &&
			(s.kind[g-s.from] == brMust || prev < 0 || s.clearlyLoose(pos, prev))
		a = node{total: t, fit: int8(ln.fit), hyph: q.breaks[g].hyphen, line: a.line + 1}
		s.greedy = append(s.greedy, Break{
			Start: ln.st, End: ln.e, Next: g, Hyphen: a.hyph, Ratio: ln.r, First: pos == 0,
			Last: g == len(q.glyphs) || q.glyphs[g-1].Hard,
		})
		pos = g
	}
	return a.total, sure, nil
}

// longest returns the furthest break g that a line from the break pos may
// end at without being overfull, stopping at a forced break, and the
// break before it that a line may end at (-1 for none); g is -1 when
// every line from pos is overfull. Lines of nothing but spaces are no
// lines (see visit). lone reports that the overfull line that stopped
// it holds one glyph: that glyph may not hang or give up its end's blank
// half as it may at the end of a longer line, so the line from an
// earlier position, longer, may not be overfull.
func (s *search) longest(pos int) (g, prev int, lone bool) {
	q := s.q
	st, first := int(s.start[pos-s.from]), pos == 0
	// A line narrower than room at its natural width, hyphen included,
	// is not overfull and need not be weighed.
	room, base := q.avail(first)-1e-6, 0.0
	if st < s.to {
		base = s.pw[st-s.from] + q.space[st].gap
	}
	g, prev = -1, -1
	for b := pos + 1; b <= s.to; b++ {
		k := s.kind[b-s.from]
		if k == brNone {
			continue
		}
		e := q.drawnEnd(b)
		if st >= e && k != brMust {
			continue
		}
		if st < e && s.pw[e-s.from]-base+q.breaks[b].hyphenWidth > room {
			ln := line{st: st, e: e, b: b, first: first}
			s.weigh(&ln)
			if ln.overfull() {
				lone = e-st == 1
				break // as is every line to a later break
			}
		}
		prev, g = g, b
		if k == brMust {
			break
		}
	}
	return g, prev, lone
}

// lineTo returns the line from the break pos to the break b, weighed.
func (s *search) lineTo(pos, b int) line {
	ln := line{st: int(s.start[pos-s.from]), e: s.q.drawnEnd(b), b: b, first: pos == 0}
	s.weigh(&ln)
	return ln
}

// clearlyLoose reports whether the line from the break pos to the break b
// stretches, and costs clearMargin more than linePenalty² at least.
func (s *search) clearlyLoose(pos, b int) bool {
	ln := s.lineTo(pos, b)
	return ln.r > 0 && square(linePenalty+ln.bad) >= square(linePenalty)+clearMargin
}
