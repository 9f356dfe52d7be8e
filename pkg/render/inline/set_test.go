package inline

import (
	"context"
	"strings"
	"testing"
)

var code = &Style{Size: em, Mono: true}

// TestShortLineClosed: in a line its gaps cannot fill even widened to the
// cap (a few Han characters before an inline code span too long to share
// their line, issue 18 §6), left short, two glyphs set together stay
// together rather than half an em apart; a line that can be filled still
// reaches the measure, and no gap grows past half an em.
func TestShortLineClosed(t *testing.T) {
	long := strings.Repeat("Conf", 8) // 16 em, no break inside
	cases := []struct {
		name  string
		spans []Span
		width float64 // em
		short int     // lines left short, the last aside
	}{
		{"Han before long code", []Span{{"在设置中找到", body}, {long, code}, {"类，修改其中的参数即可。", body}}, 20, 1},
		{"code, Han, code", []Span{{"配置项", body}, {long[:24], code}, {"和", body}, {long, code}, {"的含义是什么。", body}}, 20, 1},
		// No closed gap: its space widens to the cap, as before.
		{"a word before long code", []Span{{"see ", body}, {long + "Co", code}, {" below, then wait for it.", body}}, 20, 1},
		// Widened to the cap, two spaces leave the line 0.002 em short:
		// within nearlyFull, it is widened as before.
		{"nearly full", []Span{{"run the ", body}, {long, code}, {" now please, then wait for it.", body}}, 20, 0},
		{"fillable line", []Span{{"在设置中找到", body}, {"Conf", code}, {"类，修改其中的参数即可，然后重新启动服务，再检查日志。", body}}, 20, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gs, err := Shape(context.Background(), c.spans, fakeMetrics{})
			if err != nil {
				t.Fatal(err)
			}
			p := Params{Em: em, Width: c.width * em, Justify: true}
			q, err := Prepare(context.Background(), gs, p)
			if err != nil {
				t.Fatal(err)
			}
			brs, err := q.Breaks(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			short := 0
			for i, b := range brs {
				ln := q.Set(b)
				if g := widestGap(ln); g > 0.5*em+1e-9 {
					t.Errorf("line %d %q: a gap of %.2f em", i, ln.Text, g/em)
				}
				if b.Last || ln.Width+ln.Indent > p.Width-nearlyFull*em {
					// the last line, or one widened at every gap
					continue
				}
				short++
				nb := b
				nb.Ratio = 0
				nat := q.Set(nb)
				for k := 1; k < len(ln.Glyphs); k++ {
					if ln.Glyphs[k-1].Space || ln.Glyphs[k].Space {
						continue
					}
					if g, ng := ln.Cell[k]-ln.Cell[k-1]-ln.W[k-1], nat.Cell[k]-nat.Cell[k-1]-nat.W[k-1]; ng == 0 && g > 1e-9 {
						t.Errorf("line %d %q, left short: %q and %q %.2f em apart, set together",
							i, ln.Text, ln.Glyphs[k-1].R, ln.Glyphs[k].R, g/em)
					}
				}
			}
			if short != c.short {
				t.Errorf("%d lines left short, want %d", short, c.short)
			}
		})
	}
}

// widestGap is the widest space between two drawn glyphs of ln beyond
// their natural spacing: the glue between cells and the growth of word
// spaces.
func widestGap(ln Line) float64 {
	w := 0.0
	for i := 1; i < len(ln.Glyphs); i++ {
		g := ln.Cell[i] - ln.Cell[i-1] - ln.W[i-1]
		if ln.Glyphs[i].Space {
			g += ln.W[i] - ln.Glyphs[i].Adv
		}
		w = max(w, g)
	}
	return w
}
