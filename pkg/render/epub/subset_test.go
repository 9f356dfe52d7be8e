package epub

import (
	"reflect"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/internal/ttf"
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

func TestSubsetFont(t *testing.T) {
	orig, err := coverRegular()
	if err != nil {
		t.Fatal(err)
	}
	comp := compositeRune(t, orig)
	used := map[rune]bool{}
	for _, r := range "全国网信办主任会议在京召开。“网络强国”，（2025）😀\U00020000" + string(comp) {
		used[r] = true
	}
	data, missing, err := subsetFont(used)
	if err != nil {
		t.Fatal(err)
	}
	if string(missing) != "\U0001F600\U00020000" {
		t.Errorf("missing %q, want the two characters LXGW WenKai lacks", string(missing))
	}
	t.Logf("subset of %d characters: %d bytes (font %d bytes)", len(used), len(data), len(fonts.Regular))
	if len(data) > 600_000 {
		t.Errorf("subset is %d bytes; the glyph data of unused glyphs was not dropped", len(data))
	}
	if ttf.Checksum(data) != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", ttf.Checksum(data))
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if f.NumGlyphs() != orig.NumGlyphs() {
		t.Errorf("glyph count %d, want %d", f.NumGlyphs(), orig.NumGlyphs())
	}
	var buf sfnt.Buffer
	if name, err := f.Name(&buf, sfnt.NameIDFamily); err != nil || name != embeddedFontFamily {
		t.Errorf("family name %q (%v), want %q", name, err, embeddedFontFamily)
	}
	ppem := fixed.I(1000)
	for r := range used {
		want, _ := orig.GlyphIndex(&buf, r)
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi != want {
			t.Errorf("%q: glyph %d (%v), want %d", r, gi, err, want)
			continue
		}
		if want == 0 {
			continue // not in the font: the reader's fallback draws it
		}
		wantSegs, err := orig.LoadGlyph(&buf, want, ppem, nil)
		if err != nil {
			t.Fatal(err)
		}
		wantSegs = slices.Clone(wantSegs)
		segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			t.Errorf("%q: %v", r, err)
			continue
		}
		if len(segs) == 0 || !reflect.DeepEqual([]sfnt.Segment(segs), []sfnt.Segment(wantSegs)) {
			t.Errorf("%q: outline of %d segments, want the original's %d", r, len(segs), len(wantSegs))
		}
	}
	// Characters the book does not use map to nothing, so readers fall back
	// to another font rather than drawing an empty glyph...
	for _, r := range "龘鬱" {
		if gi, _ := f.GlyphIndex(&buf, r); gi != 0 {
			t.Errorf("unused %q still mapped to glyph %d", r, gi)
		}
		// ...and their outlines are gone.
		gi, _ := orig.GlyphIndex(&buf, r)
		if segs, err := f.LoadGlyph(&buf, gi, ppem, nil); err != nil || len(segs) != 0 {
			t.Errorf("unused %q: %d segments (%v), want none", r, len(segs), err)
		}
	}
	// ASCII is always there: readers draw list numbers with it.
	if gi, _ := f.GlyphIndex(&buf, '7'); gi == 0 {
		t.Error("digit 7 missing")
	}
}
