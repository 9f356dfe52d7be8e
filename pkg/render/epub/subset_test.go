package epub

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/pkg/render/face"
)

// compositeRune finds a character the font draws with a composite glyph,
// so that the test of component closure tests something.
func compositeRune(t *testing.T, f *sfnt.Font) rune {
	tf, err := ttf.Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for r := rune(0xA0); r < 0x3000; r++ {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		if comps, _ := ttf.Components(tf.Glyph(int(gi))); len(comps) > 0 {
			return r
		}
	}
	t.Fatal("no composite glyph in the font")
	return 0
}

// TestEmbedFaces: each character goes to the first face of the chain that
// has it, each face is cut to its characters with outlines unchanged (glyph
// IDs kept), renamed, and what no face has is reported.
func TestEmbedFaces(t *testing.T) {
	orig, err := sfnt.Parse(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	comp := compositeRune(t, orig)
	text := "全国网信办主任会议在京召开。“网络强国”，（2025）😀𠮷𪚥㐀" + string(comp) + "\U00013000"
	used := map[rune]bool{}
	for _, r := range text {
		used[r] = true
	}
	faces, missing, err := embedFaces(used, nil, nil, nil, face.Kai, false)
	if err != nil {
		t.Fatal(err)
	}
	if string(missing) != "\U00013000" {
		t.Errorf("missing %q, want only the Egyptian hieroglyph no face has", string(missing))
	}
	want := map[string]string{ // family: characters it must map
		// the curly quotes are the quotes face's, in a horizontal book
		"Bookify Kai":      "全国网信办主任会议在京召开。网络强国，（2025）𠮷7" + string(comp),
		quotesFamily:       "“”",
		"Bookify Fallback": "㐀",
		"Bookify Ext":      "𪚥",
		"Bookify Emoji":    "😀",
	}
	var got []string
	var buf sfnt.Buffer
	ppem := fixed.I(1000)
	for _, ef := range faces {
		got = append(got, ef.family)
		f, err := sfnt.Parse(ef.data)
		if err != nil {
			t.Fatalf("%s does not parse: %v", ef.family, err)
		}
		if name, err := f.Name(&buf, sfnt.NameIDFamily); err != nil || name != ef.family {
			t.Errorf("family name %q (%v), want %q", name, err, ef.family)
		}
		if ttf.Checksum(ef.data) != 0xB1B0AFBA {
			t.Errorf("%s: whole-font checksum %#x, want 0xB1B0AFBA", ef.family, ttf.Checksum(ef.data))
		}
		for _, r := range want[ef.family] {
			if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
				t.Errorf("%s has no glyph for %q", ef.family, r)
			}
		}
		if ef.family != "Bookify Kai" {
			continue
		}
		if len(ef.data) > 600_000 {
			t.Errorf("kai subset is %d bytes; the glyph data of unused glyphs was not dropped", len(ef.data))
		}
		for _, r := range want[ef.family] {
			gw, _ := orig.GlyphIndex(&buf, r)
			gi, _ := f.GlyphIndex(&buf, r)
			wantSegs, err := orig.LoadGlyph(&buf, gw, ppem, nil)
			if err != nil {
				t.Fatal(err)
			}
			wantSegs = slices.Clone(wantSegs)
			segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
			if err != nil || gi != gw || len(segs) == 0 || !reflect.DeepEqual([]sfnt.Segment(segs), []sfnt.Segment(wantSegs)) {
				t.Errorf("%q: glyph %d (%v), want the original's %d with the same outline", r, gi, err, gw)
			}
		}
		// Characters the book does not use map to nothing, so readers fall
		// back to another font rather than drawing an empty glyph.
		for _, r := range "龘鬱“”" {
			if gi, _ := f.GlyphIndex(&buf, r); gi != 0 {
				t.Errorf("unused %q still mapped to glyph %d", r, gi)
			}
		}
	}
	if strings.Join(got, ",") != "Bookify Kai,Bookify Fallback,Bookify Ext,Bookify Emoji,Bookify Quotes" {
		t.Errorf("faces %q, want the chain's order", got)
	}
}
