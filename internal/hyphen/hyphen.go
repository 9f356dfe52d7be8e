// Package hyphen finds the places where a word may be hyphenated, with
// Liang's algorithm (as in TeX) and TeX's hyphenation patterns.
//
// The US English patterns are hyph-en-us.tex from the hyph-utf8 project
// (TeX Live), Gerard D.C. Kuiken's ushyphmax with Knuth's exception list,
// kept unchanged with its licence header in this folder. Its licence is the
// permissive notice in that header ("Copying and distribution of this file,
// with or without modification, are permitted in any medium without royalty
// provided the copyright notice and this notice are preserved"), so the file
// travels with it.
package hyphen

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
)

//go:embed hyph-en-us.tex
var enUS string

// English is the US English dictionary, with TeX's minimums for English:
// at least 2 letters before a hyphen and 3 after it. It is parsed on first
// use (about 1.5 ms) and shared by the whole process.
var English = sync.OnceValue(func() *Dictionary {
	d, err := ParseTeX(enUS, 2, 3)
	if err != nil {
		panic(fmt.Sprintf("hyphen: embedded hyph-en-us.tex: %v", err))
	}
	return d
})

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
// \hyphenation{...}, with % comments. leftMin and rightMin are the
// language's hyphenation minimums.
func ParseTeX(src string, leftMin, rightMin int) (*Dictionary, error) {
	var patterns, exceptions []string
	var into *[]string
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

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
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
