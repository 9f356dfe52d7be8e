package page

import (
	"fmt"
	"strings"
	"testing"
)

// layout writes pages as "a b | c": box names per page.
func layout(pages []Page, names string) string {
	var out []string
	for _, p := range pages {
		var bs []string
		for _, b := range p.Boxes {
			n := string(names[b.Box])
			if b.Repeat {
				n = "^" + n
			}
			bs = append(bs, n)
		}
		out = append(out, strings.Join(bs, " "))
	}
	return strings.Join(out, " | ")
}

func TestPaginate(t *testing.T) {
	line := Box{H: 10}
	kept := Box{H: 10, Keep: true}
	glue := Box{H: 5, Glue: true}
	tests := []struct {
		name   string
		boxes  []Box
		height float64
		want   string
	}{
		{"fills pages", []Box{line, line, line, line, line}, 20, "a b | c d | e"},
		{"glue dropped at top", []Box{line, line, glue, line}, 20, "a b | d"},
		{"heading kept with next", []Box{line, kept, line, line}, 20, "a | b c | d"},
		{"keep chain through glue", []Box{line, kept, {H: 5, Glue: true, Keep: true}, line}, 25, "a | b c d"},
		{"too tall chain breaks inside", []Box{kept, kept, kept, line}, 20, "a b | c d"},
		{"new page", []Box{line, {H: 10, NewPage: true}, line}, 100, "a | b c"},
		{"header repeated", []Box{{H: 10, Keep: true}, {H: 10, Header: []int{0}}, {H: 10, Header: []int{0}}, {H: 10, Header: []int{0}}}, 30, "a b c | ^a d"},
		{"empty", nil, 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := Paginate(tt.boxes, tt.height)
			if got := layout(pages, "abcdefgh"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			for i, p := range pages {
				y := 0.0
				for _, b := range p.Boxes {
					if fmt.Sprint(b.Y) != fmt.Sprint(y) {
						t.Errorf("page %d box %d at %v, want %v", i, b.Box, b.Y, y)
					}
					y += tt.boxes[b.Box].H
				}
				if y > tt.height && len(p.Boxes) > 1 {
					t.Errorf("page %d overfull: %v", i, y)
				}
			}
		})
	}
}
