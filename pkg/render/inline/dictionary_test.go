package inline

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// Thai breaks between words, where ICU does (Intl.Segmenter gives
// ภาษา|ไทย|เป็น|ภาษา|ที่|สวยงาม|มาก), and nowhere else: a narrow measure
// sets it a word or two a line.
func TestDictionaryBreaks(t *testing.T) {
	const text = "ภาษาไทยเป็นภาษาที่สวยงามมาก"
	want := []int{4, 7, 11, 15, 18, 24}
	q := prep(t, text, Params{Width: 4 * em, Justify: true})
	var got []int
	for i := 1; i < len(q.Glyphs()); i++ {
		if q.CanBreak(i) {
			got = append(got, i)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("breaks at %v, want ICU's word ends %v", got, want)
	}
	lines := texts(q.lines(t))
	if strings.Join(lines, "") != text || len(lines) < 4 {
		t.Fatalf("lines %q", lines)
	}
	for _, l := range lines {
		t.Log(l)
	}
}

// No line breaks inside a grapheme cluster of a face drawn a character at
// a time (a base and its combining marks), not in code, where any other
// two characters may part, nor in a word too wide for its line.
func TestNoBreakInCluster(t *testing.T) {
	word := strings.Repeat("e\u0301", 12) // é, decomposed
	for _, p := range []Params{{Width: 2.75 * em, Anywhere: true}, {Width: 2.75 * em}} {
		q := prep(t, word, p)
		for i := 1; i < len(q.Glyphs()); i++ {
			if q.CanBreak(i) && unicode.Is(unicode.Mn, q.Glyphs()[i].R) {
				t.Errorf("anywhere %v: a break before the mark at %d", p.Anywhere, i)
			}
		}
		lines := q.lines(t)
		if len(lines) < 2 {
			t.Fatalf("anywhere %v: %d lines, want the word broken", p.Anywhere, len(lines))
		}
		for _, l := range lines {
			if r := []rune(l.Text); unicode.Is(unicode.Mn, r[0]) {
				t.Errorf("anywhere %v: a line starts with a lone mark: %q", p.Anywhere, l.Text)
			}
		}
	}
}
