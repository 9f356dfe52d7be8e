package inline

import (
	"context"
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/cjk"
)

// fakeMetrics is a font of round numbers: full-width characters one em,
// curly quotes 0.35 em as LXGW WenKai draws them, Latin letters and
// digits half an em, spaces 0.3 em. Face 1 has no glyphs: it falls back
// to face 0.
type fakeMetrics struct{ fullQuotes bool }

func (m fakeMetrics) Glyph(want Face, r rune) (Face, float64, bool) {
	switch {
	case r == '\uFFFF':
		return 0, 0.5, false
	case cjk.IsQuote(r) && !m.fullQuotes:
		return 0, 0.35, true
	case cjk.IsWide(r) || cjk.IsQuote(r):
		return 0, 1, true
	case r == ' ':
		return 0, 0.3, true
	}
	return 0, 0.5, true
}

const em = 10.0

var body = &Style{Size: em}

func prep(t testing.TB, s string, p Params) *Para {
	t.Helper()
	if p.Em == 0 {
		p.Em = em
	}
	q, err := Prepare(context.Background(), shape(t, s), p)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// shape shapes s in the body style with fakeMetrics.
func shape(t testing.TB, s string) []Glyph {
	t.Helper()
	gs, err := Shape(context.Background(), []Span{{s, body}}, fakeMetrics{})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// lines breaks and sets q, failing t on an error.
func (q *Para) lines(t testing.TB) []Line {
	t.Helper()
	out, err := q.Lines(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func texts(lines []Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Text)
	}
	return out
}

func drawn(l Line) string {
	var b strings.Builder
	for _, g := range l.Glyphs {
		b.WriteRune(g.R)
	}
	return b.String()
}

func TestShapeInvisible(t *testing.T) {
	gs := shape(t, "☀\uFE0F好 \u3000 a\u00adb\u200bc👍🏽")
	var rs, text strings.Builder
	for _, g := range gs {
		rs.WriteRune(g.R)
		text.WriteString(g.Text)
	}
	if got, want := rs.String(), "☀好 abc👍"; got != want {
		t.Errorf("drawn %q, want %q", got, want)
	}
	if got, want := text.String(), "☀\uFE0F好 a\u00adb\u200bc👍🏽"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if !gs[3].HyphenAfter || !gs[4].BreakAfter {
		t.Errorf("soft hyphen or zero-width space lost: %+v", gs[3:5])
	}
}

func TestBreakCases(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64 // em
		p     Params
		want  []string
	}{
		{"plain", "一二三四五六七八九十一二三四五", 10, Params{Justify: true}, []string{"一二三四五六七八九十", "一二三四五"}},
		// 。 may not start line 2: it is pulled back, its blank half going.
		{"pull back", "一二三四五六七八九。十一二三", 10, Params{Justify: true}, []string{"一二三四五六七八九。", "十一二三"}},
		// 10.5 em do not fit 10 em even squeezed: 十 goes down with 。.
		{"push down one", "一二三四五六七八九十。一二三", 10, Params{Justify: true}, []string{"一二三四五六七八九", "十。一二三"}},
		// 」。 compressed make 1.5 em: 12 cells cannot fit 10 em even
		// squeezed, so 十 goes down with them.
		{"push down", "一二三四五六七八九十」。一二三", 10, Params{Justify: true}, []string{"一二三四五六七八九", "十」。一二三"}},
		{"opening bracket stays with its text", "一二三四五六七八九（十）", 10, Params{Justify: true}, []string{"一二三四五六七八九", "（十）"}},
		{"quote opens like a bracket", "一二三四五六七八他说“你好”啊", 10, Params{Justify: true}, []string{"一二三四五六七八他说", "“你好”啊"}},
		{"dash pair", "一二三四五六七八九——十", 10, Params{Justify: true}, []string{"一二三四五六七八九", "——十"}},
		{"hard break", "一\n\n二", 10, Params{Justify: true}, []string{"一", "", "二"}},
		{"latin words", "hello world again", 4, Params{Justify: true}, []string{"hello", "world", "again"}},
		{"indent", "一二三四五六七八九十一二", 10, Params{Justify: true, Indent: 2 * em}, []string{"一二三四五六七八", "九十一二"}},
		{"hanging", "一二三四五六七八九十，一二三", 10, Params{Justify: true, Hanging: true}, []string{"一二三四五六七八九十，", "一二三"}},
		{"hyphenation", "aaaa bbbbbbbbbbbb", 7, Params{Justify: true, Hyphenate: func(w string) []int { return []int{4, 8} }}, []string{"aaaa bbbbbbbb", "bbbb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Width = tt.width * em
			lines := prep(t, tt.text, tt.p).lines(t)
			got := texts(lines)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			for i, l := range lines {
				if l.Width+l.Indent > tt.p.Width+1e-6 {
					t.Errorf("line %d %q overflows: %.2f", i, l.Text, l.Width+l.Indent)
				}
			}
		})
	}
}

// TestNoShortLastLine: total fit avoids a last line of one character by
// setting the lines before it differently.
func TestNoShortLastLine(t *testing.T) {
	text := strings.Repeat("汉", 21)
	lines := prep(t, text, Params{Width: 10 * em, Justify: true}).lines(t)
	last := lines[len(lines)-1]
	if n := len([]rune(last.Text)); n <= 2 {
		t.Errorf("last line %q: lines %q", last.Text, texts(lines))
	}
}

var invariantTexts = []string{
	"会议指出，2024年是新中国成立75周年，也是习近平总书记提出网络强国战略目标10周年和我国全功能接入国际互联网30周年。",
	"他说：“你好！”她回答：‘好的。’然后（他们）走了——一直走……走到《某地》【标题】。",
	"一二三四五六七八九」。一二三四五六七八九十。十一、十二，十三；十四：十五！十六？",
	"价格上涨了１２３４５６％，温度３７℃，共计12,345.67元，比例99.5%。",
	"日本語のテキストです。ちょっと待ってください、ジャーナリストのコーヒー々ゝ。",
	"The quick brown fox jumps over the lazy dog, and keeps running far away from here.",
	"中文English混排，还有Go语言和Rust语言的代码示例abc123数字。",
	"访问https://example.com/a/very/long/path/that/does/not/fit/on/one/line/at/all?q=1获取更多信息。",
	"英文长词也常出现在中文报道里，例如internationalization、standardization。",
	"一二三）（四五六。「七八九」，（十）《十一》「『十二』」【十三】〖十四〗，（十五）（十六）……（十七）。",
}

// TestInvariants sweeps measures over texts full of the cases
// cjk-layout.md names and checks every rule on every line.
func TestInvariants(t *testing.T) {
	for _, text := range invariantTexts {
		for widthEm := 6; widthEm <= 30; widthEm++ {
			for _, p := range []Params{{Justify: true, Hyphenate: everyThird}, {Justify: true, Indent: 2 * em, Hyphenate: everyThird}, {Justify: true, Hanging: true, Hyphenate: everyThird}} {
				p.Width = float64(widthEm) * em
				lines := prep(t, text, p).lines(t)
				var got strings.Builder
				for i, ln := range lines {
					got.WriteString(ln.Text)
					r := []rune(drawn(ln))
					if len(r) == 0 {
						continue
					}
					if ln.Width+ln.Indent > p.Width+1e-6 {
						t.Errorf("%q width %v: line %d %q is %.3f wide", text, widthEm, i, ln.Text, ln.Width+ln.Indent)
					}
					url := strings.Contains(ln.Text, "/")
					if i > 0 && cjk.NoStart(r[0]) && !url {
						t.Errorf("%q width %v: line %d starts with %q", text, widthEm, i, r[0])
					}
					if cjk.NoEnd(r[len(r)-1]) && !url {
						t.Errorf("%q width %v: line %d ends with %q", text, widthEm, i, r[len(r)-1])
					}
					if i < len(lines)-1 && !url {
						// On narrow measures a line with little to widen is
						// left short rather than holed (see Set).
						if math.Abs(ln.Width+ln.Indent-p.Width) > 1e-6 && stretchable(ln) && !atCap(ln) && !closedShort(ln, p.Width) {
							t.Errorf("%q width %v: line %d %q not justified: %.3f", text, widthEm, i, ln.Text, ln.Width+ln.Indent)
						}
						if ln.MaxGap > 0.5*em+1e-9 && widthEm >= 20 {
							t.Errorf("%q width %v: line %d %q has a gap of %.2f em", text, widthEm, i, ln.Text, ln.MaxGap/em)
						}
					}
					// never letter-spaced: consecutive letters of a word touch
					for k := 1; k < len(ln.Glyphs); k++ {
						a, b := ln.Glyphs[k-1], ln.Glyphs[k]
						if a.Class == cjk.Letter && b.Class == cjk.Letter && math.Abs(ln.Cell[k]-ln.Cell[k-1]-ln.W[k-1]) > 1e-9 {
							t.Errorf("%q width %v: %q and %q spaced apart", text, widthEm, a.R, b.R)
						}
					}
				}
				want := strings.Map(func(r rune) rune {
					if unicode.IsSpace(r) {
						return -1
					}
					return r
				}, text)
				if g := strings.ReplaceAll(got.String(), " ", ""); g != want {
					t.Errorf("width %v: text changed:\n got %q\nwant %q", widthEm, g, want)
				}
			}
		}
	}
}

// stretchable reports whether justification can widen ln: a lone Latin
// word has no gap to widen.
func stretchable(ln Line) bool {
	for i := 1; i < len(ln.Glyphs); i++ {
		if ln.Glyphs[i].Space || cjk.IsWide(ln.Glyphs[i].R) || cjk.IsWide(ln.Glyphs[i-1].R) {
			return true
		}
	}
	return false
}

// everyThird stands in for a hyphenation dictionary: a point after every
// third letter, none in the last three.
func everyThird(w string) []int {
	var out []int
	for i := 3; i <= len([]rune(w))-3; i += 3 {
		out = append(out, i)
	}
	return out
}

// atCap reports whether every gap of ln that may widen has grown to the
// cap: how Set leaves a line short by less than nearlyFull.
func atCap(ln Line) bool {
	return shortAs(ln, false)
}

// closedShort reports whether ln is left short as Set leaves a line its
// gaps cannot bring to within nearlyFull of the measure: its word spaces
// and Han–Latin gaps grown to the cap, and every gap between two
// full-width characters closed.
func closedShort(ln Line, width float64) bool {
	return ln.Width+ln.Indent < width-nearlyFull*em && shortAs(ln, true)
}

// shortAs reports whether every gap of ln that may widen has grown to the
// cap, those between two full-width characters staying closed if closed.
func shortAs(ln Line, closed bool) bool {
	c := gapCap*em - 1e-6
	for i := 1; i < len(ln.Glyphs); i++ {
		a, b := ln.Glyphs[i-1], ln.Glyphs[i]
		g := ln.Cell[i] - ln.Cell[i-1] - ln.W[i-1]
		switch {
		case b.Space:
			if ln.W[i] < c {
				return false
			}
		case a.Space:
		case cjk.Inseparable(a.R, b.R):
		case closed && (cjk.IsWide(a.R) && cjk.IsWide(b.R) || g < 1e-9):
			if g > 1e-9 {
				return false
			}
		case cjk.IsWide(a.R) || cjk.IsWide(b.R):
			if g < c {
				return false
			}
		}
	}
	return true
}

// TestCompression: adjacent marks give up the blank half that faces their
// neighbour wherever they meet (。」 and ）（ 1.5 em, three in a row 2 em),
// a closing mark at a line end gives its half when the line must shrink,
// and an opening bracket starting a line is set half width with its glyph
// moved left, except on the first line of an indented paragraph.
func TestCompression(t *testing.T) {
	tests := []struct {
		text  string
		cells []float64 // em
	}{
		{"一。」二", []float64{1, 0.5, 1, 1}},
		{"一）（二", []float64{1, 0.5, 1, 1}},
		{"一「『二", []float64{1, 1, 0.5, 1}},
		{"一。」「二", []float64{1, 0.5, 0.5, 1, 1}},
		{"一，二", []float64{1, 1, 1}},
		// Curly quotes beside Chinese take a full em, compressed like
		// brackets; between Latin letters they keep the font's width.
		{"说“你”", []float64{1, 1, 1, 1}},
		{"好”，", []float64{1, 0.5, 1}},
		{"a“b”", []float64{0.5, 0.35, 0.5, 0.35}},
	}
	for _, tt := range tests {
		q := prep(t, tt.text, Params{Width: 40 * em})
		for i, c := range tt.cells {
			if math.Abs(q.space[i].cell-c*em) > 1e-9 {
				t.Errorf("%q: cell %d (%q) %.2f em, want %.2f", tt.text, i, q.glyphs[i].R, q.space[i].cell/em, c)
			}
		}
	}
	// Line start: （ loses its left half, its glyph drawn that far left.
	for _, indent := range []float64{0, 2 * em} {
		lines := prep(t, strings.Repeat("汉", 10-int(indent/em))+"（一二三）四五", Params{Width: 10 * em, Indent: indent, Justify: true}).lines(t)
		ln := lines[len(lines)-1]
		if ln.Text != "（一二三）四五" || ln.W[0] != em/2 || ln.X[0] != -em/2 || ln.Cell[1] != em/2 {
			t.Errorf("indent %v: last line %q, （ cell %.1f at x %.1f, next at %.1f; want 5, -5, 5", indent, ln.Text, ln.W[0], ln.X[0], ln.Cell[1])
		}
		first := prep(t, "（一）二", Params{Width: 10 * em, Indent: indent}).lines(t)[0]
		want := em / 2
		if indent > 0 {
			want = em // the indent is measured in whole ems
		}
		if first.W[0] != want {
			t.Errorf("first line, indent %v: （ cell %.1f, want %.1f", indent, first.W[0], want)
		}
	}
	// Line end: 。 gives its blank half so that 11 cells fit 10.5 em.
	ln := prep(t, "一二三四五六七八九十。甲", Params{Width: 10.5 * em, Justify: true}).lines(t)[0]
	if ln.Text != "一二三四五六七八九十。" || math.Abs(ln.W[10]-em/2) > 1e-9 || math.Abs(ln.Width-10.5*em) > 1e-9 {
		t.Errorf("line %q: 。 cell %.2f, width %.2f; want 5, 105", ln.Text, ln.W[10], ln.Width)
	}
}

// TestHanLatinGap: a quarter em between Han and Latin, none at a line's
// edges, a source space beside Han set as the same gap, and the adjustment
// of a justified line spread over every gap, Han–Han ones too.
func TestHanLatinGap(t *testing.T) {
	ln := prep(t, "中文Go语言", Params{Width: 40 * em}).lines(t)[0]
	if gap := ln.Cell[2] - ln.Cell[1] - ln.W[1]; math.Abs(gap-em/4) > 1e-9 || ln.Cell[0] != 0 {
		t.Errorf("gap 文|G %.2f, first at %.2f; want 2.5, 0", gap, ln.Cell[0])
	}
	q := prep(t, "中文 Go", Params{Width: 40 * em})
	if q.space[2].cell != em/4 {
		t.Errorf("space beside Han %.2f wide, want a quarter em", q.space[2].cell)
	}
	// 19 Han and "AB": stretched to 22 em, every gap takes a share.
	ln = prep(t, strings.Repeat("汉", 19)+"AB汉汉"+strings.Repeat("字", 30), Params{Width: 22 * em, Justify: true}).lines(t)[0]
	hanHan := ln.Cell[1] - ln.Cell[0] - ln.W[0]
	hanLatin := ln.Cell[19] - ln.Cell[18] - ln.W[18]
	if hanHan <= 0 || hanLatin <= em/4 || hanLatin > 0.5*em || math.Abs(ln.Width-22*em) > 1e-6 {
		t.Errorf("line %q: Han–Han gap %.3f, Han–Latin %.3f, width %.2f", ln.Text, hanHan/em, hanLatin/em, ln.Width/em)
	}
}

// TestHanging: with hanging punctuation a line-end ，。、 sits past the
// margin instead of squeezing the line.
func TestHanging(t *testing.T) {
	text := "一二三四五六七八九十，甲乙丙"
	ln := prep(t, text, Params{Width: 10 * em, Justify: true, Hanging: true}).lines(t)[0]
	if ln.Text != "一二三四五六七八九十，" || ln.Width != 10*em || ln.Cell[10] != 10*em {
		t.Errorf("hanging: %q, width %.1f, ， at %.1f; want the comma at the margin, past it", ln.Text, ln.Width, ln.Cell[10])
	}
	ln = prep(t, text, Params{Width: 10 * em, Justify: true}).lines(t)[0]
	if ln.Text == "一二三四五六七八九十，" {
		t.Errorf("without hanging, 10.5 em of cells do not fit 10 em: %q", ln.Text)
	}
}
