package epub

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// animatedGIF returns a two-frame GIF.
func animatedGIF(t testing.TB) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White}
	g := &gif.GIF{}
	for i := range 2 {
		m := image.NewPaletted(image.Rect(0, 0, 8, 8), pal)
		m.SetColorIndex(i, i, 1)
		g.Image = append(g.Image, m)
		g.Delay = append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestEPUBAccessibilityMetadata checks that the package declares EPUB
// Accessibility 1.1 metadata, and features and the WCAG claim only when
// the book's images bear them out.
func TestEPUBAccessibilityMetadata(t *testing.T) {
	png := testbook.Image(t, "png", 20, 10)
	jpeg := testbook.Image(t, "jpeg", 20, 10)
	para := &book.Paragraph{Content: testbook.Runs("Some text of the article, long enough to read as English.")}
	for _, tc := range []struct {
		name    string
		blocks  []book.Block
		noCover bool
		// want lists property=value pairs that must be there; not those
		// that must not.
		want, not []string
	}{
		{
			name:    "text only",
			blocks:  []book.Block{para},
			noCover: true,
			want: []string{"schema:accessMode=textual", "schema:accessModeSufficient=textual",
				"schema:accessibilityFeature=structuralNavigation", "schema:accessibilityFeature=tableOfContents",
				"schema:accessibilityFeature=readingOrder", "schema:accessibilityFeature=displayTransformability",
				"schema:accessibilityHazard=none", "dcterms:conformsTo=" + wcagAA, "a11y:certifiedBy=article2book"},
			not: []string{"schema:accessMode=visual", "schema:accessibilityFeature=alternativeText"},
		},
		{
			name:   "images with alt",
			blocks: []book.Block{para, &book.Image{Alt: "a red square", Data: png}, &book.Image{Alt: "a photo", Data: jpeg}},
			want: []string{"schema:accessMode=textual", "schema:accessMode=visual",
				"schema:accessModeSufficient=textual", "schema:accessModeSufficient=textual,visual",
				"schema:accessibilityFeature=alternativeText", "schema:accessibilityHazard=none", "dcterms:conformsTo=" + wcagAA},
		},
		{
			name:   "an image without alt",
			blocks: []book.Block{para, &book.Image{Alt: "a red square", Data: png}, &book.Image{Data: jpeg, Caption: testbook.Runs("a caption is not alt text")}},
			want:   []string{"schema:accessMode=visual", "schema:accessModeSufficient=textual,visual", "schema:accessibilityHazard=none"},
			not: []string{"schema:accessModeSufficient=textual", "schema:accessibilityFeature=alternativeText",
				"dcterms:conformsTo=" + wcagAA, "a11y:certifiedBy=article2book"},
		},
		{
			name:   "animated",
			blocks: []book.Block{para, &book.Image{Alt: "blinking", Data: animatedGIF(t)}},
			want:   []string{"schema:accessibilityFeature=alternativeText", "schema:accessibilityHazard=unknownFlashingHazard"},
			not:    []string{"schema:accessibilityHazard=none", "dcterms:conformsTo=" + wcagAA},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := &book.Article{Title: "Title", Lang: "en", Blocks: tc.blocks}
			epub, _ := renderEPUB(t, book.Single(a, "urn:test:a11y"), Options{NoCover: tc.noCover})
			var got []string
			summary := ""
			for _, m := range readOPF(t, epub).Metadata.Meta {
				got = append(got, m.Property+"="+m.Value)
				if m.Property == "schema:accessibilitySummary" {
					summary = m.Value
				}
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("metadata lacks %s:\n%s", w, strings.Join(got, "\n"))
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("metadata has %s", n)
				}
			}
			if summary == "" {
				t.Error("no accessibilitySummary")
			}
		})
	}
}

func TestIsAnimated(t *testing.T) {
	for _, tc := range []struct {
		mt   string
		data []byte
		want bool
	}{
		{"image/gif", animatedGIF(t), true},
		{"image/gif", testbook.Image(t, "gif", 4, 4), false},
		{"image/png", testbook.Image(t, "png", 4, 4), false},
		{"image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x08acTL\x00\x00\x00\x02\x00\x00\x00\x00....\x00\x00\x00\x00IDAT"), true},
		{"image/jpeg", testbook.Image(t, "jpeg", 4, 4), false},
	} {
		if got := isAnimated(tc.mt, tc.data); got != tc.want {
			t.Errorf("isAnimated(%s, %d bytes) = %v, want %v", tc.mt, len(tc.data), got, tc.want)
		}
	}
}

// TestHeadingLevels checks that headings never skip a level, whatever the
// page's numbering (Ace's heading-order rule), and which of them the
// table of contents lists.
func TestHeadingLevels(t *testing.T) {
	for _, tc := range []struct {
		levels    []int
		want, toc string
	}{
		{[]int{1, 2, 3, 4, 5, 6, 1}, "h2 h3 h4 h5 h6 h6 h2", "h1 h7"},
		{[]int{2, 3, 2}, "h2 h3 h2", "h1 h3"},
		{[]int{2, 4, 4, 3, 2, 5}, "h2 h3 h3 h3 h2 h3", "h1 h5"},
		{[]int{1, 5, 3}, "h2 h3 h3", "h1"},
		{[]int{3, 2, 4}, "h2 h2 h3", "h1 h2"},
		{[]int{0, 9, 2}, "h2 h3 h3", "h1"},
	} {
		var blocks []book.Block
		for _, l := range tc.levels {
			blocks = append(blocks, &book.Heading{Level: l, Content: testbook.Runs("heading")})
		}
		a := &book.Article{Title: "T", Lang: "en", Blocks: blocks}
		bk := newEPUBBook(render.Prepare(book.Single(a, "urn:test:h")))
		doc := string(bk.chapterXHTML(0, bk.chapters[0]))
		var got []string
		for _, m := range regexp.MustCompile(`<(h[1-6]) id=`).FindAllStringSubmatch(doc, -1) {
			got = append(got, m[1])
		}
		var toc []string
		for _, e := range bk.chapters[0].toc {
			toc = append(toc, e.id)
		}
		if strings.Join(got, " ") != tc.want || strings.Join(toc, " ") != tc.toc {
			t.Errorf("levels %v: headings %q, contents %q; want %q, %q", tc.levels, got, toc, tc.want, tc.toc)
		}
	}
}
