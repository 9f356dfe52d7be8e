// Package hyphen finds the places where a word may be hyphenated, with
// Liang's algorithm (as in TeX) and TeX's hyphenation patterns.
//
// The patterns are the hyph-utf8 project's (TeX Live), kept unchanged with
// their licence headers in patterns/: each file's own licence travels with
// it (docs/licences.md lists them). Files under a licence that is not
// clearly free (Romanian: none stated) or that asks for more than keeping a
// notice (Indonesian: GPL; Hungarian: MPL) are left out.
package hyphen

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
)

//go:embed patterns/hyph-*.tex
var patternFS embed.FS

// files names the pattern file of each language we hyphenate.
var files = map[string]string{
	"bg": "hyph-bg.tex", "ca": "hyph-ca.tex", "da": "hyph-da.tex",
	"de": "hyph-de-1996.tex", "el": "hyph-el-monoton.tex", "en": "hyph-en-us.tex",
	"es": "hyph-es.tex", "fi": "hyph-fi.tex", "fr": "hyph-fr.tex",
	"hr": "hyph-hr.tex", "it": "hyph-it.tex", "nl": "hyph-nl.tex",
	"pl": "hyph-pl.tex", "pt": "hyph-pt.tex", "ru": "hyph-ru.tex",
	"sl": "hyph-sl.tex", "sv": "hyph-sv.tex", "tr": "hyph-tr.tex",
	"uk": "hyph-uk.tex",
	// Santhosh Thottingal's Indic patterns break between orthographic
	// syllables. Assamese's are left out: we have no Assamese text to
	// test them on.
	"bn": "hyph-bn.tex", "gu": "hyph-gu.tex",
	"hi": "hyph-hi.tex", "kn": "hyph-kn.tex", "ml": "hyph-ml.tex",
	"mr": "hyph-mr.tex", "or": "hyph-or.tex", "pa": "hyph-pa.tex",
	"ta": "hyph-ta.tex", "te": "hyph-te.tex",
}

// dicts holds each language's dictionary, parsed on first use (English
// takes about 1.5 ms; German, the largest, about eight times as long) and
// shared by the whole process.
var dicts = func() map[string]func() *Dictionary {
	m := make(map[string]func() *Dictionary, len(files))
	for lang, name := range files {
		m[lang] = sync.OnceValue(func() *Dictionary { return mustLoad(name) })
	}
	return m
}()

// English is the US English dictionary.
func English() *Dictionary { return dicts["en"]() }

// For returns the dictionary of the language tag names (its base
// language: "de-CH" and "de" share one), or nil if we have no patterns
// for it.
func For(tag string) *Dictionary {
	if load := Loader(tag); load != nil {
		return load()
	}
	return nil
}

// Loader returns a function giving the dictionary of tag's language,
// which reads its patterns on the first call (a German book's first word
// to break, not every book's start), or nil if we have none.
func Loader(tag string) func() *Dictionary {
	t, err := language.Parse(tag)
	if err != nil {
		return nil
	}
	base, _ := t.Base()
	return dicts[base.String()]
}

// mustLoad parses an embedded pattern file with the hyphenation minimums
// its header gives for typesetting.
func mustLoad(name string) *Dictionary {
	b, err := patternFS.ReadFile("patterns/" + name)
	if err == nil {
		var d *Dictionary
		left, right := mins(string(b))
		if d, err = ParseTeX(string(b), left, right); err == nil {
			return d
		}
	}
	panic(fmt.Sprintf("hyphen: embedded %s: %v", name, err))
}

// mins reads a hyph-utf8 header's "hyphenmins: typesetting: left: L
// right: R"; TeX's defaults of 2 and 3 when it has none. Neither is taken
// under 2: Greek's header says 1 and 1, but a line ending in a lone
// letter ("α-") is what book typography avoids in every language.
func mins(src string) (left, right int) {
	left, right = 2, 3
	i := strings.Index(src, "% hyphenmins:")
	if i < 0 {
		return left, right
	}
	j := strings.Index(src[i:], "typesetting:")
	if j < 0 {
		return left, right
	}
	for _, line := range strings.SplitN(src[i+j:], "\n", 4)[1:3] {
		k, v, _ := strings.Cut(strings.TrimLeft(line, "% "), ":")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
		case k == "left":
			left = max(n, 2)
		case k == "right":
			right = max(n, 2)
		}
	}
	return left, right
}

// A Dictionary holds one language's patterns and exceptions. It is safe for
// concurrent use.
type Dictionary struct {
	// LeftMin and RightMin are the fewest letters a hyphen may leave
	// before and after it (TeX's \lefthyphenmin and \righthyphenmin).
	LeftMin, RightMin int

	nodes []node
	edges []edge
	vals  []uint8
	// exceptions maps a lower-case word to its hyphen positions in runes.
	exceptions map[string][]int
}

// The patterns are a trie over runes; a node's children are
// edges[first:first+n], sorted by rune.
type node struct {
	first, n int32
	// vals[v:v+len] are the pattern's inter-letter values, one per gap
	// before, between and after its len-1 letters; v < 0 if no pattern ends
	// here.
	v, len int32
}

type edge struct {
	r  rune
	to int32
}

// ParseTeX reads a TeX hyphenation file: the words of \patterns{...} and
// \hyphenation{...}, with % comments, up to \endinput; a \message line
// is passed over. leftMin and rightMin are the
// language's hyphenation minimums.
func ParseTeX(src string, leftMin, rightMin int) (*Dictionary, error) {
	var patterns, exceptions []string
	var into *[]string
lines:
	for lineNo, line := range strings.Split(src, "\n") {
		if i := strings.IndexByte(line, '%'); i >= 0 {
			line = line[:i]
		}
		for _, tok := range strings.Fields(line) {
			switch {
			case into == nil && tok == `\patterns{`:
				into = &patterns
			case into == nil && tok == `\hyphenation{`:
				into = &exceptions
			case into == nil && tok == `\endinput`:
				break lines
			case into == nil && strings.HasPrefix(tok, `\message{`):
				continue lines // a line for TeX's log
			case into == nil:
				return nil, fmt.Errorf("line %d: %q outside \\patterns and \\hyphenation", lineNo+1, tok)
			case tok == "}":
				into = nil
			default:
				*into = append(*into, tok)
			}
		}
	}
	if into != nil {
		return nil, fmt.Errorf("unclosed \\patterns or \\hyphenation")
	}
	if len(patterns) == 0 {
		return nil, fmt.Errorf("no patterns")
	}
	d := &Dictionary{LeftMin: leftMin, RightMin: rightMin, exceptions: make(map[string][]int, len(exceptions))}
	b := builder{d: d, children: []map[rune]int32{{}}}
	d.nodes = append(d.nodes, node{v: -1})
	for _, p := range patterns {
		if err := b.add(p); err != nil {
			return nil, err
		}
	}
	b.flatten()
	for _, e := range exceptions {
		var word []rune
		var points []int
		for _, r := range e {
			if r == '-' {
				points = append(points, len(word))
				continue
			}
			word = append(word, unicode.ToLower(r))
		}
		d.exceptions[string(word)] = points
	}
	return d, nil
}

type builder struct {
	d        *Dictionary
	children []map[rune]int32
}

// add puts one pattern such as ".ach4" or "hy3ph" into the trie.
func (b *builder) add(p string) error {
	letters := make([]rune, 0, len(p))
	vals := make([]uint8, 1, len(p)+1)
	for _, r := range p {
		if r >= '0' && r <= '9' {
			if vals[len(vals)-1] != 0 {
				return fmt.Errorf("pattern %q: two digits in a row", p)
			}
			vals[len(vals)-1] = uint8(r - '0')
			continue
		}
		letters = append(letters, unicode.ToLower(r))
		vals = append(vals, 0)
	}
	if len(letters) == 0 {
		return fmt.Errorf("pattern %q has no letters", p)
	}
	n := int32(0)
	for _, r := range letters {
		next, ok := b.children[n][r]
		if !ok {
			next = int32(len(b.d.nodes))
			b.d.nodes = append(b.d.nodes, node{v: -1})
			b.children = append(b.children, map[rune]int32{})
			b.children[n][r] = next
		}
		n = next
	}
	if b.d.nodes[n].v >= 0 {
		return fmt.Errorf("pattern %q given twice", p)
	}
	b.d.nodes[n].v = int32(len(b.d.vals))
	b.d.nodes[n].len = int32(len(vals))
	b.d.vals = append(b.d.vals, vals...)
	return nil
}

func (b *builder) flatten() {
	for i, kids := range b.children {
		b.d.nodes[i].first = int32(len(b.d.edges))
		b.d.nodes[i].n = int32(len(kids))
		start := len(b.d.edges)
		for r, to := range kids {
			b.d.edges = append(b.d.edges, edge{r, to})
		}
		es := b.d.edges[start:]
		for j := 1; j < len(es); j++ { // insertion sort: a node has few children
			for k := j; k > 0 && es[k].r < es[k-1].r; k-- {
				es[k], es[k-1] = es[k-1], es[k]
			}
		}
	}
}

func (d *Dictionary) child(n int32, r rune) int32 {
	nd := &d.nodes[n]
	lo, hi := nd.first, nd.first+nd.n
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		switch e := d.edges[m]; {
		case e.r == r:
			return e.to
		case e.r < r:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// Points returns the rune offsets in word where a hyphen may go: an offset
// i means a break between word's runes i-1 and i. See AppendPoints.
func (d *Dictionary) Points(word string) []int {
	return d.AppendPoints(nil, word)
}

// AppendPoints appends to dst the rune offsets in word where a hyphen may
// go, in increasing order, and returns the extended slice.
//
// A word with a digit, or written in capitals only (an acronym such as
// NASA), gets none. Other characters that are not letters (apostrophes,
// hyphens, a dot) split the word into parts that are hyphenated alone; no
// hyphen goes beside such a character. Case does not matter otherwise.
func (d *Dictionary) AppendPoints(dst []int, word string) []int {
	upper, lower := 0, 0
	for _, r := range word {
		switch {
		case unicode.IsNumber(r):
			return dst
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLetter(r):
			lower++
		}
	}
	if lower == 0 && upper > 1 {
		return dst
	}
	var buf [64]rune
	runes := buf[:0]
	start := 0 // rune offset of the current letter run
	for _, r := range word {
		if isWordRune(r) {
			runes = append(runes, unicode.ToLower(r))
			continue
		}
		dst = d.appendPart(dst, runes, start)
		start += len(runes) + 1
		runes = buf[:0]
	}
	return d.appendPart(dst, runes, start)
}

// isWordRune reports whether r belongs to a word: letters and the marks
// that go with them (Indic vowel signs are spacing marks, Mc).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// appendPart hyphenates one run of lower-case letters that starts at rune
// offset off of the word.
func (d *Dictionary) appendPart(dst []int, word []rune, off int) []int {
	n := len(word)
	if n < d.LeftMin+d.RightMin || n < 2 {
		return dst
	}
	if pts, ok := d.exceptions[string(word)]; ok {
		for _, p := range pts {
			if p >= d.LeftMin && p <= n-d.RightMin {
				dst = append(dst, off+p)
			}
		}
		return dst
	}
	// Liang: match every pattern against ".word."; values[i] is the
	// highest value found in the gap before dotted[i]. An odd value
	// allows a hyphen.
	var dbuf [66]rune
	var vbuf [67]uint8
	dotted, values := dbuf[:0], vbuf[:0]
	if n+2 > len(dbuf) {
		dotted = make([]rune, 0, n+2)
		values = make([]uint8, 0, n+3)
	}
	dotted = append(append(append(dotted, '.'), word...), '.')
	values = values[:len(dotted)+1]
	clear(values)
	for i := range dotted {
		nd := int32(0)
		for j := i; j < len(dotted); j++ {
			if nd = d.child(nd, dotted[j]); nd < 0 {
				break
			}
			if p := d.nodes[nd]; p.v >= 0 {
				for k, v := range d.vals[p.v : p.v+p.len] {
					if v > values[i+k] {
						values[i+k] = v
					}
				}
			}
		}
	}
	// The gap before word[p] is the gap before dotted[p+1].
	for p := d.LeftMin; p <= n-d.RightMin; p++ {
		if values[p+1]%2 == 1 {
			dst = append(dst, off+p)
		}
	}
	return dst
}

// Hyphenate returns word with sep at every place Points allows, e.g.
// "hy-phen-ation". It is meant for tests and tools; a typesetter uses
// Points.
func (d *Dictionary) Hyphenate(word, sep string) string {
	pts := d.Points(word)
	if len(pts) == 0 {
		return word
	}
	var b strings.Builder
	b.Grow(len(word) + len(pts)*len(sep))
	i := 0
	for _, r := range word {
		if len(pts) > 0 && pts[0] == i {
			b.WriteString(sep)
			pts = pts[1:]
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}
