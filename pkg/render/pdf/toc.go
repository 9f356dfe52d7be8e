package pdf

import (
	"fmt"
	"strconv"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
	"github.com/bookify/article2book/pkg/render/inline"
	"github.com/bookify/article2book/pkg/render/page"
)

// contents puts a title page with the table of contents before the
// chapters of a book of several articles: the book's title, then each
// chapter's title with its page number, linked to it.
//
// Page numbers come from paginating the chapters alone. The contents take
// pages of their own, which shift every chapter by the same amount
// (chapters start on a new page); that amount is found by laying the
// contents out until it is stable.
func (b *pdfBuilder) contents(bk *book.Book, sc render.Script) error {
	height := b.g.bottom - b.g.top
	starts := chapterPages(b.items, page.Paginate(b.boxes(), height))
	chapters := b.items
	offset := 1
	for range 4 {
		b.items = nil
		b.contentsPage(bk, sc, starts, offset)
		toc := b.items
		n := len(page.Paginate(b.boxes(), height))
		b.items = chapters
		if n == offset {
			for i := range chapters {
				if chapters[i].chapter > 0 {
					chapters[i].NewPage = true
					break
				}
			}
			b.items = append(toc, chapters...)
			for _, s := range b.starts {
				for i := range s {
					s[i] += len(toc)
				}
			}
			// The contents come first in the structure too.
			front := make([]frame.Kid, len(b.front))
			for i, e := range b.front {
				front[i] = frame.Kid{Elem: e}
			}
			b.root.Kids = append(front, b.root.Kids...)
			return nil
		}
		offset = n
	}
	return fmt.Errorf("table of contents does not settle on a page count")
}

// chapterPages returns the page index, from 0, on which each chapter
// starts.
func chapterPages(items []item, pages []page.Page) []int {
	var starts []int
	for pi, p := range pages {
		for _, pl := range p.Boxes {
			if !pl.Repeat && items[pl.Box].chapter > 0 {
				starts = append(starts, pi)
			}
		}
	}
	return starts
}

var contentsHeading = map[render.Script]string{render.Zh: "目录", render.Ja: "目次", render.Ko: "목차", render.Latin: "Contents"}

func (b *pdfBuilder) contentsPage(bk *book.Book, sc render.Script, starts []int, offset int) {
	full := pdfFrame{x: b.g.left, w: b.g.width}
	body := b.g.body
	// Elements of their own, put before the chapters' once the contents
	// settle (contents).
	detached := func(role string) *frame.Elem {
		e := frame.NewElem(role, nil)
		e.Parent = b.root
		b.front = append(b.front, e)
		return e
	}
	b.front = nil
	b.hant = b.doc != nil && render.IsHant(b.doc.Lang)
	ts := b.st(b.bold(), body*pdfStyle.contentsTitle, pdfStyle.ink)
	b.titleText([]inline.Span{{Text: bk.Title, Style: ts}}, full, ts.Size*pdfStyle.titleLead, inline.Params{Em: ts.Size}, bk.Lang)
	b.tag(0, detached("H1"))
	b.space(body*pdfStyle.afterContentsTitle, true)
	hs := b.st(b.bold(), body*pdfStyle.contentsHead, pdfStyle.ink)
	at := len(b.items)
	b.text([]inline.Span{{Text: contentsHeading[sc], Style: hs}}, full, hs.Size*1.6, inline.Params{Em: hs.Size}, true)
	b.tag(at, detached("H2"))
	toc := detached("TOC")
	b.space(body*pdfStyle.afterContentsHead, true)
	numW := pdfStyle.pageNumber * body // room for the page number
	entry := pdfFrame{x: b.g.left, w: b.g.width - numW}
	for i, c := range bk.Chapters {
		if i >= len(starts) {
			break
		}
		pg := starts[i] + offset + 1
		f, lang := b.fonts.Body, bk.Lang
		if b.doc != nil && i < len(b.doc.Langs) {
			lang = b.doc.Langs[i]
			f = bodyFor(lang, b.cjkBody) // the chapter's own face
		}
		st := b.st(f, body, pdfStyle.ink)
		first := len(b.items)
		b.titleText([]inline.Span{{Text: c.Title, Style: st}}, entry, b.g.lead, inline.Params{Em: body}, lang)
		num := b.setLines([]inline.Span{{Text: strconv.Itoa(pg), Style: st}}, inline.Params{Em: body, Width: numW})
		n := len(b.items) - first
		if n == 0 || len(num) == 0 {
			continue
		}
		b.tag(first, frame.NewElem("TOCI", toc))
		last := &b.items[len(b.items)-1]
		tl, _ := last.content.(*textLine)
		last.content = &tocLine{textLine: tl, num: num[0], numX: b.g.left + b.g.width - num[0].Width,
			page: pg, x: b.g.left, w: b.g.width, up: float64(n-1) * b.g.lead, h: float64(n) * b.g.lead}
		b.space(body*pdfStyle.contentsGap, false)
	}
}

// tocLine is the last line of a contents entry: the title's line, the
// page number flush right, and a link over the whole entry to its page.
type tocLine struct {
	*textLine
	num         inline.Line
	numX        float64
	page        int
	x, w, up, h float64 // the link's left edge and width; how far the entry starts above this line; its height
}

func (t *tocLine) draw(d *drawer, top float64) {
	if t.textLine != nil {
		t.textLine.draw(d, top)
	}
	d.pdf.Begin(d.elem)
	d.separator(t.num, t.numX, top+t.base)
	d.line(t.num, t.numX, top+t.base)
	d.pdf.End()
	x, y, w, h := d.toPage(t.x, top-t.up, t.w, t.h)
	desc := t.num.Text
	if t.textLine != nil {
		desc = t.textLine.ln.Text + " " + desc
	}
	d.pdf.Link(d.elem, x, y, w, h, "", t.page-1, desc)
}

// separator draws a space just before the number ln, in the face of its
// first glyph. Only its place sets the number apart from the title, and
// Tagged PDF wants the spaces of a plain-text rendering in the text
// itself, not guessed from positions (ISO 32000-1, 14.8.2.5): without it
// a screen reader reads "…在京召开2". A space glyph shows nothing, so the
// page looks as before; a real one rather than a span's ActualText, on
// which pdftotext would add its own space for the gap to ours.
func (d *drawer) separator(ln inline.Line, x, base float64) {
	if len(ln.Glyphs) == 0 {
		return
	}
	g := ln.Glyphs[0]
	m, err := face.Open(face.ID(g.Face))
	if err != nil {
		return
	}
	gid := m.Glyph(' ')
	if gid == 0 {
		return
	}
	adv := float64(m.TTF().Advance(gid)) / float64(m.UnitsPerEm()) * g.Style.Size
	d.oneGlyph(face.ID(g.Face), g.Style, x+ln.X[0]-adv, base, frame.Glyph{ID: gid, Adv: adv, Text: " "})
}
