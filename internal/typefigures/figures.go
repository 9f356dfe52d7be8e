package typefigures

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
)

// Thresholds, in em of the larger of the two glyphs beside a gap.
const (
	holeEm        = 0.5   // a gap wider than this is a hole
	letterSpaceEm = 0.05  // letters of one Latin word further apart are spaced out
	looseEm       = 0.125 // a line whose adjustable gaps grew by more on average is loose
	naturalEm     = 0.01  // a space within this of its natural width is not adjusted
	hanLatinEm    = 0.25  // the natural gap between a Han character and a Latin letter or digit
	splitEm       = 4     // a gap wider than this separates two lines (columns, a header and its page number)
)

type class int

const (
	other    class = iota
	blank          // a space glyph
	han            // ideographs, kana, Hangul
	cjkPunct       // CJK and full-width punctuation
	latin          // letters of alphabetic scripts and digits
)

func classOf(r rune) class {
	switch {
	case unicode.IsSpace(r) || r == 0x3000:
		return blank
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
		return han
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r == 0x2014, r == 0x2026, r == 0x00B7, r >= 0x2018 && r <= 0x201D:
		return cjkPunct
	case r < 0x2000 && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)), r >= '0' && r <= '9':
		// Latin, Greek, Cyrillic, ... (the alphabets below U+2000).
		return latin
	}
	return other
}

func isPUA(r rune) bool {
	return (r >= 0xE000 && r <= 0xF8FF) || (r >= 0xF0000 && r <= 0xFFFFD) || (r >= 0x100000 && r <= 0x10FFFD)
}

// A cell is a drawn glyph with the character it stands for: its own text,
// or, under /ActualText, the grapheme cluster of the span it draws.
type cell struct {
	glyph
	r          rune  // first rune of the character
	cls        class // class of r
	textSpace  bool  // the text has a space between this cell and the one before
	fromActual bool
}

// A line is the glyphs drawn in content order on one baseline of one page,
// not separated by a painted path or a gap of more than splitEm.
type line struct {
	cells []cell
	gaps  []gap
}

type gap struct {
	a, b    int     // indices of the ink cells beside it
	width   float64 // em
	dev     float64 // width minus natural width, em
	natural bool    // the gap holds spaces (drawn or in the text) set at their natural width
	kind    gapKind
}

type gapKind int

const (
	intraWord gapKind = iota // two letters or digits of one Latin word
	wordSpace                // a space in the text or drawn
	hanLatin                 // a Han character beside a Latin letter or digit
	cjkGap                   // beside a CJK character or punctuation
	otherGap
)

func (k gapKind) adjustable() bool { return k != intraWord }

// cells gives each glyph its character, aligning the glyphs under an
// ActualText span with that span's grapheme clusters: the glyphs of a span
// may be private-use code points, draw a cluster as one glyph, or leave its
// spaces undrawn.
func cells(glyphs []glyph, spans []span) []cell {
	type cursor struct {
		clusters []string
		i        int
	}
	cursors := map[int]*cursor{}
	out := make([]cell, len(glyphs))
	for gi, g := range glyphs {
		c := cell{glyph: g}
		own := []rune(g.text)
		if len(own) > 0 {
			c.r = own[0]
		}
		if g.span >= 0 {
			cur := cursors[g.span]
			if cur == nil {
				cur = &cursor{}
				for s, st := spans[g.span].text, -1; len(s) > 0; {
					var cl string
					cl, s, _, st = uniseg.FirstGraphemeClusterInString(s, st)
					cur.clusters = append(cur.clusters, cl)
				}
				cursors[g.span] = cur
			}
			isBlank := len(own) > 0 && classOf(own[0]) == blank
			if !isBlank {
				// Undrawn spaces of the text lie before this glyph.
				j := cur.i
				for j < len(cur.clusters) && classOf([]rune(cur.clusters[j])[0]) == blank {
					j++
				}
				switch {
				case j >= len(cur.clusters):
				case len(own) == 0 || isPUA(own[0]) || []rune(cur.clusters[j])[0] == own[0]:
					c.textSpace = j > cur.i
					c.r = []rune(cur.clusters[j])[0]
					c.fromActual = true
					cur.i = j + 1
				default:
					// A glyph the text does not have (our own hyphen), or a
					// substitute: look a little ahead before giving up.
					for k := j + 1; k < len(cur.clusters) && k <= j+3; k++ {
						if []rune(cur.clusters[k])[0] == own[0] {
							c.r, c.fromActual, cur.i = own[0], true, k+1
							break
						}
					}
				}
			} else if cur.i < len(cur.clusters) && classOf([]rune(cur.clusters[cur.i])[0]) == blank {
				cur.i++
			}
		}
		c.cls = classOf(c.r)
		out[gi] = c
	}
	return out
}

// lines groups cells into lines.
func lines(cs []cell) []line {
	var out []line
	var cur []cell
	flush := func() {
		if len(cur) > 0 {
			out = append(out, line{cells: cur})
		}
		cur = nil
	}
	for _, c := range cs {
		if n := len(cur); n > 0 {
			p := cur[n-1]
			em := math.Max(p.em, c.em)
			if c.page != p.page || c.barrier != p.barrier || math.Abs(c.y-p.y) > 0.1*em ||
				c.x0 < p.x1-0.5*em || c.x0-p.x1 > splitEm*em {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	for i := range out {
		out[i].gaps = measure(out[i].cells)
	}
	return out
}

// measure finds the gaps between the ink glyphs of a line.
func measure(cs []cell) []gap {
	var gaps []gap
	prev := -1
	blanks := 0.0 // natural advance of the blank glyphs since prev
	nblank := 0
	for i, c := range cs {
		if c.cls == blank {
			blanks += c.x1 - c.x0
			nblank++
			continue
		}
		if prev >= 0 {
			a := cs[prev]
			em := math.Max(a.em, c.em)
			g := gap{a: prev, b: i, width: (c.x0 - a.x1) / em}
			var natural float64
			switch {
			case nblank > 0:
				natural, g.kind = blanks/em, wordSpace
			case c.textSpace:
				natural, g.kind = 0.25, wordSpace
				if c.space > 0 {
					natural = c.space / em
				}
			case (a.cls == han && c.cls == latin) || (a.cls == latin && c.cls == han):
				natural, g.kind = hanLatinEm, hanLatin
			case a.cls == latin && c.cls == latin:
				g.kind = intraWord
			case a.cls == han || c.cls == han || a.cls == cjkPunct || c.cls == cjkPunct:
				g.kind = cjkGap
			default:
				g.kind = otherGap
			}
			// The gap runs from one ink glyph's advance to the next ink
			// glyph, so the blank glyphs drawn between are part of it.
			g.dev = g.width - natural
			g.natural = g.kind == wordSpace && math.Abs(g.dev) <= naturalEm
			gaps = append(gaps, g)
		}
		prev, blanks, nblank = i, 0, 0
	}
	return gaps
}

// lineFigures are one line's measures.
type lineFigures struct {
	holes        int
	widest       float64 // em, natural spaces aside
	widestGap    gap
	letterSpaced bool
	adjust       float64 // mean deviation over adjustable gaps, em
	uneven       float64 // max minus min deviation over adjustable gaps, em
	adjustable   int
}

func (l line) figures() lineFigures {
	var f lineFigures
	lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
	for _, g := range l.gaps {
		if !g.natural {
			if g.width > f.widest {
				f.widest, f.widestGap = g.width, g
			}
			if g.width > holeEm {
				f.holes++
			}
		}
		if g.kind == intraWord && g.width > letterSpaceEm {
			f.letterSpaced = true
		}
		if g.kind.adjustable() {
			f.adjustable++
			sum += g.dev
			lo, hi = math.Min(lo, g.dev), math.Max(hi, g.dev)
		}
	}
	if f.adjustable > 0 {
		f.adjust = sum / float64(f.adjustable)
		f.uneven = hi - lo
	}
	return f
}

// text is the line as drawn, for reports.
func (l line) text() string {
	var b strings.Builder
	for _, c := range l.cells {
		if c.textSpace {
			b.WriteByte(' ')
		}
		if c.fromActual || c.text == "" {
			b.WriteRune(c.r)
		} else {
			b.WriteString(c.text)
		}
	}
	return b.String()
}

// Layout holds the figures measured on glyph positions.
type Layout struct {
	Lines        int
	Holes        int     // gaps wider than holeEm
	Widest       float64 // em
	Loose        int     // lines whose adjustable gaps grew by more than looseEm on average
	LetterSpaced int     // lines with two letters of one word more than letterSpaceEm apart
	// Per-line adjustment (mean deviation of adjustable gaps, em) and
	// unevenness (max minus min deviation in a line, em), over lines
	// with an adjustable gap.
	AdjustMin, AdjustMedian, AdjustMax float64
	UnevenMedian, UnevenP95, UnevenMax float64
	Defects                            []string // one line per hole, loose or letter-spaced line
}

func measureLayout(ls []line) Layout {
	var lay Layout
	var adjust, uneven []float64
	for _, l := range ls {
		if len(l.gaps) == 0 && len(l.cells) == 0 {
			continue
		}
		lay.Lines++
		f := l.figures()
		lay.Holes += f.holes
		lay.Widest = math.Max(lay.Widest, f.widest)
		if f.adjustable > 0 {
			adjust = append(adjust, f.adjust)
			uneven = append(uneven, f.uneven)
		}
		loose := f.adjustable > 0 && f.adjust > looseEm
		if loose {
			lay.Loose++
		}
		if f.letterSpaced {
			lay.LetterSpaced++
		}
		if f.holes > 0 || loose || f.letterSpaced {
			var what []string
			if f.holes > 0 {
				g := f.widestGap
				what = append(what, fmt.Sprintf("%d hole(s), widest %.2f em between %q and %q", f.holes, g.width,
					string(l.cells[g.a].r), string(l.cells[g.b].r)))
			}
			if loose {
				what = append(what, fmt.Sprintf("loose (+%.2f em per gap)", f.adjust))
			}
			if f.letterSpaced {
				what = append(what, "letter-spaced")
			}
			lay.Defects = append(lay.Defects, fmt.Sprintf("p%d y=%.1f: %s: %s", l.cells[0].page, l.cells[0].y,
				strings.Join(what, "; "), truncate(l.text(), 60)))
		}
	}
	lay.AdjustMin, lay.AdjustMedian, lay.AdjustMax = quantile(adjust, 0), quantile(adjust, 0.5), quantile(adjust, 1)
	lay.UnevenMedian, lay.UnevenP95, lay.UnevenMax = quantile(uneven, 0.5), quantile(uneven, 0.95), quantile(uneven, 1)
	return lay
}

func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[int(math.Round(q*float64(len(s)-1)))]
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
