package render

import (
	"fmt"
	"strconv"

	"github.com/bookify/article2book/pkg/article"
)

// contents puts a title page with the table of contents before the
// chapters of a book of several articles: the book's title, then each
// chapter's title with its page number, linked to it.
//
// Page numbers come from a dry run of the paginator over the chapters. The
// contents take pages of their own, which shift every chapter by the same
// amount (chapters start on a new page); that amount is found by laying
// the contents out until it is stable.
func (b *pdfBuilder) contents(bk *article.Book, sc script) error {
	starts, _ := dryPaginate(b.g, b.items)
	chapters := b.items
	offset := 1
	for range 4 {
		b.items = nil
		err := b.contentsPage(bk, sc, starts, offset)
		toc := b.items
		b.items = chapters
		if err != nil {
			return err
		}
		_, n := dryPaginate(b.g, toc)
		if n == offset {
			for i := range chapters {
				if chapters[i].chapterStart {
					chapters[i].newPage = true
					break
				}
			}
			b.items = append(toc, chapters...)
			return nil
		}
		offset = n
	}
	return fmt.Errorf("table of contents does not settle on a page count")
}

var contentsHeading = map[script]string{scriptZh: "目录", scriptJa: "目次", scriptKo: "목차", scriptLatin: "Contents"}

func (b *pdfBuilder) contentsPage(bk *article.Book, sc script, starts []int, offset int) error {
	full := pdfFrame{x: b.g.left, w: b.g.width}
	body := b.g.body
	ts := b.st(fBold, body*2.2)
	if err := b.text([]textSpan{{bk.Title, ts}}, full, ts.size*1.35, paraLayout{em: ts.size}, true); err != nil {
		return err
	}
	b.space(body*2, true)
	hs := b.st(fBold, body*1.3)
	if err := b.text([]textSpan{{contentsHeading[sc], hs}}, full, hs.size*1.6, paraLayout{em: hs.size}, true); err != nil {
		return err
	}
	b.space(body*0.5, true)
	numW := 4 * body // room for the page number
	entry := pdfFrame{x: b.g.left, w: b.g.width - numW}
	for i, c := range bk.Chapters {
		if i >= len(starts) {
			break
		}
		page := starts[i] + offset
		st := b.st(fRegular, body)
		first := len(b.items)
		if err := b.text([]textSpan{{c.Title, st}}, entry, b.g.lead, paraLayout{em: body}, true); err != nil {
			return err
		}
		num, err := b.sh.shape([]textSpan{{strconv.Itoa(page), st}})
		if err != nil {
			return err
		}
		lines := b.items[first:]
		h := 0.0
		for _, it := range lines {
			h += it.h
		}
		last := &lines[len(lines)-1]
		drawTitle := last.draw
		n := len(lines)
		lineH := b.g.lead
		last.draw = func(d *drawer, top float64) {
			drawTitle(d, top)
			base := top + lineH/2 + 0.34*body
			d.glyphs(num, b.g.left+b.g.width-glyphsWidth(num), base)
			// The whole entry, all its lines, links to the chapter.
			link := d.pdf.AddLink()
			d.pdf.SetLink(link, 0, page)
			d.pdf.Link(b.g.left, top-float64(n-1)*lineH, b.g.width, h, link)
		}
		b.space(body*0.4, false)
	}
	return nil
}

// dryPaginate runs the paginator over items without drawing: it returns
// the page (counted from 1) on which each chapter starts, and the number of
// pages items fill.
func dryPaginate(g pageGeometry, items []vitem) (starts []int, pages int) {
	d := &drawer{g: g, dry: true}
	d.paginate(items)
	return d.starts, d.pages
}
