package main

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/bookify/article2book/internal/shingle"
)

// A result is one extractor's score on one page.
type result struct {
	p, r, f            float64 // shingle scores, for pages with a whole text
	tp, fp, fn, tn     int     // snippet counts, for pages with snippets
	d                  time.Duration
	err                error
	equalToReadability bool
}

func evaluate(pages []page, ex []string) [][]result {
	out := make([][]result, len(pages))
	for i, p := range pages {
		out[i] = make([]result, len(ex))
		texts := map[string]string{}
		for j, x := range ex {
			text, d, err := extractText(x, p)
			texts[x] = text
			res := score(p, text)
			res.d, res.err = d, err
			out[i][j] = res
		}
		if r, ok := texts["readability"]; ok {
			out[i][0].equalToReadability = shingle.Tokens(r) != nil && strings.Join(shingle.Tokens(texts[ex[0]]), " ") == strings.Join(shingle.Tokens(r), " ")
		}
	}
	return out
}

// readAs maps the characters a reader cannot tell from a space, or does
// not see, to what they look like: no-break and narrow no-break spaces
// to spaces, soft hyphens to nothing. Our model keeps them (they steer
// line breaking); go-trafilatura drops them; the snippets are typed with
// plain spaces. Set by -norm, for every extractor alike, with Unicode's
// canonical composition (NFC): text the standard says is the same text
// (a Bengali য় as one code point or as য and its nukta) reads the same;
// the snippets are in NFC, and our model keeps the page's code points.
var readAs *strings.Replacer

// asRead returns text as -norm reads it, or unchanged without -norm.
func asRead(text string) string {
	if readAs == nil {
		return text
	}
	return norm.NFC.String(readAs.Replace(text))
}

func score(p page, text string) result {
	var r result
	text = asRead(text)
	if p.want != "" {
		r.p, r.r, r.f = shingle.Score(text, strings.TrimFunc(p.want, unicode.IsSpace))
		return r
	}
	// As trafilatura's comparison script: an empty extraction contains
	// nothing, wanted or not. The snippets are read as the text is: a
	// few were copied from their page with its soft hyphens.
	for _, s := range p.with {
		if text != "" && strings.Contains(text, asRead(s)) {
			r.tp++
		} else {
			r.fn++
		}
	}
	for _, s := range p.without {
		if text != "" && strings.Contains(text, asRead(s)) {
			r.fp++
		} else {
			r.tn++
		}
	}
	return r
}

func report(corpus, part string, pages []page, ex []string, res [][]result, verbose bool) {
	if corpus == "fixtures" {
		part = "all"
	}
	if verbose {
		for i, p := range pages {
			fmt.Printf("%-50.50s", p.name)
			for j := range ex {
				r := res[i][j]
				if p.want != "" {
					fmt.Printf("  %5.3f", r.f)
				} else {
					fmt.Printf("  +%d-%d !%d", r.tp, r.fn, r.fp)
				}
				if r.err != nil {
					fmt.Printf(" (%v)", r.err)
				}
			}
			fmt.Println()
		}
	}
	fmt.Printf("\n%s, %s part: %d pages\n", corpus, part, len(pages))
	snippets := len(pages) > 0 && pages[0].want == ""
	if snippets {
		fmt.Printf("%-14s %9s %9s %9s %9s %9s %8s\n", "extractor", "precision", "recall", "accuracy", "F-score", "time(s)", "errors")
	} else {
		fmt.Printf("%-14s %9s %9s %9s %9s %8s %s\n", "extractor", "P", "R", "F1", "time(s)", "errors", "")
	}
	for j, x := range ex {
		var sum result
		var errs, same int
		var d time.Duration
		for i := range pages {
			r := res[i][j]
			sum.p, sum.r, sum.f = sum.p+r.p, sum.r+r.r, sum.f+r.f
			sum.tp, sum.fp, sum.fn, sum.tn = sum.tp+r.tp, sum.fp+r.fp, sum.fn+r.fn, sum.tn+r.tn
			d += r.d
			if r.err != nil {
				errs++
			}
			if r.equalToReadability {
				same++
			}
		}
		extra := ""
		if j == 0 && x == "ours" && len(ex) > 1 && ex[1] == "readability" {
			extra = fmt.Sprintf("(same text as readability: %d)", same)
		}
		if snippets {
			tp, fp, fn, tn := float64(sum.tp), float64(sum.fp), float64(sum.fn), float64(sum.tn)
			fmt.Printf("%-14s %9.3f %9.3f %9.3f %9.3f %9.1f %8d %s\n", x, tp/(tp+fp), tp/(tp+fn), (tp+tn)/(tp+tn+fp+fn), 2*tp/(2*tp+fp+fn), d.Seconds(), errs, extra)
		} else {
			n := float64(len(pages))
			fmt.Printf("%-14s %9.3f %9.3f %9.3f %9.1f %8d %s\n", x, sum.p/n, sum.r/n, sum.f/n, d.Seconds(), errs, extra)
		}
	}
}
