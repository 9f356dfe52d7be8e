// Package pdfsyntax reads PDF syntax: the objects of a file rewritten by
// qpdf (uncompressed, one object at a time) and the operators and operands
// of content streams. internal/typefigures and internal/verify read PDFs
// with it.
package pdfsyntax

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Name is a name, without its slash.
type Name string

// Keyword is an operator or a keyword (R, obj, >>, ]).
type Keyword string

// Ref is an indirect reference "N G R" by its object number.
type Ref int

// Dict is a dictionary, by its keys without their slashes.
type Dict map[string]any

// Lexer reads tokens from B at Pos.
type Lexer struct {
	B   []byte
	Pos int
}

// IsWhite reports PDF white space.
func IsWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func (l *Lexer) skipSpace() {
	for l.Pos < len(l.B) {
		c := l.B[l.Pos]
		if c == '%' {
			for l.Pos < len(l.B) && l.B[l.Pos] != '\n' && l.B[l.Pos] != '\r' {
				l.Pos++
			}
			continue
		}
		if !IsWhite(c) {
			return
		}
		l.Pos++
	}
}

// ErrEOF is the end of the data.
var ErrEOF = fmt.Errorf("end of data")

// Token returns the next object or keyword. Arrays and dictionaries come
// whole; "N G R" references are left to the caller as numbers and a
// keyword R.
func (l *Lexer) Token() (any, error) {
	l.skipSpace()
	if l.Pos >= len(l.B) {
		return nil, ErrEOF
	}
	c := l.B[l.Pos]
	switch {
	case c == '/':
		return l.name(), nil
	case c == '(':
		return l.literal()
	case c == '<' && l.Pos+1 < len(l.B) && l.B[l.Pos+1] == '<':
		l.Pos += 2
		return l.dict()
	case c == '<':
		return l.hexString()
	case c == '[':
		return l.array()
	case c == '>' && l.Pos+1 < len(l.B) && l.B[l.Pos+1] == '>':
		l.Pos += 2
		return Keyword(">>"), nil
	case c == ']' || c == ')' || c == '>' || c == '{' || c == '}':
		l.Pos++
		return Keyword(string(c)), nil
	}
	start := l.Pos
	for l.Pos < len(l.B) && !IsWhite(l.B[l.Pos]) && !isDelim(l.B[l.Pos]) {
		l.Pos++
	}
	w := string(l.B[start:l.Pos])
	if f, err := strconv.ParseFloat(w, 64); err == nil {
		return f, nil
	}
	switch w {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return Keyword(w), nil
}

// name reads a name after its slash, #xx escapes decoded.
func (l *Lexer) name() Name {
	l.Pos++
	start := l.Pos
	for l.Pos < len(l.B) && !IsWhite(l.B[l.Pos]) && !isDelim(l.B[l.Pos]) {
		l.Pos++
	}
	s := string(l.B[start:l.Pos])
	if strings.IndexByte(s, '#') >= 0 {
		var out []byte
		for i := 0; i < len(s); i++ {
			if s[i] == '#' && i+2 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					out = append(out, byte(v))
					i += 2
					continue
				}
			}
			out = append(out, s[i])
		}
		s = string(out)
	}
	return Name(s)
}

// hexString reads a <hex string>.
func (l *Lexer) hexString() ([]byte, error) {
	l.Pos++
	end := bytes.IndexByte(l.B[l.Pos:], '>')
	if end < 0 {
		return nil, fmt.Errorf("unclosed hex string")
	}
	var hex []byte
	for _, h := range l.B[l.Pos : l.Pos+end] {
		if !IsWhite(h) {
			hex = append(hex, h)
		}
	}
	l.Pos += end + 1
	if len(hex)%2 == 1 {
		hex = append(hex, '0')
	}
	out := make([]byte, len(hex)/2)
	for i := range out {
		v, err := strconv.ParseUint(string(hex[2*i:2*i+2]), 16, 8)
		if err != nil {
			return nil, fmt.Errorf("hex string: %w", err)
		}
		out[i] = byte(v)
	}
	return out, nil
}

// array reads an [array], its "N G R" triples folded into Refs.
func (l *Lexer) array() ([]any, error) {
	l.Pos++
	var arr []any
	for {
		l.skipSpace()
		if l.Pos < len(l.B) && l.B[l.Pos] == ']' {
			l.Pos++
			return FoldRefs(arr), nil
		}
		t, err := l.Token()
		if err != nil {
			return nil, err
		}
		arr = append(arr, t)
	}
}

// FoldRefs turns the triples "N G R" of an array into refs.
func FoldRefs(arr []any) []any {
	out := arr[:0]
	for i := 0; i < len(arr); i++ {
		if i+2 < len(arr) {
			if k, ok := arr[i+2].(Keyword); ok && k == "R" {
				if n, ok := arr[i].(float64); ok {
					out = append(out, Ref(int(n)))
					i += 2
					continue
				}
			}
		}
		out = append(out, arr[i])
	}
	return out
}

// dict reads a dictionary's entries after its <<.
func (l *Lexer) dict() (Dict, error) {
	var items []any
	for {
		t, err := l.Token()
		if err != nil {
			return nil, err
		}
		if k, ok := t.(Keyword); ok && k == ">>" {
			break
		}
		items = append(items, t)
	}
	items = FoldRefs(items)
	d := Dict{}
	for i := 0; i+1 < len(items); i += 2 {
		k, ok := items[i].(Name)
		if !ok {
			return nil, fmt.Errorf("dictionary key %v is not a name", items[i])
		}
		d[string(k)] = items[i+1]
	}
	return d, nil
}

// literal reads a (string) with its escapes and balanced parentheses.
func (l *Lexer) literal() ([]byte, error) {
	l.Pos++ // (
	var out []byte
	depth := 1
	for l.Pos < len(l.B) {
		c := l.B[l.Pos]
		l.Pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return out, nil
			}
		case '\\':
			if l.Pos >= len(l.B) {
				break
			}
			e := l.B[l.Pos]
			l.Pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.Pos < len(l.B) && l.B[l.Pos] == '\n' {
					l.Pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.Pos < len(l.B) && l.B[l.Pos] >= '0' && l.B[l.Pos] <= '7'; k++ {
						v = v*8 + int(l.B[l.Pos]-'0')
						l.Pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, fmt.Errorf("unclosed string")
}
