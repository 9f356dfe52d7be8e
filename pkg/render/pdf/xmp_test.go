package pdf

import (
	"encoding/base64"
	"encoding/xml"
	"slices"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// TestConformance: a standard is claimed only when it holds, and the
// notes say why one is not.
func TestConformance(t *testing.T) {
	titled := &render.Doc{Book: &book.Book{Title: "T"}, Lang: "zh-Hans"}
	untitled := &render.Doc{Book: &book.Book{}, Lang: "zh-Hans"}
	for _, tc := range []struct {
		name    string
		want    Standard
		doc     *render.Doc
		missing int
		noAlt   int
		cmyk    bool
		claims  []string
		notes   int
	}{
		{"all holds", "", titled, 0, 0, false, []string{StandardUA, StandardA2}, 0},
		{"a glyph missing", "", titled, 1, 0, false, nil, 2},
		{"an image without alt", "", titled, 0, 1, false, []string{StandardA2}, 1},
		{"a CMYK image", "", titled, 0, 0, true, []string{StandardUA}, 1},
		{"no title", "", untitled, 0, 0, false, []string{StandardA2}, 1},
		{"none asked", "none", titled, 0, 0, false, nil, 1},
		{"auto", AutoStandard, titled, 0, 1, false, []string{StandardA2}, 1},
		{"PDF/UA alone", UA1, titled, 0, 0, false, []string{StandardUA}, 0},
		{"PDF/A alone, image without alt", A2, titled, 0, 1, false, []string{StandardA2}, 0},
		{"PDF/UA alone, in capitals", "UA1", titled, 0, 0, false, []string{StandardUA}, 0},
		{"PDF/UA alone, image without alt", UA1, titled, 0, 1, false, nil, 1},
	} {
		claims, notes := conformance(tc.want, tc.doc, tc.missing, tc.noAlt, tc.cmyk)
		if !slices.Equal(claims, tc.claims) || len(notes) != tc.notes {
			t.Errorf("%s: claims %q, notes %q; want %q and %d notes", tc.name, claims, notes, tc.claims, tc.notes)
		}
	}
}

func TestStandardSet(t *testing.T) {
	for in, want := range map[string]Standard{"": "", "auto": AutoStandard, "UA1": UA1, "a2": A2, "None": NoStandard} {
		var s Standard
		if err := s.Set(in); err != nil || s != want {
			t.Errorf("Set(%q) = %q, %v; want %q", in, s, err, want)
		}
	}
	var s Standard
	if err := s.Set("pdf/x"); err == nil || err.Error() != `PDF standard "pdf/x" (want auto, ua1, a2 or none)` {
		t.Errorf("Set(pdf/x): %v", err)
	}
}

// TestXMPPacket reads the XMP of a PDF that claims both standards as XML:
// the identification and dates as attributes of the description, the
// title in its language alternative.
func TestXMPPacket(t *testing.T) {
	pdf, info := renderPDF(t, book.Single(testbook.Sample(t), "sample"), Options{})
	if !slices.Equal(info.Standards, []string{StandardUA, StandardA2}) {
		t.Fatalf("claims %q", info.Standards)
	}
	var packet []byte
	for _, o := range qpdfObjects(t, pdf) {
		if o.Stream != nil && o.Stream.Dict["/Type"] == "/Metadata" {
			data, err := base64.StdEncoding.DecodeString(o.Stream.Data)
			if err != nil {
				t.Fatal(err)
			}
			packet = data
		}
	}
	var m struct {
		Desc struct {
			Attrs []xml.Attr `xml:",any,attr"`
			Title string     `xml:"title>Alt>li"`
		} `xml:"RDF>Description"`
	}
	if err := xml.Unmarshal(packet, &m); err != nil {
		t.Fatalf("XMP: %v\n%s", err, packet)
	}
	got := map[string]string{}
	for _, a := range m.Desc.Attrs {
		got[a.Name.Space+" "+a.Name.Local] = a.Value
	}
	for k, v := range map[string]string{
		"http://www.aiim.org/pdfua/ns/id/ part":       "1",
		"http://www.aiim.org/pdfa/ns/id/ part":        "2",
		"http://www.aiim.org/pdfa/ns/id/ conformance": "A",
		"http://purl.org/dc/elements/1.1/ format":     "application/pdf",
		"http://ns.adobe.com/pdf/1.3/ Producer":       "article2book",
	} {
		if got[k] != v {
			t.Errorf("XMP %s = %q, want %q", k, got[k], v)
		}
	}
	if m.Desc.Title == "" {
		t.Errorf("XMP without dc:title:\n%s", packet)
	}
}
