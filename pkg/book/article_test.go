package book

import (
	"strings"
	"testing"
)

// Messages name a data: URL by its header and length, never its bytes.
func TestImageName(t *testing.T) {
	tests := []struct{ src, want string }{
		{"https://example.com/a.png", "https://example.com/a.png"},
		{"data:image/png;base64," + strings.Repeat("A", 1<<20), "data:image/png;base64,… (1048598 bytes)"},
		{"DATA:,x", "DATA:,… (7 bytes)"},
		{"data:" + strings.Repeat("图", 30), "data:" + strings.Repeat("图", 18) + ",… (95 bytes)"},
	}
	for _, tt := range tests {
		if got := (&Image{Src: tt.src}).Name(); got != tt.want {
			t.Errorf("%.40q: %q, want %q", tt.src, got, tt.want)
		}
	}
}
