package inline

import "strings"

// Line is a set line: its glyphs and where each is drawn.
type Line struct {
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
}

// Lines breaks and sets the paragraph.
func (q *Para) Lines() []Line {
	brs := q.Breaks()
	out := make([]Line, 0, len(brs))
	for _, b := range brs {
		out = append(out, q.Set(b))
	}
	return out
}

// Set places the glyphs of one chosen line. The adjustment is spread over
// every gap that may take it, in proportion to what each may give, so a
// line is widened at its Han–Latin gaps, its word spaces and between every
// pair of full-width characters together, never inside a Latin word. When
// a line must stretch past what its gaps allow (a line holding little but
// an unbreakable word), word spaces and the gaps beside full-width
// characters take the rest, and Han–Latin gaps stop at half an em. When it
// must shrink, a closing mark at its end gives up its blank half first
// (clreq), then the rest shrinks together.
func (q *Para) Set(b Break) Line {
	s, e := b.Start, b.End
	n := e - s
	ln := Line{}
	if b.First {
		ln.Indent = q.P.Indent
	}
	if n <= 0 {
		return ln
	}
	cnt := n
	if b.Hyphen {
		cnt++
	}
	buf := make([]float64, 5*cnt)
	ln.X, ln.Cell, ln.W = buf[:cnt:cnt], buf[cnt:2*cnt:2*cnt], buf[2*cnt:3*cnt:3*cnt]
	gap, left := buf[3*cnt:4*cnt:4*cnt], buf[4*cnt:]
	ln.Glyphs = make([]Glyph, n, cnt)
	copy(ln.Glyphs, q.G[s:e])
	trim := q.trimsStart(b.First)
	last := e - 1
	hang := !b.Hyphen && q.Hang[last] && last > s
	for i := 0; i < n; i++ {
		k := s + i
		ln.W[i] = q.Cell[k]
		if i > 0 {
			gap[i] = q.Gap[k]
		}
	}
	if trim && q.StartTrim[s] > 0 {
		ln.W[0] -= q.StartTrim[s]
		left[0] += q.StartTrim[s]
	}
	r := b.Ratio
	if !q.P.Justify || q.P.Center || b.Last {
		r = min(r, 0)
	}
	switch {
	case r > 0:
		q.stretch(s, e, hang, r, ln.W, gap)
	case r < 0:
		q.shrink(s, e, hang, trim, -r, ln.W, gap, left)
	}
	x := 0.0
	for i := 0; i < n; i++ {
		x += gap[i]
		ln.Cell[i] = x
		ln.X[i] = x + q.Off[s+i] - left[i]
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
	if b.Hyphen {
		h := q.G[last]
		h.R, h.Text, h.Class, h.Adv = '-', "", 0, q.HyphW[b.Next]
		h.GID, h.Subs = 0, nil // the hyphen's own glyph, not the shaped letter's
		h.Missing, h.BreakAfter, h.HyphenAfter = false, false, false
		ln.Glyphs = append(ln.Glyphs, h)
		ln.Cell[n], ln.X[n], ln.W[n] = x, x, h.Adv
		ln.Width = x + h.Adv
	}
	var t strings.Builder
	for _, g := range q.G[s:e] {
		t.WriteString(g.Text)
	}
	ln.Text = t.String()
	rtl := q.rtl
	if q.bidi {
		var base uint8
		if rtl {
			base = 1
		}
		reorder(&ln, base)
	}
	if rtl && !q.P.Center {
		// flush right, the first-line indent at the right
		ln.Indent = q.avail(b.First) - ln.Width
	}
	if q.P.Center {
		if avail := q.avail(b.First); ln.Width < avail {
			ln.Indent += (avail - ln.Width) / 2
		}
	}
	return ln
}

// gapCap is the widest a gap between two glyphs is made while another
// gap of the line can still take the adjustment: just under half an em.
const gapCap = 0.499

// stretch widens the line [s, e) by r of its stretch: every gap takes its
// share in proportion to its stretch, but none grows past gapCap while
// others have room, so a very loose line widens all its gaps a little
// rather than a few by much. When every gap is at the cap the line is left
// short: a line of little but a URL ends ragged instead of with holes.
func (q *Para) stretch(s, e int, hang bool, r float64, w, gap []float64) {
	n := e - s
	capW := gapCap * q.P.Em
	type slot struct {
		p        *float64
		st, room float64
	}
	var slots []slot
	total := 0.0
	for i := 0; i < n; i++ {
		k := s + i
		if i > 0 && q.GapSt[k] > 0 {
			slots = append(slots, slot{&gap[i], q.GapSt[k], capW - gap[i]})
			total += q.GapSt[k]
		}
		if q.St[k] > 0 && !(hang && i == n-1) {
			slots = append(slots, slot{&w[i], q.St[k], capW - w[i]})
			total += q.St[k]
		}
	}
	extra := r * total
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
	// What is left stays: the line ends short of the measure rather
	// than open a hole (Breaks avoids such lines when it can).
}

// shrink narrows the line [s, e) by r of its shrink, the mark at its end
// first.
func (q *Para) shrink(s, e int, hang, trim bool, r float64, w, gap, left []float64) {
	n := e - s
	total := 0.0
	sh := func(i int) float64 {
		k := s + i
		switch {
		case i == 0 && trim && q.StartTrim[k] > 0:
			return 0 // already gave its half
		case i == n-1 && hang:
			return 0
		case i == n-1 && q.EndTrim[k] > 0 && n > 1:
			return q.EndTrim[k]
		}
		return q.Sh[k]
	}
	for i := 0; i < n; i++ {
		total += sh(i)
		if i > 0 {
			total += q.GapSh[s+i]
		}
	}
	need := r * total
	if i := n - 1; n > 1 && !hang && q.EndTrim[s+i] > 0 {
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
		if i == n-1 && n > 1 && !hang && q.EndTrim[k] > 0 {
			continue
		}
		if d := sh(i) * f; d > 0 {
			w[i] -= d
			if q.Sh[k] > 0 {
				left[i] += d * q.ShL[k] / q.Sh[k]
			}
		}
		if i > 0 {
			gap[i] -= q.GapSh[k] * f
		}
	}
}
