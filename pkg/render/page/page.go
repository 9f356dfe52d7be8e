// Package page cuts a vertical list of boxes (lines, pictures, table rows,
// spaces) into pages. It is a pure function of the boxes' heights and
// their keep-together marks, so it can be tested, and run again (for a
// table of contents' page numbers), without drawing anything.
package page

// Box is one entry of the vertical list.
type Box struct {
	H       float64
	Keep    bool  // no page break between this box and the next
	Glue    bool  // vertical space: dropped at the top of a page
	NewPage bool  // start a new page before this box
	Header  []int // boxes repeated at the top of a page this box goes on to (table header rows)
}

// Placed is a box on a page: Y is its top, from the top of the text block.
type Placed struct {
	Box    int
	Y      float64
	Repeat bool // a header box repeated at the top of a page
}

// Page is one page's boxes, in order.
type Page struct {
	Boxes []Placed
	// Opened is set when the page was begun by a box asking for a new
	// page (a chapter's start) or is the first, rather than by the
	// previous page filling up.
	Opened bool
}

const eps = 1e-6

// Paginate places boxes on pages of the given height. A box goes on to the
// next page when it, together with the boxes it must be kept with, does not
// fit; a chain of kept boxes taller than a page breaks where it must. Glue
// at the top of a page is dropped.
func Paginate(boxes []Box, height float64) []Page {
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
		// The chain runs through glue: a heading kept with what follows
		// stays with it even across the space before a picture.
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
			h = b.H // too tall to keep together: break inside
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
