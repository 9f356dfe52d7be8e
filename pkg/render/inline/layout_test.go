package inline

import (
	"context"
	"errors"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// In these tests every width is exact: fakeMetrics draws a Han character
// one em (10 pt), a Latin letter half an em, a space 0.3 em; a word space
// may grow by 1.5 pt (to spaceMax, 4.5 pt) and shrink by 1 pt.

// TestBreaksExact states the lines chosen, where they start and end, and
// how much each is stretched or shrunk.
func TestBreaksExact(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64 // pt
		p     Params
		want  []Break
	}{
		{"han fills lines", "一二三四五六七八九十一二三四五", 100, Params{Justify: true}, []Break{
			{Start: 0, End: 10, Next: 10, First: true},
			{Start: 10, End: 15, Next: 15, Last: true},
		}},
		// 43 pt of "aaaa bbbb" in 44: 1 pt of the space's 1.5 pt stretch.
		{"word space stretched", "aaaa bbbb cccc", 44, Params{Justify: true}, []Break{
			{Start: 0, End: 9, Next: 10, Ratio: 1.0 / 1.5, First: true},
			{Start: 10, End: 14, Next: 14, Last: true},
		}},
		// 43 pt in 42.5: half of the space's 1 pt shrink.
		{"word space shrunk", "aaaa bbbb cccc", 42.5, Params{Justify: true}, []Break{
			{Start: 0, End: 9, Next: 10, Ratio: -0.5, First: true},
			{Start: 10, End: 14, Next: 14, Last: true},
		}},
		// The 2 em indent: 8 Han on the first line.
		{"indent", "一二三四五六七八九十一二", 100, Params{Justify: true, Indent: 20}, []Break{
			{Start: 0, End: 8, Next: 8, First: true},
			{Start: 8, End: 12, Next: 12, Last: true},
		}},
		// A hard break ends a line; the empty line between two is kept.
		{"hard breaks", "一\n\n二", 100, Params{Justify: true}, []Break{
			{Start: 0, End: 1, Next: 2, First: true, Last: true},
			{Start: 2, End: 1, Next: 3, Last: true}, // nothing drawn: End before Start
			{Start: 3, End: 4, Next: 4, Last: true},
		}},
		// A word wider than the measure breaks where it must: 12 letters
		// in 30 pt, six a line.
		{"emergency", "abcdefghijkl", 30, Params{Justify: true}, []Break{
			{Start: 0, End: 6, Next: 6, First: true},
			{Start: 6, End: 12, Next: 12, Last: true},
		}},
		// The hyphenation point after "bbbb" (4 of 8 letters): 20 + 3 +
		// 20 pt and a hyphen of a third of an em, in 46.5 pt.
		{"hyphen", "aaaa bbbbbbbb", 46.5, Params{Justify: true, Hyphenate: func(string) []int { return []int{4} }}, []Break{
			{Start: 0, End: 9, Next: 9, Hyphen: true, Ratio: (46.5 - 43 - 10.0/3) / 1.5, First: true},
			{Start: 9, End: 13, Next: 13, Last: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Width = tt.width
			got, err := prep(t, tt.text, tt.p).Breaks(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if math.Abs(g.Ratio-w.Ratio) > 1e-9 {
					t.Errorf("line %d: ratio %v, want %v", i, g.Ratio, w.Ratio)
				}
				g.Ratio = w.Ratio
				if g != w {
					t.Errorf("line %d: %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// TestSetExact states where every cell of a set line goes.
func TestSetExact(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		measure float64
		p       Params
		line    int
		cells   []float64 // left edge of each cell, pt
		width   float64   // of the line
	}{
		// The space takes the line's 1 pt of slack: 3 pt becomes 4.
		{"stretched space", "aaaa bbbb cccc", 44, Params{Justify: true}, 0,
			[]float64{0, 5, 10, 15, 20, 24, 29, 34, 39}, 44},
		// A last line is not stretched.
		{"last line", "aaaa bbbb cccc", 44, Params{Justify: true}, 1,
			[]float64{0, 5, 10, 15}, 20},
		// The quarter em between Han and Latin: 2.5 pt.
		{"han latin gap", "中ab文", 100, Params{}, 0,
			[]float64{0, 12.5, 17.5, 25}, 35},
		// 。 before 」 loses its blank half: 」 starts at 1.5 em.
		{"compressed marks", "一。」二", 100, Params{}, 0,
			[]float64{0, 10, 15, 25}, 35},
		// Centred: half the 65 pt left over is the indent (checked below);
		// the cells are as set.
		{"centred", "一二三", 95, Params{Center: true}, 0,
			[]float64{0, 10, 20}, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Width = tt.measure
			ln := prep(t, tt.text, tt.p).lines(t)[tt.line]
			if len(ln.Cell) != len(tt.cells) {
				t.Fatalf("%d cells %v, want %v", len(ln.Cell), ln.Cell, tt.cells)
			}
			for i, c := range tt.cells {
				if math.Abs(ln.Cell[i]-c) > 1e-9 {
					t.Errorf("cell %d at %v, want %v (all %v)", i, ln.Cell[i], c, ln.Cell)
				}
			}
			if math.Abs(ln.Width-tt.width) > 1e-9 {
				t.Errorf("width %v, want %v", ln.Width, tt.width)
			}
			if tt.p.Center && math.Abs(ln.Indent-32.5) > 1e-9 {
				t.Errorf("centred line indented %v, want 32.5", ln.Indent)
			}
		})
	}
}

// clone is a deep copy of the slices of q that its queries could change.
func clone(q *Para) Para {
	c := *q
	c.glyphs = slices.Clone(q.glyphs)
	c.space = slices.Clone(q.space)
	c.breaks = slices.Clone(q.breaks)
	return c
}

// TestPure: Prepare leaves its glyphs as they were, and no query changes
// the Para it asks: not breaking a word too wide for the measure
// (emergency breaks), not setting a widened quote, not another measure.
func TestPure(t *testing.T) {
	for _, text := range append(invariantTexts, "abcdefghijklmnopqrstuvwxyz一二", "他说“你好”啊") {
		gs := shape(t, text)
		before := slices.Clone(gs)
		q, err := Prepare(context.Background(), gs, Params{Width: 6 * em, Em: em, Justify: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gs, before) {
			t.Errorf("%q: Prepare changed its glyphs", text)
		}
		was := clone(q)
		narrow := q.WithWidth(3 * em)
		for _, p := range []*Para{q, narrow, q} {
			if _, err := p.Lines(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, _ = p.Widths(); !reflect.DeepEqual(clone(q), was) {
				t.Fatalf("%q: a query changed the Para", text)
			}
		}
		if q.params.Width != 6*em || narrow.params.Width != 3*em {
			t.Errorf("%q: WithWidth: %v and %v, want 60 and 30", text, q.params.Width, narrow.params.Width)
		}
	}
}

// TestSameAnswerTwice: asking again gives the same lines, whatever was
// asked in between.
func TestSameAnswerTwice(t *testing.T) {
	q := prep(t, "一二三四五六七八九十abcdefghijklmnopqrstuvwxyz一二三。", Params{Width: 10 * em, Justify: true})
	first := q.lines(t)
	q.WithWidth(4 * em).lines(t)
	if again := q.lines(t); !reflect.DeepEqual(first, again) {
		t.Errorf("lines changed:\n%q\n%q", texts(first), texts(again))
	}
}

// TestLongParagraph: a paragraph longer than a search window is set in
// windows, with every line filling the measure as in a short one, and
// nothing lost or repeated at the windows' seams.
func TestLongParagraph(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("汉字，中文排版。", 3*window/8+123),
		strings.Repeat("x", 2*window+77), // one word: emergency breaks
	} {
		q := prep(t, text, Params{Width: 33 * em, Justify: true})
		lines := q.lines(t)
		var got strings.Builder
		for i, ln := range lines {
			got.WriteString(ln.Text)
			if i < len(lines)-1 && math.Abs(ln.Width-33*em) > 1e-6 && !strings.Contains(ln.Text, "x") {
				t.Errorf("line %d of %d %q: width %v, want 330", i, len(lines), ln.Text, ln.Width)
			}
			if ln.Width > 33*em+1e-6 {
				t.Errorf("line %d overfull: %v", i, ln.Width)
			}
		}
		if got.String() != text {
			t.Errorf("text of %d runes changed: %d runes set", len([]rune(text)), len([]rune(got.String())))
		}
	}
}

// doneAfter is a context whose Err says it is done from its n-th call on:
// it stops the search at a chosen point, whatever the machine's speed.
type doneAfter struct {
	context.Context
	n, calls int
}

func (c *doneAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

// TestBreaksStops: the search looks at its context every checkEvery
// positions, and stops at the first look after it is done.
func TestBreaksStops(t *testing.T) {
	q := prep(t, strings.Repeat("汉", 7*checkEvery), Params{Width: 30 * em, Justify: true})
	ctx := &doneAfter{Context: context.Background(), n: 3}
	_, err := q.Breaks(ctx)
	if !errors.Is(err, context.Canceled) || ctx.calls != 3 {
		t.Errorf("error %v after %d looks at the context, want context.Canceled after 3", err, ctx.calls)
	}
	ctx = &doneAfter{Context: context.Background(), n: 1 << 30}
	if _, err := q.Breaks(ctx); err != nil || ctx.calls != 7 {
		t.Errorf("error %v after %d looks, want none after 7", err, ctx.calls)
	}
}

// TestBreaksDeadline: a deadline that passes in the middle of a huge
// paragraph (a word of a million letters, which takes far longer to set
// than the 5 ms allowed) stops the line breaker within a second.
func TestBreaksDeadline(t *testing.T) {
	q := prep(t, strings.Repeat("x", 1_000_000), Params{Width: 33 * em, Justify: true})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err := q.Breaks(ctx)
	deadline, _ := ctx.Deadline()
	late := time.Since(deadline)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the deadline's", err)
	}
	if late > time.Second {
		t.Errorf("stopped %v after the deadline, want under a second", late)
	}
	t.Logf("stopped %v after the deadline", late)
}

func samplePars(b *testing.B) []string {
	data, err := os.ReadFile("../../../testdata/sample-zh.txt")
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if len(l) > 100 {
			out = append(out, l)
		}
	}
	return out
}

// BenchmarkSample shapes, prepares, breaks and sets the paragraphs of the
// sample, at the width of an A4 page's text block (about 40 em).
func BenchmarkSample(b *testing.B) {
	pars := samplePars(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range pars {
			q, err := Prepare(context.Background(), shape(b, s), Params{Width: 40 * em, Em: em, Indent: 2 * em, Justify: true})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := q.Lines(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkLongWord sets one word of 200,000 letters.
func BenchmarkLongWord(b *testing.B) {
	text := strings.Repeat("x", 200_000)
	b.ReportAllocs()
	for b.Loop() {
		q, err := Prepare(context.Background(), shape(b, text), Params{Width: 33 * em, Em: em, Justify: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := q.Lines(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// fakeShaper shapes face 2 one glyph a character, half an em each, and
// records the runs it was asked for.
type fakeShaper struct {
	fakeMetrics
	runs [][2]int
}

func (m *fakeShaper) Glyph(want Face, r rune) (Face, float64, bool) {
	_, adv, ok := m.fakeMetrics.Glyph(want, r)
	return want, adv, ok
}
func (m *fakeShaper) Shaped(f Face) bool                 { return f == 2 }
func (m *fakeShaper) Has(f Face, r rune) (float64, bool) { return 0.5, true }
func (m *fakeShaper) Nominal(f Face, gid uint16, adv float64) (float64, bool) {
	return adv, true
}
func (m *fakeShaper) ShapeRun(f Face, text []rune, start, end int, rtl bool, lang string) []ShapedGlyph {
	m.runs = append(m.runs, [2]int{start, end})
	out := make([]ShapedGlyph, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, ShapedGlyph{GID: 1, Cluster: i, Adv: 0.5})
	}
	return out
}

// TestShapePieces: a run longer than maxShapeRun is shaped in pieces cut
// after a space, or anywhere in a word with none; between pieces Shape
// looks at its context and stops when it is done.
func TestShapePieces(t *testing.T) {
	latin := &Style{Size: em, Face: 2}
	word := strings.Repeat("abcdefghij ", 1200) // 13,200 characters
	m := &fakeShaper{}
	gs, err := Shape(context.Background(), []Span{{word, latin}}, m)
	if err != nil || len(gs) != len(word) {
		t.Fatalf("%d glyphs, error %v; want %d", len(gs), err, len(word))
	}
	for i, r := range m.runs {
		if r[1]-r[0] > maxShapeRun || r[1] < len(word) && word[r[1]-1] != ' ' {
			t.Errorf("piece %d: [%d, %d) of %d", i, r[0], r[1], len(word))
		}
	}
	if len(m.runs) != 4 {
		t.Errorf("%d pieces, want 4: %v", len(m.runs), m.runs)
	}
	m = &fakeShaper{}
	if _, err := Shape(context.Background(), []Span{{strings.Repeat("x", 2*maxShapeRun+1), latin}}, m); err != nil || len(m.runs) != 3 || m.runs[0] != [2]int{0, maxShapeRun} {
		t.Errorf("one word: pieces %v, error %v", m.runs, err)
	}
	// Three looks while reading the 13,200 characters, one before each
	// piece: done at the fifth, Shape stops after one piece; at the
	// first, before any.
	for _, tt := range []struct{ n, pieces int }{{5, 1}, {1, 0}} {
		ctx := &doneAfter{Context: context.Background(), n: tt.n}
		m = &fakeShaper{}
		if _, err := Shape(ctx, []Span{{word, latin}}, m); !errors.Is(err, context.Canceled) || len(m.runs) != tt.pieces {
			t.Errorf("error %v after %d pieces, want context.Canceled after %d", err, len(m.runs), tt.pieces)
		}
	}
}

// TestPrepareStops: Prepare looks at its context as it starts its steps
// (three looks in a short paragraph) and stops at the first look after it
// is done.
func TestPrepareStops(t *testing.T) {
	gs := shape(t, strings.Repeat("汉字，", 100))
	for n := 1; n <= 4; n++ {
		ctx := &doneAfter{Context: context.Background(), n: n}
		q, err := Prepare(ctx, gs, Params{Width: 10 * em, Em: em})
		if stopped := n <= 3; stopped != errors.Is(err, context.Canceled) || stopped != (q == nil) || ctx.calls != min(n, 3) {
			t.Errorf("done at look %d: error %v after %d looks", n, err, ctx.calls)
		}
	}
}

// TestShapeTextAfterReplacement: a glyph's text is its character however
// the source spelled what came before: a real U+FFFD takes three bytes,
// an invalid byte one, and the texts after either stay in step.
func TestShapeTextAfterReplacement(t *testing.T) {
	for _, src := range []string{"会议\uFFFD召开。", "会议\xff召开。", "\xff\xfe会议\uFFFD\uFFFD召开。"} {
		gs, err := Shape(context.Background(), []Span{{Text: src, Style: &Style{Size: 10}}}, fakeMetrics{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range gs {
			if g.Text != string(g.R) {
				t.Errorf("%q: glyph %q has text %q", src, g.R, g.Text)
			}
			got = append(got, g.Text)
		}
		// each invalid byte one U+FFFD, as []rune reads it
		if want := string([]rune(src)); strings.Join(got, "") != want {
			t.Errorf("%q: texts %q", src, got)
		}
	}
}
