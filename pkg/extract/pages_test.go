package extract

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/shingle"

	"github.com/bookify/article2book/pkg/book"
)

// expectation is a fixture's expected.json: what a reader finds on the
// page. A field left out is not checked (and the folder's SOURCE.md says
// why). MinF1 is the page's floor for the shingle F1 of the body against
// expected.txt.
type expectation struct {
	Title     *string `json:"title"`
	Byline    *string `json:"byline"`
	Source    *string `json:"source"`
	Published *string `json:"published"` // RFC 3339, empty when the page has no date
	Lang      *string `json:"lang"`
	Images    *int    `json:"images"`
	MinF1     float64 `json:"min_f1"`
}

func checkField[T comparable](t *testing.T, name string, got T, want *T) {
	t.Helper()
	if want != nil && got != *want {
		t.Errorf("%s %v, want %v", name, got, *want)
	}
}

// defaultMinF1 is the floor of a page whose expected.json names none.
const defaultMinF1 = 0.9

// TestPages walks testdata/pages/<name>/: each folder with an
// expected.json is a saved page (source.html), the article text a reader
// would mark (expected.txt) and its metadata. Adding a case is adding a
// folder.
func TestPages(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/pages/*/expected.json")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var sum float64
	for _, exp := range dirs {
		dir := filepath.Dir(exp)
		name := filepath.Base(dir)
		var want expectation
		raw, err := os.ReadFile(exp)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("%s: %v", exp, err)
		}
		wantText, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
		if err != nil {
			t.Fatal(err)
		}
		var f1 float64
		t.Run(name, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join(dir, "source.html"))
			if err != nil {
				t.Fatal(err)
			}
			src, err := DecodeHTML(page, "")
			if err != nil {
				t.Fatal(err)
			}
			// As a converted URL would: relative images resolve.
			base, _ := url.Parse("https://example.com/" + name + "/")
			a, err := FromHTML(strings.NewReader(src), base)
			if err != nil {
				t.Fatal(err)
			}
			checkField(t, "title", a.Title, want.Title)
			checkField(t, "byline", a.Byline, want.Byline)
			checkField(t, "source", a.Source, want.Source)
			checkField(t, "published", formatPublished(a.Published), want.Published)
			checkField(t, "lang", a.Lang, want.Lang)
			images := 0
			book.Walk(a.Blocks, func(b book.Block) {
				if _, ok := b.(*book.Image); ok {
					images++
				}
			})
			checkField(t, "images", images, want.Images)
			for _, b := range a.Blocks {
				if isTextBlock(b) {
					if rest, ok := cutTitle(blockText(b), []string{a.Title}); ok && rest == "" {
						t.Errorf("the first paragraph or heading repeats the title %q", a.Title)
					}
					break
				}
			}
			texts := a.Texts()
			p, r, f := shingle.Score(strings.Join(texts, "\n"), string(wantText))
			f1 = f
			min := want.MinF1
			if min == 0 {
				min = defaultMinF1
			}
			if f < min {
				t.Errorf("F1 %.3f (precision %.3f, recall %.3f), below %.2f", f, p, r, min)
			}
		})
		sum += f1
	}
	mean := sum / float64(len(dirs))
	t.Logf("%d pages, mean F1 %.3f", len(dirs), mean)
	if mean < 0.97 {
		t.Errorf("mean F1 %.3f over %d pages, want at least 0.97", mean, len(dirs))
	}
}

func formatPublished(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
