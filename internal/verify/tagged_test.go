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
