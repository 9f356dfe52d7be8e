package epub

import (
	"bytes"
	"fmt"
	"image/gif"
	"strings"
)

// a11yFacts is what the accessibility metadata says of a book, gathered
// while its documents are written: a feature or a conformance claim is
// declared only when the book's content bears it out.
type a11yFacts struct {
	imgAlt, imgNoAlt int  // <img> elements written, with and without alt text
	animated         bool // an image has more than one frame (unchecked for flashing)
	// pageSource names the PDF edition whose pages are marked; "" when
	// none are
	pageSource string
}

// wcagAA is the conformance claim of EPUB Accessibility 1.1 the book makes
// when it holds (see conforms).
const wcagAA = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

// conforms reports whether the book meets the claim as far as its content
// decides it: the markup, language, structure, contrast and navigation are
// the writer's and the same for every book; what an article brings is its
// images, each of which needs a text alternative (1.1.1), and animation,
// which we cannot check for flashes (2.3.1).
func (f *a11yFacts) conforms() bool { return f.imgNoAlt == 0 && !f.animated }

// accessModes returns schema:accessMode and accessModeSufficient values.
func (f *a11yFacts) accessModes() (modes, sufficient []string) {
	modes = []string{"textual"}
	if f.imgAlt+f.imgNoAlt > 0 {
		modes = append(modes, "visual")
		sufficient = append(sufficient, "textual,visual")
		if f.imgNoAlt == 0 {
			sufficient = append(sufficient, "textual")
		}
	} else {
		sufficient = []string{"textual"}
	}
	return modes, sufficient
}

// features returns the schema:accessibilityFeature values: page break
// markers and a page list when the PDF edition's pages are marked.
func (f *a11yFacts) features() []string {
	fs := []string{"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "ARIA"}
	if f.pageSource != "" {
		fs = append(fs, "pageBreakMarkers", "pageNavigation")
	}
	if f.imgAlt > 0 && f.imgNoAlt == 0 {
		fs = append(fs, "alternativeText")
	}
	return fs
}

// hazards returns the schema:accessibilityHazard values: none, unless an
// animated image may flash or suggest motion, which nobody has checked.
func (f *a11yFacts) hazards() []string {
	if f.animated {
		return []string{"unknownFlashingHazard", "unknownMotionSimulationHazard", "noSoundHazard"}
	}
	return []string{"none"}
}

// summary returns the schema:accessibilitySummary, in English.
func (f *a11yFacts) summary() string {
	var s []string
	s = append(s, "A reflowable book made from web articles: headings give its structure, a table of contents lists its chapters and their sections, and the reading order is that of the text. Reading systems can change its fonts, sizes and colours.")
	if f.pageSource != "" {
		s = append(s, "Page break markers and a page list give the page numbers of its PDF edition.")
	}
	switch n := f.imgAlt + f.imgNoAlt; {
	case n == 0:
		s = append(s, "It has no images.")
	case f.imgNoAlt == 0:
		s = append(s, "Every image has alternative text.")
	default:
		s = append(s, fmt.Sprintf("%d of its %d images have no alternative text (the articles gave none).", f.imgNoAlt, n))
	}
	if f.animated {
		s = append(s, "Some images are animated and have not been checked for flashing.")
	}
	if f.conforms() {
		s = append(s, "It meets "+wcagAA+" by the converter's own checks.")
	} else {
		s = append(s, "It does not claim WCAG conformance.")
	}
	return strings.Join(s, " ")
}

// write writes the metadata elements into the package document.
func (f *a11yFacts) write(x *xmlBuf) {
	meta := func(prop, value string) {
		x.raw(`<meta property="` + prop + `">`)
		x.text(value)
		x.raw("</meta>\n")
	}
	modes, sufficient := f.accessModes()
	for _, m := range modes {
		meta("schema:accessMode", m)
	}
	for _, m := range sufficient {
		meta("schema:accessModeSufficient", m)
	}
	for _, v := range f.features() {
		meta("schema:accessibilityFeature", v)
	}
	for _, v := range f.hazards() {
		meta("schema:accessibilityHazard", v)
	}
	x.raw(`<meta property="schema:accessibilitySummary" xml:lang="en">`)
	x.text(f.summary())
	x.raw("</meta>\n")
	if f.conforms() {
		meta("dcterms:conformsTo", wcagAA)
		meta("a11y:certifiedBy", "article2book")
	}
}

// isAnimated reports whether an image of media type mt has more than one
// frame: a GIF with several images, or a PNG with an animation control
// chunk (APNG) before its data.
func isAnimated(mt string, data []byte) bool {
	switch mt {
	case "image/gif":
		g, err := gif.DecodeAll(bytes.NewReader(data))
		return err == nil && len(g.Image) > 1
	case "image/png":
		if i := bytes.Index(data, []byte("IDAT")); i > 0 {
			return bytes.Contains(data[:i], []byte("acTL"))
		}
	}
	return false
}
