package inline

import (
	"context"
	"slices"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	xbidi "golang.org/x/text/unicode/bidi"
)

// maxShapeRun is the most characters shaped at once. A longer run (a word
// of a million letters) is shaped in pieces, cut after a space where one
// is near, so that the context is looked at between them.
const maxShapeRun = 4096

// shapeRuns gives each character its bidi level and replaces the glyphs
// of every run in a shaped face by its shaped clusters: one Glyph per
// cluster (a ligature, a conjunct, a base with its marks), in logical
// order, carrying the glyphs HarfBuzz drew it with.
func shapeRuns(ctx context.Context, gs []Glyph, sh Shaper) ([]Glyph, error) {
	// Chinese and Japanese paragraphs, in faces not shaped and without
	// right-to-left text, pass through untouched.
	if !rtlBase(gs) && !slices.ContainsFunc(gs, func(g Glyph) bool { return isRTL(g.R) || sh.Shaped(g.Face) }) {
		return gs, nil
	}
	text, at := paraText(gs)
	levels(gs, text, at)
	adoptCommon(gs, sh)
	out := make([]Glyph, 0, len(gs))
	for i := 0; i < len(gs); {
		g := gs[i]
		if g.Hard || g.Missing || !sh.Shaped(g.Face) {
			out = append(out, g)
			i++
			continue
		}
		j := i + 1
		for j < len(gs) && !gs[j].Hard && !gs[j].Missing && gs[j].Face == g.Face && gs[j].Style == g.Style && gs[j].Level == g.Level {
			j++
		}
		for k := i; k < j; {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			m := pieceEnd(gs, k, j)
			out = append(out, clusters(gs[k:m], text, at[k:m+1], sh)...)
			k = m
		}
		i = j
	}
	return out, nil
}

// pieceEnd returns the end of the piece of the run gs[k:j] to shape at
// once: the run's end, or where maxShapeRun characters end, moved back to
// just after a space in the last half, else to before a letter that is
// not a mark.
func pieceEnd(gs []Glyph, k, j int) int {
	if j-k <= maxShapeRun {
		return j
	}
	m := k + maxShapeRun
	for x := m; x > k+maxShapeRun/2; x-- {
		if gs[x-1].R == ' ' {
			return x
		}
	}
	for m > k+1 && unicode.Is(unicode.M, gs[m].R) {
		m--
	}
	return m
}

// paraText returns the source text of the glyphs and where each glyph's
// text starts in it (one more entry: the end).
func paraText(gs []Glyph) ([]rune, []int) {
	var text []rune
	at := make([]int, len(gs)+1)
	for i, g := range gs {
		at[i] = len(text)
		text = append(text, []rune(g.Text)...)
	}
	at[len(gs)] = len(text)
	return text, at
}

// levels sets each glyph's bidi level: UAX #9 over the paragraph, its
// direction right to left when its style says so (rtlBase), else from its
// first strong character. Text without a right-to-left character in a
// left-to-right paragraph is all level 0 and skips the algorithm.
func levels(gs []Glyph, text []rune, at []int) {
	dir := bidi.Neutral
	if rtlBase(gs) {
		dir = bidi.RightToLeft
	} else if !slices.ContainsFunc(text, isRTL) {
		return
	}
	if isolates(gs) {
		if dir == bidi.Neutral {
			dir = firstStrong(text) // P2 would skip the isolated runs
		}
		text, at = isolated(gs, text, at)
	}
	var p bidi.Paragraph
	runs := p.Segment(text, dir)
	lv := make([]uint8, len(text))
	for k := 0; k < runs.NumRuns(); k++ {
		r := runs.Run(k)
		for i := r.Start; i < r.End && i < len(lv); i++ {
			lv[i] = uint8(r.Level)
		}
	}
	for i := range gs {
		if at[i] < len(lv) {
			gs[i].Level = lv[at[i]]
		}
	}
}

// isolates reports whether a glyph of gs is in a right-to-left run
// (Style.RTLRun).
func isolates(gs []Glyph) bool {
	return slices.ContainsFunc(gs, func(g Glyph) bool { return g.Style != nil && g.Style.RTLRun })
}

// isolated returns text with each stretch of glyphs in a right-to-left
// run between RLI and PDI, as a browser isolates an inline element with
// dir="rtl", and where each glyph's text starts in it.
func isolated(gs []Glyph, text []rune, at []int) ([]rune, []int) {
	out := make([]rune, 0, len(text)+8)
	pos := make([]int, len(gs)+1)
	in := false
	for i, g := range gs {
		if iso := g.Style != nil && g.Style.RTLRun; iso != in {
			mark := rune(pdi)
			if iso {
				mark = rli
			}
			out = append(out, mark)
			in = iso
		}
		pos[i] = len(out)
		out = append(out, text[at[i]:at[i+1]]...)
	}
	if in {
		out = append(out, pdi)
	}
	pos[len(gs)] = len(out)
	return out, pos
}

const rli, pdi = '\u2067', '\u2069'

// firstStrong is the direction of text's first strong character (UAX #9
// P2), left to right when it has none.
func firstStrong(text []rune) bidi.Direction {
	for _, r := range text {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.L:
			return bidi.LeftToRight
		case xbidi.R, xbidi.AL:
			return bidi.RightToLeft
		}
	}
	return bidi.LeftToRight
}

// rtlBase reports whether the paragraph of gs runs right to left by its
// style.
func rtlBase(gs []Glyph) bool { return len(gs) > 0 && gs[0].Style != nil && gs[0].Style.RTL }

// isRTL reports whether r is in a right-to-left script block (Hebrew,
// Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, their presentation
// forms, and the historic RTL scripts of the SMP).
func isRTL(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF ||
		r >= 0x10800 && r <= 0x10FFF || r >= 0x1E800 && r <= 0x1EFFF || r == 0x200F || r == 0x202B || r == 0x202E || r == 0x2067
}

// adoptCommon draws a space, digit or punctuation mark between two glyphs
// of one shaped face in that face when it has one, so that a run of Arabic
// is shaped and spaced as one run rather than cut at every word space.
func adoptCommon(gs []Glyph, sh Shaper) {
	for i := 1; i < len(gs); i++ {
		g, prev := &gs[i], gs[i-1]
		if g.Face == prev.Face || g.Hard || prev.Hard || !sh.Shaped(prev.Face) || g.Style != prev.Style || unicode.IsLetter(g.R) || unicode.IsMark(g.R) {
			continue
		}
		if i+1 < len(gs) && gs[i+1].Face != prev.Face && !gs[i+1].Hard {
			continue
		}
		if adv, ok := sh.Has(prev.Face, g.R); ok {
			g.Face, g.Adv, g.Missing = prev.Face, adv*g.Style.Size, false
		}
	}
}

// clusters shapes one run of glyphs (same face, style and level).
func clusters(run []Glyph, text []rune, at []int, sh Shaper) []Glyph {
	first := run[0]
	start, end := at[0], at[len(run)]
	sg := sh.ShapeRun(first.Face, text, start, end, first.Level%2 == 1, first.Style.Lang)
	if len(sg) == 0 {
		return run
	}
	// owner[k] is the glyph of run whose text holds character start+k.
	owner := make([]int, end-start)
	for i := range run {
		for k := at[i]; k < at[i+1]; k++ {
			owner[k-start] = i
		}
	}
	// HarfBuzz gives clusters in visual order: group the glyphs of each
	// cluster, then put the groups in logical order.
	type group struct{ from, to, cl int }
	var grs []group
	for k := 0; k < len(sg); {
		m := k + 1
		for m < len(sg) && sg[m].Cluster == sg[k].Cluster {
			m++
		}
		grs = append(grs, group{k, m, sg[k].Cluster})
		k = m
	}
	slices.SortStableFunc(grs, func(a, b group) int { return a.cl - b.cl })
	size := first.Style.Size
	out := make([]Glyph, 0, len(grs))
	for gi := 0; gi < len(grs); {
		o := owner[clamp(grs[gi].cl-start, len(owner))]
		// clusters that start inside one source glyph (an attached
		// joiner) become one glyph with it
		gj := gi + 1
		for gj < len(grs) && owner[clamp(grs[gj].cl-start, len(owner))] == o {
			gj++
		}
		lastOwner := len(run)
		if gj < len(grs) {
			lastOwner = owner[clamp(grs[gj].cl-start, len(owner))]
		}
		g := run[o]
		for _, h := range run[o+1 : max(lastOwner, o+1)] {
			g.Text += h.Text
		}
		var subs []Sub
		for _, gr := range grs[gi:gj] {
			for _, s := range sg[gr.from:gr.to] {
				subs = append(subs, Sub{GID: s.GID, X: s.DX * size, Y: s.DY * size, Adv: s.Adv * size})
			}
		}
		// sub positions: along the cluster, each after the advances of
		// those before it
		x := 0.0
		for k := range subs {
			subs[k].X += x
			x += subs[k].Adv
		}
		g.Adv = x
		g.GID, g.Subs = subs[0].GID, subs
		if len(subs) == 1 && subs[0].X == 0 && subs[0].Y == 0 {
			// a glyph at its own advance goes out in runs the viewer
			// advances by the PDF's widths: measure it by them
			if w, ok := sh.Nominal(g.Face, subs[0].GID, subs[0].Adv/size); ok {
				g.Adv, g.Subs = w*size, nil
			}
		}
		g.Missing = slices.ContainsFunc(subs, func(s Sub) bool { return s.GID == 0 })
		out = append(out, g)
		gi = gj
	}
	return out
}

func clamp(i, n int) int { return min(max(i, 0), n-1) }

// RTL reports whether the paragraph runs right to left: its base level,
// the lowest of its glyphs', is odd.
func (q *Para) RTL() bool { return q.rtl }

// bidi reports whether any glyph is right to left, and whether the
// paragraph is.
func bidiOf(gs []Glyph) (any, rtl bool) {
	if len(gs) == 0 {
		return false, false
	}
	lo := uint8(255)
	for _, g := range gs {
		any = any || g.Level > 0
		lo = min(lo, g.Level)
	}
	return any, lo%2 == 1 || rtlBase(gs)
}

// reorder moves the glyphs of a set line to their display order (UAX #9,
// L1 and L2): each keeps its cell's width and the space after it, and the
// line's glyphs stay in logical order in Glyphs, as the text layer wants
// them.
func reorder(ln *Line, base uint8) {
	n := len(ln.Glyphs)
	lv := make([]uint8, n)
	hi, odd := uint8(0), false
	for i, g := range ln.Glyphs {
		lv[i] = g.Level
		hi, odd = max(hi, g.Level), odd || g.Level%2 == 1
	}
	for i := n - 1; i >= 0 && (ln.Glyphs[i].Space || ln.Glyphs[i].Hard); i-- {
		lv[i] = base // L1: trailing white space at the paragraph level
	}
	if !odd && base == 0 {
		return
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	lowOdd := base | 1
	for l := hi; l >= lowOdd && l > 0; l-- {
		for i := 0; i < n; {
			if lv[order[i]] < l {
				i++
				continue
			}
			j := i
			for j < n && lv[order[j]] >= l {
				j++
			}
			slices.Reverse(order[i:j])
			i = j
		}
	}
	cell, x := slices.Clone(ln.Cell), slices.Clone(ln.X)
	after := make([]float64, n)
	for i := 0; i+1 < n; i++ {
		after[i] = cell[i+1] - cell[i] - ln.W[i]
	}
	pos := cell[0]
	for _, i := range order {
		ln.Cell[i] = pos
		ln.X[i] = pos + x[i] - cell[i]
		pos += ln.W[i] + after[i]
	}
}
