// Package title sets titles: the cover's and the title page's, and a
// chapter's at its head. A title is read at a glance, so its lines break
// between words, never inside one (全国网信办主任会议 / 在京召开, not
// 全国网信办主任会 / 议在京召开), and are balanced: as few lines as the
// measure allows, of lengths as near equal as the words allow, not a full
// line and a stub.
package title

import (
	"context"
	"math"

	"github.com/bookify/article2book/internal/words"
	"github.com/bookify/article2book/pkg/render/inline"
)

// Lines breaks and sets the glyphs of a title, in language lang, as p
// asks (p.Width the measure). Where a word is wider than the measure, it
// breaks as body text does. It stops with ctx's error when ctx ends.
func Lines(ctx context.Context, gs []inline.Glyph, p inline.Params, lang string) ([]inline.Line, error) {
	q, err := inline.Prepare(ctx, gs, p)
	if err != nil {
		return nil, err
	}
	n := len(gs)
	if n == 0 {
		return nil, nil
	}
	var text []rune
	at := make([]int, n+1) // index in text of each glyph's first character
	for i, g := range gs {
		if g.Hard {
			return q.Lines(ctx) // a title is one paragraph of one line's text
		}
		at[i] = len(text)
		text = append(text, []rune(g.Text)...)
	}
	at[n] = len(text)
	wb, err := words.Breaks(lang, text)
	if err != nil {
		return q.Lines(ctx)
	}
	// breaks between words, and all the text allows
	var between, anywhere []cand
	for i := 1; i < n; i++ {
		if !q.CanBreak(i) {
			continue
		}
		c := cand{at: i}
		switch wb[at[i]] {
		case words.None:
			c.cost = inWordCost
		case words.Weak:
			c.cost = weakCost
		}
		anywhere = append(anywhere, c)
		if c.cost < inWordCost {
			between = append(between, c)
		}
	}
	for _, cands := range [][]cand{between, anywhere} {
		if brs := balance(q, p, cands); brs != nil {
			out := make([]inline.Line, len(brs))
			for i, b := range brs {
				out[i] = q.Set(b)
			}
			return out, nil
		}
	}
	return q.Lines(ctx)
}

// A cand is a break before glyph at, and what it costs against the
// balance.
type cand struct {
	at   int
	cost float64
}

// weakCost is what a weak break costs against the balance, in the units
// of (width in ems)²: two lines of a and b ems cost a²+b², so moving one
// character from the longer of two near-equal lines to the other gains
// about 2. A weak break is taken only when it balances better than that.
const weakCost = 2.5

// inWordCost is the cost of a break inside a word, when a word is wider
// than the measure: as few as the fewest lines allow.
const inWordCost = 100

// balance chooses lines among breaks before the glyphs cands: the fewest
// lines that fit the measure, and of those the breaks whose line widths
// have the least sum of squares (the most even), plus the cost of each
// break. It returns nil when some piece between two breaks is
// wider than the measure.
func balance(q *inline.Para, p inline.Params, cands []cand) []inline.Break {
	gs := q.Glyphs()
	n := len(gs)
	pos := make([]int, 0, len(cands)+2)
	pen := make([]float64, 0, len(cands)+2)
	pos, pen = append(pos, 0), append(pen, 0)
	for _, c := range cands {
		pos = append(pos, c.at)
		pen = append(pen, c.cost)
	}
	pos, pen = append(pos, n), append(pen, 0)
	m := len(pos)
	line := func(a, b int) inline.Break {
		s, e := pos[a], pos[b]
		for s < e && gs[s].Space {
			s++
		}
		for e > s && gs[e-1].Space {
			e--
		}
		return inline.Break{Start: s, End: e, Next: pos[b], First: a == 0, Last: true}
	}
	// lines[b] and cost[b]: the fewest lines, and their least cost, that
	// set the glyphs before pos[b]; from[b] the break before.
	lines := make([]int, m)
	cost := make([]float64, m)
	from := make([]int, m)
	for b := 1; b < m; b++ {
		lines[b], cost[b] = math.MaxInt, math.Inf(1)
		for a := b - 1; a >= 0; a-- {
			if lines[a] == math.MaxInt {
				continue
			}
			w := q.Set(line(a, b)).Width
			if w > p.Width-first(p, a)+1e-6 {
				if w > p.Width+p.Em {
					break // lines from earlier breaks are wider still
				}
				continue // one from an earlier break may trim to fit
			}
			k, c := lines[a]+1, cost[a]+(w/p.Em)*(w/p.Em)+pen[b]
			if k < lines[b] || k == lines[b] && c < cost[b] {
				lines[b], cost[b], from[b] = k, c, a
			}
		}
	}
	if lines[m-1] == math.MaxInt {
		return nil
	}
	out := make([]inline.Break, lines[m-1])
	for b, i := m-1, len(out)-1; b > 0; b, i = from[b], i-1 {
		out[i] = line(from[b], b)
	}
	return out
}

// first is the first-line indent when a line starts at break a.
func first(p inline.Params, a int) float64 {
	if a == 0 {
		return p.Indent
	}
	return 0
}
