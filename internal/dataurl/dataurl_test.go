package dataurl

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		url, mediaType string
		base64         bool
		data           string
		err            error
	}{
		{"data:image/png;base64,iVBORw0KGgo=", "image/png", true, "\x89PNG\r\n\x1a\n", nil},
		{"DATA:Image/PNG;charset=x;BASE64,iVBORw0KGgo", "image/png", true, "\x89PNG\r\n\x1a\n", nil},
		{"data:image/png; base64,iVBO Rw0K\n\tGgo=", "image/png", true, "\x89PNG\r\n\x1a\n", nil},
		{"data:image/png;base64,iVBORw0KGgo%3D", "image/png", true, "\x89PNG\r\n\x1a\n", nil},
		{"data:;base64,QUJD", "", true, "ABC", nil},
		{"data:,A%20brief%20note", "", false, "A brief note", nil},
		{"data:image/svg+xml,%3Csvg%3E%25%zz%", "image/svg+xml", false, "<svg>%%zz%", nil},
		{"data:image/svg+xml,<svg fill='#fff'/>", "image/svg+xml", false, "<svg fill='", nil},
		{"data:text/plain;base64=x,abc", "text/plain", false, "abc", nil}, // a parameter, not the base64 mark
		{"data:image/gif;base64,R0lGOD", "image/gif", true, "GIF8", nil},
		{"data:image/gif;base64,R0lGODlhAQ==", "image/gif", true, "GIF89a\x01", nil},
		{"data:image/gif;base64,R0lGODlh==", "image/gif", true, "", ErrSyntax}, // padding past a quad
		{"data:image/gif;base64,R0lGODl=", "image/gif", true, "GIF89", nil},
		{"data:image/png;base64,iVBOR!!!", "image/png", true, "", ErrSyntax},
		{"data:image/png;base64,A===", "image/png", true, "", ErrSyntax},
		{"data:image/png;base64,QUJDR", "image/png", true, "", ErrSyntax},
		{"data:image/png;base64,QU=JD", "image/png", true, "", ErrSyntax},
		{"data:image/png;base64", "", false, "", ErrSyntax},
		{"https://example.com/a.png", "", false, "", ErrSyntax},
	}
	for _, tt := range tests {
		u, err := Parse(tt.url)
		if err == nil {
			var data []byte
			data, err = u.Decode(1 << 20)
			if err == nil && (u.MediaType != tt.mediaType || u.Base64 != tt.base64 || string(data) != tt.data) {
				t.Errorf("%q: %q %v %q, want %q %v %q", tt.url, u.MediaType, u.Base64, data, tt.mediaType, tt.base64, tt.data)
			}
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("%q: error %v, want %v", tt.url, err, tt.err)
		}
	}
}

// Data over the limit is refused, however it is written; a prefix is read
// without decoding the rest, which may be malformed.
func TestLimits(t *testing.T) {
	data := bytes.Repeat([]byte{0, 1, 2, 3, 4, 5, 6}, 10_000)
	b64 := base64.StdEncoding.EncodeToString(data)
	var pct strings.Builder
	for _, c := range data {
		fmt.Fprintf(&pct, "%%%02x", c)
	}
	for _, s := range []string{"data:;base64," + b64, "data:," + pct.String()} {
		u, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := u.Decode(len(data) - 1); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%.20q: %v, want ErrTooLarge", s, err)
		}
		if got, err := u.Decode(len(data)); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%.20q: %d bytes, %v", s, len(got), err)
		}
		if got, err := u.Prefix(100); err != nil || !bytes.Equal(got, data[:100]) {
			t.Errorf("%.20q: prefix %q, %v", s, got, err)
		}
	}
	u, _ := Parse("data:;base64," + b64[:8192] + "!!!!")
	if got, err := u.Prefix(10); err != nil || !bytes.Equal(got, data[:10]) {
		t.Errorf("prefix of data malformed far on: %q, %v", got, err)
	}
}

// FuzzDecode: any bytes, base64-encoded with white space and percent
// escapes sprinkled in, decode to themselves; and nothing panics.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"), uint8(3), "data:image/png;base64,iVBORw0KGgo=")
	f.Add([]byte{}, uint8(0), "data:,")
	f.Add([]byte("GIF89a\x01\x00\x01\x00"), uint8(7), "data:image/svg+xml,%3Csvg%3E")
	f.Fuzz(func(t *testing.T, data []byte, every uint8, raw string) {
		if u, err := Parse(raw); err == nil {
			full, err := u.Decode(1 << 20)
			pre, perr := u.Prefix(7)
			if err == nil && (perr != nil || !bytes.HasPrefix(full, pre) || len(pre) != min(7, len(full))) {
				t.Errorf("%q: prefix %q (%v) of %q", raw, pre, perr, full)
			}
		}
		enc := base64.StdEncoding.EncodeToString(data)
		var s strings.Builder
		s.WriteString("data:application/octet-stream;base64,")
		for i := range len(enc) {
			switch {
			case every > 0 && i%int(every) == 0:
				s.WriteString("\n ")
			case every > 0 && i%int(every) == 1:
				fmt.Fprintf(&s, "%%%02X", enc[i])
				continue
			}
			s.WriteByte(enc[i])
		}
		u, err := Parse(s.String())
		if err != nil {
			t.Fatal(err)
		}
		got, err := u.Decode(len(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%q: decoded %q, %v; want %q", s.String(), got, err, data)
		}
	})
}
