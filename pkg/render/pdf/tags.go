package pdf

import (
	"fmt"
	"strconv"

	"github.com/bookify/article2book/internal/pdfwrite"
)

// Tagged PDF (PDF 32000-1, 14.8; PDF/UA-1). The builder makes the
// structure tree as it lays the book out, in reading order: a Document of
// an Art per chapter (and a TOC before them in a book of several), each of
// H1 for the title, then P, H2–H6, L/LI/Lbl/LBody, BlockQuote, Code,
// Figure with its Alt and Caption, Table/TR/TH/TD. Boxes carry their
// element; the drawer wraps what each draws in marked content with an
// MCID of that element, and what belongs to no element (page numbers,
// the running head, rules, grounds, cell borders, repeated header rows)
// as an Artifact. Links get a Link element holding the annotation.

// structElem is an element of the structure tree.
type structElem struct {
	role   string
	alt    string // Figure: what the picture shows
	scope  string // TH: Column or Row
	lang   string // when not the document's
	parent *structElem
	kids   []structKid
	ref    pdfwrite.Ref
	page   int // page of the first marked content, -1 before any
	used   bool
}

// structKid is one child of an element: an element, marked content of a
// page, or an annotation.
type structKid struct {
	elem  *structElem
	page  int
	mcid  int
	annot pdfwrite.Ref
}

func newElem(role string, parent *structElem) *structElem {
	e := &structElem{role: role, parent: parent, page: -1}
	if parent != nil {
		parent.kids = append(parent.kids, structKid{elem: e})
	}
	return e
}

// markUsed marks e and its ancestors as holding content: elements that
// hold none are left out of the tree.
func (e *structElem) markUsed() {
	for ; e != nil && !e.used; e = e.parent {
		e.used = true
	}
}

// headingRole returns the role of a heading at depth (0 for a chapter's
// title).
func headingRole(depth int) string {
	return "H" + strconv.Itoa(min(6, depth+1))
}

// tagger is the drawer's side: the marked content of the page being drawn.
type tagger struct {
	root   *structElem
	mcids  []*structElem   // of the current page, by MCID
	byPage [][]*structElem // of every page written
	annots []*structElem   // the Link element of each annotation, by StructParent - pages
}

// begin opens marked content for e on page, or an artifact when e is nil.
func (d *pdfDoc) begin(e *structElem) {
	if e == nil {
		d.op("/Artifact BMC\n")
		return
	}
	t := &d.tags
	mcid := len(t.mcids)
	t.mcids = append(t.mcids, e)
	e.kids = append(e.kids, structKid{page: d.cur, mcid: mcid})
	if e.page < 0 {
		e.page = d.cur
	}
	e.markUsed()
	d.op("/" + e.role + "<</MCID ")
	d.content = strconv.AppendInt(d.content, int64(mcid), 10)
	d.op(">>BDC\n")
}

func (d *pdfDoc) end() { d.op("EMC\n") }

// linkElem makes the Link element of an annotation, a child of e, and
// returns the annotation's StructParent key.
func (d *pdfDoc) linkElem(e *structElem, annot pdfwrite.Ref) (int, bool) {
	if e == nil {
		return 0, false
	}
	l := newElem("Link", e)
	l.kids = append(l.kids, structKid{annot: annot, page: d.cur})
	l.page = d.cur
	l.markUsed()
	t := &d.tags
	t.annots = append(t.annots, l)
	return len(d.pages) + len(t.annots) - 1, true
}

// endPageTags files the page's MCIDs for the parent tree.
func (d *pdfDoc) endPageTags() {
	t := &d.tags
	t.byPage = append(t.byPage, t.mcids)
	t.mcids = nil
}

// writeStructTree writes the structure tree and its parent tree and
// returns the StructTreeRoot.
func (d *pdfDoc) writeStructTree() pdfwrite.Ref {
	t := &d.tags
	root := d.w.Alloc()
	var all []*structElem
	var walk func(e *structElem)
	walk = func(e *structElem) {
		if !e.used {
			return
		}
		e.ref = d.w.Alloc()
		all = append(all, e)
		for _, k := range e.kids {
			if k.elem != nil {
				walk(k.elem)
			}
		}
	}
	walk(t.root)
	// Heading levels as drawn: a heading may go one deeper than the one
	// before it, no more, and the first is H1, whichever elements held
	// nothing to draw.
	prev := 0
	for _, e := range all {
		if len(e.role) == 2 && e.role[0] == 'H' && e.role[1] >= '1' && e.role[1] <= '6' {
			n := min(int(e.role[1]-'0'), prev+1)
			e.role, prev = headingRole(n-1), n
		}
	}
	for _, e := range all {
		d.w.Object(e.ref, d.elemDict(e, root))
	}
	pt := d.w.Alloc()
	b := []byte("<</Nums[")
	for i, els := range t.byPage {
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, '[')
		for _, e := range els {
			b = pdfwrite.AppendRef(b, e.ref)
		}
		b = append(b, "] "...)
	}
	for k, e := range t.annots {
		b = strconv.AppendInt(b, int64(len(d.pages)+k), 10)
		b = pdfwrite.AppendRef(b, e.ref)
		b = append(b, ' ')
	}
	d.w.Object(pt, append(b, "]>>"...))
	b = []byte("<</Type/StructTreeRoot/K")
	if t.root.used {
		b = pdfwrite.AppendRef(b, t.root.ref)
	} else {
		b = append(b, "[]"...)
	}
	b = append(b, "/ParentTree"...)
	b = pdfwrite.AppendRef(b, pt)
	b = fmt.Appendf(b, "/ParentTreeNextKey %d>>", len(d.pages)+len(t.annots))
	d.w.Object(root, b)
	return root
}

func (d *pdfDoc) elemDict(e *structElem, root pdfwrite.Ref) []byte {
	b := []byte("<</Type/StructElem/S")
	b = pdfwrite.AppendName(b, e.role)
	b = append(b, "/P"...)
	if e.parent == nil {
		b = pdfwrite.AppendRef(b, root)
	} else {
		b = pdfwrite.AppendRef(b, e.parent.ref)
	}
	if e.page >= 0 {
		b = append(b, "/Pg"...)
		b = pdfwrite.AppendRef(b, d.pages[e.page])
	}
	if e.alt != "" {
		b = append(b, "/Alt"...)
		b = pdfwrite.AppendText(b, e.alt)
	}
	if e.lang != "" {
		b = append(b, "/Lang"...)
		b = pdfwrite.AppendText(b, e.lang)
	}
	if e.scope != "" {
		b = append(b, "/A<</O/Table/Scope/"...)
		b = append(b, e.scope...)
		b = append(b, ">>"...)
	}
	b = append(b, "/K["...)
	for _, k := range e.kids {
		switch {
		case k.elem != nil:
			if k.elem.used {
				b = pdfwrite.AppendRef(b, k.elem.ref)
			}
		case k.annot != 0:
			b = append(b, "<</Type/OBJR/Obj"...)
			b = pdfwrite.AppendRef(b, k.annot)
			b = append(b, "/Pg"...)
			b = pdfwrite.AppendRef(b, d.pages[k.page])
			b = append(b, ">>"...)
		case k.page == e.page:
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(k.mcid), 10)
		default:
			b = append(b, "<</Type/MCR/Pg"...)
			b = pdfwrite.AppendRef(b, d.pages[k.page])
			b = fmt.Appendf(b, "/MCID %d>>", k.mcid)
		}
	}
	return append(b, "]>>"...)
}
