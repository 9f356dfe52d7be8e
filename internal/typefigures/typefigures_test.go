package typefigures

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/pkg/render/face"
)

const size = 10.0 // pt: 1 em

// pageH is the height of the A4 page the tests draw on.
const pageH = 841.89

// canvas draws on a fresh A4 page in points from the top left corner,
// y down, LXGW WenKai at 10 pt, written with internal/pdfwrite. Each
// character is a CID of its own whose ToUnicode entry is the character
// itself, as a writer that maps characters rather than glyphs does: a
// character the font lacks (a private-use code point) draws .notdef and
// extracts as itself.
type canvas struct {
	t       *testing.T
	m       *face.Font
	content *[]byte
	cids    map[rune]uint16
	order   *[]rune
}

// at draws s with its left edge at x on baseline y and returns the x where
// it ends.
func (p canvas) at(x, y float64, s string) float64 {
	b := fmt.Appendf(*p.content, "BT /F1 %g Tf %.3f %.3f Td <", size, x, pageH-y)
	w := 0.0
	for _, r := range s {
		c, ok := p.cids[r]
		if !ok {
			*p.order = append(*p.order, r)
			c = uint16(len(*p.order))
			p.cids[r] = c
		}
		b = fmt.Appendf(b, "%04X", c)
		w += float64(p.m.Width(r)) * size / 1000
	}
	*p.content = append(b, "> Tj ET\n"...)
	return x + w
}

// each draws the runes of s gap points apart.
func (p canvas) each(x, y, gap float64, s string) float64 {
	for _, r := range s {
		x = p.at(x, y, string(r)) + gap
	}
	return x - gap
}

// span wraps draw in marked content whose ActualText is text.
func (p canvas) span(text string, draw func()) {
	var hex strings.Builder
	for _, u := range utf16.Encode([]rune(text)) {
		fmt.Fprintf(&hex, "%04X", u)
	}
	*p.content = append(*p.content, "/Span <</ActualText <FEFF"+hex.String()+">>> BDC\n"...)
	draw()
	*p.content = append(*p.content, "EMC\n"...)
}

// label wraps draw in marked content tagged as a list item's label.
func (p canvas) label(draw func()) {
	*p.content = append(*p.content, "/Lbl <</MCID 0>> BDC\n"...)
	draw()
	*p.content = append(*p.content, "EMC\n"...)
}

// Line strokes a line from (x1, y1) to (x2, y2).
func (p canvas) Line(x1, y1, x2, y2 float64) {
	*p.content = fmt.Appendf(*p.content, "%.2f %.2f m %.2f %.2f l S\n", x1, pageH-y1, x2, pageH-y2)
}

func writePDF(t *testing.T, draw func(p canvas)) string {
	t.Helper()
	m, err := face.Open(face.Kai)
	if err != nil {
		t.Fatal(err)
	}
	var content []byte
	var order []rune
	draw(canvas{t: t, m: m, content: &content, cids: map[rune]uint16{}, order: &order})
	var buf bytes.Buffer
	w := pdfwrite.New(&buf, 6)
	root, pages, pg, cs, font, cid, file, toUni := w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc()
	w.Object(root, fmt.Appendf(nil, "<</Type/Catalog/Pages %d 0 R>>", pages))
	w.Object(pages, fmt.Appendf(nil, "<</Type/Pages/Kids[%d 0 R]/Count 1>>", pg))
	w.Object(pg, fmt.Appendf(nil, "<</Type/Page/Parent %d 0 R/MediaBox[0 0 595.28 %g]/Resources<</Font<</F1 %d 0 R>>>>/Contents %d 0 R>>", pages, pageH, font, cs))
	w.Stream(cs, nil, content, true)
	slots := make([]ttf.Slot, len(order))
	widths := "["
	cmap := "/CIDInit/ProcSet findresource begin 12 dict begin begincmap /CMapName/T def 1 begincodespacerange <0000><FFFF> endcodespacerange\n"
	for i, r := range order {
		slots[i] = ttf.Slot{Glyph: m.Glyph(r)}
		widths += fmt.Sprintf("%d[%d]", i+1, m.Width(r))
		var hex strings.Builder
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&hex, "%04X", u)
		}
		cmap += fmt.Sprintf("1 beginbfchar <%04X><%s> endbfchar\n", i+1, hex.String())
	}
	cmap += "endcmap CMapName currentdict/CMap defineresource pop end end"
	sub, err := m.TTF().SubsetGlyphs(slots)
	if err != nil {
		t.Fatal(err)
	}
	w.Object(font, fmt.Appendf(nil, "<</Type/Font/Subtype/Type0/BaseFont/AAAAAA+Kai/Encoding/Identity-H/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>", cid, toUni))
	desc := w.Alloc()
	w.Object(cid, fmt.Appendf(nil, "<</Type/Font/Subtype/CIDFontType2/BaseFont/AAAAAA+Kai/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor %d 0 R/W%s]/CIDToGIDMap/Identity>>", desc, widths))
	w.Object(desc, fmt.Appendf(nil, "<</Type/FontDescriptor/FontName/AAAAAA+Kai/Flags 4/FontBBox[0 -200 1000 900]/ItalicAngle 0/Ascent 900/Descent -200/CapHeight 700/StemV 80/FontFile2 %d 0 R>>", file))
	w.Stream(file, nil, sub, true)
	w.Stream(toUni, nil, []byte(cmap), true)
	if err := w.Close(root, 0); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "test.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func measurePDF(t *testing.T, path, source string) *Figures {
	t.Helper()
	txt := filepath.Join(t.TempDir(), "source.txt")
	if err := os.WriteFile(txt, []byte(source), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := MeasureFiles(path, txt)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// want lists the figures a case checks; the others must be 0.
type want struct {
	lines, holes, loose, letterSpaced int
	widest                            float64
	insDefault, insRaw, dropped, lost int
	pua, geta                         int
}

func TestFigures(t *testing.T) {
	const y = 100.0
	for _, tc := range []struct {
		name   string
		source string
		draw   func(p canvas)
		want   want
	}{
		{"clean Han line", "会议强调全国", func(p canvas) {
			p.at(100, y, "会议强调全国")
		}, want{lines: 1}},
		{"a hole before a number", "会议强调，2025年是", func(p canvas) {
			x := p.at(100, y, "会议强调，")
			x = p.at(x+8, y, "2025")
			p.at(x, y, "年是")
		}, want{lines: 1, holes: 1, widest: 0.8, insDefault: 1, insRaw: 1}},
		{"quarter-em Han-Latin gaps read as spaces", "在2025年", func(p canvas) {
			x := p.at(100, y, "在")
			x = p.at(x+2.5, y, "2025")
			p.at(x+2.5, y, "年")
		}, want{lines: 1, widest: 0.25, insDefault: 2, insRaw: 2}},
		{"an ActualText span over the line removes them", "在2025年", func(p canvas) {
			p.span("在2025年", func() {
				x := p.at(100, y, "在")
				x = p.at(x+2.5, y, "2025")
				p.at(x+2.5, y, "年")
			})
		}, want{lines: 1, widest: 0.25}},
		{"a lost character", "甲乙丙丁", func(p canvas) {
			p.at(100, y, "甲乙丁")
		}, want{lines: 1, lost: 1}},
		{"a letter-spaced word", "a word here", func(p canvas) {
			x := p.at(100, y, "a ")
			x = p.each(x, y, 2, "word")
			p.at(x, y, " here")
		}, want{lines: 1, letterSpaced: 1, widest: 0.2, insDefault: 3, insRaw: 3}},
		{"a private-use glyph under ActualText", "甲𠮷乙", func(p canvas) {
			p.span("甲𠮷乙", func() { p.at(100, y, "甲\ue000乙") })
		}, want{lines: 1}},
		{"a private-use glyph without it", "甲𠮷乙", func(p canvas) {
			p.at(100, y, "甲\ue000乙")
		}, want{lines: 1, lost: 1, pua: 1}},
		{"a geta mark for a lost character", "甲𠮷乙", func(p canvas) {
			p.at(100, y, "甲〓乙")
		}, want{lines: 1, lost: 1, geta: 1}},
		{"Latin words with drawn spaces", "hello world again", func(p canvas) {
			p.at(100, y, "hello world again")
		}, want{lines: 1}},
		{"Latin words placed apart, spaces in ActualText", "one two three", func(p canvas) {
			p.span("one two three", func() {
				x := p.at(100, y, "one")
				x = p.at(x+7, y, "two")
				p.at(x+7, y, "three")
			})
		}, want{lines: 1, holes: 2, loose: 1, widest: 0.7}},
		{"a dropped space", "one two", func(p canvas) {
			x := p.at(100, y, "one")
			p.at(x+0.3, y, "two")
		}, want{lines: 1, dropped: 1, widest: 0.03}},
		{"a painted rule separates table cells", "甲\n\n乙", func(p canvas) {
			p.at(100, y, "甲")
			p.Line(125, y-10, 125, y+2)
			p.at(140, y, "乙")
		}, want{lines: 2}},
		{"a list label before its item's text is a line of its own", "1. 第一项", func(p canvas) {
			var x float64
			p.label(func() { x = p.at(100, y, "1.") })
			p.at(x+6, y, "第一项")
		}, want{lines: 2}},
		{"the same marker untagged is a hole in the line", "1. 第一项", func(p canvas) {
			x := p.at(100, y, "1.")
			p.at(x+6, y, "第一项")
		}, want{lines: 1, holes: 1, loose: 1, widest: 0.6}},
		{"two lines", "第一行第二行", func(p canvas) {
			p.at(100, y, "第一行")
			p.at(100, y+15, "第二行")
		}, want{lines: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := measurePDF(t, writePDF(t, tc.draw), tc.source)
			l := f.Layout
			got := want{l.Lines, l.Holes, l.Loose, l.LetterSpaced, math.Round(l.Widest*100) / 100,
				f.Default.Inserted, f.Raw.Inserted, f.Raw.Dropped, f.Raw.Lost, f.Raw.PUA, f.Raw.Geta}
			if got != tc.want {
				var b bytes.Buffer
				f.Print(&b, true)
				t.Errorf("got  %+v\nwant %+v\n%s", got, tc.want, b.String())
			}
		})
	}
}

// Glyphs under ActualText take the span's characters: a private-use glyph
// is the astral character it draws, and spaces left undrawn are known.
func TestCellsFollowActualText(t *testing.T) {
	path := writePDF(t, func(p canvas) {
		p.span("甲𠮷 乙", func() {
			x := p.at(100, 100, "甲\ue000")
			p.at(x+3, 100, "乙")
		})
	})
	doc, err := openPDF(path)
	if err != nil {
		t.Fatal(err)
	}
	glyphs, spans, err := doc.glyphs()
	if err != nil {
		t.Fatal(err)
	}
	ls := lines(cells(glyphs, spans))
	if len(ls) != 1 {
		t.Fatalf("%d lines", len(ls))
	}
	if got := ls[0].text(); got != "甲𠮷 乙" {
		t.Errorf("line text %q", got)
	}
	if c := ls[0].cells[1]; c.cls != han {
		t.Errorf("the private-use glyph is class %d, want han", c.cls)
	}
	if g := ls[0].gaps[1]; g.kind != wordSpace || math.Abs(g.width-0.3) > 0.005 {
		t.Errorf("gap before 乙: %+v, want a word space 0.3 em wide", g)
	}
}

// A hand-written content stream exercises the text operators the canvas
// does not write: TJ adjustments, Tc, Tw, Tz, Tm, cm, TL and T*, ', q/Q.
func TestTextOperators(t *testing.T) {
	content := `q 2 0 0 2 0 0 cm
BT /F1 10 Tf 50 300 Td (AB) Tj ET
Q
BT /F1 10 Tf 100 200 Td [(A) -500 (B)] TJ ET
BT /F1 10 Tf 2 Tc 100 180 Td (AB) Tj ET
BT 0 Tc 50 Tz 100 160 Td (AB) Tj ET
BT 100 Tz 3 Tw 100 140 Td (A B) Tj ET
BT 0 Tw 1 0 0 1 100 120 Tm 12 TL (A) Tj T* (B) Tj (A) ' ET`
	path := handPDF(t, content)
	doc, err := openPDF(path)
	if err != nil {
		t.Fatal(err)
	}
	glyphs, _, err := doc.glyphs()
	if err != nil {
		t.Fatal(err)
	}
	// Widths: A 600, B 700, space 250 (per 1000 em).
	want := []struct {
		text   string
		x0, x1 float64
		y, em  float64
	}{
		{"A", 100, 112, 600, 20}, {"B", 112, 126, 600, 20},
		{"A", 100, 106, 200, 10}, {"B", 111, 118, 200, 10},
		{"A", 100, 106, 180, 10}, {"B", 108, 115, 180, 10},
		{"A", 100, 103, 160, 10}, {"B", 103, 106.5, 160, 10},
		{"A", 100, 106, 140, 10}, {" ", 106, 108.5, 140, 10}, {"B", 111.5, 118.5, 140, 10},
		{"A", 100, 106, 120, 10}, {"B", 100, 107, 108, 10}, {"A", 100, 106, 96, 10},
	}
	if len(glyphs) != len(want) {
		t.Fatalf("%d glyphs, want %d: %+v", len(glyphs), len(want), glyphs)
	}
	for i, w := range want {
		g := glyphs[i]
		if g.text != w.text || !near(g.x0, w.x0) || !near(g.x1, w.x1) || !near(g.y, w.y) || !near(g.em, w.em) {
			t.Errorf("glyph %d: %q x %.2f–%.2f y %.2f em %.2f, want %+v", i, g.text, g.x0, g.x1, g.y, g.em, w)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.001 }

// handPDF writes a one-page PDF with a simple font whose widths are known
// and the given content stream.
func handPDF(t *testing.T, content string) string {
	t.Helper()
	widths := make([]string, 0, 35)
	for c := 32; c <= 66; c++ {
		w := "0"
		switch c {
		case ' ':
			w = "250"
		case 'A':
			w = "600"
		case 'B':
			w = "700"
		}
		widths = append(widths, w)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 66 /Widths [" + strings.Join(widths, " ") + "] >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	path := filepath.Join(t.TempDir(), "hand.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		src, ext       string
		lost, ins, dro int
	}{
		{"甲乙丙丁", "甲乙丙丁", 0, 0, 0},
		{"甲乙丙丁", "甲 乙丙\n丁", 0, 1, 0},
		{"one two", "onetwo", 0, 0, 1},
		{"one two", "one\ntwo", 0, 0, 0},
		{"甲乙丙丁", "1\n甲乙丁\n2", 1, 0, 0},
		// A character out of order counts once as lost.
		{"• 1 History 2 Values", "1 History • 2 Values", 1, 0, 0},
		// Running heads between pages are extra, not a loss.
		{strings.Repeat("会议强调网络安全和信息化工作。", 20), strings.Repeat("会议强调网络安全和信息化工作。", 10) + "\n\f3\n书名\n" + strings.Repeat("会议强调网络安全和信息化工作。", 10), 0, 0, 0},
	} {
		c := compare(tc.src, tc.ext)
		if c.Lost != tc.lost || c.Inserted != tc.ins || c.Dropped != tc.dro {
			t.Errorf("compare(%q, %q): lost %d inserted %d dropped %d, want %d %d %d", tc.src, tc.ext, c.Lost, c.Inserted, c.Dropped, tc.lost, tc.ins, tc.dro)
		}
	}
}

func TestArticleText(t *testing.T) {
	in := "Title\n\n• item\n\n• • nested\n\n12. twelfth\n\n> quoted\n\n3.5 is a number\n"
	want := "Title\n\nitem\n\nnested\n\ntwelfth\n\nquoted\n\n3.5 is a number\n"
	if got := articleText(in); got != want {
		t.Errorf("articleText = %q, want %q", got, want)
	}
}
