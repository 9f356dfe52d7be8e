package render

import (
	"math"
	"strings"
	"testing"
	"unicode"
)

const testEm = 10.0

func shapeTest(t *testing.T, s string) []glyph {
	t.Helper()
	var sh shaper
	gs, err := sh.shape([]textSpan{{s, &runStyle{font: fRegular, size: testEm}}})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

func lineText(ln setLine) string {
	var b strings.Builder
	for _, g := range ln.gs {
		b.WriteRune(g.r)
	}
	return b.String()
}

var layoutTexts = []string{
	"会议指出，2024年是新中国成立75周年，也是习近平总书记提出网络强国战略目标10周年和我国全功能接入国际互联网30周年。",
	"他说：“你好！”她回答：‘好的。’然后（他们）走了——一直走……走到《某地》【标题】。",
	"一二三四五六七八九」。一二三四五六七八九十。十一、十二，十三；十四：十五！十六？",
	"价格上涨了１２３４５６％，温度３７℃，共计12,345.67元，比例99.5%。",
	"日本語のテキストです。ちょっと待ってください、ジャーナリストのコーヒー々ゝ。",
	"The quick brown fox jumps over the lazy dog, and keeps running far away from here.",
	"中文English混排，还有Go语言和Rust语言的代码示例abc123数字。",
	"访问https://example.com/a/very/long/path/that/does/not/fit/on/one/line/at/all?q=1获取更多信息。",
	"第一行\n第二行：硬换行。\n\n空行之后。",
	"一二三）（四五六。「七八九」，（十）《十一》「『十二』」【十三】〖十四〗，（十五）（十六）……（十七）。",
}

// TestLayoutInvariants sweeps line widths over texts full of the cases
// cjk-layout.md names and checks every rule on every line.
func TestLayoutInvariants(t *testing.T) {
	for _, text := range layoutTexts {
		gs := shapeTest(t, text)
		for widthEm := 6; widthEm <= 30; widthEm++ {
			width := float64(widthEm) * testEm
			for _, indent := range []float64{0, 2 * testEm} {
				lines := layoutLines(gs, paraLayout{width: width, indent: indent, em: testEm, justify: true})
				var got strings.Builder
				for i, ln := range lines {
					s := lineText(ln)
					got.WriteString(s)
					r := []rune(s)
					if len(r) == 0 {
						continue
					}
					if ln.width+ln.indent > width+1e-6 {
						t.Errorf("%q width %v: line %d %q is %.3f wide", text, width, i, s, ln.width+ln.indent)
					}
					// a URL may break anywhere
					url := strings.Contains(text, "://") && strings.ContainsAny(s, "/.:")
					if i > 0 && noStart(r[0]) && !url {
						t.Errorf("%q width %v: line %d starts with %q: %q", text, width, i, r[0], s)
					}
					if noEnd(r[len(r)-1]) && !url {
						t.Errorf("%q width %v: line %d ends with %q: %q", text, width, i, r[len(r)-1], s)
					}
					if i < len(lines)-1 && !strings.Contains(text, "\n") && !url {
						if stretchable(ln) && math.Abs(ln.width+ln.indent-width) > 1e-6 {
							t.Errorf("%q width %v: line %d %q not justified: %.3f", text, width, i, s, ln.width+ln.indent)
						}
						next := []rune(lineText(lines[i+1]))
						if len(next) > 0 && !gs[ln.next-1].space {
							a, b := r[len(r)-1], next[0]
							if a == b && (a == '—' || a == '…') {
								t.Errorf("%q: %q split across lines", text, string([]rune{a, b}))
							}
							if (unicode.IsDigit(a) && unicode.IsDigit(b)) || (a < 128 && b < 128 && unicode.IsLetter(a) && unicode.IsLetter(b)) {
								t.Errorf("%q width %v: word or number split: %q | %q", text, width, s, string(next))
							}
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
					t.Errorf("width %v: text changed:\n got %q\nwant %q", width, g, want)
				}
			}
		}
	}
}

// stretchable reports whether justification can widen ln: a lone Latin
// word or a single character has no gap to widen.
func stretchable(ln setLine) bool {
	for i := 1; i < len(ln.gs); i++ {
		if ln.gs[i].space || ln.gs[i].wide || ln.gs[i-1].wide {
			return true
		}
	}
	return false
}

func TestLayoutCases(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64 // em
		want  []string
	}{
		// 。 may not start line 2, and 10.5 em do not fit 10 em even
		// squeezed: 十 goes down with it (the line is stretched).
		{"push down", "一二三四五六七八九十。一二三", 10, []string{"一二三四五六七八九", "十。一二三"}},
		// 」 and 。 each give half an em: 11 marks fit 10 em.
		{"squeeze", "一二三四五六七八九」。一二三", 10, []string{"一二三四五六七八九」。", "一二三"}},
		{"opening bracket stays with its text", "一二三四五六七八九（十）", 10, []string{"一二三四五六七八九", "（十）"}},
		{"quote opens like a bracket", "一二三四五六七八他说“你好”", 10, []string{"一二三四五六七八他说", "“你好”"}},
		{"dash pair", "一二三四五六七八九——十", 10, []string{"一二三四五六七八九", "——十"}},
		{"hard break", "一\n二", 10, []string{"一", "二"}},
		{"latin words", "hello world again", 4, []string{"hello", "world", "again"}},
		{"long token", "abcdefghijklmnopqrstuvwxyz", 5, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := layoutLines(shapeTest(t, tt.text), paraLayout{width: tt.width * testEm, em: testEm, justify: true})
			var got []string
			for _, ln := range lines {
				got = append(got, lineText(ln))
				if ln.width > tt.width*testEm+1e-6 {
					t.Errorf("line %q overflows: %.2f", lineText(ln), ln.width)
				}
			}
			if tt.want == nil {
				if strings.Join(got, "") != tt.text || len(got) < 2 {
					t.Errorf("got %q", got)
				}
				return
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHanLatinSpace checks the 1/4 em between Han and Latin, and none at
// line edges.
func TestHanLatinSpace(t *testing.T) {
	lines := layoutLines(shapeTest(t, "中文Go语言"), paraLayout{width: 40 * testEm, em: testEm})
	ln := lines[0]
	gap := ln.x[2] - (ln.x[1] + ln.adv[1])
	if math.Abs(gap-testEm/4) > 1e-9 {
		t.Errorf("gap 文|G = %.3f, want %.3f", gap, testEm/4)
	}
	if ln.x[0] != 0 {
		t.Errorf("first glyph at %.3f, want 0", ln.x[0])
	}
	lines = layoutLines(shapeTest(t, "Go语言"), paraLayout{width: 40 * testEm, em: testEm})
	if lines[0].x[0] != 0 {
		t.Errorf("line starts with a gap: %.3f", lines[0].x[0])
	}
}

func TestBreakTailoring(t *testing.T) {
	gs := shapeTest(t, "他说“你好”他")
	br := lineBreaks(gs, false)
	if br[2] == brNone {
		t.Errorf("no break before “ after Han")
	}
	if br[3] != brNone {
		t.Errorf("break after “")
	}
	if br[6] == brNone {
		t.Errorf("no break after ” before Han")
	}
	if br[5] != brNone {
		t.Errorf("break before ”")
	}
}

func TestShaperAstralAndFallback(t *testing.T) {
	var sh shaper
	// 𠀀 is CJK Ext-B (above U+FFFF); 㐀 is Ext-A, only in Droid Sans Fallback.
	gs, err := sh.shape([]textSpan{{"a😀b𠀀c😀㐀", &runStyle{font: fRegular, size: testEm}}})
	if err != nil {
		t.Fatal(err)
	}
	var s strings.Builder
	for _, g := range gs {
		s.WriteRune(g.r)
	}
	if got, want := s.String(), "a〓b〓c〓㐀"; got != want {
		t.Errorf("shaped %q, want %q", got, want)
	}
	w := sh.warnings()
	// No glyph is missing, so no warning says so (4b4584b): the count is.
	if len(w) != 2 || !strings.Contains(w[0], "U+1F600") || !strings.Contains(w[1], "U+20000") || sh.missing != 0 {
		t.Errorf("warnings %q, %d missing", w, sh.missing)
	}
	if m, _ := fontMetricsOf(fRegular); m.has('㐀') {
		t.Fatal("LXGW WenKai has 㐀: the test needs a character only the fallback has")
	}
	if gs[len(gs)-1].font != fFallback || !sh.used[fFallback] {
		t.Errorf("㐀 drawn with font %d, want the fallback", gs[len(gs)-1].font)
	}
}

func TestHyphenAndSpaces(t *testing.T) {
	gs := shapeTest(t, "non-free")
	if br := lineBreaks(gs, false); br[4] != brNone {
		t.Errorf("break allowed after the hyphen of %q", "non-free")
	}
	gs = shapeTest(t, "　　缩进 　 与\u3000空格")
	var s strings.Builder
	for _, g := range gs {
		s.WriteRune(g.r)
	}
	if got, want := s.String(), "缩进 与 空格"; got != want {
		t.Errorf("spaces: got %q, want %q", got, want)
	}
}

// TestOpeningMarkAtLineStart: an opening bracket that starts a line is set
// half width with its glyph moved left, so its ink, which sits in the right
// half of the em box, starts at the margin; the first line of an indented
// paragraph keeps the full em.
func TestOpeningMarkAtLineStart(t *testing.T) {
	for _, indent := range []float64{0, 2 * testEm} {
		gs := shapeTest(t, strings.Repeat("汉", int(10-indent/testEm))+"（一二三）四五")
		lines := layoutLines(gs, paraLayout{width: 10 * testEm, indent: indent, em: testEm, justify: true})
		ln := lines[len(lines)-1]
		if lineText(ln) != "（一二三）四五" {
			t.Fatalf("indent %v: lines %q", indent, lineText(ln))
		}
		if ln.x[0] != 0 || ln.dx[0] != -testEm/2 || ln.adv[0] != testEm/2 || ln.x[1] != testEm/2 {
			t.Errorf("indent %v: （ at x %.2f dx %.2f adv %.2f, next at %.2f; want 0 -5 5, 5",
				indent, ln.x[0], ln.dx[0], ln.adv[0], ln.x[1])
		}
	}
	for _, tt := range []struct {
		indent float64
		trim   bool
	}{{0, true}, {2 * testEm, false}} {
		ln := layoutLines(shapeTest(t, "（一）二"), paraLayout{width: 10 * testEm, indent: tt.indent, em: testEm})[0]
		want := testEm
		if tt.trim {
			want = testEm / 2
		}
		if ln.x[1] != want || ln.dx[0] != want-testEm {
			t.Errorf("first line, indent %v: 一 at %.2f, （ moved %.2f; want %.2f, %.2f", tt.indent, ln.x[1], ln.dx[0], want, want-testEm)
		}
	}
}

// TestAdjacentMarks: two full-width marks side by side keep their full
// ems while the line has room (see squeezeAt for why) and give up the
// blank half of the first when it must shrink; curly quotes count only
// when the font draws them one em wide.
func TestAdjacentMarks(t *testing.T) {
	tests := []struct {
		text     string
		fullQuot bool // draw the curly quotes 1 em wide, as some fonts do
		width    float64
		x        []float64
	}{
		{"一）（二", false, 40, []float64{0, 10, 20, 30}},
		{"一）（二。「三四", false, 6, []float64{0, 10, 15, 25, 35, 40, 50}},
		{"一，“二三四五", true, 4.5, []float64{0, 10, 15, 25, 35}},
		// LXGW WenKai's proportional quotes have no blank half to give.
		{"一，“二三四五", false, 4.5, []float64{0, 10, 20, 23.5, 33.5}},
	}
	for _, tt := range tests {
		gs := shapeTest(t, tt.text)
		if tt.fullQuot {
			for i := range gs {
				if strings.ContainsRune("“”‘’", gs[i].r) {
					gs[i].w = testEm
				}
			}
		}
		ln := layoutLines(gs, paraLayout{width: tt.width * testEm, em: testEm})[0]
		if len(ln.gs) != len(tt.x) {
			t.Errorf("%q: first line %q", tt.text, lineText(ln))
			continue
		}
		for i := range ln.gs {
			if math.Abs(ln.x[i]-tt.x[i]) > 1e-9 || ln.dx[i] != 0 {
				t.Errorf("%q: glyph %d %q at x %.2f dx %.2f, want %.2f 0", tt.text, i, ln.gs[i].r, ln.x[i], ln.dx[i], tt.x[i])
			}
		}
	}
}
