package frame

// Paint says how a rectangle is painted.
type Paint byte

// The paints of a rectangle.
const (
	Fill Paint = iota
	Stroke
	FillStroke
)

// Builder fills a page's frame. Its methods nest as the drawing does:
// Begin … End, Save … Restore.
type Builder struct {
	page  int // from 0; -1 before the first
	items []Item
	open  []container // being filled, innermost last
	// the colours and width the next lines and rectangles take
	fill, line Color
	lw         float64
}

type container struct {
	items *[]Item
	g     *Group  // for Save
	m     *Marked // for Begin
}

// NewBuilder returns a builder before its first page.
func NewBuilder() *Builder { return &Builder{page: -1} }

// StartPage starts the next page's frame.
func (f *Builder) StartPage() {
	f.page, f.items, f.open = f.page+1, nil, f.open[:0]
}

// Page is the page being filled, from 0; -1 before the first.
func (f *Builder) Page() int { return f.page }

// Items is the frame of the page being filled.
func (f *Builder) Items() []Item { return f.items }

func (f *Builder) add(it Item) {
	if n := len(f.open); n > 0 {
		*f.open[n-1].items = append(*f.open[n-1].items, it)
		return
	}
	f.items = append(f.items, it)
}

// Begin opens the items of element e (an artifact when e is nil).
func (f *Builder) Begin(e *Elem) {
	m := &Marked{Elem: e, Artifact: e == nil}
	f.add(m)
	f.open = append(f.open, container{items: &m.Items, m: m})
}

// Artifact adds what draw draws as an artifact, beside the element being
// filled rather than inside it (the element goes on after it): what the
// layout adds to an element's text, such as a hyphen at a line end.
// Inside an artifact, or a span or group, it is drawn where it is.
func (f *Builder) Artifact(draw func()) {
	n := len(f.open)
	if n == 0 || f.open[n-1].m == nil || f.open[n-1].m.Artifact {
		draw()
		return
	}
	e := f.open[n-1].m.Elem
	f.End()
	f.Begin(nil)
	draw()
	f.End()
	f.Begin(e)
}

// BeginSpan opens items whose text, in extraction and copying, is text.
func (f *Builder) BeginSpan(text string) {
	m := &Marked{Span: true, Text: text}
	f.add(m)
	f.open = append(f.open, container{items: &m.Items})
}

// BeginLang opens items whose text is in the language tagged lang, not
// their element's.
func (f *Builder) BeginLang(lang string) {
	m := &Marked{Span: true, Lang: lang}
	f.add(m)
	f.open = append(f.open, container{items: &m.Items})
}

// End closes Begin, BeginSpan, BeginLang or Save.
func (f *Builder) End() {
	if n := len(f.open); n > 0 {
		f.open = f.open[:n-1]
	}
}

// Save opens a group: the transforms that follow apply to its items.
func (f *Builder) Save() {
	g := &Group{}
	f.add(g)
	f.open = append(f.open, container{items: &g.Items, g: g})
}

// Restore closes Save.
func (f *Builder) Restore() { f.End() }

// Transform applies t to what follows in the group Save opened last.
func (f *Builder) Transform(t Transform) {
	if n := len(f.open); n > 0 && f.open[n-1].g != nil {
		f.open[n-1].g.Transforms = append(f.open[n-1].g.Transforms, t)
	}
}

// Rotate turns what follows angle degrees counter-clockwise about (x, y).
func (f *Builder) Rotate(angle, x, y float64) {
	f.Transform(Transform{Op: Rotate, A: angle, X: x, Y: y})
}

// SkewX slants what follows by angle degrees about (x, y).
func (f *Builder) SkewX(angle, x, y float64) { f.Transform(Transform{Op: SkewX, A: angle, X: x, Y: y}) }

// Scale scales what follows by sx, sy about (x, y).
func (f *Builder) Scale(sx, sy, x, y float64) {
	f.Transform(Transform{Op: Scale, A: sx, B: sy, X: x, Y: y})
}

// Translate moves what follows by (tx, ty).
func (f *Builder) Translate(tx, ty float64) { f.Transform(Transform{Op: Translate, X: tx, Y: ty}) }

// SetFill sets the colour the next rectangles are filled with.
func (f *Builder) SetFill(c Color) { f.fill = c }

// SetStroke sets the colour and width of the next lines and outlines.
func (f *Builder) SetStroke(c Color, width float64) { f.line, f.lw = c, width }

// Line adds a line from (x1, y1) to (x2, y2).
func (f *Builder) Line(x1, y1, x2, y2 float64) {
	f.add(&Line{x1, y1, x2, y2, f.line, f.lw})
}

// Rect adds a rectangle with top left (x, y), painted as p says.
func (f *Builder) Rect(x, y, w, h float64, p Paint) {
	b := &Rect{X: x, Y: y, W: w, H: h, Width: f.lw}
	if p != Stroke {
		c := f.fill
		b.Fill = &c
	}
	if p != Fill {
		c := f.line
		b.Stroke = &c
	}
	f.add(b)
}

// Run adds a glyph run.
func (f *Builder) Run(r *Run) { f.add(r) }

// Image places picture, made ready for the writer, over a rectangle.
func (f *Builder) Image(picture any, x, y, w, h float64) {
	f.add(&Image{picture, x, y, w, h})
}

// Link adds a link of element e over a rectangle, to uri or to page.
func (f *Builder) Link(e *Elem, x, y, w, h float64, uri string, page int, desc string) {
	f.add(&Link{e, x, y, w, h, uri, page, desc})
}

// Bookmark adds an outline entry at y.
func (f *Builder) Bookmark(title string, level int, y float64) {
	f.add(&Bookmark{title, level, y})
}
