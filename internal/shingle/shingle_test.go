package shingle

import (
	"math"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("会议在京召开。The GDP-growth rate, 3.5%; かな한국"), "|")
	want := "会|议|在|京|召|开|the|gdp|growth|rate|3|5|か|な|한|국"
	if got != want {
		t.Errorf("Tokens = %s, want %s", got, want)
	}
}

func TestScore(t *testing.T) {
	want := "一二三四五六七八九十"
	tests := []struct {
		got     string
		p, r, f float64
	}{
		{want, 1, 1, 1},
		{"一二三四五", 1, 2.0 / 7, 2 * (2.0 / 7) / (1 + 2.0/7)},          // 2 of 7 shingles
		{want + "甲乙丙丁", 7.0 / 11, 1, 2 * (7.0 / 11) / (7.0/11 + 1)}, // 7 of 11
		{"甲乙丙丁", 0, 0, 0},
		{"", 0, 0, 0},
	}
	for _, tt := range tests {
		p, r, f := Score(tt.got, want)
		if math.Abs(p-tt.p) > 1e-9 || math.Abs(r-tt.r) > 1e-9 || math.Abs(f-tt.f) > 1e-9 {
			t.Errorf("Score(%q) = %.3f %.3f %.3f, want %.3f %.3f %.3f", tt.got, p, r, f, tt.p, tt.r, tt.f)
		}
	}
	// Repeated text counts once per occurrence: a title repeated in the
	// body lowers precision.
	if p, _, _ := Score("a b c d a b c d", "a b c d"); p >= 1 {
		t.Errorf("repeat: precision %.3f", p)
	}
}
