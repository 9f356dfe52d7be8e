package pdf

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/pkg/render"
)

// finish writes what the pages share, then the catalog, the document
// information and the cross-reference stream.
// It stops with ctx's error when ctx ends: font subsets are the longest
// part of it.
func (d *pdfDoc) finish(ctx context.Context, doc *render.Doc, vertical bool, claims []string) error {
	d.waitPlan()
	for _, f := range d.fonts.order {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := f.write(d.w); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d.writeResources()
	b := []byte("<</Type/Pages/Kids[")
	for _, p := range d.pages {
		b = pdfwrite.AppendRef(b, p)
	}
	b = fmt.Appendf(b, "]/Count %d/MediaBox[0 0", len(d.pages))
	b = pdfwrite.AppendNum(b, d.wd, 2)
	b = pdfwrite.AppendNum(b, d.h, 2)
	d.w.Object(d.pagesRef, append(b, "]>>"...))

	outlines := d.writeOutline()
	tree := d.writeStructTree()
	fields := infoOf(doc)
	info := d.writeInfo(fields)
	meta := d.writeXMP(doc, fields, claims)
	var intent pdfwrite.Ref
	if slices.Contains(claims, StandardA2) {
		intent = d.writeOutputIntent()
	}
	root := d.w.Alloc()
	b = []byte("<< /Type /Catalog /Pages")
	b = pdfwrite.AppendRef(b, d.pagesRef)
	// Every page shows its number counted from the first page, contents
	// included: the labels a viewer shows say the same.
	b = append(b, " /PageLabels << /Nums [0 << /S /D >>] >>"...)
	b = append(b, " /MarkInfo << /Marked true >> /StructTreeRoot"...)
	b = pdfwrite.AppendRef(b, tree)
	b = append(b, " /Metadata"...)
	b = pdfwrite.AppendRef(b, meta)
	if intent != 0 {
		b = append(b, " /OutputIntents ["...)
		b = pdfwrite.AppendRef(b, intent)
		b = append(b, " ]"...)
	}
	if outlines != 0 {
		b = append(b, " /Outlines"...)
		b = pdfwrite.AppendRef(b, outlines)
		b = append(b, " /PageMode /UseOutlines"...)
	}
	if doc.Lang != "" {
		b = append(b, " /Lang "...)
		b = pdfwrite.AppendText(b, doc.Lang)
	}
	// The title, not the file name, in the viewer's title bar; a vertical
	// book, or one whose every chapter runs right to left, bound on the
	// right, read right to left, facing pages with the first on the right.
	b = append(b, "\n/ViewerPreferences << /DisplayDocTitle true"...)
	if vertical || doc.RTL() {
		b = append(b, " /Direction /R2L >> /PageLayout /TwoPageRight"...)
	} else {
		b = append(b, " >>"...)
	}
	d.w.Plain(root, append(b, " >>"...))
	return d.w.Close(root, info)
}

func (d *pdfDoc) writeResources() {
	b := []byte("<</Font<<")
	for _, f := range d.fonts.order {
		b = pdfwrite.AppendName(b, f.name)
		b = pdfwrite.AppendRef(b, f.ref)
	}
	b = append(b, ">>"...)
	if len(d.images) > 0 {
		b = append(b, "/XObject<<"...)
		for _, im := range d.images {
			b = pdfwrite.AppendName(b, im.name)
			b = pdfwrite.AppendRef(b, im.ref)
		}
		b = append(b, ">>"...)
	}
	d.w.Object(d.resRef, append(b, ">>"...))
}

// writeOutline writes the bookmarks as a tree: each entry is a child of
// the nearest entry before it of a smaller level, so any sequence of
// levels (a chapter's headings may skip some) gives a tree in which every
// entry is reached once, in order. It returns the outline dictionary, 0
// when there are no bookmarks.
func (d *pdfDoc) writeOutline() pdfwrite.Ref {
	n := len(d.outline)
	if n == 0 {
		return 0
	}
	root := d.w.Alloc()
	refs := make([]pdfwrite.Ref, n)
	for i := range refs {
		refs[i] = d.w.Alloc()
	}
	t := outlineTree(d.outline)
	refOf := func(i int) pdfwrite.Ref {
		if i < 0 || i == n {
			return root
		}
		return refs[i]
	}
	for i, e := range d.outline {
		b := []byte("<</Title")
		b = pdfwrite.AppendText(b, e.title)
		b = append(b, "/Parent"...)
		b = pdfwrite.AppendRef(b, refOf(t.parent[i]))
		sib := t.kids[n]
		if t.parent[i] >= 0 {
			sib = t.kids[t.parent[i]]
		}
		k := slices.Index(sib, i)
		if k > 0 {
			b = append(b, "/Prev"...)
			b = pdfwrite.AppendRef(b, refs[sib[k-1]])
		}
		if k+1 < len(sib) {
			b = append(b, "/Next"...)
			b = pdfwrite.AppendRef(b, refs[sib[k+1]])
		}
		if ks := t.kids[i]; len(ks) > 0 {
			b = append(b, "/First"...)
			b = pdfwrite.AppendRef(b, refs[ks[0]])
			b = append(b, "/Last"...)
			b = pdfwrite.AppendRef(b, refs[ks[len(ks)-1]])
			b = fmt.Appendf(b, "/Count %d", t.count[i])
		}
		b = append(b, "/Dest["...)
		b = pdfwrite.AppendRef(b, d.pages[max(0, e.page)])
		b = append(b, "/XYZ 0"...)
		b = pdfwrite.AppendNum(b, d.h-e.y, 2)
		d.w.Object(refs[i], append(b, " null]>>"...))
	}
	b := []byte("<</Type/Outlines/First")
	b = pdfwrite.AppendRef(b, refs[t.kids[n][0]])
	b = append(b, "/Last"...)
	b = pdfwrite.AppendRef(b, refs[t.kids[n][len(t.kids[n])-1]])
	d.w.Object(root, fmt.Appendf(b, "/Count %d>>", t.count[n]))
	return root
}

// outlineShape is the tree of outline entries by level: each entry's
// parent (-1 for the root), the children of each (index n: the root's)
// and how many entries lie below each.
type outlineShape struct {
	parent []int
	kids   [][]int
	count  []int
}

func outlineTree(entries []outlineEntry) outlineShape {
	n := len(entries)
	t := outlineShape{parent: make([]int, n), kids: make([][]int, n+1), count: make([]int, n+1)}
	var stack []int
	for i, e := range entries {
		for len(stack) > 0 && entries[stack[len(stack)-1]].level >= e.level {
			stack = stack[:len(stack)-1]
		}
		t.parent[i] = -1
		if len(stack) > 0 {
			t.parent[i] = stack[len(stack)-1]
		}
		stack = append(stack, i)
	}
	for i := range entries {
		p := t.parent[i]
		if p < 0 {
			p = n
		}
		t.kids[p] = append(t.kids[p], i)
		for a := t.parent[i]; ; a = t.parent[a] {
			if a < 0 {
				t.count[n]++
				break
			}
			t.count[a]++
		}
	}
	return t
}

// infoFields are what the document information and the XMP metadata
// both say.
type infoFields struct {
	title, subject string
	authors        []string
	date           time.Time
}

func infoOf(doc *render.Doc) infoFields {
	b := doc.Book
	f := infoFields{title: b.Title, authors: b.Authors(), date: doc.Date(), subject: subject(b)}
	return f
}

// writeInfo writes the document information dictionary.
func (d *pdfDoc) writeInfo(f infoFields) pdfwrite.Ref {
	r := d.w.Alloc()
	out := []byte("<<")
	add := func(key, val string) {
		if val == "" {
			return
		}
		out = append(out, key...)
		out = append(out, ' ')
		out = pdfwrite.AppendText(out, val)
		out = append(out, '\n')
	}
	add("/Title", f.title)
	add("/Author", strings.Join(f.authors, ", "))
	add("/Subject", f.subject)
	add("/Creator", "article2book")
	add("/Producer", "article2book")
	date := pdfDate(f.date)
	add("/CreationDate", date)
	add("/ModDate", date)
	// In an object stream with the rest, where it costs half (200 bytes
	// of a news page); the catalog stays plain.
	d.w.Object(r, append(out, ">>"...))
	return r
}

// pdfDate formats t in UTC as a PDF date (PDF 32000-1, 7.9.4).
func pdfDate(t time.Time) string {
	return t.UTC().Format("D:20060102150405Z")
}
