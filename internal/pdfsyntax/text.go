package pdfsyntax

import (
	"encoding/binary"
	"unicode/utf16"
)

// ToUnicode reads the bfchar and bfrange sections of a ToUnicode CMap:
// each code's text. A bfrange gives one text counted up from at its last
// character, or an array of a text per code.
func ToUnicode(cmap []byte) map[int]string {
	m := map[int]string{}
	l := &Lexer{B: cmap}
	var toks []any
	for {
		t, err := l.Token()
		if err != nil {
			break
		}
		toks = append(toks, t)
	}
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case Keyword("beginbfchar"):
			for i++; i+1 < len(toks) && toks[i] != Keyword("endbfchar"); i += 2 {
				src, _ := toks[i].([]byte)
				dst, _ := toks[i+1].([]byte)
				m[codeOf(src)] = UTF16Text(dst)
			}
		case Keyword("beginbfrange"):
			for i++; i+2 < len(toks) && toks[i] != Keyword("endbfrange"); i += 3 {
				lo, _ := toks[i].([]byte)
				hi, _ := toks[i+1].([]byte)
				bfrange(m, codeOf(lo), codeOf(hi), toks[i+2])
			}
		}
	}
	return m
}

// bfrange maps the codes a to b to the texts dst gives.
func bfrange(m map[int]string, a, b int, dst any) {
	if b-a > 1<<16 {
		return
	}
	switch dst := dst.(type) {
	case []byte:
		u := []rune(UTF16Text(dst))
		if len(u) == 0 {
			return
		}
		for c := a; c <= b; c++ {
			v := append([]rune(nil), u...)
			v[len(v)-1] += rune(c - a)
			m[c] = string(v)
		}
	case []any:
		for k, x := range dst {
			if bs, ok := x.([]byte); ok && a+k <= b {
				m[a+k] = UTF16Text(bs)
			}
		}
	}
}

func codeOf(b []byte) int {
	c := 0
	for _, x := range b {
		c = c<<8 | int(x)
	}
	return c
}

// UTF16Text decodes UTF-16BE text, without a byte order mark.
func UTF16Text(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// TextString decodes a PDF text string: UTF-16BE after its byte order
// mark, else PDFDocEncoding (taken as Latin-1).
func TextString(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		return UTF16Text(b[2:])
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
