package convert

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/extract"
)

func load(t testing.TB, name string) Input {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	kind, err := KindOf(name)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Name: name, Kind: kind, Data: data}
}

// One page per script, end to end: every character of the body in the PDF
// and the EPUB, in order; line-break rules; fonts embedded with ToUnicode;
// epubcheck clean; byte-identical output on a second run.
func TestConvertPages(t *testing.T) {
	for _, name := range []string{"sample-zh.txt", "pages/gmw/source.html", "pages/qq/source.html", "pages/hukumusume/source.html", "pages/bbc-1/source.html", "pages/wikipedia/source.html"} {
		t.Run(name, func(t *testing.T) {
			in := load(t, name)
			res, err := Convert(context.Background(), []Input{in}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := res.Book.Chapters[0]
			want := append([]string{a.Title}, a.Texts()...)
			verify.InOrder(t, "pdf", want, verify.PDFTextByPosition(t, res.PDF)) // wrapped list items: see PDFTextByPosition
			verify.InOrder(t, "epub", want, verify.EPUBText(t, res.EPUB))
			verify.LineBreaks(t, verify.PDFLines(t, res.PDF))
			verify.PDFFonts(t, res.PDF)
			verify.EPUBCheck(t, res.EPUB)

			again, err := Convert(context.Background(), []Input{in}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res.PDF, again.PDF) || !bytes.Equal(res.EPUB, again.EPUB) {
				t.Error("second run gave different bytes")
			}
		})
	}
}

func TestConvertBook(t *testing.T) {
	res, err := Convert(context.Background(), []Input{load(t, "sample-zh.txt"), load(t, "pages/gmw/source.html")}, Options{BookTitle: "合集", Formats: FormatList{"epub", "txt"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Book.Title != "合集" || len(res.Book.Chapters) != 2 || res.PDF != nil || res.EPUB == nil || res.Text == nil {
		t.Fatalf("book %q, %d chapters", res.Book.Title, len(res.Book.Chapters))
	}
	var want []string
	for _, c := range res.Book.Chapters {
		want = append(want, c.Title)
		want = append(want, c.Texts()...)
	}
	verify.InOrder(t, "epub", want, verify.EPUBText(t, res.EPUB))
	verify.EPUBCheck(t, res.EPUB)
}

func TestConvertErrors(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		opt  Options
		want error
	}{
		{"not an article", Input{Name: "x.html", Kind: KindHTML, Data: []byte("<p></p>")}, Options{}, extract.ErrNotArticle},
		{"empty text", Input{Name: "x.txt", Kind: KindText, Data: []byte("Title: x\n\n")}, Options{}, extract.ErrEmpty},
		{"bad format", Input{Name: "x.txt", Kind: KindText, Data: []byte("Title: x\n\nbody\n")}, Options{Formats: FormatList{"docx"}}, ErrBadJob},
		{"too large", Input{Name: "x.html", Kind: KindHTML, Data: make([]byte, MaxInputBytes+1)}, Options{}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Convert(context.Background(), []Input{tt.in}, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("err %v, want %v", err, tt.want)
			}
		})
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		name string
		want Kind
		ok   bool
	}{
		{"a.html", KindHTML, true}, {"A.HTM", KindHTML, true}, {"a.txt", KindText, true},
		{"https://example.com/a", KindURL, true}, {"HTTP://example.com", KindURL, true},
		{"ftp://example.com/a.html", KindHTML, true}, // a file name, not fetched
		{"a.pdf", 0, false}, {"noext", 0, false},
		{"x.feed", KindFeed, true}, {"x.rss", KindFeed, true}, {"x.atom", KindFeed, true}, {"feed.xml", KindFeed, true},
	}
	for _, tt := range tests {
		got, err := KindOf(tt.name)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("KindOf(%q) = %v, %v", tt.name, got, err)
		}
	}
}

// BenchmarkConvert converts, in process, to PDF and EPUB: the sample
// article, the largest Chinese fixture (pixnet) and the largest fixture
// (wikipedia), with and without the EPUB font subset. Sizes are reported as
// metrics. Images are not fetched here.
func BenchmarkConvert(b *testing.B) {
	for _, name := range []string{"sample-zh.txt", "pages/pixnet/source.html", "pages/wikipedia/source.html"} {
		in := load(b, name)
		for _, embed := range []bool{false, true} {
			label := strings.TrimSuffix(strings.TrimPrefix(name, "pages/"), "/source.html")
			if embed {
				label += "/embedfont"
			}
			b.Run(label, func(b *testing.B) {
				var pdf, epub int
				b.ReportAllocs()
				for b.Loop() {
					res, err := Convert(context.Background(), []Input{in}, Options{EmbedFont: embed})
					if err != nil {
						b.Fatal(err)
					}
					pdf, epub = len(res.PDF), len(res.EPUB)
				}
				b.ReportMetric(float64(pdf), "pdf-bytes")
				b.ReportMetric(float64(epub), "epub-bytes")
			})
		}
	}
}

// The title asked for names the book even when it has one chapter, and a
// book's PDF Subject names every chapter's source, not the first one's.
func TestBookTitleAndSubject(t *testing.T) {
	res, err := Convert(context.Background(), []Input{load(t, "sample-zh.txt")}, Options{BookTitle: "我的书", Formats: FormatList{"pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	info := verify.PDFInfo(t, res.PDF)
	if res.Title() != "我的书" || !strings.Contains(info, "Title:           我的书") {
		t.Errorf("title %q, pdfinfo:\n%s", res.Title(), info)
	}
	if !strings.Contains(info, "Subject:         http://www.12377.cn/") {
		t.Errorf("one article's subject, pdfinfo:\n%s", info)
	}
	gmw := load(t, "pages/gmw/source.html")
	gmw.URL = "https://news.gmw.cn/2025-01/04/content.htm"
	res, err = Convert(context.Background(), []Input{load(t, "sample-zh.txt"), gmw}, Options{BookTitle: "合集", Formats: FormatList{"pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	info = verify.PDFInfo(t, res.PDF)
	var subject string
	for _, l := range strings.Split(info, "\n") {
		if s, ok := strings.CutPrefix(l, "Subject:"); ok {
			subject = strings.TrimSpace(s)
		}
	}
	if !strings.Contains(subject, "12377.cn") || !strings.Contains(subject, "gmw") {
		t.Errorf("book's subject %q: want both sources", subject)
	}
}

// What a reader meets under the title and where an image could not be had
// is the same in the PDF and the EPUB: one header line (byline · site ·
// date), and a quiet line saying the image is missing, with its
// description; the header's URL breaks where the body's URLs break.
func TestBothFormatsAgree(t *testing.T) {
	page := `<html lang="en"><head><title>A long day</title><meta name="author" content="Ann Writer">
<meta property="og:site_name" content="Harbour Notes"><meta property="article:published_time" content="2026-03-05T10:00:00Z"></head>
<body><article><h1>A long day</h1>` + strings.Repeat("<p>The harbour was quiet that morning, and the boats lay still on the water.</p>", 8) +
		`<figure><img src="https://img.example/a.png" alt="the harbour at dawn"></figure>` + strings.Repeat("<p>By noon the wind came up from the sea.</p>", 4) + `</article></body></html>`
	in := Input{Name: "a.html", Kind: KindHTML, Data: []byte(page),
		URL: "https://www.example.com/2026/03/05/a-very-long-path-that-makes-it-easy-to-crash-the-line-layout/index.html"}
	res, err := Convert(context.Background(), []Input{in}, Options{Formats: FormatList{"pdf", "epub"}, PageSize: "A5"})
	if err != nil {
		t.Fatal(err)
	}
	header := "Ann Writer · Harbour Notes · 5 March 2026"
	missing := "Image not available: the harbour at dawn"
	pdfText := strings.Join(strings.Fields(verify.PDFText(t, res.PDF)), " ")
	epubText := strings.Join(strings.Fields(verify.EPUBText(t, res.EPUB)), " ")
	for _, want := range []string{header, missing} {
		if !strings.Contains(pdfText, want) {
			t.Errorf("PDF lacks %q", want)
		}
		if !strings.Contains(epubText, want) {
			t.Errorf("EPUB lacks %q", want)
		}
	}
	// Each line of the URL in the PDF ends where a URL may break: before
	// / . - _ ? # % = & or after // (Chicago), never inside a word.
	lines := verify.PDFLines(t, res.PDF)
	for i := 0; i+1 < len(lines); i++ {
		cur, next := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if !strings.HasPrefix(cur, "https://www.example.com") && !strings.HasPrefix(in.URL, cur) {
			continue
		}
		if strings.HasPrefix(in.URL, cur) && len(cur) < len(in.URL) && !strings.HasSuffix(cur, "//") && !strings.ContainsAny(next[:1], "/.,-_~?#%=&") {
			t.Errorf("URL broken inside a word: %q / %q", cur, next)
		}
	}
}
