package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The public corpora are fetched through the module proxy, never copied
// into the repository: their pages are third parties' web pages, which
// neither module's licence (Apache 2.0, MIT) covers.
const (
	trafilaturaModule = "github.com/markusmobius/go-trafilatura@v1.12.2"
	readabilityModule = "codeberg.org/readeck/go-readability/v2@v2.1.3"
)

// A page is one case of a corpus: the HTML and what the article is, as a
// whole text (want) or as snippets it must and must not contain.
type page struct {
	corpus, name, url string
	path              string // the HTML file
	want              string // expected text; empty for snippet cases
	with, without     []string
}

// heldOut says whether a page belongs to the held-out part: 30 % of every
// corpus, chosen by a hash of the page's name so the split never changes.
func heldOut(p page) bool {
	h := fnv.New32a()
	h.Write([]byte(p.corpus + "/" + p.name))
	return h.Sum32()%10 < 3
}

func moduleDir(module string) (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", module).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %w", module, err)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(out, &m); err != nil {
		return "", fmt.Errorf("go mod download %s: %w", module, err)
	}
	if m.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", module, m.Error)
	}
	return m.Dir, nil
}

// fixturePages are our own pages (testdata/pages): expected.txt each.
func fixturePages(dir string) ([]page, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var pages []page
	for _, e := range entries {
		want, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected.txt"))
		if err != nil {
			continue // not a fixture folder, or one without expectations
		}
		pages = append(pages, page{corpus: "fixtures", name: e.Name(), path: filepath.Join(dir, e.Name(), "source.html"), want: string(want)})
	}
	return pages, nil
}

// readabilityPages are Readability's test pages: expected.html is the
// article as Readability.js marks it.
func readabilityPages() ([]page, error) {
	dir, err := moduleDir(readabilityModule)
	if err != nil {
		return nil, err
	}
	dir = filepath.Join(dir, "test-pages")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var pages []page
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected.html"))
		if err != nil {
			continue
		}
		want, err := htmlText(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		pages = append(pages, page{corpus: "readability", name: e.Name(), url: "http://fakehost/test/page.html",
			path: filepath.Join(dir, e.Name(), "source.html"), want: want})
	}
	return pages, nil
}

// htmlText is the text of an HTML fragment, a line per block element.
func htmlText(raw []byte) (string, error) {
	doc, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.DataAtom == atom.Script || n.DataAtom == atom.Style:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		switch n.DataAtom {
		case atom.P, atom.Div, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Br, atom.Tr, atom.Pre, atom.Blockquote, atom.Figcaption:
			b.WriteString("\n")
		}
	}
	walk(doc)
	return b.String(), nil
}

// trafilaturaPages are trafilatura's comparison pages with the snippets of
// scripts/comparison/data.go, read from its Go syntax.
func trafilaturaPages() ([]page, error) {
	dir, err := moduleDir(trafilaturaModule)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(dir, "scripts/comparison/data.go"), nil, 0)
	if err != nil {
		return nil, err
	}
	var pages []page
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		key, ok := kv.Key.(*ast.BasicLit)
		lit, ok2 := kv.Value.(*ast.CompositeLit)
		if !ok || !ok2 || key.Kind != token.STRING {
			return true
		}
		p := page{corpus: "trafilatura", url: unquote(key)}
		for _, e := range lit.Elts {
			field, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch field.Key.(*ast.Ident).Name {
			case "File":
				p.name = unquote(field.Value)
			case "With":
				p.with = strs(field.Value)
			case "Without":
				p.without = strs(field.Value)
			}
		}
		for _, sub := range []string{"comparison", "mock"} {
			path := filepath.Join(dir, "test-files", sub, p.name)
			if _, err := os.Stat(path); err == nil {
				p.path = path
				break
			}
		}
		if p.path != "" {
			pages = append(pages, p)
		}
		return false
	})
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	return pages, nil
}

func unquote(e ast.Expr) string {
	lit, ok := e.(*ast.BasicLit)
	if !ok {
		return ""
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return ""
	}
	return s
}

func strs(e ast.Expr) []string {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []string
	for _, x := range lit.Elts {
		out = append(out, unquote(x))
	}
	return out
}
