package pdf

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
	"github.com/bookify/article2book/pkg/render/page"
)

// boxContent is what a box shows; top is the box's top edge on the page.
type boxContent interface {
	draw(d *drawer, top float64)
}

// drawer draws the boxes of each page.
type drawer struct {
	pdf    *framer              // the page being drawn
	emit   func(fr []frameItem) // takes each page's frame when it is done
	g      pageGeometry
	header []inline.Line
	fonts  *face.Set
	turned bool // drawing a vertical page in the layout's coordinates
	// elem is the structure element of the box being drawn; nil for an
	// artifact (a table's header rows repeated on a later page)
	elem *structElem
	// images are the pictures read so far, by their data's first byte
	// (the book shares one slice among the references to one address);
	// nil for data that could not be read.
	images map[*byte]*xobject
}

// draw draws items on the pages package page cut them into, each page
// written out when it is done.
func (d *drawer) draw(items []item, pages []page.Page) {
	for _, p := range pages {
		d.newPage(p.Opened)
		for _, pl := range p.Boxes {
			d.elem = items[pl.Box].elem
			if pl.Repeat {
				d.elem = nil
			}
			d.place(&items[pl.Box], d.g.top+pl.Y)
		}
		d.endTurn()
		d.emit(d.pdf.items)
	}
}

func (d *drawer) place(it *item, top float64) {
	if it.outline != "" {
		y := top
		if d.g.vertical {
			y = d.g.left // the columns' top
		}
		d.pdf.bookmark(it.outline, it.level, y)
	}
	if it.shade != nil {
		d.pdf.begin(nil)
		d.pdf.setFill([3]uint8{242, 242, 242})
		d.pdf.rect(it.shade[0], top, it.shade[1], it.H, "f")
		d.pdf.end()
	}
	if len(it.bars) > 0 {
		d.pdf.begin(nil)
		d.pdf.setStroke([3]uint8{170, 170, 170}, 1.5)
		for _, x := range it.bars {
			d.pdf.strokeLine(x, top, x, top+it.H)
		}
		d.pdf.end()
	}
	if it.content != nil {
		it.content.draw(d, top)
	}
}

// newPage starts a page with its number and, except on a page a chapter
// opens, the running header.
func (d *drawer) newPage(opened bool) {
	d.pdf.startPage(d.pdf.page + 1)
	n := strconv.Itoa(d.pdf.page + 1)
	size := d.g.body * pdfStyle.header
	m, _ := face.Open(d.fonts.Body)
	w := 0.0
	for _, r := range n {
		w += float64(m.Width(r)) * size / 1000
	}
	st := &inline.Style{Face: inline.Face(d.fonts.Body), Size: size, Color: pdfStyle.grey}
	if d.g.vertical {
		// Upright, centred below the columns.
		bottom := d.g.left + d.g.width
		d.pdf.begin(nil)
		d.plain(st, (d.g.realW()-w)/2, bottom+(d.g.realH()-bottom)*0.45, n)
		d.pdf.end()
		d.turnPage()
	} else {
		d.pdf.begin(nil)
		d.plain(st, d.g.left+(d.g.width-w)/2, d.g.bottom+(d.g.pageH-d.g.bottom)*0.45, n)
		d.pdf.end()
	}
	if opened || len(d.header) == 0 {
		return
	}
	base := d.g.top * 0.62
	d.pdf.begin(nil)
	d.line(d.header[0], d.g.left+d.header[0].Indent, base)
	d.rule(d.g.left, base+d.g.body*0.6, d.g.width, 0.4)
	d.pdf.end()
}

// plain draws s, characters of the body face, at x on baseline base.
func (d *drawer) plain(st *inline.Style, x, base float64, s string) {
	f := face.ID(st.Face)
	m, _ := face.Open(f)
	r := d.newRun(st, x, base, 0)
	for _, c := range s {
		r.glyphs = append(r.glyphs, runGlyph{id: m.Glyph(c), adv: float64(m.Width(c)) * st.Size / 1000, text: string(c)})
	}
	d.pdf.run(r)
}

// newRun starts a glyph run in style st.
func (d *drawer) newRun(st *inline.Style, x, base, spacing float64) *glyphRun {
	return &glyphRun{face: face.ID(st.Face), size: st.Size, color: st.Color, italic: st.Italic, x: x, y: base, spacing: spacing}
}

func (d *drawer) rule(x, y, w, lw float64) {
	d.pdf.setStroke([3]uint8{150, 150, 150}, lw)
	d.pdf.strokeLine(x, y, x+w, y)
}

// line draws a set line with its left edge at x and baseline base.
// Glyphs evenly spaced go out as one text run, the space each adds to its
// advance as character spacing (Tc): a justified line of Han characters
// is one run, not one text object per character. The runs sit in one span
// whose ActualText is the line's source text, so that a Han–Latin gap does
// not read as a space.
func (d *drawer) line(ln inline.Line, x, base float64) {
	n := len(ln.Glyphs)
	if n == 0 {
		return
	}
	// A line with right-to-left text is drawn in display order, and
	// extractors (poppler, Acrobat) put a span's text back into logical
	// order as they do its glyphs': its span holds the text in display
	// order.
	if bidiLine(ln) {
		d.pdf.beginSpan(displayText(ln))
		ln = visual(ln)
	} else {
		d.pdf.beginSpan(ln.Text)
	}
	for i := 0; i < n; {
		g := ln.Glyphs[i]
		if g.Hard {
			i++
			continue
		}
		j, spacing := runEnd(ln, i)
		x0 := x + ln.X[i]
		if g.Upright {
			d.upright(g, x0+g.Adv/2, base-baselineDrop*g.Style.Size)
			i = j
			continue
		}
		if g.Subs != nil {
			d.cluster(g, x0, base)
			i = j
			continue
		}
		if g.Widened && cjk.ClassOf(g.R) == cjk.Opening {
			// The full-em glyph made for it carries the shift that X
			// gives the plain glyph.
			x0 -= g.Style.Size - g.Adv
		}
		r := d.newRun(g.Style, x0, base, spacing)
		r.face = face.ID(g.Face) // the face that has it, a fallback maybe
		r.italic = g.Style.Italic && !face.IsItalic(r.face)
		for _, h := range ln.Glyphs[i:j] {
			r.glyphs = append(r.glyphs, runGlyphOf(h))
		}
		d.pdf.run(r)
		i = j
	}
	d.pdf.end()
	for i := 0; i < n; {
		href := ln.Glyphs[i].Style.Href
		j := i + 1
		for j < n && ln.Glyphs[j].Style.Href == href {
			j++
		}
		if href != "" {
			x0, x1 := x+ln.Cell[i], x+ln.Cell[j-1]+ln.W[j-1]
			size := ln.Glyphs[i].Style.Size
			lx, ly, lw, lh := d.toPage(x0, base-size*0.9, x1-x0, size*1.2)
			d.pdf.link(d.elem, lx, ly, lw, lh, href, -1, href)
		}
		i = j
	}
}

// runGlyphOf returns the glyph that draws g: its own, a ligature, or the
// full-em glyph made for a widened quote; .notdef when no face has it.
func runGlyphOf(g inline.Glyph) runGlyph {
	rg := runGlyph{adv: g.Adv, text: g.Text}
	if rg.text == "" {
		rg.text = string(g.R) // a hyphen the layout added
	}
	m, err := face.Open(face.ID(g.Face))
	if err != nil || g.Missing {
		rg.missing = g.R
		return rg
	}
	rg.id = g.GID
	if rg.id == 0 {
		rg.id = m.Glyph(g.R)
	}
	if g.Widened {
		em := m.UnitsPerEm()
		rg.cell, rg.adv = int16(em), g.Style.Size
		if cjk.ClassOf(g.R) == cjk.Opening {
			rg.shift = int16(em - m.TTF().Advance(rg.id))
		}
	}
	return rg
}

// runEnd returns the end of the run of glyphs that starts at i, and the
// space after each of its glyphs beyond the advance: the glyphs share face
// and style, and each lies within 0.004 pt of where the advances and that
// spacing put it (measured from the run's start, so the error does not
// add up). A widened quote or an upright glyph is a run of its own.
func runEnd(ln inline.Line, i int) (end int, spacing float64) {
	n := len(ln.Glyphs)
	if i+1 < n && joins(ln, i+1) {
		spacing = ln.X[i+1] - ln.X[i] - ln.Glyphs[i].Adv
	}
	at := ln.X[i]
	j := i + 1
	for ; j < n && joins(ln, j); j++ {
		at += ln.Glyphs[j-1].Adv + spacing
		if math.Abs(at-ln.X[j]) >= 0.004 {
			break
		}
	}
	if j == i+1 {
		spacing = 0
	}
	return j, spacing
}

// joins reports whether glyph j may continue the run of glyph j-1: same
// face and style, neither widened nor upright, both drawn with a glyph of
// their own.
func joins(ln inline.Line, j int) bool {
	a, b := ln.Glyphs[j-1], ln.Glyphs[j]
	return a.Face == b.Face && a.Style.Size == b.Style.Size && a.Style.Italic == b.Style.Italic &&
		a.Style.Color == b.Style.Color && !a.Widened && !b.Widened && !a.Upright && !b.Upright &&
		!a.Missing && !b.Missing && !a.Hard && !b.Hard && a.Subs == nil && b.Subs == nil
}

// cluster draws the glyphs a shaper gave a cluster, each where its
// offsets put it: kerned letters, marks on their bases, conjuncts.
func (d *drawer) cluster(g inline.Glyph, x, base float64) {
	for _, s := range g.Subs {
		r := d.newRun(g.Style, x+s.X, base-s.Y, 0)
		r.face = face.ID(g.Face)
		r.italic = g.Style.Italic && !face.IsItalic(r.face)
		rg := runGlyph{id: s.GID, adv: s.Adv, text: g.Text}
		if s.GID == 0 {
			rg.missing = g.R
		}
		r.glyphs = append(r.glyphs, rg)
		d.pdf.run(r)
	}
}

// bidiLine reports whether ln holds right-to-left text.
func bidiLine(ln inline.Line) bool {
	for _, g := range ln.Glyphs {
		if g.Level > 0 {
			return true
		}
	}
	return false
}

// visual returns ln with its glyphs in display order, left to right, so
// that runs go out as the viewer advances through them.
func visual(ln inline.Line) inline.Line {
	idx := displayOrder(ln)
	out := ln
	out.Glyphs = make([]inline.Glyph, len(idx))
	out.X, out.Cell, out.W = make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx))
	for k, i := range idx {
		out.Glyphs[k], out.X[k], out.Cell[k], out.W[k] = ln.Glyphs[i], ln.X[i], ln.Cell[i], ln.W[i]
	}
	return out
}

func displayOrder(ln inline.Line) []int {
	idx := make([]int, len(ln.Glyphs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(ln.Cell[a], ln.Cell[b]) })
	return idx
}

// displayText is the text of ln in display order: glyphs left to right,
// the characters of right-to-left ones reversed.
func displayText(ln inline.Line) string {
	var out []rune
	for _, i := range displayOrder(ln) {
		g := ln.Glyphs[i]
		rs := []rune(g.Text)
		if g.Level%2 == 1 {
			slices.Reverse(rs)
		}
		out = append(out, rs...)
	}
	return string(out)
}

// obliqueAngle is the slant of synthesised italics: LXGW WenKai has no
// italic, and CJK typography has none either, so Latin and Han alike get
// a 12° skew, about what Latin obliques use.
const obliqueAngle = 12

// textLine is a line of text, with a list marker left of it or a hook at
// the right margin marking a wrapped code line.
type textLine struct {
	ln      inline.Line
	x, base float64 // left edge; baseline below the box top
	marker  *inline.Line
	markerX float64
	// markerElem is the list item's Lbl
	markerElem *structElem
	hookX      float64
	hookSize   float64
}

func (t *textLine) draw(d *drawer, top float64) {
	base := top + t.base
	if len(t.ln.Glyphs) > 0 {
		d.pdf.begin(d.elem)
		d.line(t.ln, t.x, base)
		d.pdf.end()
	}
	if t.marker != nil {
		// After the line in the content, as before tagging (typefigures
		// reads lines in content order); the structure puts the Lbl
		// first.
		e := t.markerElem
		if d.elem == nil {
			e = nil
		}
		d.pdf.begin(e)
		d.line(*t.marker, t.markerX, base)
		d.pdf.end()
	}
	if t.hookSize > 0 {
		d.pdf.begin(nil)
		d.hook(t.hookX, base, t.hookSize)
		d.pdf.end()
	}
}

// hook draws a small return arrow: a wrapped code line continues below.
func (d *drawer) hook(x, base, size float64) {
	d.pdf.setStroke([3]uint8{120, 120, 120}, 0.5)
	top, bot := base-size*0.6, base-size*0.15
	d.pdf.strokeLine(x+size*0.4, top, x+size*0.4, bot)
	d.pdf.strokeLine(x+size*0.4, bot, x, bot)
	d.pdf.strokeLine(x, bot, x+size*0.15, bot-size*0.12)
	d.pdf.strokeLine(x, bot, x+size*0.15, bot+size*0.12)
}

// rule is a horizontal line dy below the box top.
type rule struct{ x, dy, w, lw float64 }

func (r rule) draw(d *drawer, top float64) {
	d.pdf.begin(nil)
	d.rule(r.x, top+r.dy, r.w, r.lw)
	d.pdf.end()
}

// picture is an image, or its alternative text when it cannot be read.
type picture struct {
	name    string
	data    []byte
	tp      string
	x, w, h float64
	size    float64
	alt     []inline.Line
}

func (p *picture) draw(d *drawer, top float64) {
	if !d.image(p.data, p.tp, p.x, top, p.w, p.h) {
		(&altBox{lines: p.alt, x: p.x, w: p.w, h: p.h, size: p.size}).draw(d, top)
	}
}

// altBox frames the alternative text of a picture that is not there.
type altBox struct {
	lines   []inline.Line
	x, w, h float64
	size    float64
}

func (a *altBox) draw(d *drawer, top float64) {
	d.pdf.begin(nil)
	d.pdf.setStroke([3]uint8{160, 160, 160}, 0.6)
	d.pdf.rect(a.x, top, a.w, a.h, "S")
	d.pdf.end()
	lh := a.size * 1.5
	y := top + (a.h-float64(len(a.lines))*lh)/2
	d.pdf.begin(d.elem)
	for _, ln := range a.lines {
		d.line(ln, a.x+a.size*0.6+ln.Indent, y+lh/2+0.34*a.size)
		y += lh
	}
	d.pdf.end()
}

// tableRow is lines [from, to) of a row of cells.
type tableRow struct {
	cells            []tableCell
	from, to         int
	h, pad, lh, size float64
}

type tableCell struct {
	x, w   float64
	lines  []inline.Line
	header bool
	elem   *structElem
}

func (r *tableRow) draw(d *drawer, top float64) {
	for _, c := range r.cells {
		d.pdf.begin(nil)
		d.pdf.setStroke([3]uint8{150, 150, 150}, 0.5)
		if c.header {
			d.pdf.setFill([3]uint8{235, 235, 235})
			d.pdf.rect(c.x, top, c.w, r.h, "B")
		} else {
			d.pdf.rect(c.x, top, c.w, r.h, "S")
		}
		d.pdf.end()
		if r.from >= min(r.to, len(c.lines)) {
			continue
		}
		e := c.elem
		if d.elem == nil {
			e = nil // a header row repeated
		}
		d.pdf.begin(e)
		for k := r.from; k < min(r.to, len(c.lines)); k++ {
			ln := c.lines[k]
			d.line(ln, c.x+r.pad+ln.Indent, top+r.pad+float64(k-r.from)*r.lh+r.lh/2+0.34*r.size)
		}
		d.pdf.end()
	}
}

// image draws picture data, reporting false when it cannot be read.
func (d *drawer) image(data []byte, tp string, x, y, w, h float64) bool {
	if len(data) == 0 {
		return false
	}
	img, seen := d.images[&data[0]]
	if !seen {
		var err error
		if img, err = prepareImage(data, tp); err != nil {
			img = nil
		}
		if d.images == nil {
			d.images = map[*byte]*xobject{}
		}
		d.images[&data[0]] = img
	}
	if img == nil {
		return false
	}
	d.pdf.begin(d.elem)
	d.pdf.image(img, x, y, w, h)
	d.pdf.end()
	return true
}
