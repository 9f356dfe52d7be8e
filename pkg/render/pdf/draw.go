package pdf

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"

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
	pdf    *fpdf.Fpdf
	g      pageGeometry
	header []inline.Line
	fonts  *face.Set
	font   face.ID
	size   float64
	color  [3]uint8
	turned bool    // drawing a vertical page in the layout's coordinates
	tc     float64 // character spacing set (Tc), in pt
}

// draw draws items on the pages package page cut them into.
func (d *drawer) draw(items []item, pages []page.Page) {
	for _, p := range pages {
		d.newPage(p.Opened)
		for _, pl := range p.Boxes {
			d.place(&items[pl.Box], d.g.top+pl.Y)
		}
		d.endTurn()
	}
}

func (d *drawer) place(it *item, top float64) {
	if it.outline != "" {
		d.setFont(d.fonts.Body, d.g.body) // Bookmark encodes per the current font
		y := top
		if d.g.vertical {
			y = d.g.left // the columns' top
		}
		d.pdf.Bookmark(it.outline, it.level, y)
	}
	if it.shade != nil {
		d.pdf.SetFillColor(242, 242, 242)
		d.pdf.Rect(it.shade[0], top, it.shade[1], it.H, "F")
	}
	if len(it.bars) > 0 {
		d.pdf.SetDrawColor(170, 170, 170)
		d.pdf.SetLineWidth(1.5)
		for _, x := range it.bars {
			d.pdf.Line(x, top, x, top+it.H)
		}
	}
	if it.content != nil {
		it.content.draw(d, top)
	}
}

// newPage starts a page with its number and, except on a page a chapter
// opens, the running header.
func (d *drawer) newPage(opened bool) {
	d.pdf.AddPage()
	d.font, d.size = 255, 0 // fpdf re-selects the font on a new page
	n := strconv.Itoa(d.pdf.PageNo())
	size := d.g.body * pdfStyle.header
	m, _ := face.Open(d.fonts.Body)
	w := 0.0
	for _, r := range n {
		w += float64(m.Width(r)) * size / 1000
	}
	d.setFont(d.fonts.Body, size)
	d.setColor(pdfStyle.grey)
	if d.g.vertical {
		// Upright, centred below the columns.
		bottom := d.g.left + d.g.width
		d.pdf.Text((d.g.realW()-w)/2, bottom+(d.g.realH()-bottom)*0.45, n)
		d.turnPage()
	} else {
		d.pdf.Text(d.g.left+(d.g.width-w)/2, d.g.bottom+(d.g.pageH-d.g.bottom)*0.45, n)
	}
	if opened || len(d.header) == 0 {
		return
	}
	base := d.g.top * 0.62
	d.line(d.header[0], d.g.left+d.header[0].Indent, base)
	d.rule(d.g.left, base+d.g.body*0.6, d.g.width, 0.4)
}

func (d *drawer) setFont(f face.ID, size float64) {
	if f != d.font || size != d.size {
		d.pdf.SetFont(face.Family(f), "", size)
		d.font, d.size = f, size
	}
}

func (d *drawer) setColor(c [3]uint8) {
	if c != d.color {
		d.pdf.SetTextColor(int(c[0]), int(c[1]), int(c[2]))
		d.color = c
	}
}

func (d *drawer) rule(x, y, w, lw float64) {
	d.pdf.SetDrawColor(150, 150, 150)
	d.pdf.SetLineWidth(lw)
	d.pdf.Line(x, y, x+w, y)
}

// actualText is the marked-content operator that gives the glyphs up to
// the matching EMC the text s in extraction and copying (PDF 32000-1,
// 14.9.4), as UTF-16BE with a byte order mark.
func actualText(s string) string {
	var b strings.Builder
	b.Grow(16 + 4*len(s))
	b.WriteString("/Span <</ActualText <FEFF")
	const hexdigits = "0123456789ABCDEF"
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(hexdigits[u>>12])
		b.WriteByte(hexdigits[u>>8&0xF])
		b.WriteByte(hexdigits[u>>4&0xF])
		b.WriteByte(hexdigits[u&0xF])
	}
	b.WriteString(">>> BDC")
	return b.String()
}

// line draws a set line with its left edge at x and baseline base.
// Glyphs evenly spaced go out as one Text run, the space each adds to its
// advance as character spacing (Tc): a justified line of Han characters
// is one run, not one text object per character. The runs sit in one span
// whose ActualText is the line's source text.
func (d *drawer) line(ln inline.Line, x, base float64) {
	n := len(ln.Glyphs)
	if n == 0 {
		return
	}
	d.pdf.RawWriteStr(actualText(ln.Text))
	var run strings.Builder
	for i := 0; i < n; {
		j, spacing := runEnd(ln, i)
		d.setSpacing(spacing)
		run.Reset()
		g := ln.Glyphs[i]
		f := face.ID(g.Face)
		x0 := x + ln.X[i]
		if g.Upright {
			d.upright(g, x0+g.Adv/2, base-baselineDrop*g.Style.Size)
			i = j
			continue
		}
		if g.Widened {
			// Alone in its run: the full-em glyph made for it in the
			// subset carries the shift that X gives the plain glyph.
			run.WriteRune(d.fonts.WideCode(f, g.R))
			if cjk.ClassOf(g.R) == cjk.Opening {
				x0 -= g.Style.Size - g.Adv
			}
		} else {
			for _, h := range ln.Glyphs[i:j] {
				if h.GID != 0 {
					run.WriteRune(d.fonts.GlyphCode(f, h.GID))
					continue
				}
				run.WriteRune(d.fonts.Code(f, h.R))
			}
		}
		d.text(f, g.Style, x0, base, run.String())
		i = j
	}
	d.setSpacing(0)
	d.pdf.RawWriteStr("EMC")
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
			d.pdf.LinkString(lx, ly, lw, lh, href)
		}
		i = j
	}
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
// face and style, neither widened nor upright.
func joins(ln inline.Line, j int) bool {
	a, b := ln.Glyphs[j-1], ln.Glyphs[j]
	return a.Face == b.Face && a.Style.Size == b.Style.Size && a.Style.Italic == b.Style.Italic &&
		a.Style.Color == b.Style.Color && !a.Widened && !b.Widened && !a.Upright && !b.Upright
}

// setSpacing sets the character spacing (Tc) of the text drawn next, in
// pt. It is part of the graphics state, so it holds across the text
// objects fpdf's Text writes (and their q … Q) until set again.
func (d *drawer) setSpacing(tc float64) {
	if math.Abs(tc-d.tc) < 1e-6 {
		return
	}
	d.pdf.RawWriteStr(strconv.FormatFloat(tc, 'f', 5, 64) + " Tc")
	d.tc = tc
}

// obliqueAngle is the slant of synthesised italics: LXGW WenKai has no
// italic, and CJK typography has none either, so Latin and Han alike get
// a 12° skew, about what Latin obliques use.
const obliqueAngle = 12

// text draws s in face f and style st at x on baseline base.
func (d *drawer) text(f face.ID, st *inline.Style, x, base float64, s string) {
	d.setFont(f, st.Size)
	d.setColor(st.Color)
	if st.Italic {
		d.pdf.TransformBegin()
		d.pdf.TransformSkewX(obliqueAngle, x, base)
	}
	d.pdf.Text(x, base, s)
	if st.Italic {
		d.pdf.TransformEnd()
	}
}

// textLine is a line of text, with a list marker left of it or a hook at
// the right margin marking a wrapped code line.
type textLine struct {
	ln       inline.Line
	x, base  float64 // left edge; baseline below the box top
	marker   *inline.Line
	markerX  float64
	hookX    float64
	hookSize float64
}

func (t *textLine) draw(d *drawer, top float64) {
	base := top + t.base
	d.line(t.ln, t.x, base)
	if t.marker != nil {
		d.line(*t.marker, t.markerX, base)
	}
	if t.hookSize > 0 {
		d.hook(t.hookX, base, t.hookSize)
	}
}

// hook draws a small return arrow: a wrapped code line continues below.
func (d *drawer) hook(x, base, size float64) {
	d.pdf.SetDrawColor(120, 120, 120)
	d.pdf.SetLineWidth(0.5)
	top, bot := base-size*0.6, base-size*0.15
	d.pdf.Line(x+size*0.4, top, x+size*0.4, bot)
	d.pdf.Line(x+size*0.4, bot, x, bot)
	d.pdf.Line(x, bot, x+size*0.15, bot-size*0.12)
	d.pdf.Line(x, bot, x+size*0.15, bot+size*0.12)
}

// rule is a horizontal line dy below the box top.
type rule struct{ x, dy, w, lw float64 }

func (r rule) draw(d *drawer, top float64) { d.rule(r.x, top+r.dy, r.w, r.lw) }

// picture is an image, or its alternative text when fpdf cannot read it.
type picture struct {
	name    string
	data    []byte
	tp      string
	x, w, h float64
	size    float64
	alt     []inline.Line
}

func (p *picture) draw(d *drawer, top float64) {
	if !d.image(p.name, p.data, p.tp, p.x, top, p.w, p.h) {
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
	d.pdf.SetDrawColor(160, 160, 160)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Rect(a.x, top, a.w, a.h, "D")
	lh := a.size * 1.5
	y := top + (a.h-float64(len(a.lines))*lh)/2
	for _, ln := range a.lines {
		d.line(ln, a.x+a.size*0.6+ln.Indent, y+lh/2+0.34*a.size)
		y += lh
	}
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
}

func (r *tableRow) draw(d *drawer, top float64) {
	d.pdf.SetDrawColor(150, 150, 150)
	d.pdf.SetLineWidth(0.5)
	for _, c := range r.cells {
		if c.header {
			d.pdf.SetFillColor(235, 235, 235)
			d.pdf.Rect(c.x, top, c.w, r.h, "FD")
		} else {
			d.pdf.Rect(c.x, top, c.w, r.h, "D")
		}
		for k := r.from; k < min(r.to, len(c.lines)); k++ {
			ln := c.lines[k]
			d.line(ln, c.x+r.pad+ln.Indent, top+r.pad+float64(k-r.from)*r.lh+r.lh/2+0.34*r.size)
		}
	}
}

// image draws picture data, reporting false when fpdf cannot read it.
func (d *drawer) image(name string, data []byte, tp string, x, y, w, h float64) bool {
	opt := fpdf.ImageOptions{ImageType: tp}
	d.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
	if d.pdf.Err() {
		// fpdf's PNG reader rejects interlaced and some 16-bit files: give
		// it a plain re-encoding instead.
		d.pdf.ClearError()
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return false
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return false
		}
		d.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, &buf)
		if d.pdf.Err() {
			d.pdf.ClearError()
			return false
		}
	}
	d.pdf.ImageOptions(name, x, y, w, h, false, opt, 0, "")
	return true
}
