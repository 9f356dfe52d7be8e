package ttf

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"unicode/utf16"
)

// rename replaces the family, full, unique and PostScript names of a name
// table, and keeps the rest (copyright, version, licence).
func rename(name []byte, family string) ([]byte, error) {
	count, strOff, err := nameHeader(name)
	if err != nil {
		return nil, err
	}
	type record struct {
		platform, encoding, lang, id uint16
		s                            []byte
	}
	replaced := map[uint16]string{
		1:  family,
		3:  family + " Regular subset",
		4:  family + " Regular",
		6:  postscriptName(family) + "-Regular",
		16: family,
		18: family + " Regular",
		21: family,
	}
	var recs []record
	for i := range count {
		r := name[6+12*i:]
		rec := record{
			platform: be.Uint16(r),
			encoding: be.Uint16(r[2:]),
			lang:     be.Uint16(r[4:]),
			id:       be.Uint16(r[6:]),
		}
		n, off := int(be.Uint16(r[8:])), int(be.Uint16(r[10:]))
		if strOff+off+n > len(name) {
			return nil, fmt.Errorf("record %d out of bounds", i)
		}
		if _, ok := replaced[rec.id]; ok {
			continue
		}
		rec.s = name[strOff+off : strOff+off+n]
		recs = append(recs, rec)
	}
	for id, s := range replaced {
		if id > 6 {
			continue
		}
		// Mac Roman (ASCII here) and Windows Unicode English names.
		recs = append(recs, record{1, 0, 0, id, []byte(s)})
		var u []byte
		for _, c := range utf16.Encode([]rune(s)) {
			u = be.AppendUint16(u, c)
		}
		recs = append(recs, record{3, 1, 0x409, id, u})
	}
	sort.Slice(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if a.platform != b.platform {
			return a.platform < b.platform
		}
		if a.encoding != b.encoding {
			return a.encoding < b.encoding
		}
		if a.lang != b.lang {
			return a.lang < b.lang
		}
		return a.id < b.id
	})
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, uint16(len(recs)))
	out = be.AppendUint16(out, uint16(6+12*len(recs)))
	var strs []byte
	for _, r := range recs {
		for _, v := range []uint16{r.platform, r.encoding, r.lang, r.id, uint16(len(r.s)), uint16(len(strs))} {
			out = be.AppendUint16(out, v)
		}
		strs = append(strs, r.s...)
	}
	return append(out, strs...), nil
}

// postscriptName drops what PostScript names may not hold.
func postscriptName(s string) string {
	var b []byte
	for _, c := range []byte(s) {
		if c > 0x20 && c < 0x7f && !slices.Contains([]byte("[](){}<>/%"), c) {
			b = append(b, c)
		}
	}
	return string(b)
}

// keepNames returns a name table of the Windows Unicode English records
// of name whose IDs are ids, or nil when it has none of them.
func keepNames(name []byte, ids ...uint16) ([]byte, error) {
	count, strOff, err := nameHeader(name)
	if err != nil {
		return nil, err
	}
	var recs, strs []byte
	n := 0
	for i := range count {
		r := name[6+12*i : 6+12*i+12]
		if be.Uint16(r) != 3 || be.Uint16(r[2:]) != 1 || be.Uint16(r[4:]) != 0x409 || !slices.Contains(ids, be.Uint16(r[6:])) {
			continue
		}
		l, off := int(be.Uint16(r[8:])), int(be.Uint16(r[10:]))
		if strOff+off+l > len(name) {
			return nil, fmt.Errorf("record %d out of bounds", i)
		}
		recs = append(recs, r[:8]...)
		recs = be.AppendUint16(recs, uint16(l))
		recs = be.AppendUint16(recs, uint16(len(strs)))
		strs = append(strs, name[strOff+off:strOff+off+l]...)
		n++
	}
	if n == 0 {
		return nil, nil
	}
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, uint16(n))
	out = be.AppendUint16(out, uint16(6+12*n))
	out = append(out, recs...)
	return append(out, strs...), nil
}

// nameHeader returns the number of a name table's records and the offset
// of its strings.
func nameHeader(name []byte) (count, strOff int, err error) {
	if len(name) < 6 {
		return 0, 0, errors.New("table too short")
	}
	count, strOff = int(be.Uint16(name[2:])), int(be.Uint16(name[4:]))
	if len(name) < 6+12*count {
		return 0, 0, errors.New("records truncated")
	}
	return count, strOff, nil
}
