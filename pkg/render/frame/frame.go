// Package frame is pages as data: the display list between layout and
// output. Layout fills a frame per page, the list of what the page shows
// in drawing order, in the layout's coordinates (pt from the page's top
// left corner, y down); a writer (the PDF's, or the EPUB's cover) turns
// each frame into its own form when the page is done, and the frame is
// dropped.
//
// Every item knows its place in the document's structure: items inside a
// Marked belong to its element, or are an artifact. A glyph run carries
// glyph IDs of a face, each with its advance as laid out and the source
// text of its cluster: what a shaper gives goes in as it is, and the
// writer numbers the glyphs of each font.
package frame

import "github.com/bookify/article2book/pkg/render/face"

// Color is an sRGB colour.
type Color = [3]uint8

// Item is one item of a frame: *Run, *Group, *Marked, *Line, *Rect,
// *Image, *Link or *Bookmark.
type Item interface{ isItem() }

// Run is glyphs of one face, size and colour on one baseline, from
// (X, Y), each advanced by its width in the font plus Spacing.
type Run struct {
	Face    face.ID
	Size    float64
	Color   Color
	Italic  bool // a synthesised oblique
	X, Y    float64
	Spacing float64
	Glyphs  []Glyph
}

// Glyph is one glyph of a run.
type Glyph struct {
	ID uint16 // glyph ID in the face; 0 for a character no face has
	// Shift and Cell are set for a glyph made for the subset: ID moved
	// right by Shift in a cell Cell wide (font units): a proportional
	// quote set full width.
	Shift, Cell int16
	Adv         float64 // advance as laid out, pt
	Text        string  // the source text of its cluster
	Missing     rune    // the character drawn as .notdef
}

// Group is items drawn under transforms, the graphics state restored
// after them.
type Group struct {
	Transforms []Transform
	Items      []Item
}

// Op is what a Transform does.
type Op byte

// The transforms.
const (
	Rotate    Op = 'r' // A degrees counter-clockwise on the page about (X, Y)
	SkewX     Op = 'k' // a horizontal skew of A degrees about (X, Y)
	Scale     Op = 's' // by A horizontally and B vertically about (X, Y)
	Translate Op = 't' // by (X, Y)
)

// Transform is a rotation, a skew, a scale or a translation.
type Transform struct {
	Op   Op
	A, B float64
	X, Y float64
}

// Marked is items that belong to a structure element, or, when Artifact
// is set, to none; with Span set, a span whose text, in extraction and
// copying, is Text (nothing, when Text is empty).
type Marked struct {
	Elem     *Elem
	Artifact bool
	Span     bool
	Text     string
	// Lang, on a Span without ActualText, is the language of its text
	// where that is not its element's
	Lang  string
	Items []Item
}

// Line is a straight line from (X1, Y1) to (X2, Y2).
type Line struct {
	X1, Y1, X2, Y2 float64
	Color          Color
	Width          float64
}

// Rect is a rectangle with top left (X, Y): filled, stroked or both.
type Rect struct {
	X, Y, W, H   float64
	Fill, Stroke *Color // nil for none
	Width        float64
}

// Image is a picture placed over a rectangle with top left (X, Y).
// Picture is the picture as the layout made it ready for its writer.
type Image struct {
	Picture    any
	X, Y, W, H float64
}

// Link is a link over a rectangle of the printed page, to URI or, when
// URI is "", to Page (from 0); it belongs to Elem, and Desc tells a
// reader where it goes.
type Link struct {
	Elem       *Elem
	X, Y, W, H float64
	URI        string
	Page       int
	Desc       string
}

// Bookmark is an outline entry at Y.
type Bookmark struct {
	Title string
	Level int
	Y     float64
}

func (*Run) isItem()      {}
func (*Group) isItem()    {}
func (*Marked) isItem()   {}
func (*Line) isItem()     {}
func (*Rect) isItem()     {}
func (*Image) isItem()    {}
func (*Link) isItem()     {}
func (*Bookmark) isItem() {}
