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

// TestREADME keeps the README a first page: short, with the one test
// command CI runs, and with every link into docs/ pointing at a page.
func TestREADME(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	if n := strings.Count(readme, "\n"); n > 250 {
		t.Errorf("README.md has %d lines, want at most 250; move detail into docs/", n)
	}
	if !strings.Contains(readme, "\nmake test ") {
		t.Error("README.md does not give `make test` as the test command")
	}
	for _, page := range []string{"cli", "api", "deploy", "typesetting", "security", "testing", "performance", "licences"} {
		link := "(docs/" + page + ".md)"
		if !strings.Contains(readme, link) {
			t.Errorf("README.md does not link %s", link)
		}
		if _, err := os.Stat(page + ".md"); err != nil {
			t.Errorf("docs/%s.md: %v", page, err)
		}
	}
}

// TestCommandName: the command is article2book everywhere a user meets
// it, not convert, which is ImageMagick's command on many machines.
func TestCommandName(t *testing.T) {
	if _, err := os.Stat("../cmd/article2book/main.go"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"../README.md", "cli.md", "../Makefile"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "cmd/convert") || strings.Contains(string(b), "\nconvert ") {
			t.Errorf("%s still calls the command convert", f)
		}
		if f != "../Makefile" && !strings.Contains(string(b), "article2book -") {
			t.Errorf("%s shows no article2book command line", f)
		}
	}
}
