package convert

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/verify"
)

// TestEPUBPageList: made with the PDF, the EPUB marks the PDF's pages: a
// page list leads to every page from the first chapter's to the last, in
// order, and each marker sits where pdftotext finds that page beginning:
// before the block whose text the page shows first, or, on a page that a
// long block runs over, before that block. Without the PDF there is no
// page list. The books pass epubcheck and Ace.
func TestEPUBPageList(t *testing.T) {
	both := FormatList{"pdf", "epub"}
	for _, tc := range []struct {
		name   string
		inputs []Input
		opt    Options
	}{
		{"sample", []Input{load(t, "sample-zh.txt")}, Options{Formats: both}},
		{"book", []Input{load(t, "sample-zh.txt"), load(t, "pages/hukumusume/source.html"), load(t, "pages/bbc-1/source.html")}, Options{Formats: both, BookTitle: "合集"}},
		{"english", []Input{load(t, "pages/bbc-1/source.html")}, Options{Formats: both, PageSize: "A5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Convert(context.Background(), tc.inputs, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(verify.PDFText(t, res.PDF), "\f")
			nav := epubFile(t, res.EPUB, "nav.xhtml")
			listed := pageListed.FindAllStringSubmatch(nav, -1)
			first := 1
			if len(res.Book.Chapters) > 1 {
				first = 2 // after the contents page
			}
			if len(listed) != res.Pages-first+1 {
				t.Fatalf("page list of %d entries, want pages %d to %d", len(listed), first, res.Pages)
			}
			for i, m := range listed {
				if n, _ := strconv.Atoi(m[1]); n != first+i || m[2] != m[1] {
					t.Errorf("page list entry %d: %q, want page %d", i, m[0], first+i)
				}
			}
			var begins, runs int
			for c := range res.Book.Chapters {
				doc := epubFile(t, res.EPUB, "text/ch00"+strconv.Itoa(c+1)+".xhtml")
				marks := pageMarker.FindAllStringSubmatchIndex(doc, -1)
				for k, m := range marks {
					n, _ := strconv.Atoi(doc[m[2]:m[3]])
					end := len(doc)
					if k+1 < len(marks) {
						end = marks[k+1][0]
					}
					after := squeezed(tagText.ReplaceAllString(doc[m[1]:end], ""))
					if after == "" {
						continue // another marker follows at once
					}
					page := squeezed(pageBody(pages[n-1], res.Book.Title, n))
					switch start := prefix(after, 8); {
					case strings.Contains(page, start):
						begins++
					case strings.Contains(after, prefix(page, 8)):
						runs++ // the page goes on with the marked block
					default:
						t.Errorf("chapter %d, page %d: marker before %q; the page shows %q", c+1, n, prefix(after, 20), prefix(page, 20))
					}
				}
			}
			if begins == 0 {
				t.Errorf("no marker before a block its page begins")
			}
			t.Logf("%d pages: %d markers before a block beginning on the page, %d on a page a block runs over", res.Pages, begins, runs)
			opf := epubFile(t, res.EPUB, "content.opf")
			for _, want := range []string{">pageBreakMarkers<", ">pageNavigation<", ` — PDF edition, `, `<meta refines="#page-source" property="source-of">pagination</meta>`} {
				if !strings.Contains(opf, want) {
					t.Errorf("content.opf lacks %s", want)
				}
			}
			verify.EPUBCheck(t, res.EPUB)
			verify.Ace(t, "pagelist-"+tc.name, res.EPUB)
		})
	}
	res, err := Convert(context.Background(), []Input{load(t, "sample-zh.txt")}, Options{Formats: FormatList{"epub"}})
	if err != nil {
		t.Fatal(err)
	}
	if opf := epubFile(t, res.EPUB, "content.opf"); strings.Contains(epubFile(t, res.EPUB, "nav.xhtml"), "page-list") || strings.Contains(opf, "pageBreak") {
		t.Error("an EPUB made without the PDF has a page list")
	}
}

var (
	// an entry: href's page, then the label
	pageListed = regexp.MustCompile(`<li><a href="text/ch\d+\.xhtml#page(\d+)">(\d+)</a></li>`)
	pageMarker = regexp.MustCompile(`<span epub:type="pagebreak" role="doc-pagebreak" id="page(\d+)" aria-label="\d+"></span>`)
	tagText    = regexp.MustCompile(`<[^>]*>`)
)

// pageBody is the text pdftotext gives for a page, less its running head
// (the book's title) and its page number.
func pageBody(s, title string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == title || l == strconv.Itoa(n) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "")
}

// squeezed is s without spaces, hyphens and XML's entities, for
// comparing text that lines broke differently.
func squeezed(s string) string {
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '\u00ad' || r == '\u2010' {
			return -1
		}
		return r
	}, s)
}

func prefix(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}
