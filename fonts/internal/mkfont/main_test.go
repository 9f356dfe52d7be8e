package main

import (
	"reflect"
	"testing"
)

func TestParseRanges(t *testing.T) {
	tests := []struct {
		in      string
		want    []span
		wantErr bool
	}{
		{"20000-2A6DF", []span{{0x20000, 0x2A6DF}}, false},
		{"20000-2A6DF, 2A700-2EBEF", []span{{0x20000, 0x2A6DF}, {0x2A700, 0x2EBEF}}, false},
		{"4E00", []span{{0x4E00, 0x4E00}}, false},
		{"2A6DF-20000", nil, true},
		{"U+4E00", nil, true},
		{"", nil, true},
	}
	for _, tt := range tests {
		got, err := parseRanges(tt.in)
		if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseRanges(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
