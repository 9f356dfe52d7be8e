package pdf

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
)

// TestContentsEntriesRead reads a book's contents as a screen reader
// does, by its structure tree, and as pdftotext does: each entry is its
// chapter's title, then a space, then the page the chapter opens on, not
// the two run together ("…在京召开2"), horizontal and vertical.
func TestContentsEntriesRead(t *testing.T) {
	titles := []string{
		"全国网信办主任会议在京召开",
		"Just-released Minecraft exploit makes it easy to crash game servers, and other news of the week",
		"第二篇：春天的田野",
	}
	for _, vertical := range []bool{false, true} {
		t.Run(fmt.Sprintf("vertical=%v", vertical), func(t *testing.T) {
			var chapters []*book.Article
			for i, title := range titles {
				lang, text := "zh", strings.Repeat("春风吹过田野，麦苗一天天长高。", 40*(i+1))
				if i == 1 {
					lang, text = "en", strings.Repeat("The quick brown fox jumps over the lazy dog. ", 60)
				}
				chapters = append(chapters, &book.Article{Title: title, Lang: lang, Blocks: []book.Block{
					&book.Paragraph{Content: testbook.Runs(text)},
				}})
			}
			b := &book.Book{ID: "toc", Title: "三篇文章", Lang: "zh", Chapters: chapters}
			pdf, _ := renderPDF(t, b, Options{PageSize: "A5", Vertical: vertical})
			pages := strings.Split(verify.PDFText(t, pdf), "\f")
			es := verify.StructureText(t, pdf)
			var entries []string
			for _, e := range es {
				if e.Role == "TOCI" {
					entries = append(entries, e.Text)
				}
			}
			if len(entries) != len(titles) {
				t.Fatalf("%d contents entries, want %d:\n%s", len(entries), len(titles), verify.Elements(es))
			}
			for i, title := range titles {
				// The page the chapter opens on, by its title's text.
				start := slices.IndexFunc(pages[1:], func(p string) bool {
					return strings.Contains(squeezeSpace(p), squeezeSpace(title))
				}) + 2
				if start < 2 {
					t.Fatalf("chapter %q not found", title)
				}
				if want := title + " " + strconv.Itoa(start); entries[i] != want {
					t.Errorf("structure text of entry %d: %q, want %q", i, entries[i], want)
				}
				// pdftotext -raw: the title's last word, one space (a line
				// break in a vertical book), the number.
				tail := title[strings.LastIndex(title, " ")+1:]
				if !regexp.MustCompile(regexp.QuoteMeta(tail) + `[ \n]` + strconv.Itoa(start) + `\b`).MatchString(pages[0]) {
					t.Errorf("pdftotext of the contents lacks %q, a space, %d:\n%s", tail, start, pages[0])
				}
			}
		})
	}
}
