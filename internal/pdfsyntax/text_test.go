package pdfsyntax

import "testing"

// TestToUnicode: each code's text in a ToUnicode CMap, from bfchar entries
// and from both forms of bfrange (a text counted up from, or one per
// code); an empty text maps nothing.
func TestToUnicode(t *testing.T) {
	cmap := "1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n" +
		"2 beginbfchar\n<0001><0031>\n<0002><>\nendbfchar\n" +
		"2 beginbfrange\n<0010><0012><0041>\n<0100><0103>[<4E00><><4E8C><00660069>]\nendbfrange\n"
	got := ToUnicode([]byte(cmap))
	want := map[int]string{0x1: "1", 0x10: "A", 0x11: "B", 0x12: "C", 0x100: "一", 0x102: "二", 0x103: "fi"}
	for c, w := range want {
		if got[c] != w {
			t.Errorf("code %04X: %q, want %q", c, got[c], w)
		}
	}
	for c, g := range got {
		if _, ok := want[c]; !ok && g != "" {
			t.Errorf("code %04X: %q, want nothing", c, g)
		}
	}
}
