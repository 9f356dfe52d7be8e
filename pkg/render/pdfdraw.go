package render

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
)

// drawer fills pages from the vertical list and draws on them.
type drawer struct {
	pdf    *fpdf.Fpdf
	g      pageGeometry
	header []glyph
	bl     *pdfBuilder
	y      float64
	page   bool // a page has been started
	font   fontID
	size   float64
	color  [3]int

	// A dry run only counts pages and notes where chapters start.
	dry    bool
	pages  int
	starts []int
}

const layoutEps = 1e-6

// paginate places items on pages: an item goes to the next page when it,
// together with the items it must be kept with, does not fit.
func (d *drawer) paginate(items []vitem) {
	pageH := d.g.bottom - d.g.top
	for i := 0; i < len(items); i++ {
		it := &items[i]
		if !d.page || it.newPage && d.y > d.g.top+layoutEps {
			d.newPage(true)
		}
		if it.glue && d.y <= d.g.top+layoutEps {
			continue
		}
		// The chain runs through glue: a heading kept with what follows
		// stays with it even across the space before a picture.
		h := 0.0
		for j := i; j < len(items); j++ {
			if items[j].newPage && j > i {
				break
			}
			h += items[j].h
			if items[j].glue && j > i {
				continue
			}
			if !items[j].keep || h > pageH {
				break
			}
		}
		if h > pageH {
			h = it.h // too tall to keep together: break inside
		}
		if d.y+h > d.g.bottom+layoutEps && d.y > d.g.top+layoutEps {
			d.newPage(false)
			if it.glue {
				continue
			}
			for k := range it.header {
				d.place(&it.header[k])
			}
		}
		d.place(it)
	}
	if !d.page {
		d.newPage(true)
	}
}

func (d *drawer) place(it *vitem) {
	top := d.y
	if d.dry {
		if it.chapterStart {
			d.starts = append(d.starts, d.pages)
		}
		d.y += it.h
		return
	}
	if it.outline != "" {
		d.setFont(fRegular, d.g.body) // Bookmark encodes per the current font
		d.pdf.Bookmark(it.outline, it.level, top)
	}
	if it.shade != nil {
		d.pdf.SetFillColor(242, 242, 242)
		d.pdf.Rect(it.shade[0], top, it.shade[1], it.h, "F")
	}
	if len(it.bars) > 0 {
		d.pdf.SetDrawColor(170, 170, 170)
		d.pdf.SetLineWidth(1.5)
		for _, x := range it.bars {
			d.pdf.Line(x, top, x, top+it.h)
		}
	}
	if it.draw != nil {
		it.draw(d, top)
	}
	d.y += it.h
}

// newPage starts a page with its footer and, except at a chapter start,
// the running header.
func (d *drawer) newPage(chapterStart bool) {
	d.page = true
	d.y = d.g.top
	d.pages++
	if d.dry {
		return
	}
	d.pdf.AddPage()
	d.font, d.size = 255, 0 // fpdf re-selects the font on a new page
	n := strconv.Itoa(d.pdf.PageNo())
	size := d.g.body * 0.8
	m, _ := fontMetricsOf(fRegular)
	w := 0.0
	for _, r := range n {
		w += float64(m.width(r)) * size / 1000
	}
	d.setFont(fRegular, size)
	d.setColor(inkGrey)
	d.pdf.Text(d.g.left+(d.g.width-w)/2, d.g.bottom+(d.g.pageH-d.g.bottom)*0.45, n)
	if chapterStart || len(d.header) == 0 {
		return
	}
	hw := glyphsWidth(d.header)
	base := d.g.top * 0.62
	d.glyphs(d.header, d.g.left+(d.g.width-hw)/2, base)
	d.rule(d.g.left, base+d.g.body*0.6, d.g.width, 0.4)
}

func (d *drawer) setFont(f fontID, size float64) {
	if f != d.font || size != d.size {
		d.pdf.SetFont(fontTab[f].family, "", size)
		d.font, d.size = f, size
	}
}

func (d *drawer) setColor(c [3]int) {
	if c != d.color {
		d.pdf.SetTextColor(c[0], c[1], c[2])
		d.color = c
	}
}

func (d *drawer) rule(x, y, w, lw float64) {
	d.pdf.SetDrawColor(150, 150, 150)
	d.pdf.SetLineWidth(lw)
	d.pdf.Line(x, y, x+w, y)
}

// drawLine draws a laid-out line with its left edge at x and baseline base.
// Glyphs at their natural spacing go out as one Text run; justification
// and squeezing start a new run, so pdftotext still sees one line of
// closely spaced words.
func (d *drawer) drawLine(ln setLine, x, base float64) {
	n := len(ln.gs)
	for i := 0; i < n; {
		j := i + 1
		for j < n && sameRun(ln, j) {
			j++
		}
		d.run(ln.gs[i:j], x+ln.x[i]+ln.dx[i], base)
		i = j
	}
	for i := 0; i < n; {
		href := ln.gs[i].st.href
		j := i + 1
		for j < n && ln.gs[j].st.href == href {
			j++
		}
		if href != "" {
			x0, x1 := x+ln.x[i], x+ln.x[j-1]+ln.adv[j-1]
			size := ln.gs[i].st.size
			d.pdf.LinkString(x0, base-size*0.9, x1-x0, size*1.2, href)
		}
		i = j
	}
}

func sameRun(ln setLine, j int) bool {
	a, b := ln.gs[j-1], ln.gs[j]
	return a.font == b.font && a.st.size == b.st.size && a.st.italic == b.st.italic &&
		a.st.color == b.st.color && math.Abs(ln.x[j-1]+ln.dx[j-1]+a.w-ln.x[j]-ln.dx[j]) < 0.004
}

// obliqueAngle is the slant of synthesised italics: LXGW WenKai has no
// italic, and CJK typography has none either, so Latin and Han alike get
// a 12° skew, about what Latin obliques use.
const obliqueAngle = 12

// run draws glyphs of one face at their natural advances.
func (d *drawer) run(gs []glyph, x, base float64) {
	var sb strings.Builder
	for _, g := range gs {
		sb.WriteRune(g.r)
	}
	st := gs[0].st
	d.setFont(gs[0].font, st.size)
	d.setColor(st.color)
	if st.italic {
		d.pdf.TransformBegin()
		d.pdf.TransformSkewX(obliqueAngle, x, base)
	}
	d.pdf.Text(x, base, sb.String())
	if st.italic {
		d.pdf.TransformEnd()
	}
}

// glyphs draws gs at natural advances, switching face where they do.
func (d *drawer) glyphs(gs []glyph, x, base float64) {
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && gs[j].font == gs[i].font && gs[j].st == gs[i].st {
			j++
		}
		d.run(gs[i:j], x, base)
		x += glyphsWidth(gs[i:j])
		i = j
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
