package face

import (
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/pkg/render/inline"
)

// TestLigature: emoji sequences are drawn as the emoji face's ligature
// glyphs, variation selectors skipped; single emoji are not ligatures.
func TestLigature(t *testing.T) {
	var d Set
	for _, tt := range []struct {
		seq string
		n   int // runes the glyph stands for; 0: none
	}{
		{"👨\u200d👩\u200d👧x", 5},
		{"👩\u200d💻", 3},
		{"🇨🇳🇯🇵", 2},
		{"👍🏽", 2},
		{"❤\ufe0f\u200d🔥", 4},
		{"😀😀", 0},
	} {
		n, g, adv, ok := d.Ligature(inline.Face(Emoji), []rune(tt.seq))
		if tt.n == 0 {
			if ok {
				t.Errorf("%q: ligature of %d runes", tt.seq, n)
			}
			continue
		}
		if !ok || n != tt.n || g == 0 || adv <= 0 {
			t.Errorf("%q: n %d glyph %d adv %.2f ok %v; want %d runes", tt.seq, n, g, adv, ok, tt.n)
		}
	}
	if d.Err != nil {
		t.Fatal(d.Err)
	}
	if _, _, _, ok := d.Ligature(inline.Face(Kai), []rune("ff")); ok {
		t.Error("a ligature in the body face: only emoji sequences are joined")
	}
}

// TestShapeCacheBounded: a word's shaping is kept for the next time, a
// paragraph-long run's is not, so a process converting many long
// articles does not keep them all.
func TestShapeCacheBounded(t *testing.T) {
	d := &Set{Body: Serif}
	word := []rune("Typography")
	long := []rune(strings.Repeat("a long sentence without end ", 40))
	before := numRuns.Load()
	first := d.ShapeRun(inline.Face(Serif), long, 0, len(long), false, "en")
	if len(first) == 0 {
		t.Fatal("no glyphs")
	}
	if n := numRuns.Load(); n != before {
		t.Errorf("a run of %d characters was cached (%d -> %d runs)", len(long), before, n)
	}
	d.ShapeRun(inline.Face(Serif), word, 0, len(word), false, "en")
	if _, ok := runs.Load(runKey{Serif, false, "en", string(word)}); !ok {
		t.Error("a word was not cached")
	}
}

// TestTraditional: Traditional text in the Kai body takes LXGW WenKai TC,
// falling back to LXGW WenKai for what the cut face lacks (Latin, digits,
// Simplified-only characters); a face's marks are centred or not as its
// glyphs draw them.
func TestTraditional(t *testing.T) {
	for f, want := range map[ID]ID{Kai: KaiTC, KaiBold: KaiTCBold, Song: Song, SongBold: SongBold, Serif: Serif, Mono: Mono} {
		if got := Traditional(f); got != want {
			t.Errorf("Traditional(%d) = %d, want %d", f, got, want)
		}
	}
	d := Set{Body: Kai}
	for _, tt := range []struct {
		r    rune
		want ID
	}{{'說', KaiTC}, {'黃', KaiTC}, {'，', KaiTC}, {'「', KaiTC}, {'A', Kai}, {'7', Kai}, {'这', Kai}, {'𠮷', Kai}} {
		if f, _, ok := d.Glyph(inline.Face(KaiTC), tt.r); !ok || ID(f) != tt.want {
			t.Errorf("%q: face %d (ok %v), want %d", tt.r, f, ok, tt.want)
		}
	}
	// bold: the TC Bold's marks and common characters, LXGW WenKai Bold's
	// others
	for r, want := range map[rune]ID{'，': KaiTCBold, '」': KaiTCBold, '說': KaiTCBold, '黌': KaiBold, 'A': KaiBold, '𠮷': KaiBold} {
		if f, _, ok := d.Glyph(inline.Face(KaiTCBold), r); !ok || ID(f) != want {
			t.Errorf("bold %q: face %d (ok %v), want %d", r, f, ok, want)
		}
	}
	for _, tt := range []struct {
		f    ID
		r    rune
		want bool
	}{{KaiTC, '，', true}, {KaiTC, '。', true}, {KaiTCBold, '、', true}, {KaiTC, '！', true}, {KaiTC, '「', false}, {Kai, '，', false}, {Kai, '。', false}, {Song, '，', false}} {
		if got := d.Centred(inline.Face(tt.f), tt.r); got != tt.want {
			t.Errorf("face %d %q: centred %v, want %v", tt.f, tt.r, got, tt.want)
		}
	}
	if KaiTC.shaped() || !Tifinagh.shaped() || slices.Contains(Chain(Kai), KaiTC) {
		t.Error("LXGW WenKai TC is shaped or in the EPUB's general stack")
	}
}

// TestBolds: every bold of a shaped face is its regular's bold, of the
// same family, drawn for bold text of its script, and left out of the
// EPUB's stacks, which name families, not styles.
func TestBolds(t *testing.T) {
	paired := 0
	for id := range NumFaces {
		if !id.shaped() || !strings.HasSuffix(Family(id), "-Bold") {
			continue
		}
		reg := slices.Index(bolds[:], id)
		if reg < 0 {
			t.Errorf("%s is no face's bold", Family(id))
			continue
		}
		paired++
		if Local(ID(reg)) != Local(id) || !isBold(id) || isBold(ID(reg)) || slices.Contains(Chain(Kai), id) {
			t.Errorf("%s: regular %s (%q, %q)", Family(id), Family(ID(reg)), Local(ID(reg)), Local(id))
		}
		// the first letter past ASCII that bold text takes from it
		m, err := Open(ID(reg))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for r := rune(0x370); r < 0x10000 && !found; r++ {
			if sf, ok := scriptFace(r, KaiBold); ok && sf == id && m.Has(r) {
				found = true
				if got, _ := scriptFace(r, Kai); got != ID(reg) {
					t.Errorf("%q regular in %s", r, Family(got))
				}
			}
		}
		if !found {
			t.Errorf("no bold text of %s's script is drawn in it", Family(ID(reg)))
		}
	}
	if paired != 13 {
		t.Errorf("%d bolds paired, want 13", paired)
	}
}
