package inline

import (
	"strings"
	"testing"
)

// TestOverwideBreaks checks how ragged text in a narrow column (a table
// cell) breaks: a word that fits its line is not hyphenated to fill
// lines; a word too wide for any line breaks at its hyphenation points,
// with a hyphen drawn, rather than anywhere; a phrase held by no-break
// spaces and too wide breaks after one of them rather than inside a word.
func TestOverwideBreaks(t *testing.T) {
	thirds := func(w string) []int { return []int{len(w) / 3, 2 * len(w) / 3} }
	cases := []struct {
		name  string
		text  string
		width float64 // em
		p     Params
		want  string // the lines as drawn, joined by |
	}{
		{"fits: not hyphenated", "aaaa bbbbbbbb", 5, Params{Hyphenate: thirds, HyphenateOverwide: true}, "aaaa|bbbbbbbb"},
		{"too wide: at its points", "aa bbbbbbbbbbbbbbbbbb", 5, Params{Hyphenate: thirds, HyphenateOverwide: true}, "aa bbbbbb-|bbbbbb-|bbbbbb"},
		{"too wide, no points: anywhere", "aa bbbbbbbbbbbbbbbbbb", 5, Params{HyphenateOverwide: true}, "aa|bbbbbbbbbb|bbbbbbbb"},
		{"no-break space", "aa\u00a0bbbbbbb", 4, Params{}, "aa\u00a0|bbbbbbb"},
		{"no-break spaces", "aa\u00a0bbb\u00a0cccc", 4, Params{}, "aa\u00a0bbb\u00a0|cccc"},
		// French puts a no-break space before ! ? : ; and »: they stay.
		{"no-break space before a mark", "aaaaaaa\u00a0!", 4, Params{}, "aaaaaa|a\u00a0!"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.p.Width = c.width * em
			var got []string
			for _, l := range prep(t, c.text, c.p).lines(t) {
				got = append(got, drawn(l))
				if l.Width+l.Indent > c.p.Width+1e-6 {
					t.Errorf("line %q overflows: %.2f", l.Text, l.Width+l.Indent)
				}
			}
			if s := strings.Join(got, "|"); s != c.want {
				t.Errorf("lines %q, want %q", s, c.want)
			}
		})
	}
}
