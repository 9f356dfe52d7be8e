package frame

// Elem is an element of the document's structure tree (a tagged PDF's
// roles: Document, Art, H1–H6, P, L, LI, Lbl, LBody, Table, TR, TH, TD,
// Figure, Caption, BlockQuote, Code, TOC, TOCI, Link).
type Elem struct {
	Role  string
	Alt   string // Figure: what the picture shows
	Scope string // TH: Column or Row
	Lang  string // when not the document's
	// ActualText is the element's text in logical order, set when its
	// marked content gives the text of right-to-left lines in display
	// order (for extractors that reorder it themselves): a screen reader
	// reading the structure tree takes this instead.
	ActualText string
	// Parent is nil for the root.
	Parent *Elem
	// Kids are its children in reading order: the elements layout made
	// in it, and what a writer attaches as it writes (its marked
	// content, annotations).
	Kids []Kid
	// Page is the page (from 0) of its first content, -1 before any.
	Page int
	// Used is set when it or an element in it holds content: elements
	// that hold none are left out of the tree.
	Used bool
}

// Kid is one child of an element: an element, or Mark, what a writer
// attached.
type Kid struct {
	Elem *Elem
	Mark any
}

// NewElem returns an element of role, the last child of parent (unless
// parent is nil).
func NewElem(role string, parent *Elem) *Elem {
	e := &Elem{Role: role, Parent: parent, Page: -1}
	if parent != nil {
		parent.Kids = append(parent.Kids, Kid{Elem: e})
	}
	return e
}

// MarkUsed marks e and its ancestors as holding content.
func (e *Elem) MarkUsed() {
	for ; e != nil && !e.Used; e = e.Parent {
		e.Used = true
	}
}
