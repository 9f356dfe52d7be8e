package pdf

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
)

// TestListMarkerFirst: a list item's marker comes before its text in
// pdftotext's raw mode, which reads the content in drawing order, for an
// item of one line and for one that wraps, in Chinese and in English.
func TestListMarkerFirst(t *testing.T) {
	for _, tc := range []struct {
		lang, short, long string
	}{
		{"zh-CN", "第一项", strings.Repeat("排版是指将文字、图片、图形等可视化信息元素在版面布局上调整位置。", 3)},
		{"en", "First item", strings.Repeat("Typesetting is the composition of text by arranging type. ", 4)},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			a := &book.Article{Title: "List", Lang: tc.lang, Blocks: []book.Block{
				&book.List{Ordered: true, Start: 1, Items: []book.ListItem{
					{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(tc.short)}}},
					{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(tc.long)}}},
				}},
				&book.List{Items: []book.ListItem{
					{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(tc.long)}}},
				}},
			}}
			pdf, _ := renderPDF(t, book.Single(a, "list"), Options{})
			raw := squeezeSpace(pdfTextMode(t, pdf, true))
			for _, want := range []string{"1." + squeezeSpace(tc.short), "2." + squeezeSpace(tc.long)[:20], "•" + squeezeSpace(tc.long)[:20]} {
				if !strings.Contains(raw, want) {
					t.Errorf("pdftotext -raw lacks %q:\n%s", want, raw)
				}
			}
		})
	}
}

// TestListMarkerGap: the space a reader sees between a list marker's ink
// and its item's first character is about half an em (issue 18 §6), for
// every marker (•, ◦ and ▪ of nested lists, and numbers) in both Chinese
// body faces, whose ◦ and ▪ (and Noto Serif SC's •) sit in the middle of
// a full em. Measured on the page as poppler draws it.
func TestListMarkerGap(t *testing.T) {
	item := func(s string) book.ListItem {
		return book.ListItem{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(s)}}}
	}
	nested := func(l *book.List) book.ListItem {
		return book.ListItem{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs("上一层")}, l}}
	}
	blocks := []book.Block{
		&book.List{Items: []book.ListItem{item("第一层"), nested(&book.List{Items: []book.ListItem{item("第二层"),
			nested(&book.List{Items: []book.ListItem{item("第三层")}})}})}},
		&book.List{Ordered: true, Start: 1, Items: []book.ListItem{item("第一步"), item("第二步")}},
	}
	const markers = 7 // •, •, ◦, ◦, ▪, 1. and 2.
	for _, font := range []string{"kai", "song"} {
		t.Run(font, func(t *testing.T) {
			a := &book.Article{Title: "列表", Lang: "zh-CN", Blocks: blocks}
			pdf, _ := renderPDF(t, book.Single(a, "list"), Options{Font: font})
			gaps := markerGaps(t, pdf)
			t.Logf("gaps after markers, em: %.2f", gaps)
			if len(gaps) != markers {
				t.Fatalf("%d marker lines found, want %d", len(gaps), markers)
			}
			for i, g := range gaps {
				if g > 0.6 {
					t.Errorf("marker line %d: %.2f em between the marker and the text, want half an em", i, g)
				}
			}
		})
	}
}

// markerGaps renders the first page of pdf and returns, for each row of
// text with a gap of 0.4 em or more within two ems of its first ink (a
// list marker's), that gap in em of the body size.
func markerGaps(t *testing.T, pdf []byte) []float64 {
	t.Helper()
	const dpi = 300
	dir := t.TempDir()
	p := filepath.Join(dir, "list.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-gray", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-singlefile", p, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := newPageGeometry("A4")
	px := float64(dpi) / 72
	em := g.body * px
	ink := func(x, y int) bool {
		r, _, _, _ := img.At(x, y).RGBA()
		return r < 0x8000
	}
	b := img.Bounds()
	rowInk := func(y int) bool {
		for x := b.Min.X; x < b.Max.X; x++ {
			if ink(x, y) {
				return true
			}
		}
		return false
	}
	var gaps []float64
	for y := b.Min.Y; y < b.Max.Y; {
		if !rowInk(y) {
			y++
			continue
		}
		y0 := y
		for y < b.Max.Y && rowInk(y) {
			y++
		}
		col := func(x int) bool {
			for yy := y0; yy < y; yy++ {
				if ink(x, yy) {
					return true
				}
			}
			return false
		}
		first := b.Min.X
		for first < b.Max.X && !col(first) {
			first++
		}
		// The first blank run of 0.4 em or more with ink after it in the
		// next two ems: Han characters, a title's and a number's digits
		// and full stop stand closer, and a row with none is not a
		// marker's (nor is a marker whose gap is shut: the count fails).
		widest, run := 0, 0
		for x := first; x < first+int(2*em) && x < b.Max.X; x++ {
			if !col(x) {
				run++
				continue
			}
			if float64(run) >= 0.4*em {
				widest = run
				break
			}
			run = 0
		}
		if widest == 0 {
			continue
		}
		gaps = append(gaps, float64(widest)/em)
	}
	return gaps
}
