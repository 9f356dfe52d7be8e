package pdf

import (
	"math"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/pkg/render/face"
)

// emitPage writes a page's frame as the next page: its content stream,
// the images it places first shown, its link annotations.
func (d *pdfDoc) emitPage(items []frameItem) {
	d.startPage()
	d.emit(items)
	d.endPage()
}

func (d *pdfDoc) emit(items []frameItem) {
	for _, it := range items {
		switch x := it.(type) {
		case *glyphRun:
			d.emitRun(x)
		case *group:
			if r, ok := firstRun(x.items); ok {
				// set outside the q … Q, which would undo them for the
				// next group (a column's upright glyphs, one by one)
				d.setSpacing(r.spacing)
				d.setFont(d.fonts.font(r.face), r.size)
				d.setFill(r.color)
			}
			d.save()
			for _, t := range x.transforms {
				d.apply(t)
			}
			d.emit(x.items)
			d.restore()
		case *marked:
			if x.text != "" {
				d.op("/Span<</ActualText<FEFF")
				d.content = pdfwrite.AppendUTF16(d.content, x.text)
				d.op(">>>BDC\n")
			} else {
				d.begin(x.elem)
			}
			d.emit(x.items)
			d.end()
		case *stroke:
			d.setStroke(x.color, x.width)
			d.line(x.x1, x.y1, x.x2, x.y2)
		case *box:
			style := "f"
			if x.fill != nil {
				d.setFill(*x.fill)
			}
			if x.stroke != nil {
				d.setStroke(*x.stroke, x.width)
				style = "S"
				if x.fill != nil {
					style = "B"
				}
			}
			d.rect(x.x, x.y, x.w, x.h, style)
		case *placedImage:
			d.drawImage(d.writeImage(x.img), x.x, x.y, x.w, x.h)
		case *link:
			d.link(x.elem, x.x, x.y, x.w, x.h, x.uri, x.page, x.desc)
		case *bookmark:
			d.bookmark(x.title, x.level, x.y)
		}
	}
}

func firstRun(items []frameItem) (*glyphRun, bool) {
	if len(items) == 0 {
		return nil, false
	}
	r, ok := items[0].(*glyphRun)
	return r, ok
}

func (d *pdfDoc) apply(t transform) {
	switch t.op {
	case 'r':
		d.rotate(t.a, t.x, t.y)
	case 'k':
		d.skewX(t.a, t.x, t.y)
	case 's':
		d.scale(t.a, t.b, t.x, t.y)
	case 't':
		d.translate(t.x, t.y)
	}
}

// emitRun shows a glyph run: each glyph becomes a CID of its face's font,
// numbered on first use with the glyph's text for ToUnicode. Where a
// glyph's advance as laid out is not its width in the font (a shaper's
// kerning, say), the run carries the difference as a TJ adjustment.
func (d *pdfDoc) emitRun(r *glyphRun) {
	pf := d.fonts.font(r.face)
	m, _ := face.Open(r.face)
	d.cids, d.adjust = d.cids[:0], d.adjust[:0]
	for i, g := range r.glyphs {
		k := slotKey{gid: g.id, shift: g.shift, adv: g.cell, missing: g.missing}
		d.cids = append(d.cids, pf.cid(k, g.text))
		adj := 0.0
		if m != nil && i+1 < len(r.glyphs) && r.size > 0 {
			// in thousandths of the size, as TJ counts, positive to the left
			adj = float64(slotWidth(m, k)) - g.adv*1000/r.size
			if math.Abs(adj) < 0.5 {
				adj = 0
			}
		}
		d.adjust = append(d.adjust, adj)
	}
	d.setSpacing(r.spacing)
	d.setFont(pf, r.size)
	d.setFill(r.color)
	if r.italic {
		d.save()
		d.skewX(obliqueAngle, r.x, r.y)
	}
	d.glyphs(r.x, r.y, d.cids, d.adjust)
	if r.italic {
		d.restore()
	}
}
