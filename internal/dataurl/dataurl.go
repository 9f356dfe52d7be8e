// Package dataurl reads data: URLs (RFC 2397), which carry their content
// in the URL itself: pages saved as one file give their pictures so.
//
// It reads them as browsers do (the data: URL processor of the WHATWG
// Fetch standard), which is more forgiving than the RFC: the data is
// percent-decoded first, base64 data may hold white space and lack its
// padding, and a fragment is not part of the data.
package dataurl

import (
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"strings"
)

var (
	// ErrSyntax is a data: URL without the comma ending its header, or
	// whose base64 data does not decode.
	ErrSyntax = errors.New("malformed data: URL")
	// ErrTooLarge is data longer than Decode was allowed.
	ErrTooLarge = errors.New("data: URL over the size limit")
)

// A URL is a data: URL parsed but not decoded: parsing copies nothing, so
// that a URL of megabytes is decoded once, when its data is wanted.
type URL struct {
	// MediaType is the type the URL declares, lower case, without
	// parameters; empty when it declares none (the standard reads that
	// as text/plain) or one that does not parse.
	MediaType string
	Base64    bool
	data      string // as in the URL, after the comma
}

// Is reports whether s has the data: scheme.
func Is(s string) bool {
	return len(s) >= 5 && strings.EqualFold(s[:5], "data:")
}

// Parse reads the header of the data: URL s.
func Parse(s string) (URL, error) {
	if !Is(s) {
		return URL{}, fmt.Errorf("%w: no data: scheme", ErrSyntax)
	}
	s, _, _ = strings.Cut(s[5:], "#")
	header, data, ok := strings.Cut(s, ",")
	if !ok {
		return URL{}, fmt.Errorf("%w: no comma after the media type", ErrSyntax)
	}
	var u URL
	header = strings.TrimSpace(header)
	if i := strings.LastIndexByte(header, ';'); i >= 0 && strings.EqualFold(strings.TrimLeft(header[i+1:], " "), "base64") {
		u.Base64, header = true, header[:i]
	}
	if mt, _, err := mime.ParseMediaType(header); err == nil {
		u.MediaType = mt
	}
	u.data = data
	return u, nil
}

// Len is the length of the data as it stands in the URL: the decoded data
// is no longer.
func (u URL) Len() int { return len(u.data) }

// Decode returns the data, or ErrTooLarge once it passes max bytes.
func (u URL) Decode(max int) ([]byte, error) {
	out, err := u.decode(max)
	if err == nil && len(out) > max {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, max)
	}
	return out, err
}

// Prefix returns the first n bytes of the data, or all of it when it is
// shorter, decoding no more than it needs: enough to read a picture's
// header without holding the picture.
func (u URL) Prefix(n int) ([]byte, error) {
	out, err := u.decode(n)
	return out[:min(n, len(out))], err
}

// decode decodes the data until it has passed limit bytes, or to its end.
func (u URL) decode(limit int) ([]byte, error) {
	if !u.Base64 {
		out := make([]byte, 0, min(limit+1, len(u.data)))
		for i := 0; i < len(u.data) && len(out) <= limit; i++ {
			c, n := percentDecoded(u.data, i)
			out, i = append(out, c), i+n
		}
		return out, nil
	}
	return decodeBase64(u.data, limit)
}

// percentDecoded is the byte at s[i] once percent-decoded, and how many
// bytes past i it took: a % not followed by two hex digits stands for
// itself.
func percentDecoded(s string, i int) (byte, int) {
	if s[i] == '%' && i+2 < len(s) {
		if h, l := unhex(s[i+1]), unhex(s[i+2]); h >= 0 && l >= 0 {
			return byte(h<<4 | l), 2
		}
	}
	return s[i], 0
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// decodeBase64 is the standard's forgiving base64 decoding of s once
// percent-decoded, stopped after limit bytes. It goes through a small
// buffer of the clean characters, so that the only copy it makes is the
// result.
func decodeBase64(s string, limit int) ([]byte, error) {
	out := make([]byte, 0, min(limit+3, base64.StdEncoding.DecodedLen(len(s))+3))
	var buf [4096]byte // clean characters; a multiple of 4
	n := 0
	for i := 0; i < len(s) && len(out) <= limit; i++ {
		c, k := percentDecoded(s, i)
		i += k
		switch c {
		case ' ', '\t', '\n', '\f', '\r':
			continue
		}
		if n == len(buf) {
			// Not flushed before there is more: the last piece may end
			// with padding, which only the last may.
			var err error
			if out, err = appendBase64(out, buf[:n]); err != nil {
				return nil, err
			}
			n = 0
		}
		buf[n] = c
		n++
	}
	if len(out) > limit {
		return out, nil
	}
	tail := buf[:n]
	if len(tail)%4 == 0 { // every piece before is a multiple of 4
		for k := 0; k < 2 && len(tail) > 0 && tail[len(tail)-1] == '='; k++ {
			tail = tail[:len(tail)-1]
		}
	}
	return appendBase64(out, tail)
}

func appendBase64(out, src []byte) ([]byte, error) {
	out, err := base64.RawStdEncoding.AppendDecode(out, src)
	if err != nil {
		return nil, fmt.Errorf("%w: base64: %v", ErrSyntax, err)
	}
	return out, nil
}
