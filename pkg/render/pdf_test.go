package render

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

func TestPDFSample(t *testing.T) {
	a := pdfSampleArticle(t)
	pdf, info := renderPDF(t, article.Single(a, "sample"), PDFOptions{})
	verify.InOrder(t, "pdftotext", a.Texts(), verify.PDFText(t, pdf))
	verify.LineBreaks(t, verify.PDFLines(t, pdf))
	verify.PDFFonts(t, pdf)
	t.Logf("%d bytes, %d pages, warnings %q", len(pdf), info.Pages, info.Warnings)
}
