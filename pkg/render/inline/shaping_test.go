package inline

import (
	"strings"
	"testing"
)

// TestLevelsRTLRun checks the bidi levels of a run tagged with a
// right-to-left language (Style.RTLRun): isolated as the EPUB's
// dir="rtl" span is, the stop that ends an Arabic quotation in a Chinese
// line stays with the Arabic (odd level, drawn at its left), the quote
// mark after it with the Chinese; untagged, UAX #9 gives the stop to the
// line. The paragraph's direction still comes from its first strong
// character, inside the run or not.
func TestLevelsRTLRun(t *testing.T) {
	ltr, rtl := &Style{}, &Style{RTLRun: true}
	cases := []struct {
		name  string
		runs  []Span
		want  string // one digit a character: its level
		descr string
	}{
		{"tagged", []Span{{Text: "写道“", Style: ltr}, {Text: "يولد الناس.", Style: rtl}, {Text: "”三", Style: ltr}},
			"000" + "11111111111" + "00", "the stop with the Arabic"},
		{"untagged", []Span{{Text: "写道“", Style: ltr}, {Text: "يولد الناس.", Style: ltr}, {Text: "”三", Style: ltr}},
			"000" + "11111111110" + "00", "the stop with the line"},
		{"opens the paragraph", []Span{{Text: "يولد.", Style: rtl}, {Text: " 三", Style: ltr}},
			"11111" + "12", "right to left by its first strong character"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var gs []Glyph
			for _, sp := range c.runs {
				for _, r := range sp.Text {
					gs = append(gs, Glyph{R: r, Text: string(r), Style: sp.Style})
				}
			}
			text, at := paraText(gs)
			levels(gs, text, at)
			var got strings.Builder
			for _, g := range gs {
				got.WriteByte('0' + g.Level)
			}
			if got.String() != c.want {
				t.Errorf("levels %s, want %s (%s)", got.String(), c.want, c.descr)
			}
		})
	}
}
