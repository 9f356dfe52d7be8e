package pdf

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/pkg/render/frame"
)

// pdfDoc is the PDF being written: each page's content goes out when the
// page is done; what pages share (fonts, the resources, the outline) at
// the end. Its drawing methods take the layout's coordinates, in pt from
// the printed page's top left corner, y down, and turn them into PDF's.
type pdfDoc struct {
	w        *pdfwrite.Writer
	h        float64 // printed page height
	wd       float64 // printed page width
	fonts    fontSet
	pagesRef pdfwrite.Ref
	resRef   pdfwrite.Ref
	pages    []pdfwrite.Ref // allocated as drawn, or earlier by a link ahead
	cur      int            // page being drawn, from 0; -1 before the first
	content  []byte
	annots   []pdfwrite.Ref
	images   []imageRes
	outline  []outlineEntry
	gs       gstate
	stack    []gstate
	tags     tagger
	cids     []uint16
	adjust   []float64 // TJ adjustment after each of cids
	// text is set inside a text object (BT … ET): the glyph runs of a
	// marked-content sequence, a paragraph's lines on a page, go out as
	// one, each run placed from the one before (Td) at lx, ly, the
	// position the content's numbers give; it began inside tdepth
	// marked-content sequences, of depth open now.
	text, fresh   bool // fresh: no glyphs placed in it yet
	lx, ly        float64
	ex, ey        float64 // where the line at lx, ly was meant to start
	tdepth, depth int
	// cx is where the last glyphs shown ended, on baseline ly
	cx float64
	// the last text shown is content[shownStart:shownEnd], a TJ array
	// when shownArray is set
	shownStart, shownEnd int
	shownArray           bool
	widths               []float64 // of each of cids, 1/1000 em
	cmyk                 bool      // a CMYK image is drawn
	// ctx stops the drawing of pictures, the longest part of a page's
	// writing; err is its error once it has
	ctx context.Context
	err error
	// planned is closed once numberAhead is done with the fonts
	planned chan struct{}
}

// gstate is what the content stream has set, so that nothing is set twice.
type gstate struct {
	font       *pdfFont
	size       float64
	fill, line [3]uint8
	fillSet    bool
	lineSet    bool
	lw         float64
	tc         float64
}

type imageRes struct {
	name string
	ref  pdfwrite.Ref
}

type outlineEntry struct {
	title string
	level int
	page  int
	y     float64
}

func newPDFDoc(w *pdfwrite.Writer, realW, realH float64) *pdfDoc {
	d := &pdfDoc{w: w, wd: realW, h: realH, cur: -1, fonts: fontSet{w: w}, ctx: context.Background()}
	d.pagesRef, d.resRef = w.Alloc(), w.Alloc()
	return d
}

// pageRef returns the object of page i (from 0), allocated on first
// need: pages are written as they are drawn, their number known only at
// the end.
func (d *pdfDoc) pageRef(i int) pdfwrite.Ref {
	for len(d.pages) <= i {
		d.pages = append(d.pages, d.w.Alloc())
	}
	return d.pages[i]
}

// op appends an operator line to the page's content.
func (d *pdfDoc) op(s string) { d.content = append(d.content, s...) }

func (d *pdfDoc) num(x float64) { d.content = pdfwrite.AppendNum(d.content, x, 2) }

// startPage begins the next page.
func (d *pdfDoc) startPage() {
	d.cur++
	d.pageRef(d.cur)
	d.startPageTags()
	d.content = d.content[:0]
	d.annots = d.annots[:0]
	d.gs, d.stack = gstate{}, d.stack[:0]
	d.text, d.depth, d.shownEnd = false, 0, -1
}

// endPage writes the page and its content.
func (d *pdfDoc) endPage() {
	if d.cur < 0 {
		return
	}
	d.endText()
	c := d.w.Alloc()
	d.w.Stream(c, nil, d.content, true)
	b := []byte("<</Type/Page/Parent")
	b = pdfwrite.AppendRef(b, d.pagesRef)
	b = append(b, "/Resources"...)
	b = pdfwrite.AppendRef(b, d.resRef)
	b = append(b, "/Contents"...)
	b = pdfwrite.AppendRef(b, c)
	b = fmt.Appendf(b, "/StructParents %d/Tabs/S", d.tags.pageKey)
	if len(d.annots) > 0 {
		b = append(b, "/Annots["...)
		for _, a := range d.annots {
			b = pdfwrite.AppendRef(b, a)
		}
		b = append(b, ']')
	}
	d.w.Object(d.pages[d.cur], append(b, ">>"...))
	d.endPageTags()
}

// save and restore bracket a change of the graphics state (q … Q).
func (d *pdfDoc) save() {
	d.endText()
	d.stack = append(d.stack, d.gs)
	d.op("q\n")
}

func (d *pdfDoc) restore() {
	d.endText()
	if n := len(d.stack); n > 0 {
		d.gs = d.stack[n-1]
		d.stack = d.stack[:n-1]
	}
	d.op("Q\n")
}

// transform applies the matrix a b c d e f.
func (d *pdfDoc) transform(m [6]float64) {
	for _, v := range m {
		d.content = pdfwrite.AppendNumBare(d.content, v, 5)
		d.content = append(d.content, ' ')
	}
	d.op("cm\n")
}

// rotate turns what follows angle degrees counter-clockwise about (x, y).
func (d *pdfDoc) rotate(angle, x, y float64) {
	y = d.h - y
	a := angle * math.Pi / 180
	c, s := math.Cos(a), math.Sin(a)
	d.transform([6]float64{c, s, -s, c, x + s*y - c*x, y - c*y - s*x})
}

// skewX slants what follows by angle degrees about (x, y).
func (d *pdfDoc) skewX(angle, x, y float64) {
	t := math.Tan(angle * math.Pi / 180)
	d.transform([6]float64{1, 0, t, 1, -t * (d.h - y), 0})
}

// scale scales what follows by sx, sy about (x, y).
func (d *pdfDoc) scale(sx, sy, x, y float64) {
	y = d.h - y
	d.transform([6]float64{sx, 0, 0, sy, x * (1 - sx), y * (1 - sy)})
}

// translate moves what follows by (tx, ty), y down.
func (d *pdfDoc) translate(tx, ty float64) {
	d.transform([6]float64{1, 0, 0, 1, tx, -ty})
}

func (d *pdfDoc) setFill(c [3]uint8) {
	if d.gs.fillSet && d.gs.fill == c {
		return
	}
	d.gs.fill, d.gs.fillSet = c, true
	d.rgb(c)
	d.op(" rg\n")
}

func (d *pdfDoc) setStroke(c [3]uint8, lw float64) {
	if !d.gs.lineSet || d.gs.line != c {
		d.gs.line, d.gs.lineSet = c, true
		d.rgb(c)
		d.op(" RG\n")
	}
	if d.gs.lw != lw {
		d.gs.lw = lw
		d.content = pdfwrite.AppendNumBare(d.content, lw, 2)
		d.op(" w\n")
	}
}

func (d *pdfDoc) rgb(c [3]uint8) {
	for i, v := range c {
		if i > 0 {
			d.content = append(d.content, ' ')
		}
		d.content = pdfwrite.AppendNumBare(d.content, float64(v)/255, 3)
	}
}

// setSpacing sets the character spacing to tc, to 1/10000 pt: over a
// line of fifty glyphs, the last is placed within 0.0025 pt.
func (d *pdfDoc) setSpacing(tc float64) {
	tc = math.Round(tc*1e4) / 1e4
	if tc == d.gs.tc {
		return
	}
	d.gs.tc = tc
	d.content = pdfwrite.AppendNumBare(d.content, tc, 4)
	d.op(" Tc\n")
}

func (d *pdfDoc) setFont(f *pdfFont, size float64) {
	if d.gs.font == f && d.gs.size == size {
		return
	}
	d.gs.font, d.gs.size = f, size
	d.op("/" + f.name)
	d.num(size)
	d.op(" Tf\n")
}

// line strokes a line from (x1, y1) to (x2, y2).
func (d *pdfDoc) line(x1, y1, x2, y2 float64) {
	d.endText()
	d.content = pdfwrite.AppendNumBare(d.content, x1, 2)
	d.num(d.h - y1)
	d.op(" m")
	d.num(x2)
	d.num(d.h - y2)
	d.op(" l S\n")
}

// rect paints a rectangle with top left (x, y): style "f" fills, "S"
// strokes, "B" does both.
func (d *pdfDoc) rect(x, y, w, h float64, style string) {
	d.endText()
	d.content = pdfwrite.AppendNumBare(d.content, x, 2)
	d.num(d.h - y - h)
	d.num(w)
	d.num(h)
	d.op(" re " + style + "\n")
}

// glyphs shows the CIDs of a run with its origin at (x, y), each
// followed by its adjustment in adjust (TJ's, 0 for none) and advancing
// by its width in widths (1/1000 em) and the character spacing.
func (d *pdfDoc) glyphs(x, y float64, cids []uint16, adjust, widths []float64) {
	first := d.moveText(x, d.h-y)
	// Glyphs right after others, nothing set between, join their TJ.
	cont := len(d.content) == d.shownEnd
	tj := first != 0 || cont
	for _, a := range adjust {
		tj = tj || a != 0
	}
	switch {
	case cont && d.shownArray:
		d.content = d.content[:len(d.content)-len("]TJ\n")]
	case cont:
		d.content = d.content[:len(d.content)-len("Tj\n")]
		d.content = slices.Insert(d.content, d.shownStart, '[')
	case tj:
		d.shownStart = len(d.content)
		d.op("[")
	default:
		d.shownStart = len(d.content)
	}
	if first != 0 {
		d.content = pdfwrite.AppendNumBare(d.content, first, 2)
	}
	d.op("(")
	size := d.gs.size
	d.cx -= first * size / 1000
	for i, c := range cids {
		if tj && i > 0 && adjust[i-1] != 0 {
			d.op(")")
			d.content = pdfwrite.AppendNumBare(d.content, adjust[i-1], 2)
			d.op("(")
			d.cx -= adjust[i-1] * size / 1000
		}
		d.cx += widths[i]*size/1000 + d.gs.tc
		for _, b := range [2]byte{byte(c >> 8), byte(c)} {
			switch b {
			case '(', ')', '\\':
				d.content = append(d.content, '\\', b)
			case '\r':
				d.content = append(d.content, '\\', 'r')
			default:
				d.content = append(d.content, b)
			}
		}
	}
	if tj {
		d.op(")]TJ\n")
	} else {
		d.op(")Tj\n")
	}
	d.shownEnd, d.shownArray = len(d.content), tj
}

// moveText starts the next glyphs at (x, y), PDF's coordinates, and
// returns the TJ adjustment that puts the first there, 0 for none. In the
// open text object, glyphs on the baseline of the last ones continue from
// where those ended (cx), moved by the adjustment; on another baseline,
// from where the line before started (Td). Otherwise a new text object
// starts. Each step is rounded from the position the numbers before it
// give, so that the errors do not add up along a paragraph.
func (d *pdfDoc) moveText(x, y float64) float64 {
	if !d.text {
		d.beginText()
	}
	if d.fresh {
		d.fresh = false
	} else if math.Abs(y-d.ly) < 0.002 && d.gs.size > 0 {
		adj := math.Round((d.cx-x)*1000/d.gs.size*100) / 100
		if math.Abs(adj) < 0.1 {
			adj = 0 // 1/10000 em
		}
		return adj
	}
	dx, dy := step(x, d.lx, d.ex), step(y, d.ly, d.ey)
	d.content = pdfwrite.AppendNumBare(d.content, dx, 3)
	d.content = pdfwrite.AppendNum(d.content, dy, 3)
	d.op(" Td")
	d.lx, d.ly, d.ex, d.ey = d.lx+dx, d.ly+dy, x, y
	d.cx = d.lx
	return 0
}

// step returns the move, to 1/1000 pt, from at (where the numbers so far
// put the line) to to: the one from exact, where the last line was meant
// to be, when that lands within 0.0015 pt of to, so that lines set at one
// leading step by the same number, which compresses; else the nearest.
func step(to, at, exact float64) float64 {
	if s := math.Round((to-exact)*1e3) / 1e3; math.Abs(at+s-to) < 0.0015 {
		return s
	}
	return math.Round((to-at)*1e3) / 1e3
}

// beginText begins a text object, its first glyphs yet to be placed.
func (d *pdfDoc) beginText() {
	d.text, d.fresh, d.tdepth = true, true, d.depth
	d.lx, d.ly, d.ex, d.ey = 0, 0, 0, 0
	d.op("BT\n")
}

// endText ends the open text object, if one is.
func (d *pdfDoc) endText() {
	if d.text {
		d.text = false
		d.op("ET\n")
	}
}

// link adds a link annotation over the rectangle with top left (x, y) of
// the printed page: to uri, or, when uri is "", to the top of page
// (from 0). Its Link element is a child of e; what tells a reader where
// it goes is its Contents, desc.
func (d *pdfDoc) link(e *frame.Elem, x, y, w, h float64, uri string, page int, desc string) {
	r := d.w.Alloc()
	b := []byte("<</Type/Annot/Subtype/Link/F 4/Rect[")
	b = pdfwrite.AppendNumBare(b, x, 2)
	b = pdfwrite.AppendNum(b, d.h-y-h, 2)
	b = pdfwrite.AppendNum(b, x+w, 2)
	b = pdfwrite.AppendNum(b, d.h-y, 2)
	b = append(b, "]/Border[0 0 0]"...)
	if uri != "" {
		b = append(b, "/A<</S/URI/URI"...)
		b = pdfwrite.AppendString(b, uri)
		b = append(b, ">>"...)
	} else if page >= 0 {
		b = append(b, "/Dest["...)
		b = pdfwrite.AppendRef(b, d.pageRef(page))
		b = append(b, "/XYZ 0"...)
		b = pdfwrite.AppendNum(b, d.h, 2)
		b = append(b, " null]"...)
	}
	if key, ok := d.linkElem(e, r); ok {
		b = fmt.Appendf(b, "/StructParent %d", key)
	}
	b = append(b, "/Contents"...)
	b = pdfwrite.AppendText(b, desc)
	d.w.Object(r, append(b, ">>"...))
	d.annots = append(d.annots, r)
}

// bookmark adds an outline entry at y on the current page.
func (d *pdfDoc) bookmark(title string, level int, y float64) {
	d.outline = append(d.outline, outlineEntry{title: title, level: level, page: d.cur, y: y})
}
