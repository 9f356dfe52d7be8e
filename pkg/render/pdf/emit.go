package pdf

import (
	"math"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// emitPage writes a page's frame as the next page: its content stream,
// the images it places first shown, its link annotations.
func (d *pdfDoc) emitPage(items []frame.Item) {
	d.startPage()
	d.emit(items)
	d.endPage()
}

func (d *pdfDoc) emit(items []frame.Item) {
	for _, it := range items {
		switch x := it.(type) {
		case *frame.Run:
			d.emitRun(x)
		case *frame.Group:
			if r, ok := firstRun(x.Items); ok {
				// set outside the q … Q, which would undo them for the
				// next group (a column's upright glyphs, one by one)
				d.setSpacing(r.Spacing)
				d.setFont(d.fonts.font(r.Face), r.Size)
				d.setFill(r.Color)
			}
			d.save()
			for _, t := range x.Transforms {
				d.apply(t)
			}
			d.emit(x.Items)
			d.restore()
		case *frame.Marked:
			if x.Text != "" {
				d.op("/Span<</ActualText<FEFF")
				d.content = pdfwrite.AppendUTF16(d.content, x.Text)
				d.op(">>>BDC\n")
			} else {
				d.begin(x.Elem)
			}
			d.emit(x.Items)
			d.end()
		case *frame.Line:
			d.setStroke(x.Color, x.Width)
			d.line(x.X1, x.Y1, x.X2, x.Y2)
		case *frame.Rect:
			style := "f"
			if x.Fill != nil {
				d.setFill(*x.Fill)
			}
			if x.Stroke != nil {
				d.setStroke(*x.Stroke, x.Width)
				style = "S"
				if x.Fill != nil {
					style = "B"
				}
			}
			d.rect(x.X, x.Y, x.W, x.H, style)
		case *frame.Image:
			if d.err = d.ctx.Err(); d.err != nil {
				return
			}
			if img, ok := x.Picture.(*xobject); ok {
				d.drawImage(d.writeImage(img), x.X, x.Y, x.W, x.H)
			}
		case *frame.Link:
			d.link(x.Elem, x.X, x.Y, x.W, x.H, x.URI, x.Page, x.Desc)
		case *frame.Bookmark:
			d.bookmark(x.Title, x.Level, x.Y)
		}
	}
}

func firstRun(items []frame.Item) (*frame.Run, bool) {
	if len(items) == 0 {
		return nil, false
	}
	r, ok := items[0].(*frame.Run)
	return r, ok
}

func (d *pdfDoc) apply(t frame.Transform) {
	switch t.Op {
	case frame.Rotate:
		d.rotate(t.A, t.X, t.Y)
	case frame.SkewX:
		d.skewX(t.A, t.X, t.Y)
	case frame.Scale:
		d.scale(t.A, t.B, t.X, t.Y)
	case frame.Translate:
		d.translate(t.X, t.Y)
	}
}

// emitRun shows a glyph run: each glyph becomes a CID of its face's font,
// numbered on first use with the glyph's text for ToUnicode. Where a
// glyph's advance as laid out is not its width in the font (a shaper's
// kerning, say), the run carries the difference as a TJ adjustment.
func (d *pdfDoc) emitRun(r *frame.Run) {
	pf := d.fonts.font(r.Face)
	m, _ := face.Open(r.Face)
	d.cids, d.adjust = d.cids[:0], d.adjust[:0]
	for i, g := range r.Glyphs {
		k := slotKey{gid: g.ID, shift: g.Shift, adv: g.Cell, missing: g.Missing}
		d.cids = append(d.cids, pf.cid(k, g.Text))
		adj := 0.0
		if m != nil && i+1 < len(r.Glyphs) && r.Size > 0 {
			// in thousandths of the size, as TJ counts, positive to the left
			adj = float64(slotWidth(m, k)) - g.Adv*1000/r.Size
			if math.Abs(adj) < 0.5 {
				adj = 0
			}
		}
		d.adjust = append(d.adjust, adj)
	}
	d.setSpacing(r.Spacing)
	d.setFont(pf, r.Size)
	d.setFill(r.Color)
	if r.Italic {
		d.save()
		d.skewX(obliqueAngle, r.X, r.Y)
	}
	d.glyphs(r.X, r.Y, d.cids, d.adjust)
	if r.Italic {
		d.restore()
	}
}
