package pdf

import (
	"fmt"
	"strings"

	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/page"
)

// pageMap says on which page each chapter's title and each of its
// top-level blocks begins: the page of the first of its boxes placed on
// a page (glue at a page's top is dropped, and a block may draw nothing).
func pageMap(bl *pdfBuilder, pages []page.Page, opt Options) *render.PageMap {
	at := make([]int32, len(bl.items)) // page from 1 of each box; 0 for none
	for pi, p := range pages {
		for _, pl := range p.Boxes {
			if !pl.Repeat && at[pl.Box] == 0 {
				at[pl.Box] = int32(pi + 1)
			}
		}
	}
	var all []int // every start, in order, so that a unit ends where the next starts
	for _, s := range bl.starts {
		all = append(all, s...)
	}
	first := func(k int) int { // the page of unit k
		end := len(bl.items)
		if k+1 < len(all) {
			end = all[k+1]
		}
		for i := all[k]; i < end; i++ {
			if at[i] > 0 {
				return int(at[i])
			}
		}
		return 0
	}
	size := "A4"
	for _, s := range PageSizes {
		if strings.EqualFold(s, opt.PageSize) {
			size = s
		}
	}
	m := &render.PageMap{Pages: len(pages), Edition: fmt.Sprintf("PDF edition, %s, %d pages", size, len(pages))}
	k := 0
	for _, s := range bl.starts {
		cp := render.ChapterPages{Head: first(k), Blocks: make([]int, len(s)-1)}
		k++
		for j := range cp.Blocks {
			cp.Blocks[j] = first(k)
			k++
		}
		m.Chapters = append(m.Chapters, cp)
	}
	return m
}
