package pdf

import (
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/pkg/render"
)

// Standards a PDF may claim to meet.
const (
	StandardUA = "PDF/UA-1"
	StandardA2 = "PDF/A-2"
)

// conformance decides which standards the document meets, with the reason
// for each left out, as want (Options.Standard) asks.
func conformance(want Standard, doc *render.Doc, missing int, figuresWithoutAlt int, cmyk bool) (claims, why []string) {
	if !want.wants(StandardUA) && !want.wants(StandardA2) {
		return nil, []string{"no standard asked for"}
	}
	var ua, a2 []string
	if missing > 0 {
		// a character drawn as .notdef (PDF/A-2 6.2.11.8)
		a2 = append(a2, "characters with no glyph are drawn")
		ua = append(ua, "characters with no glyph are drawn")
	}
	if cmyk {
		// DeviceCMYK needs a CMYK output intent (PDF/A-2 6.2.4.3); ours
		// is sRGB
		a2 = append(a2, "a CMYK image")
	}
	if figuresWithoutAlt > 0 {
		ua = append(ua, "images with neither alternative text nor a caption")
	}
	if strings.TrimSpace(doc.Book.Title) == "" {
		ua = append(ua, "the book has no title")
	}
	if doc.Lang == "" {
		ua = append(ua, "the language is not known")
	}
	for _, s := range []struct {
		name    string
		reasons []string
	}{{StandardUA, ua}, {StandardA2, a2}} {
		switch {
		case !want.wants(s.name):
		case len(s.reasons) > 0:
			why = append(why, s.name+" not claimed: "+strings.Join(s.reasons, "; "))
		default:
			claims = append(claims, s.name)
		}
	}
	return claims, why
}

// writeXMP writes the document's XMP metadata, saying what the document
// information says and the standards claimed, and returns its stream.
// Simple properties are attributes of the description (RDF's shorthand,
// which XMP allows): half the bytes of an element each.
func (d *pdfDoc) writeXMP(doc *render.Doc, info infoFields, claims []string) pdfwrite.Ref {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var x strings.Builder
	x.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"" +
		" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"")
	ua := slices.Contains(claims, StandardUA)
	a2 := slices.Contains(claims, StandardA2)
	if ua {
		x.WriteString(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"")
	}
	if a2 {
		x.WriteString(" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"")
	}
	date := info.date.UTC().Format(time.RFC3339)
	x.WriteString("\ndc:format=\"application/pdf\" xmp:CreateDate=\"" + date + "\" xmp:ModifyDate=\"" + date +
		"\" xmp:CreatorTool=\"article2book\" pdf:Producer=\"article2book\"")
	if ua {
		x.WriteString(" pdfuaid:part=\"1\"")
	}
	if a2 {
		// Level A (accessible) when the tagging also meets PDF/UA.
		level := "B"
		if ua {
			level = "A"
		}
		x.WriteString(" pdfaid:part=\"2\" pdfaid:conformance=\"" + level + "\"")
	}
	x.WriteString(">\n")
	if info.title != "" {
		x.WriteString("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(info.title) + "</rdf:li></rdf:Alt></dc:title>\n")
	}
	if len(info.authors) > 0 {
		// the Info dictionary's Author is the same names, joined by ", "
		x.WriteString("<dc:creator><rdf:Seq><rdf:li>" + esc(strings.Join(info.authors, ", ")) + "</rdf:li></rdf:Seq></dc:creator>\n")
	}
	if info.subject != "" {
		x.WriteString("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(info.subject) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if doc.Lang != "" {
		x.WriteString("<dc:language><rdf:Bag><rdf:li>" + esc(doc.Lang) + "</rdf:li></rdf:Bag></dc:language>\n")
	}
	x.WriteString("</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>")
	r := d.w.Alloc()
	// Left uncompressed, so that tools that read metadata without a PDF
	// parser find it (PDF 32000-1, 14.3.2).
	d.w.Stream(r, []byte("/Type/Metadata/Subtype/XML"), []byte(x.String()), false)
	return r
}

// writeOutputIntent writes the sRGB output intent PDF/A asks for.
func (d *pdfDoc) writeOutputIntent() pdfwrite.Ref {
	icc, r := d.w.Alloc(), d.w.Alloc()
	d.w.Stream(icc, []byte("/N 3"), sRGB, true)
	b := []byte("<</Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier(sRGB IEC61966-2.1)/Info(sRGB IEC61966-2.1)/DestOutputProfile")
	b = pdfwrite.AppendRef(b, icc)
	d.w.Object(r, append(b, ">>"...))
	return r
}
