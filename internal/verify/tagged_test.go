package verify

import (
	"strings"
	"testing"
)

// TestContentToUnicode: every code a page shows, with Tj or in a TJ
// array, needs a ToUnicode entry.
func TestContentToUnicode(t *testing.T) {
	font := &pdfFont{name: "/F0", embedded: true, twoByte: true, toUni: map[int]string{1: "1"}}
	for _, tc := range []struct {
		name, content string
		bad           bool
	}{
		{"Tj mapped", "/P<</MCID 0>>BDC BT /F0 10 Tf (\x00\x01)Tj ET EMC", false},
		{"Tj unmapped", "/P<</MCID 0>>BDC BT /F0 10 Tf (\x00\x02)Tj ET EMC", true},
		{"TJ mapped", "/P<</MCID 0>>BDC BT /F0 10 Tf [(\x00\x01)-20(\x00\x01)]TJ ET EMC", false},
		{"TJ unmapped", "/P<</MCID 0>>BDC BT /F0 10 Tf [(\x00\x01)-20(\x00\x02)]TJ ET EMC", true},
	} {
		f := &pdfFile{}
		f.content(1, []byte(tc.content), map[string]*pdfFont{"/F0": font})
		bad := false
		for _, e := range f.errs {
			bad = bad || strings.Contains(e, "no ToUnicode entry")
		}
		if bad != tc.bad {
			t.Errorf("%s: errors %q, want a missing ToUnicode entry reported: %v", tc.name, f.errs, tc.bad)
		}
	}
}

// TestCmapText: each code's text in a ToUnicode CMap, from bfchar entries
// and from both forms of bfrange (a text counted up from, or one per
// code); an empty text maps nothing.
func TestCmapText(t *testing.T) {
	cmap := "1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n" +
		"2 beginbfchar\n<0001><0031>\n<0002><>\nendbfchar\n" +
		"2 beginbfrange\n<0010><0012><0041>\n<0100><0103>[<4E00><><4E8C><00660069>]\nendbfrange\n"
	got := cmapText([]byte(cmap))
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

// TestXMPProperty: a simple property as an element or as an attribute of
// the description, not elsewhere, not another value.
func TestXMPProperty(t *testing.T) {
	for _, tc := range []struct {
		xmp  string
		want bool
	}{
		{`<rdf:Description rdf:about=""><pdfaid:part>2</pdfaid:part></rdf:Description>`, true},
		{`<rdf:Description rdf:about="" pdfaid:part="2" pdfaid:conformance="A">`, true},
		{"<rdf:Description rdf:about=''\n pdfaid:part='2'>", true},
		{`<rdf:Description rdf:about="" pdfaid:part="3">`, false},
		{`<rdf:Description rdf:about="" xpdfaid:part="2">`, false},
		{`<rdf:Description rdf:about=""><dc:title>pdfaid:part="2"</dc:title>`, false},
	} {
		if got := xmpProperty(tc.xmp, "pdfaid:part", "2"); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.xmp, got, tc.want)
		}
	}
}
