package rare

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/bookify/article2book/internal/ttf"
)

// The stores, one for each source font, as their licences differ; made
// by ../internal/mkrare (../make-fonts.sh runs it):
//
//   - RareHanaMinB.bin.zst: 42,380 characters of Extensions B-F drawn
//     from HanaMinB (Debian's fonts-hanazono 20170904, the Hanazono Font
//     License, ../LICENSE-Hanazono.txt), 1.76 MB; it also lists the 3,433
//     characters no source draws (1,609 of Extension G, 1,824 of H).
//   - RareBabelStoneHan.bin.zst: 6,088 characters of Extensions G, H and
//     I drawn from BabelStone Han (Debian trixie's fonts-babelstone-han
//     16.0.1, the Arphic Public License, LICENSE-BabelStoneHan.txt),
//     0.29 MB: 3,146 of G, 2,320 of H and all 622 of I.
var (
	//go:embed RareHanaMinB.bin.zst
	rareHanaMinZst []byte
	//go:embed RareBabelStoneHan.bin.zst
	rareBabelStoneZst []byte
)

// The pixel grid of the rare font: 24 pixels of 40 units, the em box's
// top 0.86 em above the baseline, as in HanaMin and BabelStone Han (880
// of 1024).
var pixels = ttf.Pixels{
	Family: "Bookify Rare", Size: 24, Unit: 40, Top: 825,
	Notice: "CJK Extension B-I ideographs drawn as 24-pixel bitmaps (article2book, fonts/rare, 2026-12-02) " +
		"from HanaMinB (GlyphWiki, Hanazono Font License) and BabelStone Han 16.0.1 (Arphic Public License, " +
		"(c) 1994-1999 Arphic Technology Co., Ltd., (c) 2009-2024 Andrew West); the rest as their code point in a box",
}

var stores = sync.OnceValues(func() ([]*Store, error) {
	var out []*Store
	for _, zst := range [][]byte{rareHanaMinZst, rareBabelStoneZst} {
		b, err := decompress(zst)
		if err != nil {
			return nil, err
		}
		st, err := Decode(b)
		if err != nil {
			return nil, err
		}
		if st.Size != pixels.Size {
			return nil, fmt.Errorf("a store of %d pixels, want %d", st.Size, pixels.Size)
		}
		out = append(out, st)
	}
	return out, nil
})

// In reports whether r is in one of the Extensions, which the font may
// have.
func In(r rune) bool {
	return r >= 0x20000 && r <= 0x323AF && slices.ContainsFunc(extensions, func(e Range) bool { return e.Lo <= r && r <= e.Hi })
}

var extensions = Extensions()

// Boxed reports whether Font draws r as its code point in a
// box, having no source that draws it.
func Boxed(r rune) bool {
	sts, err := stores()
	if err != nil || len(sts) == 0 {
		return false
	}
	_, ok := slices.BinarySearchFunc(sts[0].Boxed, r, func(b Range, r rune) int {
		switch {
		case b.Hi < r:
			return -1
		case b.Lo > r:
			return 1
		}
		return 0
	})
	return ok
}

// Font returns the TrueType font of the rare ideographs, made on first
// use (its character map and metrics; each glyph's outline when first
// drawn) and then shared.
var Font = sync.OnceValues(build)

func build() (*ttf.Font, error) {
	sts, err := stores()
	if err != nil {
		return nil, fmt.Errorf("rare: %w", err)
	}
	type glyph struct {
		r   rune
		bit []byte
	}
	var gs []glyph
	for _, st := range sts {
		for i := range st.Len() {
			gs = append(gs, glyph{st.Rune(i), st.Packed(i)})
		}
	}
	for _, b := range sts[0].Boxed {
		for r := b.Lo; r <= b.Hi; r++ {
			gs = append(gs, glyph{r, codeBox(r)})
		}
	}
	slices.SortFunc(gs, func(a, b glyph) int { return int(a.r - b.r) })
	runes := make([]rune, len(gs))
	for i, g := range gs {
		runes[i] = g.r
	}
	f, err := ttf.PixelFont(pixels, runes, func(i int) []byte { return gs[i].bit })
	if err != nil {
		return nil, fmt.Errorf("rare: %w", err)
	}
	return f, nil
}

// hexDigits are 3×5 pixel digits, a row of three bits each.
var hexDigits = [16][5]uint8{
	{7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7},
	{5, 5, 7, 1, 1}, {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1},
	{7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}, {2, 5, 7, 5, 5}, {6, 5, 6, 5, 6},
	{3, 4, 4, 4, 3}, {6, 5, 5, 5, 6}, {7, 4, 7, 4, 7}, {7, 4, 7, 4, 4},
}

// codeBox draws r's code point as six hexadecimal digits, two rows of
// three, in a frame the size of the em box: "02E" over "BF0".
func codeBox(r rune) []byte {
	const n = 24
	const rb = (n + 7) / 8
	bm := make([]byte, rb*n)
	set := func(x, y int) { bm[y*rb+x/8] |= 0x80 >> (x % 8) }
	for i := range n {
		set(i, 0)
		set(i, n-1)
		set(0, i)
		set(n-1, i)
	}
	// each digit 6 pixels wide (its columns doubled) and 9 high (its
	// rows 2, 2, 1, 2 and 2 pixels)
	heights := [5]int{2, 2, 1, 2, 2}
	for k := range 6 {
		d := hexDigits[(r>>(4*(5-k)))&0xF]
		x0, y := 2+7*(k%3), 2+11*(k/3)
		for row, bits := range d {
			for range heights[row] {
				for col := range 3 {
					if bits&(4>>col) != 0 {
						set(x0+2*col, y)
						set(x0+2*col+1, y)
					}
				}
				y++
			}
		}
	}
	return bm
}

// decompress unpacks a store: zstd at level 19 with a 16 MB window, as
// ../make-fonts.sh packs it.
func decompress(zst []byte) ([]byte, error) {
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20), zstd.WithDecoderMaxMemory(64<<20))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.DecodeAll(zst, nil)
}
