package typefigures

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"unicode"
)

// markers are the prefixes the plain-text format puts before a list item's
// or a quotation's lines: the PDF draws list markers its own way (◦ for a
// nested bullet, once per item) and quotations with no mark at all.
var markers = regexp.MustCompile(`(?m)^(?:• |> |[0-9]+\. )+`)

// articleText is the text of a book's plain-text format without its
// markers.
func articleText(txt string) string {
	return markers.ReplaceAllString(txt, "")
}

// A char is a non-space character of a text with what separates it from
// the one before.
type char struct {
	r   rune
	sep sep
}

type sep int

const (
	none    sep = iota
	space       // horizontal space only
	newline     // a line or page break, with or without spaces
)

// chars splits s into non-space characters. Soft hyphens and zero-width
// characters are dropped: no renderer draws them, and they separate
// nothing.
func chars(s string) []char {
	var out []char
	cur := none
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\u2060' || r == '\ufeff':
		case r == '\n' || r == '\r' || r == '\f' || r == '\u2028' || r == '\u2029':
			cur = newline
		case unicode.IsSpace(r) || r == 0x3000:
			if cur == none {
				cur = space
			}
		default:
			out = append(out, char{r, cur})
			cur = none
		}
	}
	return out
}

// match pairs each source character with a character of the extracted
// text, keeping both in order: at[i] is the index in ext, or -1 if src[i]
// is lost. It is a longest common subsequence: anchored first on
// 8-character runs that occur once in each text (as patience diff does), a
// Myers diff between anchors.
func match(src, ext []char) []int {
	at := make([]int, len(src))
	for i := range at {
		at[i] = -1
	}
	a, b := make([]rune, len(src)), make([]rune, len(ext))
	for i, c := range src {
		a[i] = c.r
	}
	for j, c := range ext {
		b[j] = c.r
	}
	const k = 8
	type seen struct{ n, pos int }
	grams := func(rs []rune) map[string]seen {
		m := map[string]seen{}
		for i := 0; i+k <= len(rs); i++ {
			g := string(rs[i : i+k])
			s := m[g]
			s.n++
			s.pos = i
			m[g] = s
		}
		return m
	}
	ga, gb := grams(a), grams(b)
	var pairs [][2]int // (i, j) in increasing i
	for i := 0; i+k <= len(a); i++ {
		g := string(a[i : i+k])
		if sa := ga[g]; sa.n == 1 {
			if sb := gb[g]; sb.n == 1 {
				pairs = append(pairs, [2]int{i, sb.pos})
			}
		}
	}
	anchors := increasing(pairs)
	pi, pj := 0, 0
	for _, p := range append(anchors, [2]int{len(a), len(b)}) {
		for _, m := range myers(a[pi:p[0]], b[pj:p[1]]) {
			at[pi+m[0]] = pj + m[1]
		}
		if p[0] < len(a) {
			at[p[0]] = p[1]
		}
		pi, pj = p[0]+1, p[1]+1
	}
	return at
}

// increasing returns the longest run of pairs whose second members
// increase too (patience sorting).
func increasing(pairs [][2]int) [][2]int {
	var tails []int // index into pairs of the smallest tail of each length
	prev := make([]int, len(pairs))
	for i, p := range pairs {
		lo, hi := 0, len(tails)
		for lo < hi {
			m := (lo + hi) / 2
			if pairs[tails[m]][1] < p[1] {
				lo = m + 1
			} else {
				hi = m
			}
		}
		prev[i] = -1
		if lo > 0 {
			prev[i] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, i)
		} else {
			tails[lo] = i
		}
	}
	out := make([][2]int, len(tails))
	for n, i := len(tails)-1, -1; n >= 0; n-- {
		if n == len(tails)-1 {
			i = tails[n]
		}
		out[n] = pairs[i]
		i = prev[i]
	}
	return out
}

// maxEdits bounds the Myers diff of one stretch between anchors; past it
// the stretch counts as unmatched.
const maxEdits = 4000

// myers returns the matched index pairs of a longest common subsequence
// of a and b (Myers' O(ND) algorithm).
func myers(a, b []rune) [][2]int {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	for d := 0; d <= limit; d++ {
		// Step d reads diagonals -d-1 … d+1 of step d-1: keep just those.
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, d, x, y)
			}
		}
	}
	return nil
}

func backtrack(trace [][]int, d, x, y int) [][2]int {
	var out [][2]int
	for ; d > 0; d-- {
		v := func(k int) int { return trace[d][k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && v(k-1) < v(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := v(pk)
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			out = append(out, [2]int{x, y})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		out = append(out, [2]int{x, y})
	}
	return out
}

// Copy holds the figures of one pdftotext mode against the source text.
type Copy struct {
	Lost     int // source characters not found, in order
	Inserted int // spaces between two characters the source has together
	Dropped  int // source spaces between two characters the copy runs together
	PUA      int // private-use code points in the copy
	Geta     int // U+3013 GETA MARK, what a renderer draws for a lost character
	Examples []string
}

func compare(source, extracted string) Copy {
	var c Copy
	src, ext := chars(source), chars(extracted)
	for _, e := range ext {
		if isPUA(e.r) {
			c.PUA++
		}
		if e.r == '〓' {
			c.Geta++
		}
	}
	at := match(src, ext)
	for i, j := range at {
		if j < 0 {
			c.Lost++
			if len(c.Examples) < 20 {
				c.Examples = append(c.Examples, fmt.Sprintf("lost %q in %q", string(src[i].r), excerpt(src, i)))
			}
			continue
		}
		if i == 0 || at[i-1] != j-1 || at[i-1] < 0 {
			continue
		}
		switch {
		case src[i].sep == none && ext[j].sep == space:
			c.Inserted++
			if len(c.Examples) < 20 {
				c.Examples = append(c.Examples, fmt.Sprintf("space inserted before %q in %q", string(src[i].r), excerpt(src, i)))
			}
		case src[i].sep != none && ext[j].sep == none:
			c.Dropped++
			if len(c.Examples) < 20 {
				c.Examples = append(c.Examples, fmt.Sprintf("space dropped before %q in %q", string(src[i].r), excerpt(src, i)))
			}
		}
	}
	return c
}

func excerpt(cs []char, i int) string {
	var b strings.Builder
	for k := max(0, i-8); k < min(len(cs), i+8); k++ {
		if k > max(0, i-8) && cs[k].sep != none {
			b.WriteByte(' ')
		}
		b.WriteRune(cs[k].r)
	}
	return b.String()
}

// pdftotext returns the PDF's text in one of poppler's modes: "" for the
// default (reading order), "-raw" (content-stream order).
func pdftotext(path, mode string) (string, error) {
	args := []string{"-enc", "UTF-8"}
	if mode != "" {
		args = append(args, mode)
	}
	args = append(args, path, "-")
	var stderr bytes.Buffer
	cmd := exec.Command("pdftotext", args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("pdftotext %s %s: %v: %s", mode, path, err, stderr.String())
	}
	return string(out), nil
}
