package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookify/article2book/pkg/book"
)

// TestRules walks testdata/rules: a folder per case, each a page
// (page.html) and what its extraction must keep ("+ text") and must not
// ("- text"), and what must be a picture's caption ("= text") or in none
// ("~ text"), a line each, in expect.txt. Every cleanup rule has a case
// where it fires and one where it must hold back.
func TestRules(t *testing.T) {
	dirs, err := filepath.Glob("testdata/rules/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no rule cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join(dir, "page.html"))
			if err != nil {
				t.Fatal(err)
			}
			expect, err := os.ReadFile(filepath.Join(dir, "expect.txt"))
			if err != nil {
				t.Fatal(err)
			}
			a := extract(t, string(page))
			text := strings.Join(a.Texts(), "\n")
			captions := strings.Join(captionTexts(a.Blocks), "\n")
			checked := 0
			for _, line := range strings.Split(string(expect), "\n") {
				want, keep := strings.CutPrefix(line, "+ ")
				gone, drop := strings.CutPrefix(line, "- ")
				capt, isCapt := strings.CutPrefix(line, "= ")
				body, notCapt := strings.CutPrefix(line, "~ ")
				switch {
				case keep && !strings.Contains(text, want):
					t.Errorf("lost %q", want)
				case drop && strings.Contains(text, gone):
					t.Errorf("kept %q", gone)
				case isCapt && !strings.Contains(captions, capt):
					t.Errorf("no caption holds %q", capt)
				case notCapt && (strings.Contains(captions, body) || !strings.Contains(text, body)):
					t.Errorf("%q is not in the text outside captions", body)
				}
				if keep || drop || isCapt || notCapt {
					checked++
				}
			}
			if checked == 0 {
				t.Fatal("expect.txt checks nothing")
			}
			if t.Failed() {
				t.Logf("extracted:\n%s", text)
			}
		})
	}
}

// captionTexts returns the captions of the pictures among blocks.
func captionTexts(blocks []book.Block) []string {
	var out []string
	for _, b := range blocks {
		switch b := b.(type) {
		case *book.Image:
			out = append(out, book.PlainText(b.Caption))
		case *book.Quote:
			out = append(out, captionTexts(b.Blocks)...)
		case *book.List:
			for _, it := range b.Items {
				out = append(out, captionTexts(it.Blocks)...)
			}
		}
	}
	return out
}
