package pdf

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
	"github.com/bookify/article2book/pkg/render/inline"
	"github.com/bookify/article2book/pkg/render/page"
)

// boxContent is what a box shows; top is the box's top edge on the page.
type boxContent interface {
	draw(d *drawer, top float64)
}

// drawer draws the boxes of each page.
type drawer struct {
	pdf *frame.Builder // the page being drawn
	// emit takes each page's frame when it is done; it may not keep the
	// runs' glyphs, which the next page's runs take over (glyphs)
	emit func(fr []frame.Item)
	// glyphs is where the page's runs take their glyphs from: a page's
	// worth, reused from page to page rather than a million characters'
	// worth made and collected
	glyphs []frame.Glyph
	g      pageGeometry
	header []inline.Line
	fonts  *face.Set
	turned bool // drawing a vertical page in the layout's coordinates
	// elem is the structure element of the box being drawn; nil for an
	// artifact (a table's header rows repeated on a later page)
	elem *frame.Elem
	// ctx, once ended, stops pictures being read: the page is left
	// unfinished, and the pager says why
	ctx context.Context
	// images are the pictures read so far, by their data's first byte
	// (the book shares one slice among the references to one address);
	// nil for data that could not be read.
	images map[*byte]*xobject
}

// drawPage draws the items package page put on p, and hands its frame on.
func (d *drawer) drawPage(items []item, p page.Page) {
	d.newPage(p.Opened)
	for _, pl := range p.Boxes {
		d.elem = items[pl.Box].elem
		if pl.Repeat {
			d.elem = nil
		}
		d.place(&items[pl.Box], d.g.top+pl.Y)
	}
	d.endTurn()
	d.emit(d.pdf.Items())
	d.glyphs = d.glyphs[:0]
}

// takeGlyphs returns room for the n glyphs of a run, from d.glyphs.
func (d *drawer) takeGlyphs(n int) []frame.Glyph {
	k := len(d.glyphs)
	if cap(d.glyphs)-k < n {
		// the runs made so far keep the old array
		d.glyphs, k = make([]frame.Glyph, 0, max(2*cap(d.glyphs), n, 1024)), 0
	}
	d.glyphs = d.glyphs[:k+n]
	return d.glyphs[k : k+n : k+n]
}

func (d *drawer) place(it *item, top float64) {
	if it.outline != "" {
		y := top
		if d.g.vertical {
			y = d.g.left // the columns' top
		}
		d.pdf.Bookmark(it.outline, it.level, y)
	}
	if it.shade != nil {
		d.pdf.Begin(nil)
		d.pdf.SetFill(pdfStyle.codeGround)
		d.pdf.Rect(it.shade[0], top, it.shade[1], it.H, frame.Fill)
		d.pdf.End()
	}
	if len(it.bars) > 0 {
		d.pdf.Begin(nil)
		d.pdf.SetStroke(pdfStyle.quoteRule, pdfStyle.quoteRuleWidth)
		for _, x := range it.bars {
			d.pdf.Line(x, top, x, top+it.H)
		}
		d.pdf.End()
	}
	if it.content != nil {
		it.content.draw(d, top)
	}
}

// newPage starts a page with its number and, except on a page a chapter
// opens, the running header.
func (d *drawer) newPage(opened bool) {
	d.pdf.StartPage()
	n := strconv.Itoa(d.pdf.Page() + 1)
	size := d.g.body * pdfStyle.header
	m, _ := face.Open(d.fonts.Body)
	w := 0.0
	for _, r := range n {
		w += float64(m.Width(r)) * size / 1000
	}
	st := newStyle(d.fonts.Body, size, pdfStyle.grey)
	if d.g.vertical {
		// Upright, centred below the columns.
		bottom := d.g.left + d.g.width
		d.pdf.Begin(nil)
		d.plain(st, (d.g.realW()-w)/2, bottom+(d.g.realH()-bottom)*pdfStyle.folioBase, n)
		d.pdf.End()
		d.turnPage()
	} else {
		d.pdf.Begin(nil)
		d.plain(st, d.g.left+(d.g.width-w)/2, d.g.bottom+(d.g.pageH-d.g.bottom)*pdfStyle.folioBase, n)
		d.pdf.End()
	}
	if opened || len(d.header) == 0 {
		return
	}
	base := d.g.top * pdfStyle.runningBase
	d.pdf.Begin(nil)
	d.line(d.header[0], d.g.left+d.header[0].Indent, base)
	d.rule(d.g.left, base+d.g.body*pdfStyle.runningRuleDrop, d.g.width, pdfStyle.runningRuleWidth)
	d.pdf.End()
}

// plain draws s, characters of the body face, at x on baseline base.
func (d *drawer) plain(st *inline.Style, x, base float64, s string) {
	f := face.ID(st.Face)
	m, _ := face.Open(f)
	r := d.newRun(st, x, base, 0)
	for _, c := range s {
		r.Glyphs = append(r.Glyphs, frame.Glyph{ID: m.Glyph(c), Adv: float64(m.Width(c)) * st.Size / 1000, Text: string(c)})
	}
	d.pdf.Run(r)
}

// newRun starts a glyph run in style st.
func (d *drawer) newRun(st *inline.Style, x, base, spacing float64) *frame.Run {
	return &frame.Run{Face: face.ID(st.Face), Size: st.Size, Color: inkOf(st).color, Italic: st.Italic, X: x, Y: base, Spacing: spacing}
}

func (d *drawer) rule(x, y, w, lw float64) {
	d.pdf.SetStroke(pdfStyle.ruleColor, lw)
	d.pdf.Line(x, y, x+w, y)
}

// line draws a set line with its left edge at x and baseline base.
// Glyphs evenly spaced go out as one text run, the space each adds to its
// advance as character spacing (Tc): a justified line of Han characters
// is one run, not one text object per character.
//
// Copying and text extraction read each glyph's ToUnicode entry, its
// source text. A span with ActualText says the text only where that
// would read wrong: across a gap no space stands for (the quarter em
// between Han and Latin, wide letter spacing), over a cluster drawn in
// pieces, on a line with right-to-left text (bidiPieces) and in vertical
// books. A hyphen the layout added at a line end is an artifact.
func (d *drawer) line(ln inline.Line, x, base float64) {
	d.langLine(ln, x, base, nil)
}

// langLine draws a line as line does, the glyphs of each of langs in
// marked content that gives their language.
func (d *drawer) langLine(ln inline.Line, x, base float64, langs []langSpan) {
	n := len(ln.Glyphs)
	if n == 0 {
		return
	}
	var hyphen []inline.Glyph
	if g := ln.Glyphs[n-1]; g.Text == "" && g.R == '-' && n > 1 {
		hyphen, n = ln.Glyphs[n-1:], n-1
	}
	switch {
	case bidiLine(ln):
		at := 0 // the first glyph of the piece
		for _, p := range bidiPieces(ln) {
			lang := langAt(langs, at)
			if lang != "" {
				d.pdf.BeginLang(lang)
			}
			d.pdf.BeginSpan(p.text)
			v := visual(p.ln)
			d.glyphRange(v, 0, len(v.Glyphs), x, base)
			d.pdf.End()
			if lang != "" {
				d.pdf.End()
			}
			at += len(p.ln.Glyphs)
		}
		hyphen = nil // drawn in display order with the rest
	case d.g.vertical || sizeChange(ln, n):
		d.pdf.BeginSpan(ln.Text)
		d.glyphRange(ln, 0, n, x, base)
		d.pdf.End()
	default:
		for _, s := range langs {
			if s.lang == "" {
				d.textRange(ln, s.from, min(s.to, n), x, base)
				continue
			}
			d.pdf.BeginLang(s.lang)
			d.textRange(ln, s.from, min(s.to, n), x, base)
			d.pdf.End()
		}
		if langs == nil {
			d.textRange(ln, 0, n, x, base)
		}
	}
	if ln.SpaceAfter {
		d.breakSpace(ln, x, base)
	}
	if hyphen != nil {
		// Extractors do not leave artifacts out (poppler does not): an
		// empty ActualText keeps the hyphen out of the copied text.
		d.pdf.Artifact(func() {
			d.pdf.BeginSpan("")
			d.glyphRange(ln, n, n+1, x, base)
			d.pdf.End()
		})
	}
	for i := 0; i < n; {
		st := ln.Glyphs[i].Style
		href := inkOf(st).href
		j := i + 1
		for j < n && (ln.Glyphs[j].Style == st || inkOf(ln.Glyphs[j].Style).href == href) {
			j++
		}
		if href != "" {
			x0, x1 := x+ln.Cell[i], x+ln.Cell[j-1]+ln.W[j-1]
			size := ln.Glyphs[i].Style.Size
			lx, ly, lw, lh := d.toPage(x0, base-size*0.9, x1-x0, size*1.2)
			d.pdf.Link(d.elem, lx, ly, lw, lh, href, -1, href)
		}
		i = j
	}
}

// breakSpace draws a space glyph past the end of a line broken at a word
// space, in the last glyph's face: nothing shows, but the structure
// tree's text of the paragraph keeps its words apart ("wide open", not
// "wideopen"), as ISO 32000 §14.8.2.5 asks of a conforming writer.
// Poppler's pdftotext leaves space glyphs out and places its own.
func (d *drawer) breakSpace(ln inline.Line, x, base float64) {
	last := ln.Glyphs[len(ln.Glyphs)-1]
	if sp, ok := spaceGlyph(face.ID(last.Face), last.Style.Size); ok {
		d.oneGlyph(face.ID(last.Face), last.Style, x+ln.Width, base, sp)
	}
}

// spaceGlyph is the space glyph of face f at size, with the face's own
// advance; false when the face has none.
func spaceGlyph(f face.ID, size float64) (frame.Glyph, bool) {
	m, err := face.Open(f)
	if err != nil {
		return frame.Glyph{}, false
	}
	id := m.Glyph(' ')
	return frame.Glyph{ID: id, Adv: faceAdvance(m, id, size), Text: " "}, id != 0
}

// faceAdvance is glyph id's own advance in m at size, pt.
func faceAdvance(m *face.Font, id uint16, size float64) float64 {
	return float64(m.TTF().Advance(id)) * size / float64(m.UnitsPerEm())
}

// oneGlyph draws g alone in face f, its origin at x.
func (d *drawer) oneGlyph(f face.ID, st *inline.Style, x, base float64, g frame.Glyph) {
	r := d.newRun(st, x, base, 0)
	r.Face = f
	r.Glyphs = d.takeGlyphs(1)
	r.Glyphs[0] = g
	d.pdf.Run(r)
}

// textRange draws glyphs [i, n) of a left-to-right line, in spans with
// ActualText where they need it (textSpan).
func (d *drawer) textRange(ln inline.Line, i, n int, x, base float64) {
	for i < n {
		j, spanned := textSpan(ln, i, n)
		if spanned {
			d.pdf.BeginSpan(sourceText(ln.Glyphs[i:j]))
		}
		d.glyphRange(ln, i, j, x, base)
		if spanned {
			d.pdf.End()
		}
		i = j
	}
}

// sourceText is the source text of gs, in their order.
func sourceText(gs []inline.Glyph) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.Text)
	}
	return b.String()
}

// langAt returns the language of glyph i by langs, "" for its
// paragraph's.
func langAt(langs []langSpan, i int) string {
	for _, s := range langs {
		if i >= s.from && i < s.to {
			return s.lang
		}
	}
	return ""
}

// A langSpan is a stretch of a line's glyphs, [from, to), in the
// language tagged lang, or in the paragraph's when lang is "".
type langSpan struct {
	from, to int
	lang     string
}

// sizeChange reports whether two of the first n glyphs of ln stand side
// by side, no space between, in different sizes (inline code against
// the text). poppler takes the change for a word break, and on a line
// whose other gaps are as even reads every such break as a space; a span
// with ActualText over the whole line keeps it out of the copied text in
// every mode (issue 18 §6).
func sizeChange(ln inline.Line, n int) bool {
	for j := 0; j+1 < n; j++ {
		a, b := &ln.Glyphs[j], &ln.Glyphs[j+1]
		if a.Style.Size != b.Style.Size && !a.Hard && !b.Hard && !endsSpace(a.Text) && !startsSpace(b.Text) {
			return true
		}
	}
	return false
}

// glyphRange draws glyphs [i, end) of ln as runs.
func (d *drawer) glyphRange(ln inline.Line, i, end int, x, base float64) {
	for i < end {
		g := ln.Glyphs[i]
		if g.Hard {
			i++
			continue
		}
		j, spacing := runEnd(ln, i)
		j = min(j, end)
		x0 := x + ln.X[i]
		if g.Upright {
			d.upright(g, x0+g.Adv/2, base-baselineDrop*g.Style.Size)
			i = j
			continue
		}
		if g.Subs != nil {
			d.cluster(g, x0, base)
			i = j
			continue
		}
		if g.Widened && cjk.ClassOf(g.R) == cjk.Opening {
			// The full-em glyph made for it carries the shift that X
			// gives the plain glyph.
			x0 -= g.Style.Size - g.Adv
		}
		r := d.newRun(g.Style, x0, base, spacing)
		r.Face = face.ID(g.Face) // the face that has it, a fallback maybe
		r.Italic = g.Style.Italic && !face.IsItalic(r.Face)
		r.Glyphs = d.takeGlyphs(j - i)
		for k := range ln.Glyphs[i:j] {
			r.Glyphs[k] = runGlyphOf(&ln.Glyphs[i+k])
		}
		d.pdf.Run(r)
		i = j
	}
}

// readsAsSpace is the gap, in em, past which extractors read a space
// between two glyphs (poppler's is 0.1 em; Acrobat's about the same): a
// wider gap that no space of the source stands for needs ActualText.
const readsAsSpace = 0.05

// textSpan returns the end of the stretch of glyphs from i (before n)
// that go out together, and whether it needs a span with ActualText: a
// glyph drawn in pieces, or glyphs with a gap between them that would
// read as a space.
func textSpan(ln inline.Line, i, n int) (end int, spanned bool) {
	j := i
	for j+1 < n && (falseSpace(ln, j) || hidesSpace(ln, j)) {
		j++
	}
	if j > i || pieces(ln.Glyphs[i]) {
		return j + 1, true
	}
	// Glyphs that need none, up to one that does or that opens a gap.
	for j = i + 1; j < n; j++ {
		if pieces(ln.Glyphs[j]) || j+1 < n && (falseSpace(ln, j) || hidesSpace(ln, j)) {
			break
		}
	}
	return j, false
}

// pieces reports whether g is drawn as more than one glyph, or upright
// in a line: ToUnicode cannot give its text once.
func pieces(g inline.Glyph) bool { return len(g.Subs) > 1 || g.Upright }

// falseSpace reports whether the gap after glyph j would read as a space
// where the source has none.
func falseSpace(ln inline.Line, j int) bool {
	a, b := &ln.Glyphs[j], &ln.Glyphs[j+1]
	if a.Hard || b.Hard || endsSpace(a.Text) || startsSpace(b.Text) {
		return false
	}
	gap := ln.X[j+1] - ln.X[j] - ownAdvance(a)
	return gap > readsAsSpace*max(a.Style.Size, b.Style.Size)
}

// ownAdvance is the advance an extractor sees for g: where its face's own
// advance ends it, not where shaping did, when that is shorter. A
// positive kern (Ethiopic ሆነ, Armenian հռ) is a gap to the extractor, and
// on a line with no other gaps it reads as a space.
func ownAdvance(g *inline.Glyph) float64 {
	return min(g.Adv, faceEnd(g))
}

// faceEnd is where an extractor takes g to end: its last glyph's offset
// and its face's own advance. Glyphs set without shaping (GID 0) keep
// their face's advance but for the CJK adjustments, which are gaps of
// their own; a cluster in pieces ends at its edge (clusterEnd).
func faceEnd(g *inline.Glyph) float64 {
	gid, x := g.GID, 0.0
	switch {
	case len(g.Subs) == 1:
		gid, x = g.Subs[0].GID, g.Subs[0].X
	case g.Subs != nil:
		return g.Adv
	}
	if gid == 0 {
		return g.Adv
	}
	m, err := face.Open(face.ID(g.Face))
	if err != nil {
		return g.Adv
	}
	return x + faceAdvance(m, gid, g.Style.Size)
}

// hidesSpace reports whether glyph j, drawn with no advance of its own
// but with its face's (a zero-width joiner or non-joiner set as the
// face's space glyph), covers the word space after it for an extractor,
// which then reads none: "ത്\u200c മേല്" copied as "ത്\u200cമേല്".
func hidesSpace(ln inline.Line, j int) bool {
	a, b := &ln.Glyphs[j], &ln.Glyphs[j+1]
	return startsSpace(b.Text) && !endsSpace(a.Text) && faceEnd(a)-a.Adv > readsAsSpace*a.Style.Size
}

// endsSpace and startsSpace are asked of every glyph drawn, most of them
// Han: a character from U+4000 on, three bytes or four led by 0xE4 or
// above, is no space, and needs no decoding to say so (nor does a byte
// sequence that is no character: it decodes to U+FFFD).
func endsSpace(s string) bool {
	if n := len(s); n >= 3 && s[n-3] >= 0xE4 && s[n-3] < 0xF0 && s[n-2] >= 0x80 && s[n-1] >= 0x80 && s[n-2] < 0xC0 && s[n-1] < 0xC0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && unicode.IsSpace(r)
}

func startsSpace(s string) bool {
	if s != "" && s[0] >= 0xE4 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && unicode.IsSpace(r)
}

// runGlyphOf returns the glyph that draws g: its own, a ligature, or the
// full-em glyph made for a widened quote; .notdef when no face has it.
func runGlyphOf(g *inline.Glyph) frame.Glyph {
	rg := frame.Glyph{Adv: g.Adv, Text: g.Text}
	if rg.Text == "" {
		rg.Text = string(g.R) // a hyphen the layout added
	}
	m, err := face.Open(face.ID(g.Face))
	if err != nil || g.Missing {
		rg.Missing = g.R
		return rg
	}
	rg.ID = g.GID
	if rg.ID == 0 {
		rg.ID = m.Glyph(g.R)
	}
	if g.Widened {
		em := m.UnitsPerEm()
		rg.Cell, rg.Adv = int16(em), g.Style.Size
		if cjk.ClassOf(g.R) == cjk.Opening {
			rg.Shift = int16(em - m.TTF().Advance(rg.ID))
		}
	}
	return rg
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
// face and style, neither widened nor upright, both drawn with a glyph of
// their own.
func joins(ln inline.Line, j int) bool {
	a, b := &ln.Glyphs[j-1], &ln.Glyphs[j]
	sameStyle := a.Style == b.Style || a.Style.Size == b.Style.Size && a.Style.Italic == b.Style.Italic &&
		inkOf(a.Style).color == inkOf(b.Style).color
	return a.Face == b.Face && sameStyle && !a.Widened && !b.Widened && !a.Upright && !b.Upright &&
		!a.Missing && !b.Missing && !a.Hard && !b.Hard && a.Subs == nil && b.Subs == nil
}

// cluster draws the glyphs a shaper gave a cluster, each where its
// offsets put it: kerned letters, marks on their bases, conjuncts.
func (d *drawer) cluster(g inline.Glyph, x, base float64) {
	for _, s := range g.Subs {
		r := d.newRun(g.Style, x+s.X, base-s.Y, 0)
		r.Face = face.ID(g.Face)
		r.Italic = g.Style.Italic && !face.IsItalic(r.Face)
		rg := frame.Glyph{ID: s.GID, Adv: s.Adv, Text: g.Text}
		if s.GID == 0 {
			rg.Missing = g.R
		}
		r.Glyphs = append(r.Glyphs, rg)
		d.pdf.Run(r)
	}
	if len(g.Subs) > 1 {
		d.clusterEnd(g, x, base) // in its span (pieces)
	}
}

// clusterEnd draws a space glyph at the right edge of a cluster whose
// last piece ends well short of it (Odia's ra- and ya-phala, drawn back
// under the consonant with no advance): an extractor takes the box of
// the cluster's ActualText to end where its last glyph ends, and a box
// that narrow leaves a gap it reads as a space, or as the edge of a
// column. The space says nothing inside the span; nothing shows.
func (d *drawer) clusterEnd(g inline.Glyph, x, base float64) {
	m, err := face.Open(face.ID(g.Face))
	if err != nil {
		return
	}
	last := g.Subs[len(g.Subs)-1]
	end := last.X + faceAdvance(m, last.GID, g.Style.Size)
	sp, ok := spaceGlyph(face.ID(g.Face), g.Style.Size)
	if !ok || g.Adv-end < readsAsSpace*g.Style.Size {
		return
	}
	d.oneGlyph(face.ID(g.Face), g.Style, x+g.Adv-sp.Adv, base, sp)
}

// bidiLine reports whether ln holds right-to-left text.
func bidiLine(ln inline.Line) bool {
	for _, g := range ln.Glyphs {
		if g.Level > 0 {
			return true
		}
	}
	return false
}

// visual returns ln with its glyphs in display order, left to right, so
// that runs go out as the viewer advances through them.
func visual(ln inline.Line) inline.Line {
	idx := displayOrder(ln)
	out := ln
	out.Glyphs = make([]inline.Glyph, len(idx))
	out.X, out.Cell, out.W = make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx))
	for k, i := range idx {
		out.Glyphs[k], out.X[k], out.Cell[k], out.W[k] = ln.Glyphs[i], ln.X[i], ln.Cell[i], ln.W[i]
	}
	return out
}

func displayOrder(ln inline.Line) []int {
	idx := make([]int, len(ln.Glyphs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(ln.Cell[a], ln.Cell[b]); c != 0 {
			return c
		}
		// The glyphs of a ligature share a cell (lam-alef: the ligature
		// and an empty glyph): right to left, the later character is
		// further left.
		if ln.Glyphs[a].Level%2 == 1 && ln.Glyphs[b].Level%2 == 1 {
			return cmp.Compare(b, a)
		}
		return 0
	})
	return idx
}

// A bidiPiece is a stretch of a line with right-to-left text: its glyphs,
// and the ActualText of its span.
type bidiPiece struct {
	ln   inline.Line
	text string
}

// bidiPieces cuts a line with right-to-left text into the pieces it is
// drawn in, in logical order, each piece's glyphs in display order: what
// reads content in drawing order (pdftotext -raw, a screen reader's
// walk) meets the text in logical order; what reads it by position
// (pdftotext, a viewer's selection) reorders it by its own bidi rules,
// as it does glyphs, from each span's text in display order.
//
// Extractors reorder a span's text with a simplified bidi algorithm that
// leaves neutrals and numbers where they stand, so a piece is a stretch
// whose reordering cannot go wrong whichever direction the extractor
// takes the line to run: right-to-left letters with the spaces between
// them (text reversed); a left-to-right run with the neutrals that follow
// it, shown at its left (text as typed: "United Nations."); or one other
// character.
func bidiPieces(ln inline.Line) []bidiPiece {
	n := len(ln.Glyphs)
	odd := func(i int) bool { return ln.Glyphs[i].Level%2 == 1 }
	var out []bidiPiece
	for i := 0; i < n; {
		j := i + 1
		switch {
		case !odd(i):
			for j < n && !odd(j) {
				j++
			}
			for j < n && odd(j) && neutral(ln.Glyphs[j].Text) {
				j++
			}
		case rtlLetters(ln.Glyphs[i].Text):
			for j < n && odd(j) && (rtlLetters(ln.Glyphs[j].Text) ||
				ln.Glyphs[j].Text == " " && j+1 < n && odd(j+1) && rtlLetters(ln.Glyphs[j+1].Text)) {
				j++
			}
		}
		p := inline.Line{Glyphs: ln.Glyphs[i:j], X: ln.X[i:j], Cell: ln.Cell[i:j], W: ln.W[i:j]}
		t := displayText(p)
		if !odd(i) {
			t = sourceText(p.Glyphs)
		}
		out = append(out, bidiPiece{p, t})
		i = j
	}
	return out
}

// rtlLetters reports whether s is right-to-left letters, with their marks
// and joiners.
func rtlLetters(s string) bool {
	strong := false
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL:
			strong = true
		case bidi.NSM, bidi.BN:
		default:
			return false
		}
	}
	return strong
}

// neutral reports whether s has no strong character and no number.
func neutral(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L, bidi.R, bidi.AL, bidi.EN, bidi.AN:
			return false
		}
	}
	return true
}

// displayText is the text of ln in display order: glyphs left to right,
// the characters of right-to-left ones reversed.
func displayText(ln inline.Line) string {
	var out []rune
	for _, i := range displayOrder(ln) {
		g := ln.Glyphs[i]
		rs := []rune(g.Text)
		if g.Level%2 == 1 {
			slices.Reverse(rs)
		}
		out = append(out, rs...)
	}
	return string(out)
}

// obliqueAngle is the slant of synthesised italics: LXGW WenKai has no
// italic, and CJK typography has none either, so Latin and Han alike get
// a 12° skew, about what Latin obliques use.
const obliqueAngle = 12

// textLine is a line of text, with a list marker left of it or a hook at
// the right margin marking a wrapped code line.
type textLine struct {
	ln      inline.Line
	x, base float64 // left edge; baseline below the box top
	marker  *inline.Line
	markerX float64
	// markerRTL draws the marker's glyphs mirrored, as a right-to-left
	// paragraph shows "1.": the number at the right, its stop at the left
	markerRTL bool
	// markerElem is the list item's Lbl
	markerElem *frame.Elem
	// langs, when the line holds text in another language than its
	// chapter's, cut it by language (pdfBuilder.foreignLangs)
	langs    []langSpan
	hookX    float64
	hookSize float64
}

func (t *textLine) draw(d *drawer, top float64) {
	base := top + t.base
	if t.marker != nil {
		// Before the line, as the structure has the Lbl before the
		// LBody: what reads the content in drawing order (pdftotext
		// -raw) reads the marker first.
		e := t.markerElem
		if d.elem == nil {
			e = nil
		}
		d.pdf.Begin(e)
		if t.markerRTL {
			d.mirroredLine(*t.marker, t.markerX, base)
		} else {
			d.line(*t.marker, t.markerX, base)
		}
		d.pdf.End()
	}
	if len(t.ln.Glyphs) > 0 {
		d.pdf.Begin(d.elem)
		d.langLine(t.ln, t.x, base, t.langs)
		d.pdf.End()
	}
	if t.hookSize > 0 {
		d.pdf.Begin(nil)
		d.hook(t.hookX, base, t.hookSize)
		d.pdf.End()
	}
}

// mirroredLine draws the glyphs of a left-to-right line in reverse order,
// right to left, in a span whose ActualText is the line's text: a list
// marker of a right-to-left list ("1." shown as ".1", read as "1.").
func (d *drawer) mirroredLine(ln inline.Line, x, base float64) {
	// The glyphs go out in logical order, right to left: what reads the
	// structure by its glyphs (pdfinfo -struct-text) reads "1.". Poppler
	// then takes the span to be as wide as a point, at the marker's middle.
	m := ln
	m.X = make([]float64, len(ln.X))
	for i, g := range ln.Glyphs {
		m.X[i] = ln.Width - ln.X[i] - g.Adv
	}
	d.pdf.BeginSpan(ln.Text)
	d.glyphRange(m, 0, len(m.Glyphs), x, base)
	d.pdf.End()
}

// hook draws a small return arrow: a wrapped code line continues below.
func (d *drawer) hook(x, base, size float64) {
	d.pdf.SetStroke(pdfStyle.hook, pdfStyle.hookWidth)
	top, bot := base-size*0.6, base-size*0.15
	d.pdf.Line(x+size*0.4, top, x+size*0.4, bot)
	d.pdf.Line(x+size*0.4, bot, x, bot)
	d.pdf.Line(x, bot, x+size*0.15, bot-size*0.12)
	d.pdf.Line(x, bot, x+size*0.15, bot+size*0.12)
}

// rule is a horizontal line dy below the box top.
type rule struct{ x, dy, w, lw float64 }

func (r rule) draw(d *drawer, top float64) {
	d.pdf.Begin(nil)
	d.rule(r.x, top+r.dy, r.w, r.lw)
	d.pdf.End()
}

// picture is an image, or its alternative text when it cannot be read.
type picture struct {
	name    string
	data    []byte
	tp      string
	x, w, h float64
	size    float64
	alt     []inline.Line
}

func (p *picture) draw(d *drawer, top float64) {
	if !d.image(p.data, p.tp, p.x, top, p.w, p.h) {
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
	d.pdf.Begin(nil)
	d.pdf.SetStroke(pdfStyle.altFrame, pdfStyle.altFrameWidth)
	d.pdf.Rect(a.x, top, a.w, a.h, frame.Stroke)
	d.pdf.End()
	lh := a.size * pdfStyle.cellLead
	y := top + (a.h-float64(len(a.lines))*lh)/2
	d.pdf.Begin(d.elem)
	for _, ln := range a.lines {
		d.line(ln, a.x+a.size*pdfStyle.altInset+ln.Indent, y+lh/2+baselineDrop*a.size)
		y += lh
	}
	d.pdf.End()
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
	elem   *frame.Elem
}

func (r *tableRow) draw(d *drawer, top float64) {
	for _, c := range r.cells {
		d.pdf.Begin(nil)
		d.pdf.SetStroke(pdfStyle.cellBorder, pdfStyle.cellBorderWidth)
		if c.header {
			d.pdf.SetFill(pdfStyle.headerCell)
			d.pdf.Rect(c.x, top, c.w, r.h, frame.FillStroke)
		} else {
			d.pdf.Rect(c.x, top, c.w, r.h, frame.Stroke)
		}
		d.pdf.End()
		if r.from >= min(r.to, len(c.lines)) {
			continue
		}
		e := c.elem
		if d.elem == nil {
			e = nil // a header row repeated
		}
		// A link in a cell belongs to the cell (a row holds cells only).
		row := d.elem
		d.elem = e
		d.pdf.Begin(e)
		for k := r.from; k < min(r.to, len(c.lines)); k++ {
			ln := c.lines[k]
			d.line(ln, c.x+r.pad+ln.Indent, top+r.pad+float64(k-r.from)*r.lh+r.lh/2+baselineDrop*r.size)
		}
		d.pdf.End()
		d.elem = row
	}
}

// image draws picture data, reporting false when it cannot be read.
func (d *drawer) image(data []byte, tp string, x, y, w, h float64) bool {
	if d.ctx != nil && d.ctx.Err() != nil {
		return true
	}
	if len(data) == 0 {
		return false
	}
	img, seen := d.images[&data[0]]
	if !seen {
		var err error
		if img, err = prepareImage(data, tp); err != nil {
			img = nil
		}
		if d.images == nil {
			d.images = map[*byte]*xobject{}
		}
		d.images[&data[0]] = img
	}
	if img == nil {
		return false
	}
	d.pdf.Begin(d.elem)
	d.pdf.Image(img, x, y, w, h)
	d.pdf.End()
	return true
}
