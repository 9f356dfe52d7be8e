// Package docs holds the project's documentation; its tests keep the
// documents honest about the code and the repository they describe.
package docs

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// requires returns the module paths go.mod requires directly.
func requires(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var mods []string
	block := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "require (":
			block = true
		case block && line == ")":
			block = false
		case block && line != "" && !strings.HasSuffix(line, "// indirect"):
			mods = append(mods, strings.Fields(line)[0])
		case strings.HasPrefix(line, "require "):
			mods = append(mods, strings.Fields(line)[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return mods
}

// TestLicencesListEveryDirectModule keeps docs/licences.md in step with
// go.mod: a module required directly must have its licence stated.
func TestLicencesListEveryDirectModule(t *testing.T) {
	doc, err := os.ReadFile("licences.md")
	if err != nil {
		t.Fatal(err)
	}
	mods := requires(t)
	if len(mods) == 0 {
		t.Fatal("no requirements read from go.mod")
	}
	for _, m := range mods {
		if !strings.Contains(string(doc), "| "+m+" |") {
			t.Errorf("docs/licences.md does not list %s", m)
		}
	}
	if _, err := os.Stat("../LICENSE"); err != nil {
		t.Errorf("the project has no LICENSE file: %v", err)
	}
}
