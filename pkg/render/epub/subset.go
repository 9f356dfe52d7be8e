package epub

import (
	"fmt"
	"slices"
	"sync"

	"golang.org/x/image/font/sfnt"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/internal/ttf"
)

// regularTTF is LXGW WenKai Regular's table directory and loca, read once
// per process rather than once per book.
var regularTTF = sync.OnceValues(func() (*ttf.Font, error) { return ttf.Parse(fonts.Regular) })

// subsetFont returns LXGW WenKai Regular cut down to the given characters
// (plus printable ASCII, which readers use for list numbers and the like),
// renamed so that the OFL's Reserved Font Names stay with the original. It
// also returns the characters the font cannot draw, in order.
func subsetFont(runes map[rune]bool) ([]byte, []rune, error) {
	f, err := coverRegular()
	if err != nil {
		return nil, nil, fmt.Errorf("parse font: %w", err)
	}
	tf, err := regularTTF()
	if err != nil {
		return nil, nil, fmt.Errorf("parse font: %w", err)
	}
	keep := make([]rune, 0, len(runes)+95)
	for r := rune(0x20); r < 0x7f; r++ {
		keep = append(keep, r)
	}
	for r := range runes {
		if r >= 0x7f || r < 0x20 {
			keep = append(keep, r)
		}
	}
	slices.Sort(keep)
	// x/image's sfnt reads every cmap format, so characters above U+FFFF
	// the font has would be found too.
	var buf sfnt.Buffer
	var maps []ttf.Mapping
	var missing []rune
	for _, r := range keep {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 || int(gi) >= tf.NumGlyphs() {
			missing = append(missing, r)
			continue
		}
		maps = append(maps, ttf.Mapping{Rune: r, Glyph: uint16(gi)})
	}
	// Glyph IDs stay: the subset is smaller when glyph IDs are compacted,
	// but then vmtx, GPOS and kern would need rewriting too.
	data, err := tf.Subset(maps, ttf.Options{Family: embeddedFontFamily})
	return data, missing, err
}
