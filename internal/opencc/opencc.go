// Package opencc converts Chinese text between Simplified and Traditional
// characters, regional variants and regional phrases, with the
// dictionaries and the matching of OpenCC (Open Chinese Convert), the
// reference tool: the text is first cut into segments by longest match in
// a phrase table, then each step of a conversion chain rewrites every
// segment by longest match in its tables.
//
// The tables in dict/ are OpenCC 1.1.6's (Apache 2.0; make-dict.sh remakes
// them). github.com/longbridgeapp/opencc ports the same tables to Go, but
// it reaches its trie through github.com/liuzl/cedar-go, which is GPL 2.0,
// and would bind every binary of ours to it; OpenCC's matching is a page of
// code.
package opencc

import (
	"embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed dict/*.txt
var dictFS embed.FS

// A conversion is OpenCC's configuration of the same name: the phrase
// table that segments the text and the chain of steps, each a group of
// tables tried in order.
type conversion struct {
	segment string
	chain   [][]string
}

var conversions = map[string]conversion{
	"s2t":   {"STPhrases", [][]string{{"STPhrases", "STCharacters"}}},
	"s2tw":  {"STPhrases", [][]string{{"STPhrases", "STCharacters"}, {"TWVariants"}}},
	"s2twp": {"STPhrases", [][]string{{"STPhrases", "STCharacters"}, {"TWPhrases"}, {"TWVariants"}}},
	"s2hk":  {"STPhrases", [][]string{{"STPhrases", "STCharacters"}, {"HKVariants"}}},
	"t2s":   {"TSPhrases", [][]string{{"TSPhrases", "TSCharacters"}}},
	"tw2s":  {"TSPhrases", [][]string{{"TWVariantsRevPhrases", "TWVariantsRev"}, {"TSPhrases", "TSCharacters"}}},
}

// Names are the conversions New accepts, in the order to list them.
var Names = []string{"s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s"}

// Valid reports whether name is one of Names.
func Valid(name string) bool { _, ok := conversions[name]; return ok }

// A Converter rewrites text by one conversion. It is safe for concurrent
// use.
type Converter struct {
	segment *table
	chain   [][]*table
}

var (
	convMu     sync.Mutex
	converters = map[string]*Converter{}
)

// New returns the converter of a conversion named in Names. Its tables are
// read on the first call for them and kept for the life of the process, so
// a program that never converts pays nothing at start-up.
func New(name string) (*Converter, error) {
	cv, ok := conversions[name]
	if !ok {
		return nil, fmt.Errorf("unknown conversion %q (want %s)", name, strings.Join(Names, ", "))
	}
	convMu.Lock()
	defer convMu.Unlock()
	if c := converters[name]; c != nil {
		return c, nil
	}
	c := &Converter{segment: loadTable(cv.segment)}
	for _, step := range cv.chain {
		var group []*table
		for _, t := range step {
			group = append(group, loadTable(t))
		}
		c.chain = append(c.chain, group)
	}
	converters[name] = c
	return c, nil
}

// Convert returns s converted.
func (c *Converter) Convert(s string) string {
	segs := c.segment.segments(s)
	var b strings.Builder
	for _, group := range c.chain {
		for i, seg := range segs {
			segs[i] = convertSegment(&b, group, seg)
		}
	}
	return strings.Join(segs, "")
}

// segments cuts s as OpenCC's maximum-match segmentation does: each
// longest match in t is a segment, and the text between matches another.
func (t *table) segments(s string) []string {
	var segs []string
	start := 0 // of the unmatched text before i
	for i := 0; i < len(s); {
		n, _ := t.prefix(s[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		if start < i {
			segs = append(segs, s[start:i])
		}
		segs = append(segs, s[i:i+n])
		i += n
		start = i
	}
	if start < len(s) {
		segs = append(segs, s[start:])
	}
	return segs
}

// convertSegment rewrites seg by longest match, trying the tables of group
// in order at each position: the first table with any match decides. An
// unchanged segment is returned as it is, without a copy.
func convertSegment(b *strings.Builder, group []*table, seg string) string {
	b.Reset()
	copied := 0 // seg[:copied] is written to b, once anything changed
	for i := 0; i < len(seg); {
		n, to := 0, ""
		for _, t := range group {
			if n, to = t.prefix(seg[i:]); n > 0 {
				break
			}
		}
		if n == 0 {
			_, n = utf8.DecodeRuneInString(seg[i:])
		} else if to != seg[i:i+n] {
			if copied == 0 {
				b.Grow(len(seg) + len(to))
			}
			b.WriteString(seg[copied:i])
			b.WriteString(to)
			copied = i + n
		}
		i += n
	}
	if copied == 0 {
		return seg
	}
	b.WriteString(seg[copied:])
	return b.String()
}

// A table maps phrases (or characters) to their first conversion. For a
// lookup to try only key lengths that exist, first holds a bit for each
// first rune of a key, and pairs, for each first two runes of a longer
// key, a bit for each length in runes (2 to 32).
type table struct {
	m     map[string]string
	first map[rune]bool // true: a key of one rune
	pairs map[uint64]uint32
}

var (
	tableMu sync.Mutex
	tables  = map[string]*table{}
)

// loadTable reads dict/name.txt once per process: lines of a key, a tab and
// its conversions separated by spaces, the first being OpenCC's default.
// The keys and values are substrings of the embedded file, not copies.
func loadTable(name string) *table {
	tableMu.Lock()
	defer tableMu.Unlock()
	if t := tables[name]; t != nil {
		return t
	}
	data, err := dictFS.ReadFile("dict/" + name + ".txt")
	if err != nil {
		panic(fmt.Sprintf("opencc: table %s not embedded: %v", name, err))
	}
	text := string(data)
	t := &table{m: make(map[string]string, strings.Count(text, "\n")), first: map[rune]bool{}, pairs: map[uint64]uint32{}}
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		key, vals, ok := strings.Cut(line, "\t")
		if !ok || key == "" {
			continue
		}
		val, _, _ := strings.Cut(vals, " ")
		t.m[key] = val
		r0, size := utf8.DecodeRuneInString(key)
		r1, _ := utf8.DecodeRuneInString(key[size:])
		switch n := utf8.RuneCountInString(key); {
		case n == 1:
			t.first[r0] = true
		case n <= 32:
			if _, ok := t.first[r0]; !ok {
				t.first[r0] = false
			}
			t.pairs[pair(r0, r1)] |= 1 << (n - 1)
		}
	}
	tables[name] = t
	return t
}

func pair(r0, r1 rune) uint64 { return uint64(r0)<<32 | uint64(r1) }

// prefix returns the byte length of the longest key that s starts with and
// its conversion, or 0.
func (t *table) prefix(s string) (int, string) {
	r0, size0 := utf8.DecodeRuneInString(s)
	single, ok := t.first[r0]
	if !ok {
		return 0, ""
	}
	if size0 < len(s) {
		r1, _ := utf8.DecodeRuneInString(s[size0:])
		if mask := t.pairs[pair(r0, r1)]; mask != 0 {
			// ends[k] is the byte offset after k+1 runes of s.
			var ends [32]int
			n := 0
			for i := range s {
				if i > 0 {
					ends[n] = i
					n++
					if mask>>n == 0 {
						break
					}
				}
			}
			if mask>>n != 0 {
				ends[n] = len(s)
				n++
			}
			for k := n - 1; k >= 1; k-- {
				if mask&(1<<k) == 0 {
					continue
				}
				if v, ok := t.m[s[:ends[k]]]; ok {
					return ends[k], v
				}
			}
		}
	}
	if single {
		return size0, t.m[s[:size0]]
	}
	return 0, ""
}
