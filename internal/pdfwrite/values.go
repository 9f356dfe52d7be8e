package pdfwrite

import (
	"math"
	"strconv"
	"unicode/utf16"
)

const hexDigits = "0123456789ABCDEF"

// AppendRef appends "n 0 R".
func AppendRef(b []byte, r Ref) []byte {
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(r), 10)
	return append(b, " 0 R"...)
}

// AppendNum appends x with at most prec decimals and no trailing zeros,
// preceded by a space.
func AppendNum(b []byte, x float64, prec int) []byte {
	b = append(b, ' ')
	return AppendNumBare(b, x, prec)
}

// AppendNumBare is AppendNum without the space.
func AppendNumBare(b []byte, x float64, prec int) []byte {
	p := math.Pow10(prec)
	x = math.Round(x*p) / p
	if x == 0 {
		return append(b, '0')
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.AppendInt(b, int64(x), 10)
	}
	n := len(b)
	b = strconv.AppendFloat(b, x, 'f', prec, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	// "0.5" and "-0.5" read as ".5" and "-.5" in PDF too: a byte saved.
	if b[n] == '0' && len(b) > n+1 && b[n+1] == '.' {
		b = append(b[:n], b[n+1:]...)
	} else if b[n] == '-' && len(b) > n+2 && b[n+1] == '0' && b[n+2] == '.' {
		b = append(b[:n+1], b[n+2:]...)
	}
	return b
}

// AppendName appends /name, escaping what a name cannot hold as is.
func AppendName(b []byte, name string) []byte {
	b = append(b, '/')
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < '!' || c > '~' || c == '#' || isDelim(c) {
			b = append(b, '#', hexDigits[c>>4], hexDigits[c&15])
			continue
		}
		b = append(b, c)
	}
	return b
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// AppendString appends s as a literal string of bytes.
func AppendString(b []byte, s string) []byte {
	b = append(b, '(')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// AppendText appends s as a text string (PDF 32000-1, 7.9.2.2): printable
// ASCII as is, anything else as UTF-16BE with a byte order mark.
func AppendText(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			ascii = false
			break
		}
	}
	if ascii {
		return AppendString(b, s)
	}
	b = append(b, "<FEFF"...)
	b = AppendUTF16(b, s)
	return append(b, '>')
}

// AppendUTF16 appends s as hexadecimal UTF-16BE.
func AppendUTF16(b []byte, s string) []byte {
	for _, r := range s {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			b = AppendHex16(b, uint16(r1))
			b = AppendHex16(b, uint16(r2))
			continue
		}
		if r < 0 || r > 0x10FFFF {
			r = 0xFFFD
		}
		b = AppendHex16(b, uint16(r))
	}
	return b
}

// AppendHex16 appends u as four hexadecimal digits.
func AppendHex16(b []byte, u uint16) []byte {
	return append(b, hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
}
