package pdf

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	pngenc "image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
)

func renderPDF(t testing.TB, b *book.Book, opt Options) ([]byte, Info) {
	t.Helper()
	var buf bytes.Buffer
	info, err := Write(&buf, render.Prepare(b), opt)
	if err != nil {
		t.Fatalf("PDF: %v", err)
	}
	verify.TaggedPDF(t, buf.Bytes(), info.Standards)
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
	a := testbook.Sample(t)
	blocks := a.Blocks
	a.Blocks = append(append(append([]book.Block{}, blocks...), blocks...), blocks...)
	for _, size := range []string{"A4", "A5", "Letter", "6x9"} {
		t.Run(size, func(t *testing.T) {
			pdf, info := renderPDF(t, book.Single(a, "sample"), Options{PageSize: size})
			verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFText(t, pdf))
			verify.LineBreaks(t, verify.PDFLines(t, pdf))
			// Bold for the title; the fallback and mono faces are unused
			// and must not be embedded.
			fonts := verify.PDFFonts(t, pdf)
			slices.Sort(fonts)
			if want := []string{"LXGWWenKai-Bold", "LXGWWenKai-Regular"}; !slices.Equal(fonts, want) {
				t.Errorf("fonts %q, want %q", fonts, want)
			}
			if len(info.Warnings) != 0 || info.MissingGlyphs != 0 {
				t.Errorf("warnings %q, %d missing glyphs; want none", info.Warnings, info.MissingGlyphs)
			}
			if got := verify.PDFPages(t, pdf); got != strconv.Itoa(info.Pages) {
				t.Errorf("pdfinfo says %s pages, Info %d", got, info.Pages)
			}
			g, _ := newPageGeometry(size)
			if math.Abs(g.width/g.body-math.Round(g.width/g.body)) > 1e-9 {
				t.Errorf("measure %.2f is not a whole number of %.1f pt em", g.width, g.body)
			}
			lines := matchBodyLines(t, pdfBBoxLines(t, pdf), a.Texts())
			checkJustified(t, lines, g.left+g.width, g.body)
			checkWidowsOrphans(t, lines)
			checkNoParagraphSpace(t, pdf, a, size)
			t.Logf("%d bytes, %d pages", len(pdf), info.Pages)
		})
	}
}

// bboxLine is a text line as pdftotext -bbox-layout reports it.
type bboxLine struct {
	page       int
	xMin, xMax float64
	yMin, yMax float64
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
		YMax  float64 `xml:"yMax,attr"`
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
				// A line's ActualText comes back as one word, spaces
				// and all.
				s.WriteString(squeezeSpace(w.Text))
			}
			lines = append(lines, bboxLine{page: i + 1, xMin: l.XMin, xMax: l.XMax, yMin: l.YMin, yMax: l.YMax, text: s.String()})
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
// 0.5 pt of the right margin. A line ending in a full-width closing mark
// ends earlier in pdftotext's eyes, which see the glyph's advance: the
// mark's ink sits at the left of its em cell, whose blank rest (half an
// em, or 0.65 em for LXGW WenKai's proportional quotes set full width)
// reaches the margin.
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
		// A mark that gave up its blank half at the line end reaches
		// half an em past the margin in pdftotext's eyes.
		closing := cjk.ClassOf(r[len(r)-1]) == cjk.Closing
		squeezed := closing && (d < 0 && -d <= 0.65*em+0.5 || math.Abs(d-em/2) <= 0.5)
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
	a := testbook.Sample(t)
	a.Published = time.Date(2025, 1, 4, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	b := book.Single(a, "sample")
	first, _ := renderPDF(t, b, Options{})
	for i := 0; i < 3; i++ {
		again, _ := renderPDF(t, b, Options{})
		if !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first (%d vs %d bytes)", i+2, len(again), len(first))
		}
	}
	if got := pdfInfoDict(t, first)["/CreationDate"]; got != "u:D:20250104000000Z" {
		t.Errorf("creation date %v is not the article's publication date (UTC)", got)
	}
}

// TestAheadSameBytes: paragraphs set on other cores (ahead.go) give the
// bytes that setting them one after the other on one core gives, for
// horizontal and vertical books, with a paragraph repeated (the same
// block three times) and every block type among them.
func TestAheadSameBytes(t *testing.T) {
	a := testbook.Sample(t)
	a.Blocks = append(append(append(append([]book.Block{}, a.Blocks...), a.Blocks...), a.Blocks...), pdfAllBlocks(t, true).Blocks...)
	b := book.Single(a, "sample")
	for _, vertical := range []bool{false, true} {
		prev := runtime.GOMAXPROCS(1)
		one, _ := renderPDF(t, b, Options{Vertical: vertical})
		runtime.GOMAXPROCS(4)
		four, _ := renderPDF(t, b, Options{Vertical: vertical})
		runtime.GOMAXPROCS(prev)
		if !bytes.Equal(one, four) {
			t.Errorf("vertical %v: on four cores %d bytes, on one %d, not the same", vertical, len(four), len(one))
		}
	}
}

// pdfAllBlocks returns an article with every block type; texts are in
// Chinese when zh, else English.
func pdfAllBlocks(t testing.TB, zh bool) *book.Article {
	w := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	long := w("Typesetting is the composition of text by means of arranging physical type or its digital equivalents. Stored letters and other symbols are retrieved and ordered according to a language's orthography for visual display. ",
		"排版是指将文字、图片、图形等可视化信息元素在版面布局上调整位置、大小，使版面布局条理化的过程。中文排版需要遵循一系列规则，例如标点符号不能出现在行首。")
	var rows []book.TableRow
	rows = append(rows, book.TableRow{Header: true, Cells: []book.TableCell{
		{Content: testbook.Runs(w("Name", "名称"))}, {Content: testbook.Runs(w("Description", "说明"))}, {Content: testbook.Runs(w("Value", "数值"))}}})
	for i := 1; i <= 40; i++ {
		rows = append(rows, book.TableRow{Cells: []book.TableCell{
			{Content: testbook.Runs(fmt.Sprintf("%s %d", w("Row", "行"), i))},
			{Content: testbook.Runs(w("a cell with enough words to wrap onto a second line in its column", "一个足够长的单元格内容，用来测试单元格内的自动换行是否正确"))},
			{Content: testbook.Runs(strconv.Itoa(i * 1234))}}})
	}
	return &book.Article{
		Title:     w("Every Block Type: A Test", "所有块类型：一个测试"),
		Byline:    w("Ann Author", "张三"),
		SiteName:  w("Example Site", "示例网站"),
		Published: time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC),
		Lang:      w("en", "zh-CN"),
		SourceURL: "https://example.com/articles/2024/03/every-block-type-a-test-with-a-long-url.html",
		Blocks: []book.Block{
			&book.Paragraph{Content: []book.Inline{
				{Text: long + w("Plain, then ", "普通，然后")},
				{Text: w("bold text", "粗体文字"), Style: book.Bold},
				{Text: w(", then ", "，然后")},
				{Text: w("italic text", "斜体文字"), Style: book.Italic},
				{Text: w(", code ", "，代码")},
				{Text: "fmt.Println()", Style: book.Mono},
				{Text: w(" and a ", "和一个")},
				{Text: w("link to the site", "链接"), Href: "https://example.com/linked"},
				{Text: w(". Then a hard\nline break and more text after it.", "。然后是硬换行\n换行后的文字。")},
			}},
			&book.Heading{Level: 2, Content: testbook.Runs(w("Lists", "列表"))},
			&book.List{Items: []book.ListItem{
				{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(w("First bullet item", "第一项"))}}},
				{Blocks: []book.Block{
					&book.Paragraph{Content: testbook.Runs(w("Second item with a nested list", "第二项，含嵌套列表"))},
					&book.List{Ordered: true, Start: 3, Items: []book.ListItem{
						{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(w("nested three", "嵌套三"))}}},
						{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(w("nested four", "嵌套四"))}}},
					}},
				}},
			}},
			&book.Heading{Level: 2, Content: testbook.Runs(w("Quote and code", "引用和代码"))},
			&book.Quote{Blocks: []book.Block{
				&book.Paragraph{Content: testbook.Runs(long)},
				&book.Quote{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(w("A nested quotation.", "嵌套的引用。"))}}},
			}},
			&book.Code{Text: "func main() {\n\tfmt.Println(\"hello, 世界\") // " + strings.Repeat("a very long comment ", 8) + "\n}\n", Lang: "go"},
			&book.Heading{Level: 2, Content: testbook.Runs(w("Images", "图片"))},
			&book.Image{Src: "a.png", Alt: "png", Caption: testbook.Runs(w("A PNG picture", "一张 PNG 图片")), Data: testbook.Image(t, "png", 400, 200), MediaType: "image/png"},
			&book.Image{Src: "b.jpg", Alt: "jpeg", Caption: testbook.Runs(w("A wide JPEG", "一张宽 JPEG")), Data: testbook.Image(t, "jpeg", 2000, 500), MediaType: "image/jpeg"},
			&book.Image{Src: "c.gif", Alt: "gif", Caption: testbook.Runs(w("A tall GIF", "一张高 GIF")), Data: testbook.Image(t, "gif", 100, 3000), MediaType: "image/gif"},
			&book.Image{Src: "missing.png", Alt: w("The picture that could not be fetched", "无法获取的图片"), Caption: testbook.Runs(w("Missing picture", "缺失的图片"))},
			&book.Rule{},
			&book.Heading{Level: 2, Content: testbook.Runs(w("A long table", "长表格"))},
			&book.Table{Caption: testbook.Runs(w("Table caption", "表格标题")), Rows: rows},
			&book.Paragraph{Content: testbook.Runs(w("The end.", "完。"))},
		},
	}
}

// TestTableCaptionWithTable: a table's caption, and the heading before
// it, go on the page where the table begins, not at the foot of the page
// before (they did on the English all-blocks page: a one-line caption did
// not keep with the rows after it).
func TestTableCaptionWithTable(t *testing.T) {
	pdf, _ := renderPDF(t, book.Single(pdfAllBlocks(t, false), "all"), Options{})
	pages := strings.Split(verify.PDFText(t, pdf), "\f")
	pageOf := func(s string) int {
		for i, p := range pages {
			if strings.Contains(p, s) {
				return i + 1
			}
		}
		t.Fatalf("%q on no page", s)
		return 0
	}
	heading, caption, row := pageOf("A long table"), pageOf("Table caption"), pageOf("Row 1 ")
	if heading != row || caption != row {
		t.Errorf("heading on page %d, caption on page %d, the first row on page %d", heading, caption, row)
	}
}

// TestPDFAllBlocks checks every block type with the tools: text order,
// line breaks, fonts, links, images, the outline and the repeated table
// header.
func TestPDFAllBlocks(t *testing.T) {
	for _, zh := range []bool{true, false} {
		a := pdfAllBlocks(t, zh)
		t.Run(a.Lang, func(t *testing.T) {
			pdf, info := renderPDF(t, book.Single(a, "all"), Options{})
			verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFText(t, pdf))
			verify.LineBreaks(t, verify.PDFLines(t, pdf))
			fonts := verify.PDFFonts(t, pdf)
			slices.Sort(fonts)
			// English is set in Noto Serif with its true italic; Chinese in
			// LXGW WenKai, slanted for italics.
			want := []string{"DejaVuSansMono", "LXGWWenKai-Bold", "LXGWWenKai-Regular"}
			if !zh {
				want = []string{"DejaVuSansMono", "LXGWWenKai-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-Regular"}
			}
			if !slices.Equal(fonts, want) {
				t.Errorf("fonts %q, want %q", fonts, want)
			}
			for _, uri := range []string{"https://example.com/linked", a.SourceURL} {
				if !bytes.Contains(qdf(t, pdf), []byte("/URI ("+uri+")")) {
					t.Errorf("no link annotation to %s", uri)
				}
			}
			imgs := pdfRun(t, pdf, "pdfimages", "-list")
			if n := strings.Count(imgs, "\n") - 2; n < 3 {
				t.Errorf("pdfimages lists %d images, want 3:\n%s", n, imgs)
			}
			// The table spans pages: its header row is drawn on each.
			header := w(zh, "Name", "名称")
			var pagesWithHeader, pagesWithRows int
			for _, pg := range strings.Split(verify.PDFText(t, pdf), "\f") {
				if strings.Contains(pg, w(zh, "Row ", "行 ")) {
					pagesWithRows++
					if strings.Contains(pg, header) {
						pagesWithHeader++
					}
				}
			}
			if pagesWithRows < 2 || pagesWithHeader != pagesWithRows {
				t.Errorf("table rows on %d pages, header on %d", pagesWithRows, pagesWithHeader)
			}
			// Chinese italics are an oblique: a 12° skew leaning right.
			dir := t.TempDir()
			in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "qdf.pdf")
			if err := os.WriteFile(in, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, out).CombinedOutput(); err != nil {
				t.Fatalf("qpdf: %v %s", err, msg)
			}
			qdf, _ := os.ReadFile(out)
			if zh && !bytes.Contains(qdf, []byte("1 0 .21256 1 ")) {
				t.Error("no oblique transform (1 0 tan12° 1) in the content streams")
			}
			// Headings are kept with what follows them.
			g, _ := newPageGeometry("A4")
			bl := pdfBBoxLines(t, pdf)
			for _, h := range []string{w(zh, "Lists", "列表"), w(zh, "Images", "图片"), w(zh, "A long table", "长表格")} {
				h = squeezeSpace(h)
				i := slices.IndexFunc(bl, func(l bboxLine) bool { return l.text == h })
				if i < 0 {
					t.Errorf("heading %q not found", h)
					continue
				}
				if next := bl[i+1]; next.page != bl[i].page || next.yMin > g.bottom {
					t.Errorf("heading %q is the last line of page %d", h, bl[i].page)
				}
			}
			outline := pdfRun(t, pdf, "qpdf", "--json", "--json-key=outlines", "-")
			for _, h := range []string{a.Title, w(zh, "Lists", "列表"), w(zh, "A long table", "长表格")} {
				if !strings.Contains(outline, h) {
					t.Errorf("outline lacks %q:\n%s", h, outline)
				}
			}
			t.Logf("%d bytes, %d pages, warnings %q", len(pdf), info.Pages, info.Warnings)
		})
	}
}

func w(zh bool, en, cn string) string {
	if zh {
		return cn
	}
	return en
}

// qdf returns pdf as qpdf rewrites it for reading: objects out of their
// streams, content uncompressed, dictionary keys sorted.
func qdf(t testing.TB, pdf []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "qdf.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// pdfRun runs a poppler or qpdf tool on pdf; "-" in args stands for the
// file.
// pdfTextMode is pdftotext's text of pdf, in -raw or default mode.
func pdfTextMode(t testing.TB, pdf []byte, raw bool) string {
	t.Helper()
	if raw {
		return verify.PDFText(t, pdf)
	}
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pdfRun(t testing.TB, pdf []byte, name string, args ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, p)
	if i := slices.Index(args, "-"); i >= 0 {
		args = slices.Delete(args, i, i+1)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

func BenchmarkPDFSample(b *testing.B) {
	bk := book.Single(testbook.Sample(b), "sample")
	var buf bytes.Buffer
	if _, err := Write(&buf, render.Prepare(bk), Options{}); err != nil { // parse fonts once
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if _, err := Write(&buf, render.Prepare(bk), Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// TestPDFPages renders real pages through extract.FromHTML.
func TestPDFPages(t *testing.T) {
	pages := []struct {
		name string
		lang string // expected language family
	}{
		{"gmw", "zh"}, {"qq", "zh"}, {"youth", "zh"}, {"pixnet", "zh"},
		{"hukumusume", "ja"},
		{"wikipedia", "en"}, {"bbc-1", "en"}, {"nytimes-1", "en"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			a := testbook.Page(t, p.name, nil)
			a.Lang = ""
			if lang := render.Prepare(book.Single(a, p.name)).Lang; !strings.HasPrefix(lang, p.lang) {
				t.Errorf("text looks like %q, want %q", lang, p.lang)
			}
			pdf, info := renderPDF(t, book.Single(a, p.name), Options{})
			verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFTextByPosition(t, pdf))
			verify.LineBreaks(t, verify.PDFLines(t, pdf))
			verify.PDFFonts(t, pdf)
			if info.MissingGlyphs != 0 {
				t.Errorf("%d missing glyphs, warnings %q", info.MissingGlyphs, info.Warnings)
			}
			checkFigures(t, pdf, a)
			t.Logf("%d blocks, %d bytes, %d pages, warnings %q", len(a.Blocks), len(pdf), info.Pages, info.Warnings)
		})
	}
}

// TestPDFSampleFigures measures the sample as it is (typefigures matches
// texts by runs that occur once, which a repeated text has not).
func TestPDFSampleFigures(t *testing.T) {
	a := testbook.Sample(t)
	pdf, _ := renderPDF(t, book.Single(a, "sample"), Options{})
	checkFigures(t, pdf, a)
}

// TestPDFFallback checks characters LXGW WenKai lacks: Extension A comes
// from Droid Sans Fallback, emoji from Noto Emoji, later extensions from
// the extension face (each embedded only then), characters above U+FFFF
// are drawn under private-use code points yet extract as themselves, and
// glyphless ones are counted.
func TestPDFFallback(t *testing.T) {
	const extA, none = '㐀', '\U00013000' // an Egyptian hieroglyph: in no face
	for _, f := range []face.ID{face.Kai, face.Fallback, face.Emoji, face.Ext} {
		if _, err := face.Open(f); err != nil {
			t.Fatal(err)
		}
	}
	reg, _ := face.Open(face.Kai)
	fb, _ := face.Open(face.Fallback)
	ext, _ := face.Open(face.Ext)
	if reg.Has(extA) || !fb.Has(extA) || reg.Has(none) || fb.Has(none) || reg.Has('𪚥') || !ext.Has('𪚥') || !reg.Has('𠮷') {
		t.Fatal("test characters no longer fit their roles")
	}
	text := "扩展A区的字" + string(extA) + "，表情😀和扩展B区𠮷与𪚥，再来一个😀，藏文" + string(none) + "。"
	a := &book.Article{Title: "回退字体", Lang: "zh", Blocks: []book.Block{
		&book.Paragraph{Content: testbook.Runs(text)},
	}}
	pdf, info := renderPDF(t, book.Single(a, "fb"), Options{})
	fonts := verify.PDFFonts(t, pdf)
	for _, f := range []string{"DroidSansFallback", "NotoEmoji-Regular", "HanaMinB"} {
		if !slices.Contains(fonts, f) {
			t.Errorf("fonts %q lack %s", fonts, f)
		}
	}
	for _, raw := range []bool{true, false} {
		if got := pdfTextMode(t, pdf, raw); !strings.Contains(got, text) {
			t.Errorf("pdftotext (raw %v): %q, want %q in it", raw, got, text)
		}
	}
	want := []string{"characters with no glyph in any embedded font: 1"}
	if !slices.Equal(info.Warnings, want) || info.MissingGlyphs != 1 {
		t.Errorf("warnings:\n%q\nwant\n%q", info.Warnings, want)
	}
}

// TestPDFMetadataAndChapters checks the document information, the outline
// of a two-chapter book, its contents page and that each chapter starts a
// page.
func TestPDFMetadataAndChapters(t *testing.T) {
	c1 := pdfAllBlocks(t, true)
	c2 := testbook.Sample(t)
	c2.Byline = "李四"
	c2.SiteName, c2.Source = "中国网信网", "新华社"
	b := &book.Book{ID: "two", Title: "合集", Lang: "zh", Chapters: []*book.Article{c1, c2}}
	pdf, info := renderPDF(t, b, Options{PageSize: "A5"})
	meta := pdfRun(t, pdf, "pdfinfo", "-")
	for _, want := range []string{"Title:           合集", "Author:          张三, 李四", "Creator:         article2book", "Page size:       419.53 x 595.28 pts", "CreationDate:    Tue Mar  5 10:30:00 2024"} {
		if !strings.Contains(meta, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, meta)
		}
	}
	if !bytes.Contains(pdf, []byte("/Lang (zh-Hans)")) {
		t.Error("no /Lang")
	}
	// The byline, site, source (来源) and date, once, under the title.
	if text := verify.PDFText(t, pdf); !strings.Contains(text, "李四 · 中国网信网 · 新华社") {
		t.Errorf("no byline line with the source in %q", text)
	}
	// Page 1 holds the book's title and the contents; each chapter title
	// then opens a page, the one the contents give for it.
	pages := strings.Split(verify.PDFText(t, pdf), "\f")
	toc := squeezeSpace(pages[0])
	if !strings.HasPrefix(strings.TrimLeft(toc, "0123456789"), "合集目录") {
		t.Errorf("page 1: %q, want the book's title and 目录", toc)
	}
	if n := len(regexp.MustCompile(`/Dest \[[^>]*/Subtype /Link`).FindAll(qdf(t, pdf), -1)); n != 2 {
		t.Errorf("%d internal links, want one per chapter", n)
	}
	for _, c := range []*book.Article{c1, c2} {
		i := slices.IndexFunc(pages[1:], func(p string) bool { return strings.Contains(squeezeSpace(p), squeezeSpace(c.Title)) }) + 1
		if want := squeezeSpace(c.Title) + strconv.Itoa(i+1); !strings.Contains(toc, want) {
			t.Errorf("contents %q lack %q", toc, want)
		}
		if i < 1 {
			t.Errorf("chapter %q not found", c.Title)
			continue
		}
		// The first line that is not the page number (pdftotext may read
		// the footer first) is the title: no running header either.
		var first string
		for _, l := range strings.Split(pages[i], "\n") {
			if l = strings.TrimSpace(l); l != "" && strings.Trim(l, "0123456789") != "" {
				first = l
				break
			}
		}
		if !strings.HasPrefix(c.Title, first) {
			t.Errorf("chapter %q: page %d starts with %q", c.Title, i+1, first)
		}
	}
	var doc struct {
		Outlines []struct {
			Title string `json:"title"`
			Kids  []struct {
				Title string `json:"title"`
			} `json:"kids"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(pdfRun(t, pdf, "qpdf", "--json", "--json-key=outlines", "-")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Outlines) != 2 || doc.Outlines[0].Title != c1.Title || doc.Outlines[1].Title != c2.Title {
		t.Fatalf("outline top level: %+v", doc.Outlines)
	}
	if len(doc.Outlines[0].Kids) != 4 || doc.Outlines[0].Kids[0].Title != "列表" {
		t.Errorf("chapter 1 outline: %+v", doc.Outlines[0].Kids)
	}
	t.Logf("%d pages", info.Pages)
}

// TestPDFConcurrent renders from several goroutines at once: the parsed
// fonts are shared, read-only, after their first use.
func TestPDFConcurrent(t *testing.T) {
	b := book.Single(testbook.Sample(t), "sample")
	want, _ := renderPDF(t, b, Options{})
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			var buf bytes.Buffer
			_, err := Write(&buf, render.Prepare(b), Options{})
			if err == nil && !bytes.Equal(buf.Bytes(), want) {
				err = fmt.Errorf("concurrent render differs")
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestPDFEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		book    *book.Book
		opt     Options
		wantErr bool
	}{
		{"nil book", nil, Options{}, true},
		{"unknown page size", book.Single(&book.Article{Title: "x"}, "x"), Options{PageSize: "B5"}, true},
		{"no chapters", &book.Book{Title: "空"}, Options{}, false},
		{"empty blocks", book.Single(&book.Article{Title: "x", Blocks: []book.Block{
			&book.Paragraph{}, &book.List{}, &book.Quote{}, &book.Code{}, &book.Table{}, &book.Heading{Level: 9},
			&book.List{Items: []book.ListItem{{}}}, &book.Table{Rows: []book.TableRow{{}}},
		}}, "x"), Options{PageSize: "6x9"}, false},
		{"long unbreakable title", book.Single(&book.Article{Title: strings.Repeat("https://example.com/", 20),
			Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(strings.Repeat("第一段（很长）", 500))}}}, "x"), Options{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			info, err := Write(&buf, render.Prepare(tt.book), tt.opt)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			verify.TaggedPDF(t, buf.Bytes(), info.Standards)
			if info.Pages < 1 || verify.PDFPages(t, buf.Bytes()) != strconv.Itoa(info.Pages) {
				t.Errorf("pages %d", info.Pages)
			}
			verify.LineBreaks(t, verify.PDFLines(t, buf.Bytes()))
			// Nothing, running header included, passes the margins.
			g, _ := newPageGeometry(tt.opt.PageSize)
			for _, l := range pdfBBoxLines(t, buf.Bytes()) {
				// An opening bracket starting a line has its blank half
				// in the margin, its ink at the margin.
				left := g.left
				if r, _ := utf8.DecodeRuneInString(l.text); cjk.ClassOf(r) == cjk.Opening {
					left -= g.body / 2
				}
				if l.xMin < left-0.5 || l.xMax > g.left+g.width+g.body/2+0.5 {
					t.Errorf("page %d: line %q spans %.1f-%.1f, text block %.1f-%.1f", l.page, l.text, l.xMin, l.xMax, g.left, g.left+g.width)
				}
			}
		})
	}
}

// TestPDFTallTableRow: a cell longer than a page is cut across pages
// rather than running off the bottom.
func TestPDFTallTableRow(t *testing.T) {
	long := strings.Repeat("很长的单元格内容，", 400)
	a := &book.Article{Title: "高表格行", Lang: "zh", Blocks: []book.Block{&book.Table{Rows: []book.TableRow{
		{Header: true, Cells: []book.TableCell{{Content: testbook.Runs("甲")}, {Content: testbook.Runs("乙")}}},
		{Cells: []book.TableCell{{Content: testbook.Runs("一")}, {Content: testbook.Runs(long)}}},
	}}}}
	pdf, info := renderPDF(t, book.Single(a, "tall"), Options{})
	verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFText(t, pdf))
	g, _ := newPageGeometry("A4")
	for _, l := range pdfBBoxLines(t, pdf) {
		if l.yMin > g.bottom && strings.Trim(l.text, "0123456789") != "" {
			t.Errorf("page %d: %q below the text block", l.page, l.text)
		}
	}
	if info.Pages < 2 {
		t.Errorf("%d pages", info.Pages)
	}
}

// TestPDFIndentAndJustify checks, per language, the first-line indent
// (zh 2 em, ja 1 em, en none) and that Latin and kana text is justified too.
func TestPDFIndentAndJustify(t *testing.T) {
	tests := []struct {
		lang   string
		para   string
		indent float64 // em
	}{
		{"zh", "中文段落首行缩进两个字，正文两端对齐。混排English单词和数字2025时，汉字与西文之间留四分之一个字的空白。这一段要足够长，才能排成好几行，以便检查每一行的右端都与版心右边缘对齐。", 2},
		{"ja", "日本語の段落は一字下げで始まります。ひらがなとカタカナ、そして漢字が混ざった文章を、両端揃えで組版します。この段落も何行かにわたるように、少し長めに書いておきます。", 1},
		{"en", "English paragraphs start flush left, with space between paragraphs instead of an indent. Justification stretches the spaces between words so that every line but the last ends exactly at the right margin, as in a printed book.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			a := &book.Article{Title: tt.lang, Lang: tt.lang}
			for i := 0; i < 4; i++ {
				a.Blocks = append(a.Blocks, &book.Paragraph{Content: testbook.Runs(tt.para)})
			}
			pdf, _ := renderPDF(t, book.Single(a, tt.lang), Options{})
			g, _ := newPageGeometry("A4")
			lines := matchBodyLines(t, pdfBBoxLines(t, pdf), a.Texts())
			checkJustified(t, lines, g.left+g.width, g.body)
			for i, l := range lines {
				want := g.left
				if i == 0 || lines[i-1].last {
					want += tt.indent * g.body
				}
				if math.Abs(l.xMin-want) > 0.5 {
					t.Errorf("line %q starts at %.2f, want %.2f", l.text, l.xMin, want)
				}
			}
		})
	}
}

// TestPDFPunctuationCompression measures, in pdftotext's boxes (which span
// each glyph's advance from its origin), that an opening bracket starting
// a line other than a paragraph's first is moved half an em into the left
// margin, so that its ink starts at the margin, and that justified lines
// still end at the right one.
func TestPDFPunctuationCompression(t *testing.T) {
	g, _ := newPageGeometry("A4")
	// Lines after a hard break start with a bracket.
	start := "甲乙丙\n（UFAA）丁戊己\n（甲）乙"
	a := &book.Article{Title: "标点挤压", Lang: "zh", Blocks: []book.Block{
		&book.Paragraph{Content: testbook.Runs(start)},
	}}
	pdf, _ := renderPDF(t, book.Single(a, "punct"), Options{})
	verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFText(t, pdf))
	lines := matchBodyLines(t, pdfBBoxLines(t, pdf), a.Texts())
	opened := 0
	for _, l := range lines {
		t.Logf("%.2f-%.2f %q", l.xMin-g.left, l.xMax-g.left, l.text)
		if strings.HasPrefix(l.text, "（") {
			opened++
			if want := g.left - g.body/2; math.Abs(l.xMin-want) > 0.5 {
				t.Errorf("line %q starts at %.2f, want %.2f (half an em left of the margin)", l.text, l.xMin, want)
			}
		}
	}
	if opened == 0 {
		t.Error("no line starts with （")
	}
}

// TestTableColumnsSpan: a cell spanning columns widens them when they are
// too narrow for it, never past the space available.
func TestTableColumnsSpan(t *testing.T) {
	rows := [][]pdfCell{
		{{col: 0, n: 1, min: 20, max: 20}, {col: 1, n: 1, min: 20, max: 60}, {col: 2, n: 1, min: 20, max: 20}},
		{{col: 0, n: 2, min: 150, max: 300}, {col: 2, n: 1, min: 20, max: 20}},
	}
	for _, avail := range []float64{1000, 200, 100} {
		w := tableColumns(rows, 3, 10, avail)
		total := w[0] + w[1] + w[2]
		if total > avail+1e-9 {
			t.Errorf("avail %v: columns %v, %.2f wide in all", avail, w, total)
		}
		if span, want := w[0]+w[1], min(300, avail-w[2]); span < want-1e-9 {
			t.Errorf("avail %v: columns %v give the span %.2f, want %.2f", avail, w, span, want)
		}
		if w[1] <= w[0] {
			t.Errorf("avail %v: columns %v: the column that wants more should get more", avail, w)
		}
	}
}

// TestPDFTableColspan: a table whose only wide content spans two columns,
// and Wikipedia's infobox, keep every cell's text whole, in order, inside
// the text block.
func TestPDFTableColspan(t *testing.T) {
	wide := "Internationalization"
	a := &book.Article{Title: "colspan", Lang: "en", Blocks: []book.Block{&book.Table{Rows: []book.TableRow{
		{Header: true, Cells: []book.TableCell{{Content: testbook.Runs("a")}, {Content: testbook.Runs("b")}}},
		{Cells: []book.TableCell{{ColSpan: 2, Content: testbook.Runs(wide + " and localization")}}},
		{Cells: []book.TableCell{{Content: testbook.Runs("1")}, {Content: testbook.Runs("2")}}},
		{Cells: []book.TableCell{{ColSpan: 2, Content: testbook.Runs(strings.Repeat("A long spanning cell fills the measure. ", 12))}}},
	}}}}
	wk := testbook.Page(t, "wikipedia", nil)
	g, _ := newPageGeometry("A4")
	for _, a := range []*book.Article{a, wk} {
		t.Run(a.Title, func(t *testing.T) {
			pdf, _ := renderPDF(t, book.Single(a, a.Title), Options{})
			verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFTextByPosition(t, pdf))
			verify.LineBreaks(t, verify.PDFLines(t, pdf))
			whole := false
			for _, l := range pdfBBoxLines(t, pdf) {
				if l.xMin < g.left-0.5 || l.xMax > g.left+g.width+0.5 {
					t.Errorf("page %d: %q spans %.1f-%.1f, text block %.1f-%.1f", l.page, l.text, l.xMin, l.xMax, g.left, g.left+g.width)
				}
				whole = whole || strings.Contains(l.text, wide)
			}
			if a.Title == "colspan" && !whole {
				t.Errorf("%q broken across lines", wide)
			}
		})
	}
}

// TestPDFOutlineSkippedLevels is the book of three chapters whose
// headings skip levels (h1, h5, h3 in one, as ars-1's do) that once gave
// an outline with items out of reach: every heading is reached from
// /First once, in order, under its chapter (TaggedPDF walks it too).
func TestPDFOutlineSkippedLevels(t *testing.T) {
	heading := func(level int, s string) book.Block {
		return &book.Heading{Level: level, Content: testbook.Runs(s)}
	}
	para := &book.Paragraph{Content: testbook.Runs("Some text under the heading.")}
	b := &book.Book{ID: "skips", Title: "Skips", Lang: "en", Chapters: []*book.Article{
		{Title: "One", Lang: "en", Blocks: []book.Block{heading(2, "One A"), para, heading(3, "One B"), para}},
		{Title: "Two", Lang: "en", Blocks: []book.Block{heading(1, "Two A"), para, heading(5, "Two B"), para, heading(3, "Two C"), para}},
		{Title: "Three", Lang: "en", Blocks: []book.Block{heading(4, "Three A"), para, heading(2, "Three B"), para}},
	}}
	pdf, _ := renderPDF(t, b, Options{})
	type node struct {
		Title string `json:"title"`
		Kids  []node `json:"kids"`
	}
	var doc struct {
		Outlines []node `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(pdfRun(t, pdf, "qpdf", "--json", "--json-key=outlines", "-")), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func(ns []node, depth int)
	walk = func(ns []node, depth int) {
		for _, n := range ns {
			got = append(got, strings.Repeat(">", depth)+n.Title)
			walk(n.Kids, depth+1)
		}
	}
	walk(doc.Outlines, 0)
	want := []string{"One", ">One A", ">>One B", "Two", ">Two A", ">>Two B", ">>Two C", "Three", ">Three A", ">Three B"}
	if !slices.Equal(got, want) {
		t.Errorf("outline\n%q\nwant\n%q", got, want)
	}
}

// TestPDFImagePixels draws a PNG with alpha (filtered by the PNG
// predictor) and a GIF and reads them back with pdfimages: every pixel as
// drawn, the alpha as the soft mask.
func TestPDFImagePixels(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 37, 23))
	for y := 0; y < 23; y++ {
		for x := 0; x < 37; x++ {
			src.SetNRGBA(x, y, color.NRGBA{uint8(x * 7), uint8(y * 11), uint8((x * y) % 256), uint8(255 - x*3)})
		}
	}
	var png bytes.Buffer
	if err := pngenc.Encode(&png, src); err != nil {
		t.Fatal(err)
	}
	a := &book.Article{Title: "Pixels", Lang: "en", Blocks: []book.Block{
		&book.Image{Src: "a.png", Alt: "a gradient", Data: png.Bytes(), MediaType: "image/png"},
		&book.Image{Src: "b.gif", Alt: "a gif", Data: testbook.Image(t, "gif", 40, 30), MediaType: "image/gif"},
	}}
	pdf, _ := renderPDF(t, book.Single(a, "px"), Options{})
	dir := t.TempDir()
	p := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdfimages", "-png", p, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	read := func(name string) image.Image {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := pngenc.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	rgb, mask := read("img-000.png"), read("img-001.png")
	gifWant, err := gif.Decode(bytes.NewReader(a.Blocks[1].(*book.Image).Data))
	if err != nil {
		t.Fatal(err)
	}
	gifGot := read("img-002.png")
	for y := 0; y < 23; y++ {
		for x := 0; x < 37; x++ {
			want := src.NRGBAAt(x, y)
			r, g, b, _ := rgb.At(x, y).RGBA()
			m, _, _, _ := mask.At(x, y).RGBA()
			if uint8(r>>8) != want.R || uint8(g>>8) != want.G || uint8(b>>8) != want.B || uint8(m>>8) != want.A {
				t.Fatalf("PNG pixel (%d, %d): %d %d %d alpha %d, want %v", x, y, r>>8, g>>8, b>>8, m>>8, want)
			}
		}
	}
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			r1, g1, b1, _ := gifWant.At(x, y).RGBA()
			r2, g2, b2, _ := gifGot.At(x, y).RGBA()
			if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 {
				t.Fatalf("GIF pixel (%d, %d) differs", x, y)
			}
		}
	}
}

// TestPDFChapterLang: a chapter in another language than the book's is an
// Art element with its own /Lang.
func TestPDFChapterLang(t *testing.T) {
	zh := testbook.Sample(t)
	en := pdfAllBlocks(t, false)
	b := &book.Book{ID: "two", Title: "合集", Lang: "zh", Chapters: []*book.Article{zh, en}}
	pdf, _ := renderPDF(t, b, Options{})
	q := qdf(t, pdf)
	if !regexp.MustCompile(`/Lang \(en[^)]*\)\s*/P \d+ 0 R\s*/S /Art`).Match(q) {
		t.Error("no Art element with the English chapter's /Lang")
	}
	if n := bytes.Count(q, []byte("/S /Art")); n != 2 {
		t.Errorf("%d Art elements, want 2", n)
	}
}

// TestPDFTableStructure is a table with two header rows, as a screen
// reader meets it through poppler's reading of the structure tree: the
// header rows in THead with column headers, the rest in TBody, a header
// cell leading a body row scoped to its row, and the empty cell kept, so
// that every row has its two cells.
func TestPDFTableStructure(t *testing.T) {
	cell := func(s string, hdr bool) book.TableCell { return book.TableCell{Header: hdr, Content: testbook.Runs(s)} }
	a := &book.Article{Title: "table", Lang: "en", Blocks: []book.Block{&book.Table{Rows: []book.TableRow{
		{Header: true, Cells: []book.TableCell{cell("City", true), cell("People", true)}},
		{Header: true, Cells: []book.TableCell{cell("", true), cell("millions", true)}},
		{Cells: []book.TableCell{cell("Shanghai", true), cell("24.9", false)}},
		{Cells: []book.TableCell{cell("Beijing", true), cell("21.8", false)}},
	}}}}
	pdf, _ := renderPDF(t, book.Single(a, a.Title), Options{})
	var got []string
	for _, l := range strings.Split(pdfRun(t, pdf, "pdfinfo", "-struct", "-"), "\n") {
		if f := strings.Fields(strings.ReplaceAll(l, ":", "")); len(f) > 0 && slices.Contains([]string{"Table", "THead", "TBody", "TR", "TH", "TD"}, f[0]) {
			got = append(got, strings.Repeat(" ", len(l)-len(strings.TrimLeft(l, " ")))+f[0])
		}
	}
	want := []string{"Table", " THead", "  TR", "   TH", "   TH", "  TR", "   TH", "   TH", " TBody", "  TR", "   TH", "   TD", "  TR", "   TH", "   TD"}
	// pdfinfo indents by two per level: one space per level below Table
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	if len(got) > 0 {
		base := indent(got[0])
		for i, s := range got {
			got[i] = strings.Repeat(" ", (indent(s)-base)/2) + strings.TrimLeft(s, " ")
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("table structure:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		t.Log(pdfRun(t, pdf, "pdfinfo", "-struct", "-"))
	}
}

// TestPDFPageLabels: the page labels a viewer shows are the numbers
// printed on the pages, from 1, contents pages included.
func TestPDFPageLabels(t *testing.T) {
	var doc struct {
		PageLabels []struct {
			Index int `json:"index"`
			Label struct {
				S string `json:"/S"`
			} `json:"label"`
		} `json:"pagelabels"`
	}
	pdf, _ := renderPDF(t, book.Single(testbook.Sample(t), "sample"), Options{})
	if err := json.Unmarshal([]byte(pdfRun(t, pdf, "qpdf", "--json", "--json-key=pagelabels", "-")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.PageLabels) != 1 || doc.PageLabels[0].Index != 0 || doc.PageLabels[0].Label.S != "/D" {
		t.Errorf("page labels %+v, want decimal from the first page", doc.PageLabels)
	}
}
