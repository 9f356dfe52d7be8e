package verify

import (
	"encoding/hex"
	"strconv"
)

// Tokens of a content stream: an operator, a name (without its slash), a
// string's bytes, a number, or a delimiter of an array or dictionary.
type (
	keyword string
	name    string
	delim   string
)

type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// next returns the next token; ok is false at the end.
func (l *lexer) next() (any, bool) {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		break
	}
	if l.pos >= len(l.b) {
		return nil, false
	}
	c := l.b[l.pos]
	switch {
	case c == '(':
		return l.literal(), true
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<', c == '>' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '>':
		l.pos += 2
		return delim(l.b[l.pos-2 : l.pos]), true
	case c == '<':
		end := l.pos + 1
		for end < len(l.b) && l.b[end] != '>' {
			end++
		}
		h := make([]byte, 0, end-l.pos)
		for _, x := range l.b[l.pos+1 : min(end, len(l.b))] {
			if !isSpace(x) {
				h = append(h, x)
			}
		}
		if len(h)%2 == 1 {
			h = append(h, '0')
		}
		l.pos = end + 1
		s, _ := hex.DecodeString(string(h))
		return s, true
	case c == '[' || c == ']' || c == '{' || c == '}':
		l.pos++
		return delim(string(c)), true
	case c == '/':
		start := l.pos + 1
		l.pos++
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelimiter(l.b[l.pos]) {
			l.pos++
		}
		return name(l.b[start:l.pos]), true
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelimiter(l.b[l.pos]) {
		l.pos++
	}
	if l.pos == start { // a stray delimiter
		l.pos++
		return delim(l.b[start:l.pos]), true
	}
	w := string(l.b[start:l.pos])
	if n, err := strconv.ParseFloat(w, 64); err == nil {
		return n, true
	}
	return keyword(w), true
}

// literal reads a (string) with its escapes and balanced parentheses.
func (l *lexer) literal() []byte {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\\':
			if l.pos >= len(l.b) {
				return out
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
			continue
		}
		out = append(out, c)
	}
	return out
}
