// Package shingle scores extracted text against the text a reader marked
// as the article: precision, recall and F1 over 4-gram shingles of words,
// each CJK character a word of its own.
package shingle

import (
	"strings"
	"unicode"
)

// N is the shingle length in tokens.
const N = 4

// Tokens splits text into words: runs of letters and digits, lowercased,
// and each Han, kana or Hangul character alone. Punctuation and spaces
// separate tokens and are not tokens.
func Tokens(text string) []string {
	var out []string
	var word strings.Builder
	end := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case isCJK(r):
			end()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			word.WriteRune(unicode.ToLower(r))
		default:
			end()
		}
	}
	end()
	return out
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// Shingles counts the N-token sequences of text; a text shorter than N
// tokens is one shingle.
func Shingles(text string) map[string]int {
	t := Tokens(text)
	m := map[string]int{}
	if len(t) == 0 {
		return m
	}
	if len(t) < N {
		m[strings.Join(t, " ")]++
		return m
	}
	for i := 0; i+N <= len(t); i++ {
		m[strings.Join(t[i:i+N], " ")]++
	}
	return m
}

// Score compares got with want: the share of got's shingles that are in
// want (precision), of want's that are in got (recall), and their harmonic
// mean. Shingles count with their multiplicity. Two empty texts agree.
func Score(got, want string) (precision, recall, f1 float64) {
	g, w := Shingles(got), Shingles(want)
	ng, nw, common := 0, 0, 0
	for s, c := range g {
		ng += c
		common += min(c, w[s])
	}
	for _, c := range w {
		nw += c
	}
	switch {
	case ng == 0 && nw == 0:
		return 1, 1, 1
	case ng == 0 || nw == 0:
		return 0, 0, 0
	}
	precision, recall = float64(common)/float64(ng), float64(common)/float64(nw)
	if common == 0 {
		return precision, recall, 0
	}
	return precision, recall, 2 * precision * recall / (precision + recall)
}
