package pdf

import (
	"fmt"
	"strconv"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/pkg/render/frame"
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

// mcr is marked content of a page, a child of its element.
type mcr struct{ page, mcid int }

// objr is an annotation on a page, a child of its Link element.
type objr struct {
	annot pdfwrite.Ref
	page  int
}

// headingRole returns the role of a heading at depth (0 for a chapter's
// title).
func headingRole(depth int) string {
	return "H" + strconv.Itoa(min(6, depth+1))
}

// tagger is the drawer's side: the marked content of the page being drawn.
type tagger struct {
	root  *frame.Elem
	refs  map[*frame.Elem]pdfwrite.Ref
	mcids []*frame.Elem // of the current page, by MCID
	// parents are the parent tree's entries, by key: a page's marked
	// content, by MCID, or an annotation's Link element. Keys are given
	// out in drawing order: a page's when it starts, then one to each of
	// its annotations.
	parents []parentEntry
	pageKey int // the current page's
}

type parentEntry struct {
	mcids []*frame.Elem
	link  *frame.Elem
}

// begin opens marked content for e on page, or an artifact when e is nil.
func (d *pdfDoc) begin(e *frame.Elem) {
	d.depth++
	if e == nil {
		d.op("/Artifact BMC\n")
		return
	}
	t := &d.tags
	mcid := len(t.mcids)
	t.mcids = append(t.mcids, e)
	e.Kids = append(e.Kids, frame.Kid{Mark: mcr{page: d.cur, mcid: mcid}})
	if e.Page < 0 {
		e.Page = d.cur
	}
	e.MarkUsed()
	d.op("/" + e.Role + "<</MCID ")
	d.content = strconv.AppendInt(d.content, int64(mcid), 10)
	d.op(">>BDC\n")
}

// end closes the marked content begin or a span opened. A text object
// begun inside it ends first: marked content and text objects nest.
func (d *pdfDoc) end() {
	if d.text && d.depth <= d.tdepth {
		d.endText()
	}
	d.depth--
	d.op("EMC\n")
}

// linkElem makes the Link element of an annotation, a child of e, and
// returns the annotation's StructParent key.
func (d *pdfDoc) linkElem(e *frame.Elem, annot pdfwrite.Ref) (int, bool) {
	if e == nil {
		return 0, false
	}
	l := frame.NewElem("Link", e)
	l.Kids = append(l.Kids, frame.Kid{Mark: objr{annot: annot, page: d.cur}})
	l.Page = d.cur
	l.MarkUsed()
	t := &d.tags
	t.parents = append(t.parents, parentEntry{link: l})
	return len(t.parents) - 1, true
}

// startPageTags gives the page its parent tree key.
func (d *pdfDoc) startPageTags() {
	t := &d.tags
	t.pageKey = len(t.parents)
	t.parents = append(t.parents, parentEntry{})
}

// endPageTags files the page's MCIDs for the parent tree.
func (d *pdfDoc) endPageTags() {
	t := &d.tags
	t.parents[t.pageKey].mcids = t.mcids
	t.mcids = nil
}

// writeStructTree writes the structure tree and its parent tree and
// returns the StructTreeRoot.
func (d *pdfDoc) writeStructTree() pdfwrite.Ref {
	t := &d.tags
	root := d.w.Alloc()
	t.refs = map[*frame.Elem]pdfwrite.Ref{}
	var all []*frame.Elem
	var walk func(e *frame.Elem)
	walk = func(e *frame.Elem) {
		if !e.Used {
			return
		}
		t.refs[e] = d.w.Alloc()
		all = append(all, e)
		for _, k := range e.Kids {
			if k.Elem != nil {
				walk(k.Elem)
			}
		}
	}
	walk(t.root)
	// Heading levels as drawn: a heading may go one deeper than the one
	// before it, no more, and the first is H1, whichever elements held
	// nothing to draw.
	prev := 0
	for _, e := range all {
		if len(e.Role) == 2 && e.Role[0] == 'H' && e.Role[1] >= '1' && e.Role[1] <= '6' {
			n := min(int(e.Role[1]-'0'), prev+1)
			e.Role, prev = headingRole(n-1), n
		}
	}
	for _, e := range all {
		d.w.Object(t.refs[e], d.elemDict(e, root))
	}
	pt := d.w.Alloc()
	b := []byte("<</Nums[")
	for k, p := range t.parents {
		b = strconv.AppendInt(b, int64(k), 10)
		if p.link != nil {
			b = pdfwrite.AppendRef(b, t.refs[p.link])
			b = append(b, ' ')
			continue
		}
		b = append(b, '[')
		for _, e := range p.mcids {
			b = pdfwrite.AppendRef(b, t.refs[e])
		}
		b = append(b, "] "...)
	}
	d.w.Object(pt, append(b, "]>>"...))
	b = []byte("<</Type/StructTreeRoot/K")
	if t.root.Used {
		b = pdfwrite.AppendRef(b, t.refs[t.root])
	} else {
		b = append(b, "[]"...)
	}
	b = append(b, "/ParentTree"...)
	b = pdfwrite.AppendRef(b, pt)
	b = fmt.Appendf(b, "/ParentTreeNextKey %d>>", len(t.parents))
	d.w.Object(root, b)
	return root
}

func (d *pdfDoc) elemDict(e *frame.Elem, root pdfwrite.Ref) []byte {
	refs := d.tags.refs
	b := []byte("<</Type/StructElem/S")
	b = pdfwrite.AppendName(b, e.Role)
	b = append(b, "/P"...)
	if e.Parent == nil {
		b = pdfwrite.AppendRef(b, root)
	} else {
		b = pdfwrite.AppendRef(b, refs[e.Parent])
	}
	if e.Page >= 0 {
		b = append(b, "/Pg"...)
		b = pdfwrite.AppendRef(b, d.pages[e.Page])
	}
	if e.Alt != "" {
		b = append(b, "/Alt"...)
		b = pdfwrite.AppendText(b, e.Alt)
	}
	if e.Lang != "" {
		b = append(b, "/Lang"...)
		b = pdfwrite.AppendText(b, e.Lang)
	}
	if e.ActualText != "" {
		b = append(b, "/ActualText"...)
		b = pdfwrite.AppendText(b, e.ActualText)
	}
	if e.Scope != "" {
		b = append(b, "/A<</O/Table/Scope/"...)
		b = append(b, e.Scope...)
		b = append(b, ">>"...)
	}
	b = append(b, "/K["...)
	for _, k := range e.Kids {
		switch m := k.Mark.(type) {
		case nil:
			if k.Elem != nil && k.Elem.Used {
				b = pdfwrite.AppendRef(b, refs[k.Elem])
			}
		case objr:
			b = append(b, "<</Type/OBJR/Obj"...)
			b = pdfwrite.AppendRef(b, m.annot)
			b = append(b, "/Pg"...)
			b = pdfwrite.AppendRef(b, d.pages[m.page])
			b = append(b, ">>"...)
		case mcr:
			if m.page == e.Page {
				b = append(b, ' ')
				b = strconv.AppendInt(b, int64(m.mcid), 10)
				break
			}
			b = append(b, "<</Type/MCR/Pg"...)
			b = pdfwrite.AppendRef(b, d.pages[m.page])
			b = fmt.Appendf(b, "/MCID %d>>", m.mcid)
		}
	}
	return append(b, "]>>"...)
}
