package words

import (
	"bytes"
	_ "embed"
	"math"
	"strconv"
	"strings"

	"github.com/bookify/article2book/internal/madvise"
)

// dict is jieba's dictionary, one "word frequency" line per word, sorted
// bytewise (make-dict.sh).
//
//go:embed dict/zh.txt
var dict []byte

// A binary search reads a few lines of the 4.2 MB dictionary per word.
func init() { madvise.Random(dict) }

//go:embed dict/total
var totalText string

// logTotal is the log of the sum of the dictionary's frequencies.
var logTotal = func() float64 {
	t, err := strconv.ParseFloat(strings.TrimSpace(totalText), 64)
	if err != nil || t <= 0 {
		panic("words: dict/total: " + strings.TrimSpace(totalText))
	}
	return math.Log(t)
}()

// maxWord is the longest word looked up, in characters.
const maxWord = 16

// freq returns the frequency of word in the dictionary, 0 when it is not
// there: a binary search over the sorted lines' bytes.
func freq(word []byte) int {
	lo, hi := 0, len(dict)
	for lo < hi {
		mid := (lo + hi) / 2
		start := bytes.LastIndexByte(dict[:mid], '\n') + 1
		end := start + bytes.IndexByte(dict[start:], '\n')
		line := dict[start:end]
		sp := bytes.IndexByte(line, ' ')
		switch c := bytes.Compare(line[:sp], word); {
		case c < 0:
			lo = end + 1
		case c > 0:
			hi = start
		default:
			n, _ := strconv.Atoi(string(line[sp+1:]))
			return n
		}
	}
	return 0
}

// sure is how much likelier, in nats, the best cut must be than the best
// with a word across a break for the break to count as certain: 明|年度
// (16,120 × 3,312) against 明年|度 (944 × 4,995) is 2.4.
const sure = 3.0

// cut returns where each word of s ends, as jieba cuts it without its
// hidden Markov model: of all the ways to cut s into words of the
// dictionary and single characters, the one whose words' probabilities
// have the greatest product (an unknown character counting once). unsure
// is set at a break (index in s) that a cut with a word across it comes
// within sure of.
func cut(s []rune) (ends []int, unsure map[int]bool) {
	n := len(s)
	type edge struct {
		a, b int
		p    float64
	}
	var edges []edge // every word of the dictionary in s, and each character
	var buf []byte
	for i := 0; i < n; i++ {
		for k := i + 1; k <= min(n, i+maxWord); k++ {
			buf = buf[:0]
			for _, r := range s[i:k] {
				buf = append(buf, string(r)...)
			}
			f := freq(buf)
			if f == 0 {
				if k > i+1 {
					continue
				}
				f = 1
			}
			edges = append(edges, edge{i, k, math.Log(float64(f)) - logTotal})
		}
	}
	// best[i] is the log probability of s[i:] cut best, fwd[i] of s[:i].
	best, fwd := make([]float64, n+1), make([]float64, n+1)
	next := make([]int, n+1)
	for i := range n {
		best[i], fwd[i+1] = math.Inf(-1), math.Inf(-1)
	}
	for j := len(edges) - 1; j >= 0; j-- { // edges by a, descending
		e := edges[j]
		if p := e.p + best[e.b]; p > best[e.a] {
			best[e.a], next[e.a] = p, e.b
		}
	}
	for _, e := range edges { // by a, ascending
		fwd[e.b] = max(fwd[e.b], fwd[e.a]+e.p)
	}
	for i := 0; i < n; i = next[i] {
		ends = append(ends, next[i])
	}
	unsure = map[int]bool{}
	for _, e := range edges {
		p := fwd[e.a] + e.p + best[e.b]
		for k := e.a + 1; k < e.b; k++ {
			if p > best[0]-sure {
				unsure[k] = true
			}
		}
	}
	return ends, unsure
}
