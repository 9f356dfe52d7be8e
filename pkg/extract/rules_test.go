package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRules walks testdata/rules: a folder per case, each a page
// (page.html) and what its extraction must keep ("+ text") and must not
// ("- text"), a line each, in expect.txt. Every cleanup rule has a case
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
			checked := 0
			for _, line := range strings.Split(string(expect), "\n") {
				want, keep := strings.CutPrefix(line, "+ ")
				gone, drop := strings.CutPrefix(line, "- ")
				switch {
				case keep && !strings.Contains(text, want):
					t.Errorf("lost %q", want)
				case drop && strings.Contains(text, gone):
					t.Errorf("kept %q", gone)
				}
				if keep || drop {
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
