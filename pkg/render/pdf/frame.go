package pdf

import (
	"github.com/bookify/article2book/pkg/render/face"
)

// Pages as data. The drawer does not write PDF: it fills a frame, the
// list of what one page shows in drawing order, in the layout's
// coordinates (pt from the page's top left corner, y down); the writer
// (emit.go) turns each frame into a content stream when the page is
// done, and the frame is dropped. Every item knows its place in the
// document's structure: items inside a marked group belong to its
// element, or are an artifact.
//
// A glyph run carries glyph IDs of a face, each with its advance as laid
// out and the source text of its cluster: what a shaper gives (issue 18)
// goes in as it is, and the writer numbers the glyphs of each font.

// frameItem is one item of a frame.
type frameItem interface{ isFrameItem() }

// glyphRun is glyphs of one face, size and colour on one baseline, from
// (x, y), each advanced by its width in the font plus spacing.
type glyphRun struct {
	face    face.ID
	size    float64
	color   [3]uint8
	italic  bool // a synthesised oblique
	x, y    float64
	spacing float64
	glyphs  []runGlyph
}

// runGlyph is one glyph of a run.
type runGlyph struct {
	id uint16 // glyph ID in the face; 0 for a character no face has
	// shift and cell are set for a glyph made for the subset: id moved
	// right by shift in a cell wide (font units): a proportional quote
	// set full width.
	shift, cell int16
	adv         float64 // advance as laid out, pt
	text        string  // the source text of its cluster
	missing     rune    // the character drawn as .notdef
}

// group is items drawn under transforms, the graphics state restored
// after them.
type group struct {
	transforms []transform
	items      []frameItem
}

// transform is a rotation (degrees, counter-clockwise on the page) or a
// horizontal skew about (x, y), a scale about (x, y), or a translation
// by (x, y).
type transform struct {
	op   byte // 'r', 'k', 's' or 't'
	a, b float64
	x, y float64
}

// marked is items that belong to a structure element, or, when elem is
// nil, an artifact; with text set, a span whose text is text.
type marked struct {
	elem     *structElem
	artifact bool
	text     string
	items    []frameItem
}

// stroke is a line from (x1, y1) to (x2, y2).
type stroke struct {
	x1, y1, x2, y2 float64
	color          [3]uint8
	width          float64
}

// box is a rectangle: filled, stroked or both.
type box struct {
	x, y, w, h   float64
	fill, stroke *[3]uint8
	width        float64
}

// picture placed: the image made ready for the writer (xobject).
type placedImage struct {
	img        *xobject
	x, y, w, h float64
}

// link is a link over a rectangle of the printed page, to uri or to
// page (from 0), in elem's Link element.
type link struct {
	elem       *structElem
	x, y, w, h float64
	uri        string
	page       int
	desc       string
}

// bookmark is an outline entry at y.
type bookmark struct {
	title string
	level int
	y     float64
}

func (*glyphRun) isFrameItem()    {}
func (*group) isFrameItem()       {}
func (*marked) isFrameItem()      {}
func (*stroke) isFrameItem()      {}
func (*box) isFrameItem()         {}
func (*placedImage) isFrameItem() {}
func (*link) isFrameItem()        {}
func (*bookmark) isFrameItem()    {}

// framer fills a page's frame. Its methods nest as the drawing does:
// begin … end, save … restore.
type framer struct {
	page  int // from 0
	items []frameItem
	open  []container // being filled, innermost last
	// the colours and width the next strokes and boxes take
	fill, line [3]uint8
	lw         float64
}

type container struct {
	items *[]frameItem
	g     *group // for save
}

func (f *framer) startPage(page int) {
	f.page, f.items, f.open = page, nil, f.open[:0]
}

func (f *framer) add(it frameItem) {
	if n := len(f.open); n > 0 {
		*f.open[n-1].items = append(*f.open[n-1].items, it)
		return
	}
	f.items = append(f.items, it)
}

// begin opens the items of element e (an artifact when e is nil).
func (f *framer) begin(e *structElem) {
	m := &marked{elem: e, artifact: e == nil}
	f.add(m)
	f.open = append(f.open, container{items: &m.items})
}

// beginSpan opens items whose text, in extraction and copying, is text.
func (f *framer) beginSpan(text string) {
	m := &marked{text: text}
	f.add(m)
	f.open = append(f.open, container{items: &m.items})
}

// end closes begin, beginSpan or save.
func (f *framer) end() {
	if n := len(f.open); n > 0 {
		f.open = f.open[:n-1]
	}
}

func (f *framer) save() {
	g := &group{}
	f.add(g)
	f.open = append(f.open, container{items: &g.items, g: g})
}

func (f *framer) restore() { f.end() }

// transform applies t to what follows in the group save opened last.
func (f *framer) transform(t transform) {
	if n := len(f.open); n > 0 && f.open[n-1].g != nil {
		f.open[n-1].g.transforms = append(f.open[n-1].g.transforms, t)
	}
}

func (f *framer) rotate(angle, x, y float64) { f.transform(transform{op: 'r', a: angle, x: x, y: y}) }
func (f *framer) skewX(angle, x, y float64)  { f.transform(transform{op: 'k', a: angle, x: x, y: y}) }
func (f *framer) scale(sx, sy, x, y float64) {
	f.transform(transform{op: 's', a: sx, b: sy, x: x, y: y})
}
func (f *framer) translate(tx, ty float64) { f.transform(transform{op: 't', x: tx, y: ty}) }

func (f *framer) setFill(c [3]uint8) { f.fill = c }

func (f *framer) setStroke(c [3]uint8, lw float64) { f.line, f.lw = c, lw }

func (f *framer) strokeLine(x1, y1, x2, y2 float64) {
	f.add(&stroke{x1, y1, x2, y2, f.line, f.lw})
}

// rect adds a rectangle: style "f" fills, "S" strokes, "B" does both.
func (f *framer) rect(x, y, w, h float64, style string) {
	b := &box{x: x, y: y, w: w, h: h, width: f.lw}
	if style != "S" {
		c := f.fill
		b.fill = &c
	}
	if style != "f" {
		c := f.line
		b.stroke = &c
	}
	f.add(b)
}

func (f *framer) run(r *glyphRun) { f.add(r) }

func (f *framer) image(img *xobject, x, y, w, h float64) {
	f.add(&placedImage{img, x, y, w, h})
}

func (f *framer) link(e *structElem, x, y, w, h float64, uri string, page int, desc string) {
	f.add(&link{e, x, y, w, h, uri, page, desc})
}

func (f *framer) bookmark(title string, level int, y float64) {
	f.add(&bookmark{title, level, y})
}
