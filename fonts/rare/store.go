// Package rare draws the rare ideographs: the characters of the CJK
// extensions (B to I) that no outline face of ours has. Their outlines
// would have cost about 11 MB compressed, where the Lambda package had
// 3.7 MB left under its 60 MB; they are kept instead as 1-bit bitmaps of
// their em box, 24 pixels a side, a few dozen bytes each compressed, and
// Face turns them into a TrueType font on first use: each glyph the
// outline of its pixels. The characters no source font draws become their
// code point in a box, as browsers draw a character no font has.
//
// A Store holds the bitmaps by character. Its format, big-endian:
// "A2BR", a version byte (1), the size in pixels of a side (1 byte), the
// character count (4 bytes), the number of runs of consecutive characters
// (4 bytes), the number of runs of boxed characters (4 bytes), each run
// as its first character and its length (4 bytes each), the characters'
// runs then the boxed ones', then each character's bitmap in character
// order, rows top to bottom, each row ceil(size/8) bytes with the
// leftmost pixel in the high bit. Boxed characters have no bitmap: no
// source draws them.
package rare

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unicode"
)

// Range is an inclusive range of characters.
type Range struct{ Lo, Hi rune }

// Store holds bitmaps by character.
type Store struct {
	Size int
	// Boxed lists the characters no source draws, to be drawn as their
	// code point in a box.
	Boxed []Range
	runes []rune // ascending
	bits  []byte // rowBytes*Size per character, in runes' order
}

const magic = "A2BR"

func (s *Store) rowBytes() int { return (s.Size + 7) / 8 }

// Add appends the bitmap of r, Size×Size pixels row by row; characters
// must come in ascending order.
func (s *Store) Add(r rune, bm []bool) {
	if len(s.runes) > 0 && r <= s.runes[len(s.runes)-1] {
		panic("rarestore: characters out of order")
	}
	s.runes = append(s.runes, r)
	rb := s.rowBytes()
	for y := range s.Size {
		row := make([]byte, rb)
		for x := range s.Size {
			if bm[y*s.Size+x] {
				row[x/8] |= 0x80 >> (x % 8)
			}
		}
		s.bits = append(s.bits, row...)
	}
}

// Len returns the number of characters.
func (s *Store) Len() int { return len(s.runes) }

// Rune returns the i-th character, in ascending order.
func (s *Store) Rune(i int) rune { return s.runes[i] }

// Packed returns the i-th bitmap as stored: Size rows of ceil(Size/8)
// bytes.
func (s *Store) Packed(i int) []byte {
	n := s.rowBytes() * s.Size
	return s.bits[i*n : (i+1)*n]
}

// Bitmap returns the bitmap of r, Size×Size pixels row by row, or nil.
func (s *Store) Bitmap(r rune) []bool {
	i, ok := slices.BinarySearch(s.runes, r)
	if !ok {
		return nil
	}
	p, rb := s.Packed(i), s.rowBytes()
	bm := make([]bool, s.Size*s.Size)
	for y := range s.Size {
		for x := range s.Size {
			bm[y*s.Size+x] = p[y*rb+x/8]&(0x80>>(x%8)) != 0
		}
	}
	return bm
}

// Box adds r to the boxed characters; they must come in ascending order.
func (s *Store) Box(r rune) {
	if n := len(s.Boxed); n > 0 && s.Boxed[n-1].Hi+1 == r {
		s.Boxed[n-1].Hi = r
	} else {
		s.Boxed = append(s.Boxed, Range{r, r})
	}
}

// Encode returns the store in its file format.
func (s *Store) Encode() []byte {
	var runs []Range
	for _, r := range s.runes {
		if n := len(runs); n > 0 && runs[n-1].Hi+1 == r {
			runs[n-1].Hi = r
		} else {
			runs = append(runs, Range{r, r})
		}
	}
	b := append([]byte(magic), 1, byte(s.Size))
	b = binary.BigEndian.AppendUint32(b, uint32(len(s.runes)))
	b = binary.BigEndian.AppendUint32(b, uint32(len(runs)))
	b = binary.BigEndian.AppendUint32(b, uint32(len(s.Boxed)))
	for _, r := range append(runs, s.Boxed...) {
		b = binary.BigEndian.AppendUint32(b, uint32(r.Lo))
		b = binary.BigEndian.AppendUint32(b, uint32(r.Hi-r.Lo+1))
	}
	return append(b, s.bits...)
}

// Decode reads a store written by Encode. The bitmaps alias data.
func Decode(data []byte) (*Store, error) {
	if len(data) < 18 || string(data[:4]) != magic || data[4] != 1 {
		return nil, errors.New("rarestore: not a store of version 1")
	}
	be := binary.BigEndian
	s := &Store{Size: int(data[5])}
	count, nruns, nboxed := int(be.Uint32(data[6:])), int(be.Uint32(data[10:])), int(be.Uint32(data[14:]))
	p := 18
	if s.Size == 0 || nruns > (len(data)-p)/8 || nboxed > (len(data)-p)/8-nruns || count > len(data) {
		return nil, errors.New("rarestore: header out of bounds")
	}
	s.runes = make([]rune, 0, count)
	for range nruns {
		lo, n := rune(be.Uint32(data[p:])), int(be.Uint32(data[p+4:]))
		p += 8
		if n <= 0 || len(s.runes)+n > count || len(s.runes) > 0 && lo <= s.runes[len(s.runes)-1] {
			return nil, errors.New("rarestore: runs out of order or bounds")
		}
		for i := range n {
			s.runes = append(s.runes, lo+rune(i))
		}
	}
	for range nboxed {
		lo, n := rune(be.Uint32(data[p:])), rune(be.Uint32(data[p+4:]))
		p += 8
		if n <= 0 || n > 0x110000 || len(s.Boxed) > 0 && lo <= s.Boxed[len(s.Boxed)-1].Hi {
			return nil, errors.New("rarestore: boxed runs out of order or bounds")
		}
		s.Boxed = append(s.Boxed, Range{lo, lo + n - 1})
	}
	if want := p + count*s.rowBytes()*s.Size; len(s.runes) != count || len(data) != want {
		return nil, fmt.Errorf("rarestore: %d characters in runs and %d bytes, want %d and %d", len(s.runes), len(data), count, want)
	}
	s.bits = data[p:]
	return s, nil
}

// Extensions are the blocks of CJK Unified Ideographs beyond the BMP, in
// order: Extensions B to H as Go's unicode tables (Unicode 15.0) have
// them, and Extension I (U+2EBF0-2EE5D, Unicode 15.1), which they lack.
func Extensions() []Range {
	var rs []Range
	for _, r := range unicode.Ideographic.R32 {
		if r.Lo >= 0x20000 && !(r.Lo >= 0x2F800 && r.Hi <= 0x2FA1F) { // not the compatibility ideographs
			rs = append(rs, Range{rune(r.Lo), rune(r.Hi)})
		}
	}
	if !slices.ContainsFunc(rs, func(r Range) bool { return r.Lo == 0x2EBF0 }) {
		rs = append(rs, Range{0x2EBF0, 0x2EE5D})
	}
	slices.SortFunc(rs, func(a, b Range) int { return int(a.Lo - b.Lo) })
	return rs
}
