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
			verify.InOrder(t, "pdf", want, verify.PDFText(t, res.PDF))
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
