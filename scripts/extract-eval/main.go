// Command extract-eval scores article extraction side by side: our
// pipeline (extract.FromHTML), Readability alone and go-trafilatura, over
// our fixture pages and two public corpora fetched with `go mod download`
// (Readability's test pages, trafilatura's comparison benchmark).
//
// Pages with a whole expected text are scored by precision, recall and F1
// of 4-gram shingles, each CJK character a token (mean per page). The
// trafilatura corpus has snippets each extraction must and must not
// contain; it is scored as its own comparison script does: precision,
// recall, accuracy and F-score over all snippets.
//
// Every public corpus is split by a hash of the page name: 70 % to tune on
// (-part tune, the default) and 30 % held out (-part held), which is to be
// run rarely and never looked at page by page while tuning.
//
//	go run ./scripts/extract-eval [-corpus fixtures,readability,trafilatura] [-part tune|held|all] [-norm] [-v] [-show PAGE] [-x ours,ours-nocap,readability,trafilatura,trafilatura-nf,vote,fallback]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	corpora := flag.String("corpus", "fixtures,readability,trafilatura", "corpora to score")
	part := flag.String("part", "tune", "tune, held or all (fixtures are never split)")
	dir := flag.String("dir", "testdata/pages", "our fixture folders")
	verbose := flag.Bool("v", false, "print every page (refused with -part held)")
	show := flag.String("show", "", "print each extractor's text of this page")
	extractors := flag.String("x", "ours,readability,trafilatura", "extractors to run")
	snippets := flag.Bool("snippets", false, "print the snippets ours gets wrong (tuning part only)")
	norm := flag.Bool("norm", false, "score text as read: no-break spaces as spaces, soft hyphens unseen (every extractor)")
	flag.Parse()
	if *norm {
		readAs = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u00ad", "")
	}
	if (*verbose || *snippets) && *part != "tune" {
		fmt.Fprintln(os.Stderr, "extract-eval: -v only on the tuning part: the held-out pages are not to be looked at")
		os.Exit(2)
	}
	ex := strings.Split(*extractors, ",")
	for _, name := range strings.Split(*corpora, ",") {
		pages, err := load(name, *dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "extract-eval:", err)
			os.Exit(1)
		}
		pages = choose(pages, *part)
		if *snippets {
			wrongSnippets(pages)
			continue
		}
		if *show != "" {
			showPage(pages, *show, ex)
			continue
		}
		results := evaluate(pages, ex)
		report(name, *part, pages, ex, results, *verbose)
	}
}

func load(corpus, dir string) ([]page, error) {
	switch corpus {
	case "fixtures":
		return fixturePages(dir)
	case "readability":
		return readabilityPages()
	case "trafilatura":
		return trafilaturaPages()
	}
	return nil, fmt.Errorf("unknown corpus %q", corpus)
}

func choose(pages []page, part string) []page {
	var out []page
	for _, p := range pages {
		if p.corpus == "fixtures" || part == "all" || heldOut(p) == (part == "held") {
			out = append(out, p)
		}
	}
	return out
}

func showPage(pages []page, name string, ex []string) {
	for _, p := range pages {
		if p.name != name {
			continue
		}
		for _, x := range ex {
			text, d, err := extractText(x, p)
			fmt.Printf("===== %s (%v, err %v)\n%s\n", x, d, err, text)
		}
		if p.want != "" {
			fmt.Printf("===== expected\n%s\n", p.want)
		}
		fmt.Printf("===== with %q\n===== without %q\n", p.with, p.without)
	}
}

// wrongSnippets prints, page by page, the snippets our text misses (-) or
// wrongly contains (!), and whether trafilatura gets each right.
func wrongSnippets(pages []page) {
	for _, p := range pages {
		ours, _, _ := extractText("ours", p)
		traf, _, _ := extractText("trafilatura", p)
		ours, traf = asRead(ours), asRead(traf)
		has := func(text, s string) bool { return text != "" && strings.Contains(text, asRead(s)) }
		for _, s := range p.with {
			if !has(ours, s) {
				fmt.Printf("%s\t-\ttraf=%v\t%q\n", p.name, has(traf, s), s)
			}
		}
		for _, s := range p.without {
			if has(ours, s) {
				fmt.Printf("%s\t!\ttraf=%v\t%q\n", p.name, !has(traf, s), s)
			}
		}
	}
}
