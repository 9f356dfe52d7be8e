package pdf

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/typefigures"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
)

// figures are the columns of typefigures -row, measured in process.
type figures struct {
	holes, loose, lspaced, insDefault, insRaw, lost, pua, geta int
	widest                                                     float64
}

func measure(t *testing.T, pdf []byte, text string) figures {
	t.Helper()
	dir := t.TempDir()
	p, txt := filepath.Join(dir, "x.pdf"), filepath.Join(dir, "x.txt")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(txt, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := typefigures.MeasureFiles(p, txt)
	if err != nil {
		t.Fatalf("typefigures: %v", err)
	}
	l := f.Layout
	return figures{holes: l.Holes, widest: l.Widest, loose: l.Loose, lspaced: l.LetterSpaced, insDefault: f.Default.Inserted,
		insRaw: f.Raw.Inserted, lost: f.Raw.Lost, pua: f.Raw.PUA, geta: f.Raw.Geta}
}

// checkFigures measures pdf against a's text with typefigures: no hole
// (a gap over half an em), no letter-spaced word, no space inserted in
// pdftotext's default or -raw text, no character lost, no private-use code
// point, no 〓. It returns the figures.
func checkFigures(t *testing.T, pdf []byte, a *book.Article) figures {
	t.Helper()
	fig := measure(t, pdf, a.PlainText())
	t.Logf("typefigures: %+v", fig)
	if fig.holes != 0 || fig.lspaced != 0 || fig.insDefault != 0 || fig.insRaw != 0 || fig.lost != 0 || fig.pua != 0 || fig.geta != 0 {
		t.Errorf("typefigures: %+v; want no holes, letter spacing, inserted spaces, lost characters, private-use or 〓", fig)
	}
	return fig
}

// copyFaithful checks that pdftotext's text gives each paragraph as the
// source has it: every character in order, and a space only where the
// source has one (a line break may stand for a space).
func copyFaithful(t *testing.T, mode string, got string, paras []string) {
	t.Helper()
	var src []rune
	var spaced []bool // a space in the source before src[i]
	for _, p := range paras {
		space := false
		for _, r := range p {
			if unicode.IsSpace(r) {
				space = true
				continue
			}
			src = append(src, r)
			spaced = append(spaced, space)
			space = false
		}
	}
	// Find the first paragraph's start, past the title and header: where
	// its first characters follow, line breaks aside.
	rs := []rune(got)
	head := src[:min(8, len(src))]
	start := -1
	for i := range rs {
		j, k := i, 0
		for j < len(rs) && k < len(head) && (rs[j] == head[k] || unicode.IsSpace(rs[j])) {
			if rs[j] == head[k] {
				k++
			}
			j++
		}
		if k == len(head) && rs[i] == head[0] {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatalf("%s: first paragraph not found in %q", mode, got)
	}
	k := 0
	for _, r := range rs[start:] {
		if k == len(src) {
			break
		}
		switch {
		case r == '\n' || r == '\f':
			// a line break: whatever the source had
		case unicode.IsSpace(r):
			if !spaced[k] {
				t.Errorf("%s: space inserted before %q (source %q)", mode, src[k], string(src[max(0, k-8):k+1]))
			}
		case r == src[k]:
			k++
		default:
			t.Fatalf("%s: %q where the source has %q, after %q", mode, r, src[k], string(src[max(0, k-10):k]))
		}
	}
	if k != len(src) {
		t.Errorf("%s: %d of %d characters found", mode, k, len(src))
	}
}

// markerRE is a list marker the PDF draws at a line's start.
var markerRE = regexp.MustCompile(`(?m)^[ \t]*(?:[•◦▪]|[0-9]+\.)[ \t]*`)

// withoutMarkers returns the copied text of a's PDF without its list
// markers, which are not in a's text, when a has a list.
func withoutMarkers(a *book.Article, text string) string {
	if hasList(a) {
		return markerRE.ReplaceAllString(text, "")
	}
	return text
}

func hasList(a *book.Article) bool {
	for _, b := range a.Blocks {
		if _, ok := b.(*book.List); ok {
			return true
		}
	}
	return false
}

// TestTypesetCases sets each case of testdata/typeset and checks the rules
// of book-grade typesetting on the PDF, with poppler, typefigures and the
// layout itself.
func TestTypesetCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(testbook.Root, "testdata", "typeset", "*", "article.*"))
	if err != nil || len(dirs) < 10 {
		t.Fatalf("cases: %v, %v", dirs, err)
	}
	for _, file := range dirs {
		dir := filepath.Dir(file)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			var a *book.Article
			if filepath.Ext(file) == ".html" {
				a, err = extract.FromHTML(f, nil)
			} else {
				a, err = extract.FromText(f)
			}
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Fonts []string
				Loose *int // loose lines allowed, when given
			}
			raw, err := os.ReadFile(filepath.Join(dir, "expect.json"))
			if err != nil || json.Unmarshal(raw, &want) != nil {
				t.Fatalf("expect.json: %v", err)
			}
			b := book.Single(a, filepath.Base(dir))
			pdf, info := renderPDF(t, b, Options{})
			if info.MissingGlyphs != 0 || len(info.Warnings) != 0 {
				t.Errorf("missing %d, warnings %q", info.MissingGlyphs, info.Warnings)
			}
			paras := a.Texts()
			copyFaithful(t, "pdftotext -raw", withoutMarkers(a, verify.PDFText(t, pdf)), paras)
			copyFaithful(t, "pdftotext", withoutMarkers(a, pdfTextMode(t, pdf, false)), paras)
			verify.LineBreaks(t, verify.PDFLines(t, pdf))
			fonts := verify.PDFFonts(t, pdf)
			for _, f := range want.Fonts {
				if !slices.Contains(fonts, f) {
					t.Errorf("fonts %q lack %s", fonts, f)
				}
			}
			if fig := checkFigures(t, pdf, a); want.Loose != nil && fig.loose > *want.Loose {
				t.Errorf("%d loose lines, want at most %d", fig.loose, *want.Loose)
			}
			checkQuotesFullWidth(t, b)
			if render.ScriptOf(a.Lang) == render.Zh && !hasList(a) {
				// (a list has space around it)
				checkNoParagraphSpace(t, pdf, a, "A4")
			}
		})
	}
}

// checkQuotesFullWidth lays b out and checks that every curly quote beside
// a full-width character takes a full em (half when compressed beside
// another mark), and that a quote between Latin letters keeps its own.
func checkQuotesFullWidth(t *testing.T, b *book.Book) {
	t.Helper()
	g, _ := newPageGeometry("A4")
	doc := render.Prepare(b)
	bl := newPDFBuilder(g, b, Options{}, face.Kai)
	if err := bl.book(doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range bl.items {
		tl, ok := it.content.(*textLine)
		if !ok {
			continue
		}
		ln := tl.ln
		for i, gl := range ln.Glyphs {
			if !cjk.IsQuote(gl.R) {
				continue
			}
			size := gl.Style.Size
			wide := i > 0 && cjk.IsWide(ln.Glyphs[i-1].R) || i+1 < len(ln.Glyphs) && cjk.IsWide(ln.Glyphs[i+1].R)
			switch {
			case wide:
				n++
				if math.Abs(ln.W[i]-size) > 1e-6 && math.Abs(ln.W[i]-size/2) > 1e-6 {
					t.Errorf("%q beside Chinese in a cell of %.2f em: %q", gl.R, ln.W[i]/size, ln.Text)
				}
			case i > 0 && ln.Glyphs[i-1].Class == cjk.Letter || i+1 < len(ln.Glyphs) && ln.Glyphs[i+1].Class == cjk.Letter:
				if ln.W[i] > 0.6*size {
					t.Errorf("%q between Latin letters set %.2f em wide: %q", gl.R, ln.W[i]/size, ln.Text)
				}
			}
		}
	}
	if n == 0 && strings.ContainsAny(strings.Join(b.Chapters[0].Texts(), ""), "“”‘’") && render.ScriptOf(b.Chapters[0].Lang) == render.Zh {
		t.Error("no quote beside Chinese checked")
	}
}

// checkNoParagraphSpace checks that consecutive body lines of a Chinese
// article are one leading apart, across paragraph ends too.
func checkNoParagraphSpace(t *testing.T, pdf []byte, a *book.Article, size string) {
	t.Helper()
	g, _ := newPageGeometry(size)
	lines := matchBodyLines(t, pdfBBoxLines(t, pdf), a.Texts())
	for i := 1; i < len(lines); i++ {
		if lines[i].page != lines[i-1].page {
			continue
		}
		if d := lines[i].yMin - lines[i-1].yMin; math.Abs(d-g.lead) > 0.6 {
			t.Errorf("lines %q and %q are %.2f pt apart, leading %.2f", lines[i-1].text, lines[i].text, d, g.lead)
		}
	}
}
