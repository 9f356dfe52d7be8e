// Command extract-eval scores article extraction over the fixture pages
// (testdata/pages/<name>/ with source.html and expected.txt): precision,
// recall and F1 of 4-gram shingles, each CJK character a token, for our
// pipeline (extract.FromHTML) and for Readability alone.
//
//	go run ./scripts/extract-eval [-v] [-dir testdata/pages]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"

	"github.com/bookify/article2book/internal/shingle"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
)

type score struct{ p, r, f float64 }

type page struct {
	name, lang string
	ours, read score
	err        string
}

func main() {
	dir := flag.String("dir", "testdata/pages", "fixture folders")
	verbose := flag.Bool("v", false, "print every page")
	flag.Parse()
	pages, err := run(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "extract-eval:", err)
		os.Exit(1)
	}
	if *verbose {
		fmt.Printf("%-22s %-6s %6s %6s %6s   %6s %6s %6s\n", "page", "lang", "P", "R", "F1", "P", "R", "F1")
		for _, p := range pages {
			fmt.Printf("%-22s %-6s %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f %s\n", p.name, p.lang, p.ours.p, p.ours.r, p.ours.f, p.read.p, p.read.r, p.read.f, p.err)
		}
		fmt.Println()
	}
	fmt.Printf("%-26s %5s   %-22s %-22s\n", "", "pages", "ours (P / R / F1)", "readability (P / R / F1)")
	for _, g := range []struct {
		label string
		keep  func(page) bool
	}{
		{"all", func(page) bool { return true }},
		{"Chinese", func(p page) bool { return strings.HasPrefix(p.lang, "zh") }},
		{"other", func(p page) bool { return !strings.HasPrefix(p.lang, "zh") }},
	} {
		var n int
		var o, r score
		for _, p := range pages {
			if !g.keep(p) {
				continue
			}
			n++
			o.p, o.r, o.f = o.p+p.ours.p, o.r+p.ours.r, o.f+p.ours.f
			r.p, r.r, r.f = r.p+p.read.p, r.r+p.read.r, r.f+p.read.f
		}
		if n == 0 {
			continue
		}
		d := float64(n)
		fmt.Printf("%-26s %5d   %.3f / %.3f / %.3f    %.3f / %.3f / %.3f\n", g.label+" (mean per page)", n, o.p/d, o.r/d, o.f/d, r.p/d, r.r/d, r.f/d)
	}
}

func run(dir string) ([]page, error) {
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
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			return nil, err
		}
		src, err := extract.DecodeHTML(raw, "")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		p := page{name: e.Name(), lang: book.DetectLang(string(want))}
		if a, err := extract.FromHTML(strings.NewReader(src), nil); err == nil {
			p.ours = scoreOf(strings.Join(a.Texts(), "\n"), string(want))
			p.lang = a.Lang
		} else {
			p.err = "ours: " + err.Error()
		}
		if text, err := readabilityText(src); err == nil {
			p.read = scoreOf(text, string(want))
		} else {
			p.err += " readability: " + err.Error()
		}
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	return pages, nil
}

// readabilityText is Readability's own text of the page, as a user of the
// library alone would get it.
func readabilityText(src string) (string, error) {
	ra, err := readability.FromReader(strings.NewReader(src), nil)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := ra.RenderText(&b); err != nil {
		return "", err
	}
	return b.String(), nil
}

func scoreOf(got, want string) score {
	p, r, f := shingle.Score(got, strings.TrimFunc(want, unicode.IsSpace))
	return score{p, r, f}
}
