package pdf

import (
	"github.com/bookify/article2book/pkg/render/frame"
	"github.com/bookify/article2book/pkg/render/page"
)

// pager paginates the builder's items as they come and draws each page as
// soon as it is done (typeset).
type pager struct {
	bl *pdfBuilder
	p  *page.Paginator
	d  *drawer
	// pinned are boxes repeated at the top of later pages (a table's
	// header rows): their contents are kept once drawn
	pinned map[int]bool
	at     []int32 // the page (from 1) each box was first placed on; 0 for none
	n      int     // pages drawn
	new    []page.Box
}

func newPager(bl *pdfBuilder, emit func([]frame.Item)) *pager {
	return &pager{
		bl:     bl,
		p:      page.NewPaginator(bl.g.bottom - bl.g.top),
		d:      &drawer{pdf: frame.NewBuilder(), emit: emit, g: bl.g, fonts: &bl.fonts, ctx: bl.ctx},
		pinned: map[int]bool{},
	}
}

// flush paginates the items added since the last call and draws the pages
// done; final, at the end of the book, the rest.
func (s *pager) flush(final bool) error {
	items := s.bl.items
	s.new = s.new[:0]
	for i := s.p.Boxes(); i < len(items); i++ {
		for _, k := range items[i].Header {
			s.pinned[k] = true
		}
		s.new = append(s.new, items[i].Box)
	}
	s.at = append(s.at, make([]int32, len(s.new))...)
	s.p.Add(s.new...)
	s.d.header = s.bl.header
	for _, pg := range s.p.Pages() {
		if err := s.draw(pg); err != nil {
			return err
		}
	}
	if final {
		for _, pg := range s.p.Finish() {
			if err := s.draw(pg); err != nil {
				return err
			}
		}
	}
	return nil
}

// draw draws a page, then lets go of what its boxes showed; it stops
// with the context's error when the context has ended.
func (s *pager) draw(pg page.Page) error {
	if err := s.bl.ctx.Err(); err != nil {
		return err
	}
	s.n++
	items := s.bl.items
	for _, pl := range pg.Boxes {
		if !pl.Repeat && s.at[pl.Box] == 0 {
			s.at[pl.Box] = int32(s.n)
		}
	}
	s.d.drawPage(items, pg)
	for _, pl := range pg.Boxes {
		if !s.pinned[pl.Box] {
			items[pl.Box].content, items[pl.Box].bars = nil, nil
		}
	}
	return s.bl.ctx.Err()
}
