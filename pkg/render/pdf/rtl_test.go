package pdf

import (
	"bytes"
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
)

// TestRightToLeftBlocks sets Arabic and Hebrew pages with numbered and
// bulleted lists and a block quote (testdata/rtl) and checks them
// mirrored: each list marker at the right of its item's text, the items
// and the quote indented from the right, the quote's rule at the right;
// numbers and Latin words left to right inside them; the structure's
// labels read as typed; paragraphs and a
// list item that open with a Latin word right to left all the same, as
// their chapter's language runs; the text, markers included, in logical
// order under pdftotext and pdftotext -raw.
func TestRightToLeftBlocks(t *testing.T) {
	g, _ := newPageGeometry("A4")
	right := g.left + g.width
	for _, name := range []string{"ar", "he"} {
		t.Run(name, func(t *testing.T) {
			a := scriptPage(t, filepath.Join(testbook.Root, "pkg", "render", "pdf", "testdata", "rtl", name+".html"))
			var items, marks []string
			var quote string
			book.Walk(a.Blocks, func(b book.Block) {
				switch x := b.(type) {
				case *book.List:
					for i, it := range x.Items {
						mk := "•"
						if x.Ordered {
							mk = strconv.Itoa(i+1) + "."
						}
						items = append(items, mk+book.PlainText(it.Blocks[0].(*book.Paragraph).Content))
						marks = append(marks, mk)
					}
				case *book.Quote:
					quote = book.PlainText(x.Blocks[0].(*book.Paragraph).Content)
				}
			})
			if len(items) < 4 || quote == "" {
				t.Fatalf("page read with %d list items and quote %q", len(items), quote)
			}
			pdf, _ := renderPDF(t, book.Single(a, name), Options{})
			for _, raw := range []bool{false, true} {
				got := squeezeAll(pdfTextMode(t, pdf, raw))
				for _, p := range append(a.Texts(), items...) {
					if !strings.Contains(got, squeezeAll(p)) {
						t.Errorf("pdftotext (raw %v) lacks, in logical order, %q", raw, p)
					}
				}
			}

			body := g.body
			markers := 0
			for _, ln := range pdfWordLines(t, pdf) {
				first := ln[len(ln)-1] // the rightmost word
				if len(ln) < 2 {
					continue
				}
				if first.text != "•" && !regexp.MustCompile(`^[0-9]+\.$`).MatchString(first.text) || first.xMin < right-pdfStyle.listIndent*body {
					continue // not a marker, or not in the indent at the right
				}
				markers++
				textRight := ln[len(ln)-2].xMax
				if first.xMin < textRight || first.xMax > right+0.5 {
					t.Errorf("marker %q at %.1f-%.1f, its text ends at %.1f, right margin %.1f", first.text, first.xMin, first.xMax, textRight, right)
				}
				if d := right - pdfStyle.listIndent*body - textRight; math.Abs(d) > 1.5 {
					t.Errorf("list item %q ends %.1f pt from the list's indent at the right", ln[len(ln)-2].text, d)
				}
			}
			if markers != len(items) {
				t.Errorf("%d markers at the right of their items, want %d", markers, len(items))
			}

			// Paragraphs that open with Latin are right to left too, by
			// their chapter's language: flush right.
			latin := 0
			for _, ln := range pdfBBoxLines(t, pdf) {
				if !strings.Contains(ln.text, "UniversalDeclaration") && !strings.Contains(ln.text, "UNESCO") {
					continue
				}
				latin++
				if d := right - ln.xMax; math.Abs(d) > 1.5 {
					t.Errorf("line %q ends %.1f pt from the right margin", ln.text, d)
				}
			}
			if name == "ar" && latin != 2 {
				t.Errorf("%d lines of the paragraphs opening with Latin, want 2", latin)
			}

			// The structure's labels read as typed, "1." not ".1".
			var labels []string
			lines := strings.Split(pdfRun(t, pdf, "pdfinfo", "-struct-text", "-"), "\n")
			for i, l := range lines {
				if strings.TrimSpace(l) == "Lbl (block)" && i+1 < len(lines) {
					labels = append(labels, strings.Trim(strings.TrimSpace(lines[i+1]), `"`))
				}
			}
			if strings.Join(labels, " ") != strings.Join(marks, " ") {
				t.Errorf("list labels in the structure %q, want %q", labels, marks)
			}

			q := qdf(t, pdf)
			bar := right - pdfStyle.quoteBar*body
			rules := regexp.MustCompile(`([0-9.]+) ([0-9.]+) m ([0-9.]+) ([0-9.]+) l S`).FindAllSubmatch(q, -1)
			vertical := 0
			for _, m := range rules {
				x1, _ := strconv.ParseFloat(string(m[1]), 64)
				x2, _ := strconv.ParseFloat(string(m[3]), 64)
				if x1 != x2 {
					continue
				}
				vertical++
				if math.Abs(x1-bar) > 0.02 {
					t.Errorf("the quote's rule at x %.2f, want %.2f, at the right", x1, bar)
				}
			}
			if vertical == 0 {
				t.Error("no rule beside the quote")
			}
		})
	}
}

// TestRightToLeftBinding: a book all of whose chapters run right to left
// binds on the right (/Direction /R2L, facing pages with the first on the
// right); a book with a left-to-right chapter does not.
func TestRightToLeftBinding(t *testing.T) {
	read := func(name string) *book.Article {
		return scriptPage(t, filepath.Join(testbook.Root, "testdata", "scripts", name+".html"))
	}
	for _, c := range []struct {
		chapters []string
		rtl      bool
	}{
		{[]string{"arb"}, true},
		{[]string{"heb", "pes_1", "urd"}, true},
		{[]string{"arb", "eng"}, false},
		{[]string{"eng"}, false},
	} {
		var chs []*book.Article
		for _, n := range c.chapters {
			chs = append(chs, read(n))
		}
		b := &book.Book{ID: "rtl", Title: "book", Chapters: chs}
		if len(chs) == 1 {
			b = book.Single(chs[0], "rtl")
		}
		pdf, _ := renderPDF(t, b, Options{})
		got := bytes.Contains(pdf, []byte("/Direction /R2L >> /PageLayout /TwoPageRight"))
		if got != c.rtl {
			t.Errorf("%v: bound on the right %v, want %v", c.chapters, got, c.rtl)
		}
	}
}

// wordBox is a word as pdftotext -bbox reports it.
type wordBox struct {
	xMin, xMax, yMin, yMax float64
	text                   string
}

// pdfWordLines returns the words pdftotext -bbox finds, grouped in lines
// (a word whose middle lies within the height of the line's first) and
// sorted left to right.
func pdfWordLines(t testing.TB, pdf []byte) [][]wordBox {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var doc struct {
		Pages []struct {
			Words []struct {
				XMin float64 `xml:"xMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMin float64 `xml:"yMin,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("parsing pdftotext -bbox: %v", err)
	}
	var lines [][]wordBox
	for _, pg := range doc.Pages {
		var cur []wordBox
		for _, w := range pg.Words {
			wb := wordBox{w.XMin, w.XMax, w.YMin, w.YMax, strings.TrimSpace(w.Text)}
			if mid := (wb.yMin + wb.yMax) / 2; len(cur) > 0 && (mid < cur[0].yMin || mid > cur[0].yMax) {
				lines = append(lines, sortedWords(cur))
				cur = nil
			}
			cur = append(cur, wb)
		}
		if len(cur) > 0 {
			lines = append(lines, sortedWords(cur))
		}
	}
	return lines
}

func sortedWords(ws []wordBox) []wordBox {
	out := append([]wordBox(nil), ws...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].xMin < out[j-1].xMin; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
