package pdf

import (
	"crypto/md5"
	"encoding/binary"
	"unicode/utf16"
)

// sRGB is the ICC profile of the PDF/A output intent: an ICC v4 display
// profile of IEC 61966-2-1 sRGB, made here rather than copied (a 7 KB
// profile, 2.5 KB compressed, was 3 % of a Chinese news page's PDF; this
// one is under 500 bytes). Its tone curve is the standard's own function
// (a parametric curve of type 3, which v4 has), where v2 profiles need a
// table; the colorants are the standard's primaries under D65, adapted to
// the profile connection space's D50 with the Bradford transform as ICC.1
// (Annex E) asks, and the chromatic adaptation tag holds that transform.
// The values are s15Fixed16 numbers; TestSRGBProfile derives them again
// from the primaries and checks the profile with Little CMS.
var sRGB = iccProfile()

// s15Fixed16 values of the profile, as 65536ths.
var (
	iccD50 = [3]int32{63190, 65536, 54061} // the connection space's white, X Y Z
	// iccChad is the Bradford adaptation from D65 to D50, row by row.
	iccChad = [9]int32{68674, 1502, -3291, 1939, 64912, -1119, -606, 988, 49262}
	// iccColorants are the red, green and blue primaries' XYZ under D50.
	iccColorants = [3][3]int32{{28576, 14581, 912}, {25239, 46983, 6361}, {9375, 3972, 46787}}
	// iccCurve is sRGB's transfer function as a type 3 parametric curve:
	// Y = (aX + b)^g from X = d, Y = cX below it; g, a, b, c, d.
	iccCurve = [5]int32{157286, 62119, 3417, 5072, 2651}
)

// iccProfile assembles the profile: the header, the tag table, then the
// tags, each on a 4-byte boundary, the three tone curves sharing one.
func iccProfile() []byte {
	be := binary.BigEndian
	xyz := func(v [3]int32) []byte {
		b := []byte("XYZ \x00\x00\x00\x00")
		for _, x := range v {
			b = be.AppendUint32(b, uint32(x))
		}
		return b
	}
	chad := []byte("sf32\x00\x00\x00\x00")
	for _, x := range iccChad {
		chad = be.AppendUint32(chad, uint32(x))
	}
	curve := []byte("para\x00\x00\x00\x00\x00\x03\x00\x00")
	for _, x := range iccCurve {
		curve = be.AppendUint32(curve, uint32(x))
	}
	tags := []struct {
		sig  string
		data []byte
	}{
		{"desc", mluc("sRGB")}, {"cprt", mluc("No copyright")}, {"wtpt", xyz(iccD50)}, {"chad", chad},
		{"rXYZ", xyz(iccColorants[0])}, {"gXYZ", xyz(iccColorants[1])}, {"bXYZ", xyz(iccColorants[2])},
		{"rTRC", curve}, {"gTRC", nil}, {"bTRC", nil}, // nil: the curve before
	}
	table := be.AppendUint32(nil, uint32(len(tags)))
	var data []byte
	at := 128 + 4 + 12*len(tags)
	var last, lastLen int
	for _, t := range tags {
		if t.data != nil {
			for len(data)%4 != 0 {
				data = append(data, 0)
			}
			last, lastLen = at+len(data), len(t.data)
			data = append(data, t.data...)
		}
		table = append(table, t.sig...)
		table = be.AppendUint32(table, uint32(last))
		table = be.AppendUint32(table, uint32(lastLen))
	}
	for len(data)%4 != 0 {
		data = append(data, 0)
	}
	p := make([]byte, 128, at+len(data))
	be.PutUint32(p[0:], uint32(at+len(data)))
	// version 4.2, ICC.1:2004-10: the one PDF 1.7 names (PDF 32000-1,
	// Table 67) and PDF/A-2 refers to
	be.PutUint32(p[8:], 0x04200000)
	copy(p[12:], "mntrRGB XYZ ")
	// created 2026-12-02 00:00:00, a fixed date: the same bytes every time
	for i, v := range []uint16{2026, 12, 2} {
		be.PutUint16(p[24+2*i:], v)
	}
	copy(p[36:], "acsp")
	for i, v := range iccD50 {
		be.PutUint32(p[68+4*i:], uint32(v))
	}
	p = append(append(p, table...), data...)
	// The profile ID is the MD5 of the profile with the flags, the
	// rendering intent and the ID itself zero (ICC.1, 7.2.18): they are.
	id := md5.Sum(p)
	copy(p[84:], id[:])
	return p
}

// mluc returns a multiLocalizedUnicodeType tag of s in English.
func mluc(s string) []byte {
	be := binary.BigEndian
	b := []byte("mluc\x00\x00\x00\x00")
	b = be.AppendUint32(b, 1)  // records
	b = be.AppendUint32(b, 12) // record size
	b = append(b, "enUS"...)
	u := utf16.Encode([]rune(s))
	b = be.AppendUint32(b, uint32(2*len(u)))
	b = be.AppendUint32(b, 28) // the string's offset in the tag
	for _, c := range u {
		b = be.AppendUint16(b, c)
	}
	return b
}
