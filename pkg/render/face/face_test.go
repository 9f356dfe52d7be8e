package face

import (
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
