package verify

import (
	"fmt"
	"strings"
	"testing"
)

// Bounds of InOrder, in runes: between one wanted string and the next, a
// document may hold what the test did not list (a heading, a byline, a
// caption, an image's alt text) up to maxGap; and at a page break
// (pdftotext's form feed) the running header, the page number and a
// table's repeated header row: whole lines, of the line of the break
// (which starts with the page number), the pageJunk lines after it and
// the one before.
const (
	maxGap   = 200
	pageJunk = 2
	// wanted strings this long must not occur again outside their place:
	// shorter ones, titles mostly, rightly do (a cover, a contents page,
	// a picture's alt text)
	dupMin = 40
)

// InOrder fails t unless each want string occurs in got, in order, each
// as one run of text, ignoring whitespace (and soft hyphens and
// zero-width characters in want, which no renderer draws):
//   - inside a string, nothing may be inserted but a page's running
//     header and number at a page break;
//   - between two strings, at most maxGap runes the test did not list
//     (before the first, anything: a cover, a title page);
//   - a string of dupMin runes or more must not occur in got more often
//     than in want.
//
// So it fails on dropped, inserted, duplicated or reordered text, which a
// subsequence match let through by finding each rune somewhere further
// on.
func InOrder(t testing.TB, what string, want []string, got string) {
	t.Helper()
	if msg := inOrder(want, got); msg != "" {
		t.Errorf("%s: %s", what, msg)
	}
}

// inOrder is InOrder's check; it returns what is wrong, or "".
func inOrder(want []string, got string) string {
	d := newDocText(got)
	pos := 0
	for k, w := range want {
		item := []rune(squeeze(w))
		if len(item) == 0 {
			continue
		}
		start, end := d.find(item, pos, k > 0)
		if start < 0 {
			return d.explain(item, pos, k > 0, w)
		}
		pos = end
	}
	return duplicates(want, d.body())
}

// docText is got without whitespace, each rune marked when it is on a
// line near a page break (a running header or a page number may be
// there), each line's first rune with where the line ends.
type docText struct {
	r    []rune
	junk []bool
	end  map[int]int // a line near a page break: its first rune -> its end
}

func newDocText(got string) *docText {
	lines := strings.Split(got, "\n")
	near := make([]bool, len(lines))
	for i, l := range lines {
		if !strings.ContainsRune(l, '\f') {
			continue
		}
		for j := max(0, i-pageJunk); j <= min(len(lines)-1, i+pageJunk); j++ {
			near[j] = true
		}
	}
	d := &docText{end: map[int]int{}}
	for i, l := range lines {
		start := len(d.r)
		for _, r := range squeeze(l) {
			d.r = append(d.r, r)
			d.junk = append(d.junk, near[i])
		}
		if near[i] && len(d.r) > start {
			d.end[start] = len(d.r)
		}
	}
	return d
}

// body is the text with the lines near page breaks left out.
func (d *docText) body() string {
	var b strings.Builder
	for i, r := range d.r {
		if !d.junk[i] {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// find returns where item first occurs from pos on, as a run (see
// match), and where its match ends; -1 when it does not. bounded limits
// the start to maxGap runes past pos that are not near a page break.
func (d *docText) find(item []rune, pos int, bounded bool) (int, int) {
	gap := 0
	for p := pos; p < len(d.r); p++ {
		if d.r[p] == item[0] {
			if end := d.match(item, p); end >= 0 {
				return p, end
			}
		}
		if !d.junk[p] {
			gap++
		}
		if bounded && gap > maxGap {
			break
		}
	}
	return -1, -1
}

// match matches item from p, rune by rune; at the start of a line near
// a page break it may instead skip that line. It returns the end of the
// match, or -1.
func (d *docText) match(item []rune, p int) int {
	type state struct{ i, p int }
	failed := map[state]bool{}
	var from func(i, p int) int
	from = func(i, p int) int {
		for {
			if i == len(item) {
				return p
			}
			if p == len(d.r) || failed[state{i, p}] {
				return -1
			}
			if q, ok := d.end[p]; ok && i > 0 {
				// Skipping the line first: a page number may match the
				// text by chance.
				if e := from(i, q); e >= 0 {
					return e
				}
			}
			if d.r[p] != item[i] {
				failed[state{i, p}] = true
				return -1
			}
			i, p = i+1, p+1
		}
	}
	return from(0, p)
}

// explain says where item went wrong: how far it matches at the best
// place, and what the document has there instead.
func (d *docText) explain(item []rune, pos int, bounded bool, w string) string {
	best, bestAt := 0, pos
	for p := pos; p < len(d.r) && (!bounded || p < pos+4*maxGap); p++ {
		n := 0
		for n < len(item) && p+n < len(d.r) && d.r[p+n] == item[n] {
			n++
		}
		if n > best {
			best, bestAt = n, p
		}
	}
	if best == 0 {
		return fmt.Sprintf("no %q within %d runes after %q", truncate(w, 60), maxGap, string(d.r[max(0, pos-20):pos]))
	}
	at := bestAt + best
	return fmt.Sprintf("%q then %q wanted, the document has %q (paragraph %q)",
		string(item[max(0, best-20):best]), string(item[best:min(len(item), best+20)]), string(d.r[at:min(len(d.r), at+20)]), truncate(w, 60))
}

// duplicates reports a long wanted string found more often in body than
// in want (counted in all of want: a string may be part of another).
func duplicates(want []string, body string) string {
	var all strings.Builder
	for _, w := range want {
		all.WriteString(squeeze(w))
		all.WriteByte(0)
	}
	for _, w := range want {
		s := squeeze(w)
		if len([]rune(s)) < dupMin {
			continue
		}
		if n, c := strings.Count(all.String(), s), strings.Count(body, s); c > n {
			return fmt.Sprintf("%q is in the document %d times, wanted %d", truncate(s, 60), c, n)
		}
	}
	return ""
}

// Marks fails t unless each of marks (short strings sampled from the
// text: a chapter's title, the start of its fourth paragraph) occurs in
// got whole, ignoring whitespace, each after the one before. It says
// less than InOrder, which wants the whole text: it is for tests that
// check which pieces a book holds, and in what order.
func Marks(t testing.TB, what string, marks []string, got string) {
	t.Helper()
	g := squeeze(got)
	pos := 0
	for _, m := range marks {
		i := strings.Index(g[pos:], squeeze(m))
		if i < 0 {
			t.Errorf("%s: no %q after %q", what, m, truncate(g[max(0, pos-60):pos], 60))
			return
		}
		pos += i + len(squeeze(m))
	}
}
