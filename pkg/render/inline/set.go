package inline

import (
	"context"
	"slices"
	"strings"
	"sync"
)

// Line is a set line: its glyphs and where each is drawn.
type Line struct {
	// Glyphs are the line's glyphs in logical order. They may be the
	// paragraph's own: read them, do not change them.
	Glyphs []Glyph
	// X is where each glyph's origin goes, from the line's left edge;
	// Cell is the left edge and W the width of the space it takes there.
	X, Cell, W []float64
	// Width is the right edge of the line's last cell; a mark hanging in
	// the margin lies past it.
	Width float64
	// Indent is how far the line's left edge is set in: the first-line
	// indent, or half what a centred line leaves over.
	Indent float64
	// Text is what the line stands for in the source, for the text
	// layer: a hyphen added at a hyphenation point is not in it.
	Text string
	// MaxGap is the widest glue between two cells, for the checks of how
	// evenly a line is set.
	MaxGap float64
	// SpaceAfter is set when the line ends at a word space or a hard
	// break of the source and text follows: the space is not drawn, but
	// the text layer needs it, or a reader of the structure tree meets
	// the last word of one line run into the first of the next.
	SpaceAfter bool
}

// Lines breaks and sets the paragraph. It stops with ctx's error when ctx
// is done.
func (q *Para) Lines(ctx context.Context) ([]Line, error) {
	brs, err := q.Breaks(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Line, 0, len(brs))
	sc := lineScratches.Get().(*lineScratch)
	for _, b := range brs {
		out = append(out, q.set(b, sc))
	}
	sc.release()
	return out, nil
}

// Set places the glyphs of one chosen line. The adjustment is spread over
// every gap that may take it, in proportion to what each may give, so a
// line is widened at its Han–Latin gaps, its word spaces and between every
// pair of full-width characters together, never inside a Latin word. When
// a line must stretch past what its gaps allow (a line holding little but
// an unbreakable word), word spaces and the gaps beside full-width
// characters take the rest, and Han–Latin gaps stop at half an em; in a
// line that even so stays well short, the gaps between full-width
// characters stay closed. When it
// must shrink, a closing mark at its end gives up its blank half first
// (clreq), then the rest shrinks together.
func (q *Para) Set(b Break) Line {
	return q.set(b, &lineScratch{})
}

// lineScratch is what setting a line computes and the line does not
// keep, kept from one line to the next by Lines.
type lineScratch struct {
	f     []float64 // the gaps before the cells and the shifts in them
	slots []slot    // stretch's
}

// lineScratches keeps the scratch from one paragraph to the next: grown
// anew for each, it was a tenth of what a long book's layout allocated.
var lineScratches = sync.Pool{New: func() any { return new(lineScratch) }}

// release hands sc to the next Lines, holding no pointer into the lines
// set (slot.p).
func (sc *lineScratch) release() {
	clear(sc.slots[:cap(sc.slots)])
	sc.slots = sc.slots[:0]
	lineScratches.Put(sc)
}

// set is Set with sc for its scratch.
func (q *Para) set(b Break, sc *lineScratch) Line {
	s, e := b.Start, b.End
	n := e - s
	ln := Line{}
	if b.First {
		ln.Indent = q.params.Indent
	}
	if n <= 0 {
		return ln
	}
	cnt := n
	if b.Hyphen {
		cnt++
	}
	buf := make([]float64, 3*cnt)
	ln.X, ln.Cell, ln.W = buf[:cnt:cnt], buf[cnt:2*cnt:2*cnt], buf[2*cnt:]
	if cap(sc.f) < 2*cnt {
		sc.f = make([]float64, 2*cnt)
	}
	sc.f = sc.f[:2*cnt]
	clear(sc.f)
	gap, left := sc.f[:cnt:cnt], sc.f[cnt:]
	ln.Glyphs = q.lineGlyphs(s, e, b.Hyphen)
	hang := !b.Hyphen && q.space[e-1].hangs && e-1 > s
	q.adjust(b, hang, ln.W, gap, left, sc)
	x := q.place(&ln, s, hang, gap, left)
	if b.Hyphen {
		q.hyphen(&ln, b, x)
	}
	ln.Text = q.text(s, e)
	ln.SpaceAfter = !b.Hyphen && e < b.Next && b.Next < len(q.glyphs)
	q.align(&ln, b.First)
	return ln
}

// lineGlyphs returns the glyphs [s, e) as a line draws them: the
// paragraph's own, shared, unless a quote among them is widened or a
// hyphen is to be added.
func (q *Para) lineGlyphs(s, e int, hyphen bool) []Glyph {
	k, _ := slices.BinarySearch(q.widened, s)
	widened := k < len(q.widened) && q.widened[k] < e
	if !widened && !hyphen {
		return q.glyphs[s:e:e]
	}
	gs := make([]Glyph, e-s, e-s+1)
	copy(gs, q.glyphs[s:e])
	for i := range gs {
		gs[i].Widened = q.space[s+i].widened
	}
	return gs
}

// adjust sets the widths w of the cells of line b and the gaps before
// them, and how far left each glyph moves in its cell, as the line's
// adjustment ratio asks.
func (q *Para) adjust(b Break, hang bool, w, gap, left []float64, sc *lineScratch) {
	s, e := b.Start, b.End
	for i := range e - s {
		k := s + i
		w[i] = q.space[k].cell
		if i > 0 {
			gap[i] = q.space[k].gap
		}
	}
	trim := q.trimsStart(b.First)
	if trim && q.space[s].startTrim > 0 {
		w[0] -= q.space[s].startTrim
		left[0] += q.space[s].startTrim
	}
	r := b.Ratio
	if !q.params.Justify || q.params.Center || b.Last {
		r = min(r, 0)
	}
	switch {
	case r > 0:
		sc.slots = q.stretch(s, e, hang, r, w, gap, sc.slots[:0])
	case r < 0:
		q.shrink(s, e, hang, trim, -r, w, gap, left)
	}
}

// place puts the cells of ln one after the other, glyphs [s, s+n) of the
// paragraph, and returns the right edge of the last.
func (q *Para) place(ln *Line, s int, hang bool, gap, left []float64) float64 {
	n := len(ln.Glyphs)
	x := 0.0
	for i := range n {
		x += gap[i]
		ln.Cell[i] = x
		ln.X[i] = x + q.space[s+i].offset - left[i]
		if i > 0 {
			ln.MaxGap = max(ln.MaxGap, gap[i])
		}
		if hang && i == n-1 {
			ln.Width = x
		}
		x += ln.W[i]
	}
	if !hang {
		ln.Width = x
	}
	return x
}

// hyphen adds at x the hyphen of a line b ending at a hyphenation point.
func (q *Para) hyphen(ln *Line, b Break, x float64) {
	n := len(ln.Glyphs)
	h := ln.Glyphs[n-1]
	h.R, h.Text, h.Class, h.Adv = '-', "", 0, q.breaks[b.Next].hyphenWidth
	h.GID, h.Subs = 0, nil // the hyphen's own glyph, not the shaped letter's
	if q.params.Metrics != nil {
		// the face hyphenWidth measured: the letter's, or a fallback
		// where it has no hyphen (Noto Sans Oriya)
		if f, _, ok := q.params.Metrics.Glyph(h.Face, '-'); ok {
			h.Face = f
		}
	}
	h.Missing, h.BreakAfter, h.HyphenAfter, h.Widened = false, false, false, false
	ln.Glyphs = append(ln.Glyphs, h)
	ln.Cell[n], ln.X[n], ln.W[n] = x, x, h.Adv
	ln.Width = x + h.Adv
}

// text is the source text of glyphs [s, e).
func (q *Para) text(s, e int) string {
	size := 0
	for _, g := range q.glyphs[s:e] {
		size += len(g.Text)
	}
	var t strings.Builder
	t.Grow(size)
	for _, g := range q.glyphs[s:e] {
		t.WriteString(g.Text)
	}
	return t.String()
}

// align reorders a line with right-to-left text for display and sets its
// indent: flush right in a right-to-left paragraph, centred when asked.
func (q *Para) align(ln *Line, first bool) {
	if q.anyRTL {
		var base uint8
		if q.rtl {
			base = 1
		}
		reorder(ln, base)
	}
	if q.rtl && !q.params.Center {
		// flush right, the first-line indent at the right
		ln.Indent = q.avail(first) - ln.Width
	}
	if q.params.Center {
		if avail := q.avail(first); ln.Width < avail {
			ln.Indent += (avail - ln.Width) / 2
		}
	}
}

// gapCap is the widest a gap between two glyphs is made while another
// gap of the line can still take the adjustment: just under half an em.
const gapCap = 0.499

// nearlyFull is how far short of the measure, in em, a line widened to
// gapCap may stay and still be widened at every gap: short by more, its
// closed gaps (see slot) are not opened.
const nearlyFull = 0.25

// stretch widens the line [s, e) by r of its stretch: every gap takes its
// share in proportion to its stretch, but none grows past gapCap while
// others have room, so a very loose line widens all its gaps a little
// rather than a few by much. A line its gaps cannot bring to within
// nearlyFull of the measure even at the cap (a few Han characters before
// a long unbreakable code span or URL) is left short, and the gaps that
// have no space in them stay closed: it ends ragged either way, and
// opened to the cap they would only make it read as letter-spaced (issue
// 18 §6). Its word spaces and Han–Latin gaps still widen to the cap.
//
// It appends the gaps that take a share to slots, and returns them for
// the next line to reuse.
func (q *Para) stretch(s, e int, hang bool, r float64, w, gap []float64, slots []slot) []slot {
	n := e - s
	capW := gapCap * q.params.Em
	total := 0.0
	for i := 0; i < n; i++ {
		k := s + i
		if i > 0 && q.space[k].gapStretch > 0 {
			slots = append(slots, slot{&gap[i], q.space[k].gapStretch, capW - gap[i], gap[i] == 0})
			total += q.space[k].gapStretch
		}
		if q.space[k].stretch > 0 && !(hang && i == n-1) {
			slots = append(slots, slot{&w[i], q.space[k].stretch, capW - w[i], false})
			total += q.space[k].stretch
		}
	}
	extra := r * total
	room := 0.0
	for _, sl := range slots {
		room += max(sl.room, 0)
	}
	if extra > room+nearlyFull*q.params.Em {
		for i := range slots {
			if slots[i].closed {
				slots[i].room = 0
			}
		}
	}
	for extra > 1e-9 {
		sum, f := 0.0, 0.0
		for _, sl := range slots {
			if sl.room > 1e-9 {
				sum += sl.st
			}
		}
		if sum == 0 {
			break
		}
		f = extra / sum
		for _, sl := range slots {
			if sl.room > 1e-9 {
				f = min(f, sl.room/sl.st)
			}
		}
		for i := range slots {
			if sl := &slots[i]; sl.room > 1e-9 {
				d := f * sl.st
				*sl.p += d
				sl.room -= d
				extra -= d
			}
		}
	}
	// What is left, under nearlyFull, stays: the line ends a little short.
	return slots
}

// slot is a gap or cell that stretch widens: by its share st of the
// line's stretch, up to room. A closed slot is a gap with no space in it
// at its natural width, between two full-width characters or beside
// inline code: opened, it reads as letter-spacing.
type slot struct {
	p        *float64
	st, room float64
	closed   bool
}

// shrink narrows the line [s, e) by r of its shrink, the mark at its end
// first.
func (q *Para) shrink(s, e int, hang, trim bool, r float64, w, gap, left []float64) {
	n := e - s
	total := 0.0
	sh := func(i int) float64 {
		k := s + i
		switch {
		case i == 0 && trim && q.space[k].startTrim > 0:
			return 0 // already gave its half
		case i == n-1 && hang:
			return 0
		case i == n-1 && q.space[k].endTrim > 0 && n > 1:
			return q.space[k].endTrim
		}
		return q.space[k].shrink
	}
	for i := 0; i < n; i++ {
		total += sh(i)
		if i > 0 {
			total += q.space[s+i].gapShrink
		}
	}
	need := r * total
	if i := n - 1; n > 1 && !hang && q.space[s+i].endTrim > 0 {
		d := min(need, sh(i))
		w[i] -= d
		need -= d
		total -= sh(i)
	}
	if need <= 0 || total <= 0 {
		return
	}
	f := min(1, need/total)
	for i := 0; i < n; i++ {
		k := s + i
		if i == n-1 && n > 1 && !hang && q.space[k].endTrim > 0 {
			continue
		}
		if d := sh(i) * f; d > 0 {
			w[i] -= d
			if q.space[k].shrink > 0 {
				left[i] += d * q.space[k].shrinkLeft / q.space[k].shrink
			}
		}
		if i > 0 {
			gap[i] -= q.space[k].gapShrink * f
		}
	}
}
