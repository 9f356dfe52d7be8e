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
	p := NewPaginator(height)
	p.Add(boxes...)
	return append(p.Pages(), p.Finish()...)
}

// A Paginator paginates boxes as they come, as Paginate does all at once:
// a page is done, and given out by Pages, as soon as the boxes after it
// are known well enough to say that none of them goes on it, so that a
// caller can draw it and let its boxes' contents go.
type Paginator struct {
	height float64
	boxes  []Box // every box added, by index
	next   int   // the first box not yet placed
	pages  []Page
	open   bool // pages' last page is still being filled
	y      float64
	done   int // pages before this one are done
}

// NewPaginator returns a paginator of pages of the given height.
func NewPaginator(height float64) *Paginator { return &Paginator{height: height} }

// Add adds boxes after those added before, placing what it can.
func (p *Paginator) Add(boxes ...Box) {
	p.boxes = append(p.boxes, boxes...)
	p.place(false)
}

// Boxes returns the number of boxes added.
func (p *Paginator) Boxes() int { return len(p.boxes) }

// Pages returns the pages done since the last call.
func (p *Paginator) Pages() []Page {
	n := len(p.pages)
	if p.open {
		n--
	}
	out := p.pages[p.done:n]
	p.done = n
	return out
}

// Finish places the remaining boxes and returns the pages not yet given
// out, the last included; a paginator of no boxes gives one empty page.
func (p *Paginator) Finish() []Page {
	p.place(true)
	if len(p.pages) == 0 {
		p.openPage(true)
	}
	p.open = false
	return p.Pages()
}

func (p *Paginator) openPage(opened bool) {
	p.pages = append(p.pages, Page{Opened: opened})
	p.open, p.y = true, 0
}

func (p *Paginator) put(i int, repeat bool) {
	pg := &p.pages[len(p.pages)-1]
	pg.Boxes = append(pg.Boxes, Placed{Box: i, Y: p.y, Repeat: repeat})
	p.y += p.boxes[i].H
}

// place places boxes from next on; unless final, only those whose chain
// of kept boxes is known to its end.
func (p *Paginator) place(final bool) {
	boxes, height := p.boxes, p.height
	for ; p.next < len(boxes); p.next++ {
		i := p.next
		b := &boxes[i]
		// The chain runs through glue: a heading kept with what follows
		// stays with it even across the space before a picture.
		h, known := 0.0, final
		for j := i; j < len(boxes); j++ {
			if boxes[j].NewPage && j > i {
				known = true
				break
			}
			h += boxes[j].H
			if boxes[j].Glue && j > i {
				continue
			}
			if !boxes[j].Keep || h > height {
				known = true
				break
			}
		}
		if !known {
			return
		}
		if len(p.pages) == 0 || b.NewPage && p.y > eps {
			p.openPage(true)
		}
		if b.Glue && p.y <= eps {
			continue
		}
		if h > height {
			h = b.H // too tall to keep together: break inside
		}
		if p.y+h > height+eps && p.y > eps {
			p.openPage(false)
			if b.Glue {
				continue
			}
			for _, k := range b.Header {
				p.put(k, true)
			}
		}
		p.put(i, false)
	}
}
