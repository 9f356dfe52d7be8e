package inline

import (
	"context"
	"strings"
	"testing"
)

// TestCodeBreaks checks where a name or path in inline code may end a
// line: after a slash (UAX #14 already allows it, in any text) and before
// a dot or an underscore, with two characters at least on either side and
// not between two of them ("/.", ".."); not before a dot or an underscore
// in a code block, in text that is not code, or in ragged lines.
func TestCodeBreaks(t *testing.T) {
	code := &Style{Size: em, Mono: true}
	block := &Style{Size: em, Mono: true, Pre: true}
	cases := []struct {
		name   string
		style  *Style
		ragged bool
		text   string
		want   string // text with | where a line may break inside it
	}{
		{"path", code, false, "/etc/pam.d/common-auth", "/|etc/|pam|.d/|common-auth"},
		{"file", code, false, "pam_ldap.so", "pam|_ldap|.so"},
		{"runs", code, false, "a//b..c__d", "a//|b|..c|__d"},
		{"short ends", code, false, "a.bcd", "a.bcd"},
		{"dotfile", code, false, "~/.config/x", "~/.config/|x"},
		{"code block", block, false, "/etc/pam.d/common-auth", "/|etc/|pam.d/|common-auth"},
		{"ragged", code, true, "pam_ldap.so", "pam_ldap.so"},
		{"text", body, false, "/etc/pam.d/common-auth", "/|etc/|pam.d/|common-auth"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spans := []Span{{"见", body}, {c.text, c.style}, {"。", body}}
			gs, err := Shape(context.Background(), spans, fakeMetrics{})
			if err != nil {
				t.Fatal(err)
			}
			q, err := Prepare(context.Background(), gs, Params{Em: em, Width: 40 * em, Justify: !c.ragged})
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for i := 1; i < len(gs)-1; i++ {
				if i > 1 && q.breaks[i].kind != brNone {
					got.WriteByte('|')
				}
				got.WriteRune(gs[i].R)
			}
			if got.String() != c.want {
				t.Errorf("breaks %s, want %s", got.String(), c.want)
			}
		})
	}
}
