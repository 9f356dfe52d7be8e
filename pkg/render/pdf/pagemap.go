package pdf

import (
	"fmt"
	"strings"

	"github.com/bookify/article2book/pkg/render"
)

// pageMap says on which page each chapter's title and each of its
// top-level blocks begins: the page of the first of its boxes placed on
// a page (glue at a page's top is dropped, and a block may draw nothing).
func pageMap(bl *pdfBuilder, pg *pager, opt Options) *render.PageMap {
	at := pg.at
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
	m := &render.PageMap{Pages: pg.n, Edition: fmt.Sprintf("PDF edition, %s, %d pages", size, pg.n)}
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
