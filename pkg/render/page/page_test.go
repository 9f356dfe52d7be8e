package page

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
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

// TestPaginatorIncremental: boxes added one at a time, pages taken as
// they are done, give the pages Paginate gives, and a page is given out
// only once no later box can go on it.
func TestPaginatorIncremental(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		var boxes []Box
		for i := range 5 + n%60 {
			b := Box{H: float64(1 + rng.IntN(30)), Keep: rng.IntN(3) == 0, Glue: rng.IntN(5) == 0, NewPage: i > 0 && rng.IntN(25) == 0}
			if i > 2 && rng.IntN(10) == 0 {
				b.Header = []int{i - 2}
			}
			boxes = append(boxes, b)
		}
		want := paginateAtOnce(slices.Clone(boxes), 100)
		if all := Paginate(slices.Clone(boxes), 100); !reflect.DeepEqual(all, want) {
			t.Fatalf("case %d: Paginate %+v\nwant %+v", n, all, want)
		}
		p := NewPaginator(100)
		var got []Page
		for i, b := range boxes {
			p.Add(b)
			for _, pg := range p.Pages() {
				for _, pl := range pg.Boxes {
					if pl.Box > i {
						t.Fatalf("case %d: page given out with box %d before it was added", n, pl.Box)
					}
				}
				got = append(got, pg)
			}
		}
		got = append(got, p.Finish()...)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d: incremental %+v\nall at once %+v", n, got, want)
		}
		if p.Boxes() != len(boxes) {
			t.Fatalf("Boxes() = %d", p.Boxes())
		}
	}
}

// paginateAtOnce is Paginate as it was before the Paginator: the
// reference the Paginator must agree with.
func paginateAtOnce(boxes []Box, height float64) []Page {
	var pages []Page
	y := 0.0
	open := func(opened bool) {
		pages = append(pages, Page{Opened: opened})
		y = 0
	}
	put := func(i int, repeat bool) {
		p := &pages[len(pages)-1]
		p.Boxes = append(p.Boxes, Placed{Box: i, Y: y, Repeat: repeat})
		y += boxes[i].H
	}
	for i := range boxes {
		b := &boxes[i]
		if len(pages) == 0 || b.NewPage && y > eps {
			open(true)
		}
		if b.Glue && y <= eps {
			continue
		}
		h := 0.0
		for j := i; j < len(boxes); j++ {
			if boxes[j].NewPage && j > i {
				break
			}
			h += boxes[j].H
			if boxes[j].Glue && j > i {
				continue
			}
			if !boxes[j].Keep || h > height {
				break
			}
		}
		if h > height {
			h = b.H
		}
		if y+h > height+eps && y > eps {
			open(false)
			if b.Glue {
				continue
			}
			for _, k := range b.Header {
				put(k, true)
			}
		}
		put(i, false)
	}
	if len(pages) == 0 {
		open(true)
	}
	return pages
}
