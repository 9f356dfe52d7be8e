package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	gt "github.com/markusmobius/go-trafilatura"

	"github.com/bookify/article2book/internal/shingle"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
)

// extractText runs extractor x on page p and returns its text and the time it
// took. The other extractors' texts are cached (they do not change while
// ours is tuned) under the user's cache folder, keyed by module versions.
func extractText(x string, p page) (string, time.Duration, error) {
	raw, err := os.ReadFile(p.path)
	if err != nil {
		return "", 0, err
	}
	src, err := extract.DecodeHTML(raw, "")
	if err != nil {
		return "", 0, err
	}
	var base *url.URL
	if p.url != "" {
		base, _ = url.Parse(p.url)
	}
	if x == "ours" || x == "ours-nocap" {
		start := time.Now()
		a, err := extract.FromHTML(strings.NewReader(src), base)
		if err != nil {
			return "", time.Since(start), err
		}
		d := time.Since(start)
		if x == "ours-nocap" {
			dropCaptions(a.Blocks)
		}
		return strings.Join(a.Texts(), "\n"), d, nil
	}
	if x == "vote" {
		return voteText(p, true)
	}
	if x == "fallback" {
		return voteText(p, false)
	}
	cache := cachePath(x, p, raw)
	if b, err := os.ReadFile(cache); err == nil {
		return string(b), 0, nil
	}
	start := time.Now()
	var text string
	switch x {
	case "readability":
		text, err = readabilityText(src, base)
	case "trafilatura":
		text, err = trafilaturaText(src, base, true)
	case "trafilatura-nf":
		text, err = trafilaturaText(src, base, false)
	default:
		return "", 0, fmt.Errorf("unknown extractor %q", x)
	}
	d := time.Since(start)
	if err == nil && cache != "" {
		os.MkdirAll(filepath.Dir(cache), 0o755)
		os.WriteFile(cache, []byte(text), 0o644)
	}
	return text, d, err
}

// dropCaptions removes the captions of a's pictures: what ours scores
// as text when, as trafilatura without its pictures, a caption counts as
// the page's (-x ours-nocap). A lens on the figures only: the book keeps
// a caption with its picture.
func dropCaptions(blocks []book.Block) {
	for _, b := range blocks {
		switch b := b.(type) {
		case *book.Image:
			b.Caption = nil
		case *book.Quote:
			dropCaptions(b.Blocks)
		case *book.List:
			for _, it := range b.Items {
				dropCaptions(it.Blocks)
			}
		}
	}
}

func cachePath(x string, p page, raw []byte) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	h := sha256.Sum256(append([]byte(trafilaturaModule+readabilityModule+x+p.url), raw...))
	return filepath.Join(dir, "article2book-extract-eval", x, hex.EncodeToString(h[:12]))
}

// readabilityText is Readability's own text of the page, as a user of the
// library alone would get it.
func readabilityText(src string, base *url.URL) (string, error) {
	ra, err := readability.FromReader(strings.NewReader(src), base)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := ra.RenderText(&b); err != nil {
		return "", err
	}
	return b.String(), nil
}

// trafilaturaText is go-trafilatura's text with its best setting on its own
// benchmark (fallback extractors on, balanced, comments excluded), or,
// without fallback and without its date search, the second opinion our
// pipeline could ask for: readability, its first fallback, has run already.
func trafilaturaText(src string, base *url.URL, fallback bool) (string, error) {
	opts := gt.Options{
		EnableFallback:  fallback,
		ExcludeComments: true,
		Focus:           gt.Balanced,
		OriginalURL:     base,
	}
	if !fallback {
		opts.HtmlDateMode = gt.Disabled
	}
	r, err := gt.Extract(strings.NewReader(src), opts)
	if err != nil {
		return "", err
	}
	return r.ContentText, nil
}

// voteText is the paragraph-level vote the issue proposes, measured here
// before any of it goes into the pipeline, with go-trafilatura as the
// pipeline would run it (no fallback, no date search):
//   - Chinese, Japanese and Korean text is ours alone: go-trafilatura's
//     rules are written for European pages, and on our fixtures (mostly
//     Chinese) the vote lost 0.035 F1;
//   - when its text is less than half ours, ours stands;
//   - when ours is less than half its text, readability took the wrong
//     block (a cookie notice, a form): its text replaces ours;
//   - else our short lines (under voteMaxTokens words) go unless its text
//     has them: a line of three words or less as a run of its words, a
//     longer one by at least 30 % of its 4-word shingles. Long lines,
//     running text, always stay.
//
// Its time is ours alone; go-trafilatura's is reported on its own line.
// Without lines (-x fallback), only go-trafilatura's whole text stands in
// for ours when ours is less than half of it.
func voteText(p page, lines bool) (string, time.Duration, error) {
	ours, d, err := extractText("ours", p)
	if err != nil {
		ours = ""
	}
	traf, _, terr := extractText("trafilatura-nf", p)
	nOurs, nTraf := len(shingle.Tokens(ours)), len(shingle.Tokens(traf))
	switch {
	case cjkText(ours):
		return ours, d, err
	case terr != nil || 2*nTraf < nOurs:
		return ours, d, err
	case 2*nOurs < nTraf:
		return traf, d, nil
	case !lines:
		return ours, d, err
	}
	theirs := shingle.Shingles(traf)
	words := " " + strings.Join(shingle.Tokens(traf), " ") + " "
	var kept []string
	for _, line := range strings.Split(ours, "\n") {
		if keepLine(line, theirs, words) {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n"), d, nil
}

// voteMaxTokens is the length from which a line is running text that
// the vote never drops.
const voteMaxTokens = 20

func keepLine(line string, theirs map[string]int, words string) bool {
	t := shingle.Tokens(line)
	switch {
	case len(t) == 0 || len(t) >= voteMaxTokens:
		return true
	case len(t) < shingle.N:
		return strings.Contains(words, " "+strings.Join(t, " ")+" ")
	}
	in, all := 0, 0
	for s, c := range shingle.Shingles(line) {
		all += c
		if theirs[s] > 0 {
			in += c
		}
	}
	return 10*in >= 3*all
}

// cjkText reports text of which a third of the letters or more are Han,
// kana or Hangul.
func cjkText(s string) bool {
	n, c := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				c++
			}
		}
	}
	return 3*c > n
}
