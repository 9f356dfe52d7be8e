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
	d.waitPlan()
	d.startPage()
	d.emit(items)
	d.endPage()
}

func (d *pdfDoc) emit(items []frame.Item) {
	for i := 0; i < len(items); i++ {
		switch x := items[i].(type) {
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
			var run []*frame.Marked
			run, i = markedRun(items, i)
			if len(run) == 0 {
				continue // an element reopened after an artifact, with nothing more
			}
			// A text object holds the glyphs of as many markings as
			// hold nothing else, the marked content inside it.
			if only := textOnly(run); d.text && !only {
				d.endText()
			} else if only && !d.text {
				d.beginText()
			}
			if x.Span && x.Lang != "" {
				d.op("/Span<</Lang")
				d.content = pdfwrite.AppendText(d.content, x.Lang)
				d.op(">>BDC\n")
				d.depth++
			} else if x.Span {
				d.op("/Span<</ActualText<FEFF")
				d.content = pdfwrite.AppendUTF16(d.content, x.Text)
				d.op(">>>BDC\n")
				d.depth++
			} else {
				d.begin(x.Elem)
			}
			for _, m := range run {
				d.emit(m.Items)
			}
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

// markedRun returns the items[i] and the markings of the same element
// right after it, those with items, as one marked-content sequence, and
// the index of the last: each line of a paragraph is a box of its own,
// and a sequence per line cost a paragraph's BDC, EMC and MCID for each
// of its lines.
func markedRun(items []frame.Item, i int) ([]*frame.Marked, int) {
	x := items[i].(*frame.Marked)
	var run []*frame.Marked
	if len(x.Items) > 0 {
		run = append(run, x)
	}
	if x.Span {
		return run, i
	}
	for ; i+1 < len(items); i++ {
		y, ok := items[i+1].(*frame.Marked)
		if !ok || y.Span || y.Elem != x.Elem || y.Artifact != x.Artifact {
			break
		}
		if len(y.Items) > 0 {
			run = append(run, y)
		}
	}
	return run, i
}

// textOnly reports whether the markings hold glyph runs alone, upright
// and in marked content of their own at most: they can go inside a text
// object (BT … ET), which nothing else may.
func textOnly(run []*frame.Marked) bool {
	var only func(items []frame.Item) bool
	only = func(items []frame.Item) bool {
		for _, it := range items {
			switch x := it.(type) {
			case *frame.Run:
				if x.Italic {
					return false // slanted under a cm, outside text objects
				}
			case *frame.Marked:
				if !only(x.Items) {
					return false
				}
			case *frame.Bookmark, *frame.Link:
				// nothing in the content: an outline entry, an annotation
			default:
				return false
			}
		}
		return true
	}
	for _, m := range run {
		if !only(m.Items) {
			return false
		}
	}
	return true
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
	d.cids, d.adjust, d.widths = d.cids[:0], d.adjust[:0], d.widths[:0]
	for i, g := range r.Glyphs {
		k := slotKey{gid: g.ID, shift: g.Shift, adv: g.Cell, missing: g.Missing}
		if g.Missing != 0 && k.adv == 0 && m != nil && r.Size > 0 {
			// .notdef in the cell layout gave the character, not its own
			// width, which would run over the next glyph
			k.adv = int16(math.Round(g.Adv / r.Size * float64(m.UnitsPerEm())))
		}
		d.cids = append(d.cids, pf.cid(k, g.Text))
		adj, w := 0.0, 0.0
		if m != nil {
			w = float64(slotWidth(m, k))
		}
		if m != nil && i+1 < len(r.Glyphs) && r.Size > 0 {
			// in thousandths of the size, as TJ counts, positive to the
			// left; rounded as written, for the position that follows
			adj = math.Round((w-g.Adv*1000/r.Size)*100) / 100
			if math.Abs(adj) < 0.5 {
				adj = 0
			}
		}
		d.adjust = append(d.adjust, adj)
		d.widths = append(d.widths, w)
	}
	d.setSpacing(r.Spacing)
	d.setFont(pf, r.Size)
	d.setFill(r.Color)
	if r.Italic {
		d.save()
		d.skewX(obliqueAngle, r.X, r.Y)
	}
	d.glyphs(r.X, r.Y, d.cids, d.adjust, d.widths)
	if r.Italic {
		d.restore()
	}
}
