package pdf

import (
	"image"
	"slices"
	"strconv"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
	"github.com/bookify/article2book/pkg/render/inline"
	"github.com/bookify/article2book/pkg/render/page"
)

// Vertical writing (竖排, tategaki). A page of columns running top to
// bottom, right to left, is a page of lines turned a quarter clockwise:
// the first line at the top becomes the first column at the right, and
// each line's left-to-right becomes its column's top-to-bottom. So the
// book is laid out exactly as a horizontal one (the same Prepare, total-fit
// Breaks and Paginate), on the page turned a quarter to the left (its
// geometry: pageGeometryOf), with the column's length as the measure; the
// drawer then turns each page back with one rotation, which leaves Latin
// words and long numbers lying along the column, turned 90° clockwise, as
// vertical text sets them. What must stand upright is drawn upright in its
// cell, each glyph turned back: Han characters and kana, full-width marks
// in the face's vertical forms (GSUB vert: ，。、 in the upper right of the
// cell, brackets and quotes turned; LXGW WenKai gives “” as ﹃﹄), and numbers
// of up to three digits, two or three side by side in one cell
// (tate-chu-yoko). Pictures and tables stand upright between columns.

// columnGlyphs readies shaped glyphs for a column: it marks the glyphs
// that stand upright, gives marks drawn in their vertical forms a full
// cell, and joins each number of two or three digits into one glyph.
func columnGlyphs(gs []inline.Glyph, fonts *face.Set) []inline.Glyph {
	out := make([]inline.Glyph, 0, len(gs))
	for i := 0; i < len(gs); i++ {
		g := gs[i]
		if j := digitsEnd(gs, i); j > i {
			if cjk.Combines(neighbour(gs, i-1), neighbour(gs, j), j-i) {
				for _, h := range gs[i+1 : j] {
					g.Text += h.Text
				}
				g.Adv, g.Class = g.Style.Size, cjk.Ideographic
				g.Upright, g.Combine = true, j-i > 1
				out = append(out, g)
			} else {
				out = append(out, gs[i:j]...)
			}
			i = j - 1
			continue
		}
		switch {
		case g.Hard || g.Space || g.Style.Mono:
		case fonts.HasVert(face.ID(g.Face), g.R):
			g.Upright = true
			g.Adv = g.Style.Size
			g.Class = cjk.ClassOf(g.R)
		case cjk.TurnsInColumn(g.R):
			// A dash or bracket the face has no vertical form for lies
			// along the column, as a Latin run does.
		case cjk.IsWide(g.R) || g.Class == cjk.Ideographic || g.Class == cjk.Emoji:
			g.Upright = true
		}
		out = append(out, g)
	}
	return out
}

// digitsEnd returns the end of the run of ASCII digits in one style that
// starts at i, or i.
func digitsEnd(gs []inline.Glyph, i int) int {
	j := i
	for j < len(gs) && isDigit(gs[j].R) && gs[j].Style == gs[i].Style && !gs[j].Style.Mono {
		j++
	}
	return j
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// neighbour is the character of glyph k for cjk.Combines: 0 past either
// end, a newline for a hard break.
func neighbour(gs []inline.Glyph, k int) rune {
	if k < 0 || k >= len(gs) {
		return 0
	}
	return gs[k].R
}

// upright draws glyph g of a column upright, its em box centred on the
// column at along (the middle of its cell) and across (the column's
// middle), in the page's turned coordinates.
func (d *drawer) upright(g inline.Glyph, along, across float64) {
	size := g.Style.Size
	m, err := face.Open(face.ID(g.Face))
	r := d.newRun(g.Style, 0, 0, 0)
	r.Face, r.Italic = face.ID(g.Face), false
	w, sx := size, 1.0
	switch {
	case err != nil || g.Missing:
		r.Glyphs = append(r.Glyphs, frame.Glyph{Missing: g.R, Adv: g.Adv, Text: g.Text})
	case g.Combine:
		w = 0
		for _, c := range g.Text {
			if isDigit(c) {
				adv := float64(m.Width(c)) * size / 1000
				r.Glyphs = append(r.Glyphs, frame.Glyph{ID: m.Glyph(c), Adv: adv, Text: string(c)})
				w += adv
			}
		}
		// Two or three digits share one em, narrowed if they must be.
		sx = min(1, 0.92*size/w)
	case g.GID != 0: // a ligature (an emoji sequence)
		r.Glyphs, w = append(r.Glyphs, frame.Glyph{ID: g.GID, Adv: g.Adv, Text: g.Text}), g.Adv
	default:
		// A vertical form was given a full cell (columnGlyphs).
		gid := m.Vert(g.R)
		if gid == 0 {
			gid = m.Glyph(g.R)
		}
		r.Glyphs, w = append(r.Glyphs, frame.Glyph{ID: gid, Adv: g.Adv, Text: g.Text}), g.Adv
	}
	r.X, r.Y = along-w/2, across+baselineDrop*size
	d.pdf.Save()
	d.pdf.Rotate(90, along, across)
	if sx != 1 {
		d.pdf.Scale(sx, 1, along, across)
	}
	d.pdf.Run(r)
	d.pdf.Restore()
}

// baselineDrop is how far below the middle of a line the baseline lies,
// in em: the drawer's lines put it there (textLine.base), and an upright
// glyph is centred the same way.
const baselineDrop = 0.34

// realW and realH are the size of the page as printed.
func (g pageGeometry) realW() float64 {
	if g.vertical {
		return g.pageH
	}
	return g.pageW
}

func (g pageGeometry) realH() float64 {
	if g.vertical {
		return g.pageW
	}
	return g.pageH
}

// turnPage starts drawing a vertical page in the turned coordinates of the
// layout; the page's content ends with endTurn.
func (d *drawer) turnPage() {
	w := d.g.realW()
	d.pdf.Save()
	d.pdf.Rotate(-90, w/2, w/2)
	d.turned = true
}

func (d *drawer) endTurn() {
	if d.turned {
		d.pdf.Restore()
		d.turned = false
	}
}

// toPage maps a rectangle of the layout's coordinates to the printed
// page's: for annotations, which the content's rotation does not move.
func (d *drawer) toPage(x, y, w, h float64) (float64, float64, float64, float64) {
	if !d.g.vertical {
		return x, y, w, h
	}
	return d.g.realW() - y - h, x, h, w
}

// printed draws fn in the printed page's coordinates, on a vertical page:
// upright pictures and tables.
func (d *drawer) printed(fn func()) {
	if !d.turned {
		fn()
		return
	}
	w := d.g.realW()
	d.pdf.Save()
	d.pdf.Rotate(90, w/2, w/2)
	fn()
	d.pdf.Restore()
}

// uprightImage puts a picture upright between columns: at 96 dpi, no
// taller than the column and no wider than half the text
// block, centred on the column's length. Its box is as thick as the
// picture is wide.
func (b *pdfBuilder) uprightImage(im *book.Image, tp string, cfg image.Config, fr pdfFrame, altSt *inline.Style, altSpans []inline.Span, hasCaption bool) {
	w := float64(cfg.Width) * 0.75
	h := float64(cfg.Height) * 0.75
	if h > fr.w {
		h, w = fr.w, fr.w*float64(cfg.Width)/float64(cfg.Height)
	}
	if maxW := (b.g.bottom - b.g.top) * 0.5; w > maxW {
		w, h = maxW, maxW*float64(cfg.Height)/float64(cfg.Width)
	}
	b.nimg++
	pic := &picture{
		name: "img" + strconv.Itoa(b.nimg), data: im.Data, tp: tp,
		x: 0, w: w, h: h, size: altSt.Size,
		alt: b.setUpright(altSpans, inline.Params{Width: w - altSt.Size*1.2, Em: altSt.Size, Anywhere: true, Center: true}),
	}
	b.items = append(b.items, item{Box: page.Box{H: w, Keep: hasCaption}, content: &upright{y: fr.x + (fr.w-h)/2, w: w, content: pic}})
}

// uprightTable puts a table upright between columns: laid out as in a
// horizontal book across the text block, its rows cut into pieces no
// taller than the column, each piece with the header rows again. The
// caption is a column before it.
func (b *pdfBuilder) uprightTable(t *book.Table, fr pdfFrame) {
	body := b.g.body
	if len(t.Caption) > 0 {
		size := body * pdfStyle.table
		b.space(body*pdfStyle.beforeTable, false)
		b.text(b.spans(t.Caption, b.bold(), size, pdfStyle.ink), fr, size*pdfStyle.captionLead, inline.Params{Em: size, Center: true}, true)
	}
	bare := *t
	bare.Caption = nil
	start := len(b.items)
	b.g.vertical = false // the cells' lines are lines: the table stands upright
	b.table(&bare, pdfFrame{x: 0, w: (b.g.bottom - b.g.top) * 0.9})
	b.g.vertical = true
	rows := slices.Clone(b.items[start:])
	b.items = b.items[:start]
	var header []*tableRow
	width := 0.0
	// The header rows are the ones the body rows name.
	isHeader := map[int]bool{}
	for _, it := range rows {
		for _, k := range it.Header {
			isHeader[k-start] = true
		}
	}
	var piece *uprightRows
	pieces := 0
	flush := func() {
		if piece != nil {
			b.items = append(b.items, item{Box: page.Box{H: width + body}, content: &upright{y: fr.x + (fr.w-piece.h)/2, w: width + body, content: piece}})
			pieces++
		}
		piece = nil
	}
	for i, it := range rows {
		r, ok := it.content.(*tableRow)
		if !ok {
			continue
		}
		for _, c := range r.cells {
			width = max(width, c.x+c.w)
		}
		if isHeader[i] {
			header = append(header, r)
			continue
		}
		if piece != nil && piece.h+r.h > fr.w {
			flush()
		}
		if piece == nil {
			piece = &uprightRows{x: body / 2}
			for _, h := range header {
				piece.rows = append(piece.rows, h)
				piece.h += h.h
			}
		}
		piece.rows = append(piece.rows, r)
		piece.h += r.h
	}
	if pieces == 0 && piece == nil && len(header) > 0 {
		piece = &uprightRows{x: body / 2, rows: header} // a table of header rows only
		for _, h := range header {
			piece.h += h.h
		}
	}
	flush()
	b.space(body*pdfStyle.afterTable, false)
}

// upright is a box of a vertical page whose content stands upright: drawn
// in the printed page's coordinates, its top y down the page, across the
// box's thickness w from its left edge.
type upright struct {
	y, w    float64
	content boxContent
}

func (u *upright) draw(d *drawer, top float64) {
	// The box's top edge in the layout is its right edge on the page.
	left := d.g.realW() - top - u.w
	d.printed(func() {
		d.pdf.Save()
		d.pdf.Translate(left, u.y)
		u.content.draw(d, 0)
		d.pdf.Restore()
	})
}

// uprightRows are table rows drawn one below the other.
type uprightRows struct {
	rows []*tableRow
	x, h float64
}

func (r *uprightRows) draw(d *drawer, top float64) {
	d.pdf.Save()
	d.pdf.Translate(r.x, 0)
	y := top
	for _, row := range r.rows {
		row.draw(d, y)
		y += row.h
	}
	d.pdf.Restore()
}
