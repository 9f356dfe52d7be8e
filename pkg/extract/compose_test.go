package extract

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCompose(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"composed stays", "Grüße aus Köln", "Grüße aus Köln"},
		{"German umlaut", "Gru\u0308ße aus Ko\u0308ln", "Grüße aus Köln"},
		{"French accents", "e\u0301te\u0301", "été"},
		{"Vietnamese stacked marks", "Tie\u0302\u0301ng Vie\u0323\u0302t", "Tiếng Việt"},
		// Excluded from composition: NFC would write them with a nukta.
		{"Bengali precomposed nukta stays", "\u09df", "\u09df"},
		{"Devanagari precomposed nukta stays", "\u095bरा ca\u0301", "\u095bरा cá"},
		{"Devanagari nukta stays apart", "\u091c\u093c", "\u091c\u093c"},
		{"Ohm sign stays", "10 \u2126", "10 \u2126"},
		{"Hangul jamo", "\u1112\u1161\u11ab\u1100\u1173\u11af", "한글"},
		{"compatibility ideograph stays", "\ufa19社", "\ufa19社"},
		{"compatibility ideograph among marks", "Cafe\u0301\ufa19e\u0301\U0002F800", "Café\ufa19é\U0002F800"},
		{"mark after a compatibility ideograph", "\ufa19\u0301", "\ufa19\u0301"},
	}
	for _, tt := range tests {
		if got := compose(tt.in); got != tt.want {
			t.Errorf("%s: compose(%+q) = %+q, want %+q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestSafeRunes checks that every rune compose passes without a look-up
// is NFC alone and cannot combine with a rune before it.
func TestSafeRunes(t *testing.T) {
	for _, rg := range safeRunes {
		for r := rg[0]; r <= rg[1]; r++ {
			s := string(r)
			if !norm.NFC.IsNormalString(s) || !norm.NFC.PropertiesString(s).BoundaryBefore() {
				t.Errorf("U+%04X may change under NFC", r)
			}
		}
	}
}
