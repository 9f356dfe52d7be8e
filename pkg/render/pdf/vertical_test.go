package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/render"
)

// verticalArticle is testdata/vertical.txt (Latin words, numbers of one
// to five digits, a decimal and a percentage, quotes and brackets) with a
// picture and a table.
func verticalArticle(t testing.TB) *book.Article {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "vertical.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := extract.FromText(f)
	if err != nil {
		t.Fatal(err)
	}
	rows := []book.TableRow{
		{Header: true, Cells: []book.TableCell{{Content: testbook.Runs("年份")}, {Content: testbook.Runs("代表")}}},
		{Cells: []book.TableCell{{Content: testbook.Runs("2023")}, {Content: testbook.Runs("68 名")}}},
		{Cells: []book.TableCell{{Content: testbook.Runs("2024")}, {Content: testbook.Runs("75 名")}}},
	}
	blocks := []book.Block{a.Blocks[0], a.Blocks[1],
		&book.Image{Src: "a.png", Alt: "会场", Caption: testbook.Runs("会场全景，2024年摄"), Data: testbook.Image(t, "png", 400, 300), MediaType: "image/png"},
	}
	blocks = append(blocks, a.Blocks[2:]...)
	blocks = append(blocks, &book.Table{Caption: testbook.Runs("历届代表人数"), Rows: rows}, &book.Paragraph{Content: testbook.Runs("表格之后的段落。")})
	a.Blocks = blocks
	return a
}

// TestPDFVertical: vertical books of the sample and of the mixed fixture
// read in order, set in columns from right to left with characters from
// top to bottom, keep the line-start and line-end rules at the columns'
// ends, draw the fonts' vertical forms of the marks, are bound on the
// right, and come out the same twice.
func TestPDFVertical(t *testing.T) {
	sample := testbook.Sample(t)
	for _, tc := range []struct {
		name, size string
		a          *book.Article
	}{{"sample", "A4", sample}, {"sample", "A5", sample}, {"sample", "6x9", sample}, {"mixed", "A4", verticalArticle(t)}} {
		name := tc.name
		t.Run(name+"/"+tc.size, func(t *testing.T) {
			a := tc.a
			b := book.Single(a, name)
			pdf, info := renderPDF(t, b, Options{Vertical: true, PageSize: tc.size})
			want := append([]string{a.Title}, a.Texts()...)
			verify.InOrder(t, "pdftotext -raw", want, verify.PDFText(t, pdf))
			if name == "sample" {
				// Its default mode too; where an upright table's lines lie
				// across a page of columns, poppler's guess at the reading
				// order of the page puts the table's text first.
				verify.InOrder(t, "pdftotext", want, pdfTextMode(t, pdf, false))
			}
			verify.PDFFonts(t, pdf)
			if info.MissingGlyphs != 0 {
				t.Errorf("%d missing glyphs", info.MissingGlyphs)
			}
			checkColumns(t, pdfBBoxLines(t, pdf), want, a.Title)
			if !regexp.MustCompile(`/ViewerPreferences << /DisplayDocTitle true /Direction /R2L >>`).Match(pdf) || !bytes.Contains(pdf, []byte("/PageLayout /TwoPageRight")) {
				t.Error("no /ViewerPreferences /Direction /R2L and /PageLayout /TwoPageRight in the catalog")
			}
			if out, err := exec.Command("qpdf", "--check", writeTemp(t, pdf)).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
			checkVerticalForms(t, pdf, "，。、")
			if name == "mixed" {
				checkVerticalForms(t, pdf, "「」『』（）《》【】“”")
			}
			again, _ := renderPDF(t, b, Options{Vertical: true, PageSize: tc.size})
			if !bytes.Equal(pdf, again) {
				t.Error("second rendering differs")
			}
		})
	}
}

// checkColumns checks the columns pdftotext finds (each a line's
// ActualText span): taller than wide, and, read page by page from right to
// left, the text in order; no column starts with a mark that may not start
// one, or ends with one that may not end one.
func checkColumns(t *testing.T, lines []bboxLine, want []string, head string) {
	t.Helper()
	var cols []bboxLine
	for _, l := range lines {
		n := len([]rune(l.text))
		if n >= 2 && l.yMax-l.yMin < l.xMax-l.xMin {
			// An upright table's cells and the page number lie across.
			if _, err := strconv.Atoi(l.text); err != nil && !tableText(l.text) {
				t.Errorf("page %d: %q is %.0f wide and %.0f tall: not a column", l.page, l.text, l.xMax-l.xMin, l.yMax-l.yMin)
			}
			continue
		}
		if n >= 2 {
			cols = append(cols, l)
		}
	}
	if len(cols) < 5 {
		t.Fatalf("only %d columns", len(cols))
	}
	slices.SortStableFunc(cols, func(a, b bboxLine) int {
		if a.page != b.page {
			return a.page - b.page
		}
		switch {
		case a.xMin > b.xMin:
			return -1
		case a.xMin < b.xMin:
			return 1
		}
		return 0
	})
	all := squeezeSpace(strings.Join(want, ""))
	pos := 0
	var texts []string
	for _, c := range cols {
		k := strings.Index(all[pos:], c.text)
		if pos > 0 && c.text == squeezeSpace(head) {
			continue // the running head, in the right margin
		}
		if k < 0 {
			if strings.Contains(all, c.text) {
				t.Errorf("page %d: column at x=%.0f %q is out of order, read right to left", c.page, c.xMin, c.text)
			}
			continue
		}
		pos += k + len(c.text)
		texts = append(texts, c.text)
	}
	if len(texts) < len(cols)/2 {
		t.Errorf("only %d of %d columns found in the text", len(texts), len(cols))
	}
	verify.LineBreaks(t, texts)
}

func tableText(s string) bool {
	return strings.ContainsAny(s, "年份代表0123456789")
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkVerticalForms checks that the fonts embedded in pdf draw the
// vertical form LXGW WenKai has for each mark of marks: some embedded
// glyph has the outline of the mark's GSUB vert alternate.
func checkVerticalForms(t *testing.T, pdf []byte, marks string) {
	t.Helper()
	data, err := fonts.Face("kai")
	if err != nil {
		t.Fatal(err)
	}
	kai, err := ttf.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	cmap, err := kai.Cmap()
	if err != nil {
		t.Fatal(err)
	}
	vert, err := kai.SingleSubst("vert", "hani")
	if err != nil {
		t.Fatal(err)
	}
	embedded := map[string]bool{}
	for _, font := range embeddedFonts(t, pdf) {
		f, err := ttf.Parse(font)
		if err != nil {
			t.Fatal(err)
		}
		for g := range f.NumGlyphs() {
			embedded[glyphHeader(f.Glyph(g))] = true
		}
	}
	for _, r := range marks {
		if !strings.ContainsRune(cjk.NoStartChars+cjk.NoEndChars, r) && cjk.ClassOf(r) == cjk.Other {
			continue
		}
		alt, ok := vert[cmap.Glyph(r)]
		if !ok {
			t.Errorf("%c: LXGW WenKai has no vertical form", r)
			continue
		}
		if !embedded[glyphHeader(kai.Glyph(int(alt)))] {
			t.Errorf("%c: its vertical form is not among the glyphs embedded", r)
		}
	}
}

// glyphHeader is a glyph's number of contours and bounding box: subsetting
// renumbers the components of a composite glyph, so its bytes change, but
// not its box, which tells a vertical form (，in the upper right) from the
// mark (in the lower left).
func glyphHeader(g []byte) string {
	if len(g) < 10 {
		return ""
	}
	return string(g[:10])
}

var fontFile2 = regexp.MustCompile(`/FontFile2 (\d+) 0 R`)

// embeddedFonts returns the TrueType fonts embedded in pdf, through qpdf.
func embeddedFonts(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	in := writeTemp(t, pdf)
	qdf := filepath.Join(t.TempDir(), "qdf.pdf")
	if out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --qdf: %v\n%s", err, out)
	}
	text, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range fontFile2.FindAllSubmatch(text, -1) {
		// --qdf renumbers objects; read the stream from the same file.
		data, err := exec.Command("qpdf", "--show-object="+string(m[1]), "--filtered-stream-data", qdf).Output()
		if err != nil {
			t.Fatalf("qpdf --show-object=%s: %v", m[1], err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		t.Fatal("no embedded TrueType font")
	}
	return out
}

// TestPDFVerticalLook renders the vertical pages worth looking at; with
// PDF_OUT set, renderPDF also writes them there.
func TestPDFVerticalLook(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    *book.Article
		opt  Options
	}{
		{"mixed", verticalArticle(t), Options{Vertical: true}},
		{"all", pdfAllBlocks(t, true), Options{Vertical: true}},
		{"a5", testbook.Sample(t), Options{Vertical: true, PageSize: "A5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, info := renderPDF(t, book.Single(tc.a, tc.name), tc.opt)
			// What a reader sees must at least hold every character, in
			// order, each drawn with a real glyph of an embedded font.
			want := append([]string{tc.a.Title}, tc.a.Texts()...)
			verify.InOrder(t, "pdftotext -raw", want, verify.PDFText(t, pdf))
			verify.PDFFonts(t, pdf)
			if info.MissingGlyphs != 0 || info.Pages == 0 {
				t.Errorf("%d pages, %d missing glyphs", info.Pages, info.MissingGlyphs)
			}
		})
	}
}

// BenchmarkPDFVerticalSample is BenchmarkPDFSample in columns: what
// drawing each upright glyph on its own costs.
func BenchmarkPDFVerticalSample(b *testing.B) {
	bk := book.Single(testbook.Sample(b), "sample")
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if _, err := Write(&buf, render.Prepare(bk), Options{Vertical: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}
