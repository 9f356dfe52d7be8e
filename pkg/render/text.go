package render

import (
	"strings"
	"unicode/utf8"
)

// XMLSafe makes s safe to put in an XML 1.0 document. Bytes that are not
// UTF-8 become U+FFFD, one per byte, which is how Go reads such a string
// rune by rune: a check that walks the source text the same way still finds
// every character. Characters XML 1.0 forbids (C0 controls but tab and
// newline, U+FFFE, U+FFFF) are dropped, since no reader could show them. A
// carriage return becomes a newline, as an XML parser would make it.
func XMLSafe(s string) string {
	if isXMLSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			// In "\r\n" the newline that follows stands for both.
			if i+1 == len(s) || s[i+1] != '\n' {
				b.WriteByte('\n')
			}
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case xmlChar(r):
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// isXMLSafe reports whether XMLSafe(s) == s, without allocating: most
// text is clean.
func isXMLSafe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !xmlChar(r) {
			return false
		}
		i += n
	}
	return true
}

// xmlChar reports whether r may appear in an XML 1.0 document (the Char
// production). Go strings cannot hold surrogates as runes: a lone surrogate
// encoded in UTF-8 decodes as RuneError bytes, handled by the caller.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	default:
		return r <= 0x10FFFF
	}
}

// OneLine folds line breaks and runs of spaces, and drops what XML cannot
// hold: for titles in running heads and on covers.
func OneLine(s string) string {
	return strings.Join(strings.Fields(XMLSafe(s)), " ")
}
