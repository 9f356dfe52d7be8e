package rare

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/internal/ttf"
)

func cmapOf(t *testing.T, data []byte) *ttf.Cmap {
	t.Helper()
	f, err := ttf.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Cmap()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCoverage checks that every ideograph of Extensions B to I has a
// glyph in LXGW WenKai, the HanaMinB cut (ext) or the rare face, and
// counts, per extension, how many of the rare face's are drawn from a
// source font and how many are boxes: none in B to F (HanaMinB) and I
// (BabelStone Han 16.0.1 has all 622), the part of G and H that neither
// BabelStone Han nor LXGW WenKai has (G 3,330 of 4,939 drawn, 67.4 %; H
// 2,368 of 4,192, 56.5 %).
func TestCoverage(t *testing.T) {
	start := time.Now()
	f, err := Font()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("made in %v", time.Since(start))
	ext, err := fonts.Face("ext")
	if err != nil {
		t.Fatal(err)
	}
	crare, err := f.Cmap()
	if err != nil {
		t.Fatal(err)
	}
	kai, cext := cmapOf(t, fonts.Regular), cmapOf(t, ext)
	names := "BCDEFIGH"
	wantBoxed := map[byte]int{'G': 1609, 'H': 1824}
	for i, e := range Extensions() {
		var inKai, inExt, drawn, boxed, none int
		for r := e.Lo; r <= e.Hi; r++ {
			switch {
			case kai.Glyph(r) != 0:
				inKai++
			case cext.Glyph(r) != 0:
				inExt++
			case crare.Glyph(r) == 0:
				none++
				if none <= 3 {
					t.Errorf("U+%X: no glyph", r)
				}
			case Boxed(r):
				boxed++
			default:
				drawn++
			}
		}
		t.Logf("Extension %c %X-%X: %d characters, LXGW WenKai %d, ext %d, rare drawn %d, boxed %d, none %d",
			names[i], e.Lo, e.Hi, e.Hi-e.Lo+1, inKai, inExt, drawn, boxed, none)
		if want := wantBoxed[names[i]]; boxed != want {
			t.Errorf("Extension %c: %d boxed, want %d", names[i], boxed, want)
		}
	}
	if again, _ := Font(); again != f {
		t.Error("a second call made the font again")
	}
}

// TestExtensions checks the blocks against Unicode 15.1's.
func TestExtensions(t *testing.T) {
	want := []Range{{0x20000, 0x2A6DF}, {0x2A700, 0x2B739}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0}, {0x2EBF0, 0x2EE5D}, {0x30000, 0x3134A}, {0x31350, 0x323AF}}
	if got := Extensions(); !slices.Equal(got, want) {
		t.Errorf("Extensions() = %X, want %X", got, want)
	}
}

// TestCodeBox reads the six digits back from a box.
func TestCodeBox(t *testing.T) {
	const n = 24
	read := func(bm []byte, x, y int) bool { return bm[y*3+x/8]&(0x80>>(x%8)) != 0 }
	for _, r := range []rune{0x2EBF0, 0x323AF, 0x3134A, 0x10FFFF} {
		bm := codeBox(r)
		var got string
		for k := range 6 {
			x0, y0 := 2+7*(k%3), 2+11*(k/3)
			var d [5]uint8
			y := y0
			for row, h := range [5]int{2, 2, 1, 2, 2} {
				for col := range 3 {
					if read(bm, x0+2*col, y) {
						d[row] |= 4 >> col
					}
				}
				y += h
			}
			i := slices.Index(hexDigits[:], d)
			if i < 0 {
				t.Fatalf("U+%X: digit %d unreadable: %v", r, k, d)
			}
			got += fmt.Sprintf("%X", i)
		}
		if want := fmt.Sprintf("%06X", r); got != want {
			t.Errorf("box reads %s, want %s", got, want)
		}
		for i := range n {
			if !read(bm, i, 0) || !read(bm, 0, i) || !read(bm, i, n-1) || !read(bm, n-1, i) {
				t.Fatalf("U+%X: frame open at %d", r, i)
			}
		}
	}
}

// TestStore round-trips a store and refuses broken ones.
func TestStore(t *testing.T) {
	s := &Store{Size: 9}
	bm := make([]bool, 81)
	bm[0], bm[80], bm[40] = true, true, true
	s.Add(0x20000, bm)
	s.Add(0x20001, make([]bool, 81))
	s.Add(0x30005, bm)
	s.Box(0x2EBF0)
	s.Box(0x2EBF1)
	s.Box(0x2EBF5)
	data := s.Encode()
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 3 || got.Rune(2) != 0x30005 || !slices.Equal(got.Bitmap(0x30005), bm) || got.Bitmap(0x20002) != nil ||
		!slices.Equal(got.Boxed, []Range{{0x2EBF0, 0x2EBF1}, {0x2EBF5, 0x2EBF5}}) {
		t.Errorf("decoded %d characters, boxed %X", got.Len(), got.Boxed)
	}
	for _, bad := range [][]byte{nil, data[:len(data)-1], append(slices.Clone(data), 0), []byte("A2BR\x02\x09\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode(%d bytes) gave no error", len(bad))
		}
	}
}
