package render

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/article"
)

// pdfSampleArticle reads testdata/sample-zh.txt by hand (header lines, a
// blank line, one paragraph per line) so these tests do not depend on
// article.FromText.
func pdfSampleArticle(t testing.TB) *article.Article {
	t.Helper()
	data, err := os.ReadFile("../../testdata/sample-zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	a := &article.Article{Lang: "zh"}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	header := true
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if header {
			if l == "" {
				header = false
				continue
			}
			k, v, _ := strings.Cut(l, ":")
			v = strings.TrimSpace(v)
			switch k {
			case "Title":
				a.Title = v
			case "URL":
				a.SourceURL = v
			case "Date":
				if d, err := time.Parse("2006-01-02", v); err == nil {
					a.Published = d
				}
			}
			continue
		}
		if l != "" {
			a.Blocks = append(a.Blocks, &article.Paragraph{Content: []article.Inline{{Text: l}}})
		}
	}
	return a
}

func renderPDF(t testing.TB, b *article.Book, opt PDFOptions) ([]byte, PDFInfo) {
	t.Helper()
	var buf bytes.Buffer
	info, err := PDF(&buf, b, opt)
	if err != nil {
		t.Fatalf("PDF: %v", err)
	}
	if dir := os.Getenv("PDF_OUT"); dir != "" {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".pdf"
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes(), info
}

// TestPDFSample renders the sample article three times over (for page
// breaks inside paragraphs) on every page size and checks text, line
// breaks, fonts, justification and widows.
func TestPDFSample(t *testing.T) {
	a := pdfSampleArticle(t)
	blocks := a.Blocks
	a.Blocks = append(append(append([]article.Block{}, blocks...), blocks...), blocks...)
	for _, size := range []string{"A4", "A5", "Letter", "6x9"} {
		t.Run(size, func(t *testing.T) {
			pdf, info := renderPDF(t, article.Single(a, "sample"), PDFOptions{PageSize: size})
			verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFText(t, pdf))
			verify.LineBreaks(t, verify.PDFLines(t, pdf))
			// Bold for the title; the fallback and mono faces are unused
			// and must not be embedded.
			fonts := verify.PDFFonts(t, pdf)
			slices.Sort(fonts)
			if want := []string{"utf8wenkai", "utf8wenkaib"}; !slices.Equal(fonts, want) {
				t.Errorf("fonts %q, want %q", fonts, want)
			}
			if want := []string{"0 characters have no glyph in any embedded font"}; !slices.Equal(info.Warnings, want) {
				t.Errorf("warnings %q, want %q", info.Warnings, want)
			}
			if got := verify.PDFPages(t, pdf); got != strconv.Itoa(info.Pages) {
				t.Errorf("pdfinfo says %s pages, PDFInfo %d", got, info.Pages)
			}
			g, _ := newPageGeometry(size)
			if math.Abs(g.width/g.body-math.Round(g.width/g.body)) > 1e-9 {
				t.Errorf("measure %.2f is not a whole number of %.1f pt em", g.width, g.body)
			}
			lines := matchBodyLines(t, pdfBBoxLines(t, pdf), a.Texts())
			checkJustified(t, lines, g.left+g.width, g.body)
			checkWidowsOrphans(t, lines)
			t.Logf("%d bytes, %d pages", len(pdf), info.Pages)
		})
	}
}

// bboxLine is a text line as pdftotext -bbox-layout reports it.
type bboxLine struct {
	page       int
	xMin, xMax float64
	yMin       float64
	text       string // words joined without spaces
}

// pdfBBoxLines runs pdftotext -bbox-layout and returns its lines in order.
func pdfBBoxLines(t testing.TB, pdf []byte) []bboxLine {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox-layout", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox-layout: %v", err)
	}
	type word struct {
		Text string `xml:",chardata"`
	}
	type xline struct {
		XMin  float64 `xml:"xMin,attr"`
		XMax  float64 `xml:"xMax,attr"`
		YMin  float64 `xml:"yMin,attr"`
		Words []word  `xml:"word"`
	}
	type page struct {
		Lines []xline `xml:"flow>block>line"`
	}
	var doc struct {
		Pages []page `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("parsing pdftotext -bbox-layout: %v", err)
	}
	var lines []bboxLine
	for i, pg := range doc.Pages {
		for _, l := range pg.Lines {
			var s strings.Builder
			for _, w := range l.Words {
				s.WriteString(w.Text)
			}
			lines = append(lines, bboxLine{page: i + 1, xMin: l.XMin, xMax: l.XMax, yMin: l.YMin, text: s.String()})
		}
	}
	return lines
}

func squeezeSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// bodyLines matches the PDF's lines against paragraph texts, returning for
// each body line its paragraph index and whether it ends the paragraph.
// Lines that are no paragraph's text (title, header, footer) are dropped.
type bodyLine struct {
	bboxLine
	para int
	last bool
}

func matchBodyLines(t testing.TB, lines []bboxLine, paras []string) []bodyLine {
	t.Helper()
	var out []bodyLine
	pi, pos := 0, 0
	for _, l := range lines {
		if pi == len(paras) {
			break
		}
		rest := squeezeSpace(paras[pi])[pos:]
		if l.text == "" || !strings.HasPrefix(rest, l.text) {
			continue
		}
		pos += len(l.text)
		bl := bodyLine{bboxLine: l, para: pi, last: pos == len(squeezeSpace(paras[pi]))}
		out = append(out, bl)
		if bl.last {
			pi, pos = pi+1, 0
		}
	}
	if pi != len(paras) {
		t.Fatalf("matched %d of %d paragraphs to PDF lines", pi, len(paras))
	}
	return out
}

// checkJustified asserts that every line but a paragraph's last ends within
// 0.5 pt of the right margin. A line ending in a squeezed full-width mark
// ends half an em further in pdftotext's eyes: the mark's ink sits in the
// left half of its em box, which is the half we keep.
func checkJustified(t *testing.T, lines []bodyLine, right, em float64) {
	t.Helper()
	n := 0
	for _, l := range lines {
		if l.last {
			continue
		}
		n++
		r := []rune(l.text)
		d := l.xMax - right
		squeezed := strings.ContainsRune(squeezable, r[len(r)-1]) && math.Abs(d-em/2) <= 0.5
		if math.Abs(d) > 0.5 && !squeezed {
			t.Errorf("page %d: line %q ends at %.2f, margin %.2f", l.page, l.text, l.xMax, right)
		}
	}
	if n == 0 {
		t.Error("no justified line checked")
	}
}

// checkWidowsOrphans asserts that a paragraph broken across pages leaves at
// least two lines on each.
func checkWidowsOrphans(t *testing.T, lines []bodyLine) {
	t.Helper()
	count := map[[2]int]int{} // (para, page) -> lines
	pages := map[int][]int{}
	for _, l := range lines {
		k := [2]int{l.para, l.page}
		if count[k] == 0 {
			pages[l.para] = append(pages[l.para], l.page)
		}
		count[k]++
	}
	split := 0
	for para, pgs := range pages {
		if len(pgs) < 2 {
			continue
		}
		split++
		for _, pg := range pgs {
			if c := count[[2]int{para, pg}]; c < 2 {
				t.Errorf("paragraph %d has %d line(s) on page %d", para, c, pg)
			}
		}
	}
	t.Logf("%d paragraphs split across pages", split)
}

func TestPDFDeterministic(t *testing.T) {
	a := pdfSampleArticle(t)
	a.Published = time.Date(2025, 1, 4, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	b := article.Single(a, "sample")
	first, _ := renderPDF(t, b, PDFOptions{})
	for i := 0; i < 3; i++ {
		again, _ := renderPDF(t, b, PDFOptions{})
		if !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first (%d vs %d bytes)", i+2, len(again), len(first))
		}
	}
	if !bytes.Contains(first, []byte("/CreationDate (D:20250104000000)")) {
		t.Errorf("creation date is not the article's publication date (UTC)")
	}
}
