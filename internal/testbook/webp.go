package testbook

import (
	"encoding/binary"
	"image/color"
)

// LosslessWebP is a lossless WebP (VP8L) of w x h pixels of colour c, in
// a few dozen bytes: each channel's prefix code has one symbol, which
// takes no bits, so a picture of 40 megapixels costs nothing to send and
// 160 MB to decode. w and h are at most 16384.
func LosslessWebP(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.put(0x2f, 8) // VP8L signature
	bw.put(uint32(w-1), 14)
	bw.put(uint32(h-1), 14)
	bw.put(1, 1) // alpha is used
	bw.put(0, 3) // version
	bw.put(0, 1) // no transform
	bw.put(0, 1) // no colour cache
	bw.put(0, 1) // no meta prefix codes
	// green, red, blue, alpha: a simple code of one 8-bit symbol each;
	// distance: a simple code of one 1-bit symbol.
	for _, v := range []uint8{c.G, c.R, c.B, c.A} {
		bw.put(1, 1) // simple
		bw.put(0, 1) // one symbol
		bw.put(1, 1) // of 8 bits
		bw.put(uint32(v), 8)
	}
	bw.put(1, 1)
	bw.put(0, 1)
	bw.put(0, 1)
	bw.put(0, 1)
	data := bw.bytes()
	chunk := len(data)
	size := 4 + 8 + chunk + chunk%2
	out := make([]byte, 0, 8+size)
	out = append(out, "RIFF"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(size))
	out = append(out, "WEBPVP8L"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(chunk))
	out = append(out, data...)
	if chunk%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// bitWriter writes bits least significant first, as VP8L reads them.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (b *bitWriter) put(v uint32, n uint) {
	b.acc |= uint64(v) << b.nbits
	b.nbits += n
	for b.nbits >= 8 {
		b.buf = append(b.buf, byte(b.acc))
		b.acc >>= 8
		b.nbits -= 8
	}
}

func (b *bitWriter) bytes() []byte {
	if b.nbits > 0 {
		return append(b.buf, byte(b.acc))
	}
	return b.buf
}
