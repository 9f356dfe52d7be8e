package pdf

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/gif" // DecodeConfig of article images
	_ "image/jpeg"
	_ "image/png"
	"slices"
	"strconv"
	"strings"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/hyphen"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
	"github.com/bookify/article2book/pkg/render/inline"
	"github.com/bookify/article2book/pkg/render/page"
	"github.com/bookify/article2book/pkg/render/title"
)

// item is one box of the vertical list with what is drawn in it.
type item struct {
	page.Box
	content boxContent  // nil for glue and empty boxes
	bars    []float64   // x of block-quote rules beside the box
	shade   *[2]float64 // x and width of a grey ground (code)
	outline string      // bookmark title, set at this box
	level   int         // bookmark level
	// chapter is set on a chapter's first box: 1 for the first chapter.
	chapter int
	// elem is the structure element of what the box shows; nil for an
	// artifact.
	elem *frame.Elem
}

// pdfBuilder lays out the book into a vertical list.
type pdfBuilder struct {
	g        pageGeometry
	opt      Options
	fonts    face.Set
	items    []item
	header   []inline.Line      // running header (book title), set once
	script   render.Script      // of the chapter being laid out
	points   func(string) []int // the hyphenation points of a word in the chapter's language; nil for none
	multi    bool
	marker   []inline.Span // list marker waiting for the next line
	warnings []string
	nimg     int
	minLevel int    // smallest heading level of the chapter: outline level 0
	depth    int    // list nesting
	chapLang string // of the chapter being laid out, always: shaping, messages
	// foreign is set while a chapter's blocks are laid out: their lines
	// tag text in another language (foreignLangs); zh is the tag of
	// Chinese words in a Latin chapter (render.ChineseTag)
	foreign bool
	zh      string
	// the structure tree: its root, the element blocks go into, the Lbl
	// of the waiting list marker
	root, cur  *frame.Elem
	markerElem *frame.Elem
	front      []*frame.Elem // the contents page's, before the chapters
	noAlt      int           // figures with neither alternative text nor caption
	titled     bool          // the chapter's title is drawn: its headings start at H2
	lang       string        // the chapter's language when not the book's
	// hant is set while Traditional Chinese is laid out (the chapter's
	// language, or the book's for its header and contents): the body face
	// is then its Traditional face (face.Traditional)
	hant bool
	doc  *render.Doc
	// starts holds, for each chapter, the index in items of its title's
	// first box, then of each of its top-level blocks' (PageMap)
	starts [][]int
	// flush, when set, is called after each top-level block: the pages
	// done are drawn (typeset)
	flush func(final bool) error
	// titleLang is set while a title is laid out: its lines break between
	// words, balanced (package title), in this language
	titleLang *string
	ctx       context.Context
	// ahead sets the chapter's paragraphs on the other cores; top is the
	// index of the chapter's block being laid out
	ahead *ahead
	top   int
	// cjkBody is the CJK face chosen (Options.Font): the body face of
	// chapters in Chinese and Japanese, whatever the book's language
	cjkBody face.ID
	// numberAhead, when set, numbers the glyphs a plan gives on another
	// goroutine (planGlyphs); the first chapter takes it
	numberAhead func(plan func() []plannedGlyph)
}

func newPDFBuilder(g pageGeometry, b *book.Book, opt Options, body face.ID) *pdfBuilder {
	root := frame.NewElem("Document", nil)
	return &pdfBuilder{g: g, opt: opt, multi: len(b.Chapters) > 1, fonts: face.Set{Body: body}, cjkBody: body, root: root, cur: root, ctx: context.Background()}
}

// tag gives the boxes from start on that show something, and have no
// element yet, element e.
func (b *pdfBuilder) tag(start int, e *frame.Elem) {
	bidi := false
	for i := start; i < len(b.items); i++ {
		if b.items[i].content != nil && b.items[i].elem == nil {
			b.items[i].elem = e
			if tl, ok := b.items[i].content.(*textLine); ok && !bidi {
				bidi = bidiLine(tl.ln)
			}
		}
	}
	if bidi {
		e.ActualText = b.logicalText(start, e)
	}
}

// logicalText is the text of e's lines from item start on, as typed,
// with a space where a line breaks at one.
func (b *pdfBuilder) logicalText(start int, e *frame.Elem) string {
	var t strings.Builder
	t.WriteString(e.ActualText)
	for _, it := range b.items[start:] {
		tl, ok := it.content.(*textLine)
		if !ok || it.elem != e {
			continue
		}
		t.WriteString(tl.ln.Text)
		if tl.ln.SpaceAfter {
			t.WriteByte(' ')
		}
	}
	return t.String()
}

// open starts an element that blocks go into; close ends it.
func (b *pdfBuilder) open(role string) *frame.Elem {
	b.cur = frame.NewElem(role, b.cur)
	return b.cur
}

func (b *pdfBuilder) close() { b.cur = b.cur.Parent }

// bold is the bold face of the body's family.
func (b *pdfBuilder) bold() face.ID {
	switch b.fonts.Body {
	case face.Song:
		return face.SongBold
	case face.Serif:
		return face.SerifBold
	}
	return face.KaiBold
}

// boxes returns the boxes of the vertical list, for package page.
func (b *pdfBuilder) boxes() []page.Box {
	out := make([]page.Box, len(b.items))
	for i := range b.items {
		out[i] = b.items[i].Box
	}
	return out
}

// pdfFrame is the horizontal extent blocks are set in.
type pdfFrame struct {
	x, w float64
	bars []float64 // x of block-quote rules
	// rtl mirrors what the frame holds: list markers at the right of
	// their text, indents and block-quote rules at the right
	rtl bool
}

func (b *pdfBuilder) st(f face.ID, size float64, color [3]uint8) *inline.Style {
	if b.hant {
		f = face.Traditional(f)
	}
	return newStyle(f, size, color)
}

func newStyle(f face.ID, size float64, color [3]uint8) *inline.Style {
	return &inline.Style{Face: inline.Face(f), Size: size, Ink: ink{color: color}, Mono: f == face.Mono}
}

// ink is how the PDF draws a span's glyphs: inline.Style's Ink.
type ink struct {
	color [3]uint8
	href  string // the link the text is, "" for none
}

// inkOf returns the ink of st.
func inkOf(st *inline.Style) ink {
	i, _ := st.Ink.(ink)
	return i
}

// params returns how body text of the chapter's script is set: Chinese
// and Japanese break between characters and take no hyphens; Latin words
// among them are hyphenated as English (they mostly are); other chapters'
// words by the patterns of their language, where we have them.
func (b *pdfBuilder) params(em float64, justify bool) inline.Params {
	p := inline.Params{Em: em, Justify: justify, Hanging: b.opt.HangingPunct}
	switch {
	case b.script.CJK():
		p.Hyphenate = englishPoints
	case b.script == render.Latin && b.points != nil:
		p.Hyphenate = b.points
	}
	if p.Hyphenate != nil {
		p.Metrics = &b.fonts
	}
	return p
}

// paraParams returns how a paragraph is set in fr. Chinese indents
// paragraphs by two em and Japanese by one, with no space between them
// (clreq, jlreq); other languages separate them by space instead.
func (b *pdfBuilder) paraParams(body float64, fr pdfFrame) inline.Params {
	p := b.params(body, true)
	p.Width = fr.w
	if b.script.CJK() && b.marker == nil {
		p.Indent = pdfStyle.indentZh * body
		if b.script == render.Ja {
			p.Indent = pdfStyle.indentJa * body
		}
	}
	return p
}

// englishPoints are the hyphenation points of an English word. The
// patterns are read on the first word to break, not for every book: a
// Chinese article seldom has one, and reading them took 10 ms.
func englishPoints(word string) []int { return hyphen.English().Points(word) }

// hyphenator returns the hyphenation points of a word in language tag,
// whose patterns are read on the first word to break; nil if we have none.
func hyphenator(tag string) func(string) []int {
	load := hyphen.Loader(tag)
	if load == nil {
		return nil
	}
	return func(word string) []int { return load().Points(word) }
}

// book lays out the document's book.
func (b *pdfBuilder) book(doc *render.Doc) error {
	bk := doc.Book
	b.doc = doc
	title := bk.Title
	if title == "" && len(bk.Chapters) > 0 {
		title = bk.Chapters[0].Title
	}
	b.hant = render.IsHant(doc.Lang)
	hs := b.st(b.fonts.Body, b.g.body*pdfStyle.header, pdfStyle.grey)
	b.header = b.setLines([]inline.Span{{Text: truncateRunes(render.OneLine(title), 60), Style: hs}}, inline.Params{Em: hs.Size, Width: b.g.width, Center: true})
	if len(b.header) > 1 {
		b.header = b.header[:1]
	}
	book := b.fonts.Body // the header's, the contents page's, the page numbers'
	defer func() { b.fonts.Body = book }()
	for i, c := range bk.Chapters {
		// An English chapter of a Chinese book is set in Noto Serif, as
		// it is on its own, and a Chinese chapter of an English book in
		// the CJK face.
		b.fonts.Body = bodyFor(doc.Langs[i], b.cjkBody)
		b.script, b.chapLang = doc.Script(i), doc.Langs[i]
		b.hant = render.IsHant(doc.Langs[i])
		b.points = hyphenator(doc.Langs[i])
		b.lang = ""
		if doc.Langs[i] != doc.Lang {
			b.lang = doc.Langs[i] // the chapter's, where it is not the book's
		}
		b.foreign, b.zh = true, ""
		if b.script == render.Latin {
			b.zh = render.ChineseTag(c.Texts())
		}
		b.planGlyphs(c.Blocks, pdfFrame{x: b.g.left, w: b.g.width})
		err := b.chapter(c, i)
		b.foreign = false
		if err != nil {
			return fmt.Errorf("chapter %d: %w", i+1, err)
		}
	}
	return nil
}

// truncateRunes shortens s to at most n characters, ending it with an
// ellipsis.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func (b *pdfBuilder) chapter(c *book.Article, index int) error {
	full := pdfFrame{x: b.g.left, w: b.g.width}
	body := b.g.body
	start := len(b.items)
	b.open("Art").Lang = b.lang
	defer b.close()
	head := b.doc.Head(index)
	ts := b.st(b.bold(), body*pdfStyle.title, pdfStyle.ink)
	b.titleText([]inline.Span{{Text: head.Title, Style: ts}}, full, ts.Size*pdfStyle.titleLead, inline.Params{Em: ts.Size}, b.chapLang)
	b.tag(start, frame.NewElem("H1", b.cur))
	b.titled = len(b.items) > start
	if start < len(b.items) {
		it := &b.items[start]
		it.NewPage = index > 0
		it.outline = plainOutline(head.Title)
		it.chapter = index + 1
	}
	b.space(body*pdfStyle.afterTitle, true)
	var meta []string
	for _, p := range head.Parts {
		meta = append(meta, p.Text)
	}
	small := b.st(b.fonts.Body, body*pdfStyle.meta, pdfStyle.grey)
	if len(meta) > 0 {
		at := len(b.items)
		b.text([]inline.Span{{Text: strings.Join(meta, render.HeaderSep), Style: small}}, full, small.Size*pdfStyle.metaLead, inline.Params{Em: small.Size}, true)
		b.tag(at, frame.NewElem("P", b.cur))
	}
	if head.Source != "" {
		link := b.st(b.fonts.Body, body*pdfStyle.meta, pdfStyle.link)
		link.Ink = ink{color: pdfStyle.link, href: head.Source}
		at := len(b.items)
		b.text([]inline.Span{{Text: head.Source, Style: link}}, full, link.Size*pdfStyle.metaLead, inline.Params{Em: link.Size}, true)
		b.tag(at, frame.NewElem("P", b.cur))
	}
	b.space(body*pdfStyle.beforeHeadRule, true)
	b.items = append(b.items, item{Box: page.Box{H: body * pdfStyle.headRuleBox, Keep: true}, content: rule{x: b.g.left, dy: body * pdfStyle.headRuleDrop, w: b.g.width, lw: pdfStyle.headRuleWidth}})
	b.space(body, false)
	minLevel := 6
	book.Walk(c.Blocks, func(blk book.Block) {
		if h, ok := blk.(*book.Heading); ok {
			minLevel = min(minLevel, h.Level)
		}
	})
	b.minLevel = minLevel
	b.items = slices.Grow(b.items, itemsFor(c.Blocks, full.w/body))
	b.ahead = b.startAhead(c.Blocks, full)
	defer func() {
		b.ahead.end(&b.fonts)
		b.ahead = nil
	}()
	starts := make([]int, 1, 1+len(c.Blocks))
	starts[0] = start
	for k, blk := range c.Blocks {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		starts = append(starts, len(b.items))
		b.top = k
		if err := b.block(blk, full); err != nil {
			return err
		}
		if b.flush != nil {
			if err := b.flush(false); err != nil {
				return err
			}
		}
	}
	b.starts = append(b.starts, starts)
	return nil
}

// itemsFor is about how many items blocks will add, set perLine ems to
// the line, erring high: a long chapter's list would otherwise be copied
// to a fresh array at every growth, each page of it a fault to the
// kernel (about 60 ms of a million characters' layout here).
func itemsFor(blocks []book.Block, perLine float64) int {
	n := 0
	for _, blk := range blocks {
		n += 2 // a glue or two between blocks
		if x, ok := blk.(*book.Paragraph); ok {
			for _, r := range x.Content {
				// bytes over two per em: a Latin line's letters, or
				// half again a Han line's (three bytes each)
				n += int(float64(len(r.Text)) / (2 * perLine))
			}
		}
	}
	return n
}

func plainOutline(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// space appends vertical glue.
func (b *pdfBuilder) space(h float64, keep bool) {
	b.items = append(b.items, item{Box: page.Box{H: h, Glue: true, Keep: keep}})
}

// spans converts inline runs to spans in the given face and size.
func (b *pdfBuilder) spans(runs []book.Inline, base face.ID, size float64, color [3]uint8) []inline.Span {
	return b.spanStyle().spans(runs, base, size, color)
}

// spanStyle is what inline runs take from the chapter they are in.
type spanStyle struct {
	base, bold face.ID // the body face and its bold
	lang       string
	hant       bool // Traditional Chinese: in the body face's Traditional face
}

func (b *pdfBuilder) spanStyle() spanStyle {
	return spanStyle{base: b.fonts.Body, bold: b.bold(), lang: b.chapLang, hant: b.hant}
}

// spans converts inline runs to spans in the given face and size.
func (c spanStyle) spans(runs []book.Inline, base face.ID, size float64, color [3]uint8) []inline.Span {
	out := make([]inline.Span, 0, len(runs))
	for _, r := range runs {
		f, sz := base, size
		if r.Style&book.Bold != 0 {
			f = c.bold
		}
		if r.Style&book.Mono != 0 {
			f, sz = face.Mono, size*pdfStyle.inlineCode
		}
		if r.Style&book.Italic != 0 {
			f = face.ItalicOf(f) // Noto Serif's own italic
		}
		// Traditional Chinese in its face: the chapter's, or a run the
		// page tags zh-Hant, zh-TW, … in a Simplified chapter, as the
		// EPUB's :lang rule sets it.
		l := render.RunLang(r, c.lang)
		if c.hant || render.IsHant(l) {
			f = face.Traditional(f)
		}
		st := newStyle(f, sz, color)
		st.Italic = r.Style&book.Italic != 0
		st.Lang = c.lang
		if l != "" {
			st.Lang = l // shaped as the page says, tagged (foreignLangs)
			st.RTLRun = render.RTL(l)
		}
		st.RTL = render.RTL(c.lang)
		if r.Href != "" {
			st.Ink = ink{color: pdfStyle.link, href: r.Href}
		}
		if sz == size {
			out = append(out, inline.Span{Text: r.Text, Style: st})
			continue
		}
		out = appendCode(out, r.Text, st, size)
	}
	return out
}

// appendCode appends the spans of inline code text in style st, set
// smaller than the text around it (size), its full-width characters
// aside: the monospace face has none, and the fallback face's Han drawn
// smaller than the Han beside them reads as a mistake, and poppler takes
// the change of size for a word break and copies a space there (issue 18
// §6). They stay code (no Han–Latin gap) at the text's size.
func appendCode(out []inline.Span, text string, st *inline.Style, size float64) []inline.Span {
	var wide *inline.Style
	start, inWide := 0, false
	for i, r := range text {
		if w := cjk.IsWide(r); w != inWide {
			if i > start {
				out = append(out, inline.Span{Text: text[start:i], Style: pick(inWide, wide, st)})
			}
			start, inWide = i, w
			if w && wide == nil {
				c := *st
				c.Size = size
				wide = &c
			}
		}
	}
	return append(out, inline.Span{Text: text[start:], Style: pick(inWide, wide, st)})
}

func pick(wide bool, w, st *inline.Style) *inline.Style {
	if wide {
		return w
	}
	return st
}

// setLines shapes, breaks and sets spans: as lines, or in a vertical
// book as columns.
func (b *pdfBuilder) setLines(spans []inline.Span, p inline.Params) []inline.Line {
	if b.titleLang == nil {
		return b.setter().lines(spans, p)
	}
	gs := b.shape(spans)
	if b.g.vertical {
		gs = columnGlyphs(gs, &b.fonts)
	}
	return b.set(gs, p)
}

// setter sets text for the builder, recording in the document's fonts.
func (b *pdfBuilder) setter() setter {
	return setter{ctx: b.ctx, fonts: &b.fonts, vertical: b.g.vertical}
}

// setUpright shapes, breaks and sets spans as lines, also in a vertical
// book: the text of what stands upright there (a picture's alternative
// text).
func (b *pdfBuilder) setUpright(spans []inline.Span, p inline.Params) []inline.Line {
	return b.set(b.shape(spans), p)
}

// shape shapes spans. When the context ends in the middle, it returns no
// glyphs: blocks and layout stop on the context's error.
func (b *pdfBuilder) shape(spans []inline.Span) []inline.Glyph {
	gs, err := inline.Shape(b.ctx, spans, &b.fonts)
	if err != nil {
		return nil
	}
	return gs
}

func (b *pdfBuilder) set(gs []inline.Glyph, p inline.Params) []inline.Line {
	if b.titleLang != nil {
		lines, err := title.Lines(b.ctx, gs, p, *b.titleLang)
		if err != nil {
			return nil // the context is done: layout returns its error
		}
		b.fonts.WidenIn(lines)
		return lines
	}
	return b.setter().set(gs, p)
}

// lines breaks and sets q. When the context ends in the middle, it
// returns no lines: blocks and layout stop on the context's error.
func (b *pdfBuilder) lines(q *inline.Para) []inline.Line {
	lines, err := q.Lines(b.ctx)
	if err != nil {
		return nil
	}
	b.fonts.WidenIn(lines)
	return lines
}

// titleText lays out a title as text does, kept together, its lines
// broken between words and balanced.
func (b *pdfBuilder) titleText(spans []inline.Span, fr pdfFrame, lineH float64, p inline.Params, lang string) {
	b.titleLang = &lang
	defer func() { b.titleLang = nil }()
	b.text(spans, fr, lineH, p, true)
}

// text lays out spans as lines in fr and appends them; keepAll keeps all
// the lines together (titles, headings), otherwise at least two lines stay
// together at each end of a page break (no widows or orphans).
func (b *pdfBuilder) text(spans []inline.Span, fr pdfFrame, lineH float64, p inline.Params, keepAll bool) {
	p.Width = fr.w
	b.place(b.setLines(spans, p), fr, lineH, p, keepAll)
}

// place appends lines set in fr, with the list marker waiting for them.
func (b *pdfBuilder) place(lines []inline.Line, fr pdfFrame, lineH float64, p inline.Params, keepAll bool) {
	var marker []inline.Line
	if b.marker != nil {
		marker = b.setLines(b.marker, inline.Params{Em: p.Em, Width: fr.w})
		b.marker = nil
	}
	if len(lines) == 0 && marker != nil {
		lines = []inline.Line{{}}
	}
	n := len(lines)
	for i, ln := range lines {
		keep := keepAll && i < n-1 || i == 0 && n > 1 || i == n-2
		tl := &textLine{ln: ln, x: fr.x + ln.Indent, base: lineH/2 + baselineDrop*p.Em, langs: b.foreignLangs(ln)}
		if i == 0 && len(marker) > 0 {
			tl.marker = &marker[0]
			tl.markerX = fr.x - b.inkRight(marker[0]) - p.Em*pdfStyle.markerGap
			if fr.rtl {
				tl.markerX, tl.markerRTL = fr.x+fr.w+p.Em*pdfStyle.markerGap, true
			}
			tl.markerElem = b.markerElem
		}
		b.items = append(b.items, item{Box: page.Box{H: lineH, Keep: keep}, bars: fr.bars, content: tl})
	}
}

// foreignLangs cuts a line of a chapter by language where it holds words
// in another: the language the page gives a run (render.RunLang), else
// the one its characters say (render.ForeignRuns), as the EPUB tags
// them; code only by the first. It returns nil
// for a line all in its chapter's, and in vertical books. A line with
// right-to-left text is drawn in pieces (bidiPieces), each in the
// language of its first glyph.
func (b *pdfBuilder) foreignLangs(ln inline.Line) []langSpan {
	if !b.foreign || b.g.vertical {
		return nil
	}
	if !render.MayTag(ln.Text, b.script) && !b.anyPageLang(ln.Glyphs) {
		return nil // the common case, without allocating
	}
	runs := render.ForeignRuns(ln.Text, b.script, b.zh)
	if len(runs) == 0 || len(runs) == 1 && runs[0].Lang == "" && !b.anyPageLang(ln.Glyphs) {
		return nil
	}
	var out []langSpan
	k, end := 0, len(runs[0].Text) // the run, and where its text ends
	at := 0                        // where glyph i's text starts in ln.Text
	for i := range ln.Glyphs {
		g := &ln.Glyphs[i]
		for k+1 < len(runs) && at >= end {
			k++
			end += len(runs[k].Text)
		}
		lang := runs[k].Lang
		if b.pageLang(g.Style) {
			lang = g.Style.Lang // the page's word for it
		} else if g.Style.Mono {
			lang = ""
		}
		if n := len(out); n > 0 && out[n-1].lang == lang {
			out[n-1].to = i + 1
		} else {
			out = append(out, langSpan{i, i + 1, lang})
		}
		at += len(g.Text)
	}
	if len(out) == 1 && out[0].lang == "" {
		return nil
	}
	return out
}

// pageLang reports whether text in style st is in a language the page
// gives it, not its chapter's (render.RunLang).
func (b *pdfBuilder) pageLang(st *inline.Style) bool {
	l := st.Lang
	return l != b.chapLang && l != "" && !render.SameLang(l, b.chapLang)
}

// anyPageLang reports whether a glyph of gs is in a language the page
// gives it, asking once for each run of glyphs of one style: it is asked
// of every line.
func (b *pdfBuilder) anyPageLang(gs []inline.Glyph) bool {
	var last *inline.Style
	for i := range gs {
		if st := gs[i].Style; st != last {
			if b.pageLang(st) {
				return true
			}
			last = st
		}
	}
	return false
}

// inkRight is where the ink of a list marker's line ends, so that the
// gap after the marker is half an em as the reader sees it: a bullet of a
// CJK face (◦ and ▪ of LXGW WenKai, • of Noto Serif SC) sits in the middle
// of a full em, and its blank right half would widen the gap to nearly an
// em (issue 18 §6). The line's width when the glyph has no outline to
// read, and in a vertical book, whose columns run down the page.
func (b *pdfBuilder) inkRight(ln inline.Line) float64 {
	n := len(ln.Glyphs)
	if n == 0 || b.g.vertical {
		return ln.Width
	}
	g := ln.Glyphs[n-1]
	m, err := face.Open(face.ID(g.Face))
	if err != nil || len(g.Subs) > 0 || g.Missing {
		return ln.Width
	}
	gid := g.GID
	if gid == 0 {
		gid = m.Glyph(g.R)
	}
	xMax, ok := m.TTF().InkRight(gid)
	if !ok {
		return ln.Width
	}
	return min(ln.Width, ln.X[n-1]+float64(xMax)*g.Style.Size/float64(m.UnitsPerEm()))
}

// blocks lays out bs in fr.
func (b *pdfBuilder) blocks(bs []book.Block, fr pdfFrame) error {
	for _, blk := range bs {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		if err := b.block(blk, fr); err != nil {
			return err
		}
	}
	return nil
}

func (b *pdfBuilder) block(blk book.Block, fr pdfFrame) error {
	body := b.g.body
	switch x := blk.(type) {
	case *book.Paragraph:
		p := b.paraParams(body, fr)
		at := len(b.items)
		lines, ok := b.ahead.take(b.top, x, p, b.setter())
		if !ok {
			lines = b.setLines(b.spans(x.Content, b.fonts.Body, body, pdfStyle.ink), p)
		}
		b.place(lines, fr, b.g.lead, p, false)
		b.tag(at, frame.NewElem("P", b.cur))
		if !b.script.CJK() || b.marker != nil || b.depth > 0 {
			b.space(body*pdfStyle.paraSpaceLatin, false)
		}
	case *book.Heading:
		b.heading(x, fr)
	case *book.List:
		return b.list(x, fr)
	case *book.Quote:
		// A whole number of em keeps the inner measure whole too.
		inner := pdfFrame{x: fr.x + pdfStyle.quoteIndent*body, w: fr.w - pdfStyle.quoteIndent*body, bars: append(slices.Clone(fr.bars), fr.x+pdfStyle.quoteBar*body), rtl: fr.rtl}
		if b.mirrored(x.Blocks) {
			// indented from the right, the rule at the right
			inner.x, inner.bars[len(inner.bars)-1] = fr.x, fr.x+fr.w-pdfStyle.quoteBar*body
		}
		b.space(body*pdfStyle.quoteSpace, false)
		b.open("BlockQuote")
		err := b.blocks(x.Blocks, inner)
		b.close()
		if err != nil {
			return err
		}
		if n := len(b.items); n > 0 && b.items[n-1].Glue {
			b.items[n-1].bars = fr.bars // the rule ends with the text
		}
		b.space(body*pdfStyle.quoteSpace, false)
	case *book.Code:
		b.code(x, fr)
	case *book.Rule:
		b.items = append(b.items, item{Box: page.Box{H: body * pdfStyle.breakBox}, bars: fr.bars, content: rule{x: fr.x + fr.w/4, dy: body * pdfStyle.breakDrop, w: fr.w / 2, lw: pdfStyle.headRuleWidth}})
	case *book.Image:
		b.image(x, fr)
	case *book.Table:
		if b.g.vertical {
			b.uprightTable(x, fr)
		} else {
			b.table(x, fr)
		}
	case nil:
	default:
		return fmt.Errorf("unknown block %T", blk)
	}
	return nil
}

func (b *pdfBuilder) heading(h *book.Heading, fr pdfFrame) {
	body := b.g.body
	size := body
	if k := h.Level - b.minLevel; k >= 0 && k < len(pdfStyle.headings) {
		size = body * pdfStyle.headings[k]
	}
	b.space(body*pdfStyle.beforeHeading, false)
	start := len(b.items)
	b.text(b.spans(h.Content, b.bold(), size, pdfStyle.ink), fr, size*pdfStyle.headingLead, b.params(size, false), true)
	if start == len(b.items) {
		return
	}
	// H2 for the chapter's first level, one deeper per level open above
	// it (the book's outline): none skipped, whatever levels the source
	// uses.
	o := b.doc.Outline(h)
	depth := o.Depth
	if !b.titled {
		depth-- // no H1 above: the first level is H1
	}
	b.tag(start, frame.NewElem(headingRole(depth), b.cur))
	level := o.Depth - 1
	if b.multi {
		level++ // under the chapter's title
	}
	b.items[start].outline = o.Title
	b.items[start].level = level
	b.items[len(b.items)-1].Keep = true
	b.space(body*pdfStyle.afterHeading, true)
}

var pdfBullets = []string{"•", "◦", "▪"}

func (b *pdfBuilder) list(l *book.List, fr pdfFrame) error {
	body := b.g.body
	start := l.Start
	if l.Ordered && start == 0 {
		start = 1
	}
	ind := pdfStyle.listIndent * body
	if l.Ordered {
		// room for the widest number and its full stop
		m, _ := face.Open(b.fonts.Body)
		wide := strconv.Itoa(start+len(l.Items)-1) + "."
		w := 0.0
		for _, r := range wide {
			w += float64(m.Width(r)) * body / 1000
		}
		for ind < w+body*pdfStyle.markerGap {
			ind += body
		}
	}
	inner := pdfFrame{x: fr.x + ind, w: fr.w - ind, bars: fr.bars}
	var all []book.Block
	for _, it := range l.Items {
		all = append(all, it.Blocks...)
	}
	if b.mirrored(all) {
		// markers and indent at the right
		inner.x, inner.rtl = fr.x, true
	}
	b.depth++
	list := b.open("L")
	defer func() { b.depth--; b.cur = list.Parent }()
	for i, it := range l.Items {
		li := frame.NewElem("LI", list)
		b.markerElem = frame.NewElem("Lbl", li)
		b.cur = frame.NewElem("LBody", li)
		mk := pdfBullets[(b.depth-1)%len(pdfBullets)]
		if l.Ordered {
			mk = strconv.Itoa(start+i) + "."
		}
		b.marker = []inline.Span{{Text: mk, Style: b.st(b.fonts.Body, body, pdfStyle.ink)}}
		if err := b.blocks(it.Blocks, inner); err != nil {
			return err
		}
		if b.marker != nil {
			// an item with no text of its own still shows its marker
			at := len(b.items)
			b.text(nil, inner, b.g.lead, inline.Params{Em: body}, false)
			b.tag(at, b.cur)
		}
		b.cur = list
	}
	b.space(body*pdfStyle.listSpace, false)
	return nil
}

// mirrored reports whether a list or block quote of blocks bs is set
// right to left, mirrored: its chapter's language runs right to left, or
// its text's first strong character does (render.BlocksRTL), as its
// paragraphs' direction is decided. Vertical books have no such blocks.
func (b *pdfBuilder) mirrored(bs []book.Block) bool {
	return !b.g.vertical && (render.RTL(b.chapLang) || render.BlocksRTL(bs))
}

func pdfExpandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var out strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			out.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			out.WriteRune(r)
			col = 0
		default:
			out.WriteRune(r)
			col++
		}
	}
	return out.String()
}

// code sets preformatted text in monospace on a grey ground, unjustified;
// lines too long for the measure wrap anywhere, with a hook at the right
// margin marking the continuation, so nothing is cut off.
func (b *pdfBuilder) code(c *book.Code, fr pdfFrame) {
	body := b.g.body
	size := body * pdfStyle.code
	lh := size * pdfStyle.codeLead
	pad := body * pdfStyle.codePad
	markW := size * pdfStyle.wrapMark
	st := b.st(face.Mono, size, pdfStyle.ink)
	st.Pre = true
	shade := &[2]float64{fr.x, fr.w}
	text := pdfExpandTabs(strings.TrimRight(strings.ReplaceAll(c.Text, "\r\n", "\n"), "\n "))
	text = strings.TrimLeft(text, "\n")
	b.space(body*pdfStyle.beforeCode, false)
	first := len(b.items)
	b.items = append(b.items, item{Box: page.Box{H: pad / 2, Keep: true}, shade: shade, bars: fr.bars})
	for _, src := range strings.Split(text, "\n") {
		lines := b.setLines([]inline.Span{{Text: src, Style: st}}, inline.Params{Width: fr.w - 2*pad - markW, Em: size, Anywhere: true})
		if len(lines) == 0 {
			lines = []inline.Line{{}}
		}
		for k, ln := range lines {
			tl := &textLine{ln: ln, x: fr.x + pad, base: lh/2 + baselineDrop*size}
			if k < len(lines)-1 {
				tl.hookX, tl.hookSize = fr.x+fr.w-pad-markW*0.6, size
			}
			b.items = append(b.items, item{Box: page.Box{H: lh}, shade: shade, bars: fr.bars, content: tl})
		}
	}
	b.items = append(b.items, item{Box: page.Box{H: pad / 2}, shade: shade, bars: fr.bars})
	b.tag(first, frame.NewElem("Code", b.cur))
	b.space(body*pdfStyle.afterCode, false)
}

// pdfImageTypes maps the types the model carries to fpdf image types.
var pdfImageTypes = map[string]string{"image/jpeg": "JPG", "image/png": "PNG", "image/gif": "GIF"}

func (b *pdfBuilder) image(im *book.Image, fr pdfFrame) {
	body := b.g.body
	b.space(body*pdfStyle.beforeFigure, false)
	tp := pdfImageTypes[im.MediaType]
	var cfg image.Config
	ok := false
	if im.Data != nil && tp != "" {
		var err error
		cfg, _, err = image.DecodeConfig(bytes.NewReader(im.Data))
		ok = err == nil && cfg.Width > 0 && cfg.Height > 0
		if !ok {
			b.warnings = append(b.warnings, fmt.Sprintf("image %s: unreadable %s data, alt text shown", im.Name(), im.MediaType))
		}
	}
	hasCaption := len(im.Caption) > 0
	alt := strings.TrimSpace(im.Alt)
	if alt == "" {
		alt = "[image]"
	}
	altSt := b.st(b.fonts.Body, body*pdfStyle.caption, pdfStyle.grey)
	altSpans := []inline.Span{{Text: alt, Style: altSt}}
	fig := frame.NewElem("Figure", b.cur)
	fig.Alt = strings.TrimSpace(im.Alt)
	if fig.Alt == "" {
		fig.Alt = render.OneLine(book.PlainText(im.Caption))
	}
	if fig.Alt == "" {
		b.noAlt++
	}
	at := len(b.items)
	if ok && b.g.vertical {
		b.uprightImage(im, tp, cfg, fr, altSt, altSpans, hasCaption)
	} else if ok {
		// 96 dpi, never wider than the measure nor taller than 3/4 page.
		w := min(fr.w, float64(cfg.Width)*0.75)
		h := w * float64(cfg.Height) / float64(cfg.Width)
		if maxH := (b.g.bottom - b.g.top) * 0.75; h > maxH {
			h, w = maxH, maxH*float64(cfg.Width)/float64(cfg.Height)
		}
		b.nimg++
		pic := &picture{
			name: "img" + strconv.Itoa(b.nimg), data: im.Data, tp: tp,
			x: fr.x + (fr.w-w)/2, w: w, h: h, size: altSt.Size,
			alt: b.setLines(altSpans, inline.Params{Width: w - altSt.Size*1.2, Em: altSt.Size, Anywhere: true, Center: true}),
		}
		b.items = append(b.items, item{Box: page.Box{H: h, Keep: hasCaption}, bars: fr.bars, content: pic})
	} else {
		// A quiet line, as the EPUB has, not a frame around nothing.
		altSt.Italic = true
		b.text([]inline.Span{{Text: render.MissingImage(im.Alt, b.chapLang), Style: altSt}}, fr, altSt.Size*1.5, inline.Params{Em: altSt.Size, Center: true}, hasCaption)
	}
	b.tag(at, fig)
	if hasCaption {
		b.space(body*pdfStyle.captionGap, true)
		size := body * pdfStyle.caption
		at := len(b.items)
		b.text(b.spans(im.Caption, b.fonts.Body, size, pdfStyle.grey), fr, size*pdfStyle.captionLead, inline.Params{Em: size, Center: true}, true)
		b.tag(at, frame.NewElem("Caption", b.cur))
	}
	b.space(body*pdfStyle.afterFigure, false)
}

// pdfCell is a table cell ready to be set.
type pdfCell struct {
	p        *inline.Para
	col, n   int // first column and columns spanned
	min, max float64
	header   bool
}

// table sets a grid with column widths from the content: each column gets
// its longest unbreakable word, and what is left is shared in proportion
// to how much wider each column's text would like to be. A cell spanning
// columns counts too, or its text would be squeezed into columns sized
// for the cells around it (tableColumns).
func (b *pdfBuilder) table(t *book.Table, fr pdfFrame) {
	body := b.g.body
	ts := tableSizes{size: body * pdfStyle.table}
	ts.pad, ts.lh = ts.size*pdfStyle.cellPad, ts.size*pdfStyle.cellLead
	tbl := b.open("Table")
	defer b.close()
	if len(t.Caption) > 0 {
		b.space(body*pdfStyle.beforeTable, false)
		at := len(b.items)
		b.text(b.spans(t.Caption, b.bold(), ts.size, pdfStyle.ink), fr, ts.lh, inline.Params{Em: ts.size, Center: true}, true)
		b.tag(at, frame.NewElem("Caption", tbl))
		if n := len(b.items); n > at {
			b.items[n-1].Keep = true // the caption goes with the table
		}
	}
	rows, ncol, ok := b.tableCells(t, ts)
	if !ok || ncol == 0 {
		return
	}
	widths := tableColumns(rows, ncol, 2*ts.pad+ts.size, fr.w)
	total := 0.0
	for _, w := range widths {
		total += w
	}
	x0 := fr.x + (fr.w-total)/2
	var header []int
	inHeader := true
	// The header rows the table opens with are its THead, the rest its
	// TBody: a screen reader then knows which rows name the columns.
	var thead, tbody *frame.Elem
	group := func(hdr bool) *frame.Elem {
		switch {
		case hdr && thead == nil:
			thead = frame.NewElem("THead", tbl)
		case !hdr && tbody == nil:
			tbody = frame.NewElem("TBody", tbl)
		}
		if hdr {
			return thead
		}
		return tbody
	}
	for ri, r := range rows {
		isHdr := len(r) > 0 && t.Rows[ri].Header || pdfAllHeader(r)
		tr := frame.NewElem("TR", group(inHeader && isHdr))
		cells, nl := b.rowCells(r, t.Rows[ri].Header, tr, widths, x0, ts)
		// A row taller than a page is cut into pieces that fit.
		per := max(1, int(((b.g.bottom-b.g.top)*0.8-2*ts.pad)/ts.lh))
		for from := 0; from < nl; from += per {
			to := min(nl, from+per)
			h := float64(to-from)*ts.lh + 2*ts.pad
			it := item{Box: page.Box{H: h, Keep: to < nl}, bars: fr.bars, content: &tableRow{cells: cells, from: from, to: to, h: h, pad: ts.pad, lh: ts.lh, size: ts.size}, elem: tr}
			if inHeader && isHdr {
				it.Keep = true
				header = append(header, len(b.items))
				b.items = append(b.items, it)
				continue
			}
			inHeader = false
			it.Header = header
			b.items = append(b.items, it)
		}
	}
	b.space(body*pdfStyle.afterTable, false)
}

// tableSizes are a table's type size, cell padding and line height.
type tableSizes struct{ size, pad, lh float64 }

// tableCells prepares the cells of t's rows and counts its columns; ok
// is false when the context ended.
func (b *pdfBuilder) tableCells(t *book.Table, ts tableSizes) (rows [][]pdfCell, ncol int, ok bool) {
	for _, r := range t.Rows {
		var cs []pdfCell
		col := 0
		for _, c := range r.Cells {
			n := max(1, c.ColSpan)
			f := b.fonts.Body
			hdr := c.Header || r.Header
			if hdr {
				f = b.bold()
			}
			// Ragged and not hyphenated, but for a word wider than its
			// column: that one takes the chapter's hyphens.
			p := b.params(ts.size, false)
			p.HyphenateOverwide = true
			q, err := inline.Prepare(b.ctx, b.shape(b.spans(c.Content, f, ts.size, pdfStyle.ink)), p)
			if err != nil {
				return nil, 0, false // the context is done: layout returns its error
			}
			mn, mx := q.Widths()
			// A URL or long word must not blow the table out: it breaks
			// anywhere.
			mn = min(mn, ts.size*12)
			cs = append(cs, pdfCell{p: q, col: col, n: n, min: mn + 2*ts.pad, max: mx + 2*ts.pad, header: hdr})
			col += n
		}
		ncol = max(ncol, col)
		rows = append(rows, cs)
	}
	return rows, ncol, true
}

// rowCells sets the cells of row r at their columns' widths, each an
// element of tr, and returns them with the most lines any of them takes.
func (b *pdfBuilder) rowCells(r []pdfCell, headerRow bool, tr *frame.Elem, widths []float64, x0 float64, ts tableSizes) ([]tableCell, int) {
	var cells []tableCell
	nl := 1
	for _, c := range r {
		x := x0
		for k := 0; k < c.col; k++ {
			x += widths[k]
		}
		w := 0.0
		for k := c.col; k < min(len(widths), c.col+c.n); k++ {
			w += widths[k]
		}
		lines := b.lines(c.p.WithWidth(w - 2*ts.pad))
		nl = max(nl, len(lines))
		cell := frame.NewElem("TD", tr)
		if c.header {
			cell.Role, cell.Scope = "TH", "Column"
			if !headerRow && !pdfAllHeader(r) {
				cell.Scope = "Row"
			}
		}
		// An empty cell keeps its element, or the cells after it
		// would move one column left for a screen reader.
		cell.MarkUsed()
		cells = append(cells, tableCell{x: x, w: w, lines: lines, header: c.header, elem: cell})
	}
	return cells, nl
}

// tableColumns returns the widths of ncol columns holding rows in avail:
// every column at least narrowest, each cell's minimum and preferred
// widths met by the columns it spans where avail allows.
func tableColumns(rows [][]pdfCell, ncol int, narrowest, avail float64) []float64 {
	mins, maxs := make([]float64, ncol), make([]float64, ncol)
	for i := range mins {
		mins[i], maxs[i] = narrowest, narrowest
	}
	var spans []pdfCell
	for _, r := range rows {
		for _, c := range r {
			if c.n == 1 {
				mins[c.col] = max(mins[c.col], c.min)
				maxs[c.col] = max(maxs[c.col], c.max)
			} else {
				spans = append(spans, c)
			}
		}
	}
	// Narrow spans first, as CSS tables do: a wide span is then spread over
	// columns that already hold what the narrower ones need. The sort is
	// stable, so the widths stay the same from run to run.
	slices.SortStableFunc(spans, func(a, b pdfCell) int { return a.n - b.n })
	for _, c := range spans {
		spread(mins[c.col:c.col+c.n], maxs[c.col:c.col+c.n], c.min)
		spread(maxs[c.col:c.col+c.n], maxs[c.col:c.col+c.n], c.max)
	}
	for i := range maxs {
		maxs[i] = max(maxs[i], mins[i]) // columnWidths shares by max-min
	}
	return columnWidths(mins, maxs, avail)
}

func pdfAllHeader(r []pdfCell) bool {
	for _, c := range r {
		if !c.header {
			return false
		}
	}
	return len(r) > 0
}

// spread widens cols so that together they are at least w, giving each a
// share of the shortfall in proportion to its weight (its preferred
// width), so that the column whose text would like more room gets more;
// equal shares when no column has any weight.
func spread(cols, weight []float64, w float64) {
	sum, sumW := 0.0, 0.0
	for i := range cols {
		sum += cols[i]
		sumW += weight[i]
	}
	short := w - sum
	if short <= 0 {
		return
	}
	ws := slices.Clone(weight) // cols and weight may be the same slice
	for i := range cols {
		if sumW > 0 {
			cols[i] += short * ws[i] / sumW
		} else {
			cols[i] += short / float64(len(cols))
		}
	}
}

// columnWidths fits columns of the given minimum and preferred widths into
// avail.
func columnWidths(mins, maxs []float64, avail float64) []float64 {
	var sumMin, sumMax float64
	for i := range mins {
		sumMin += mins[i]
		sumMax += maxs[i]
	}
	w := make([]float64, len(mins))
	switch {
	case sumMax <= avail:
		copy(w, maxs)
	case sumMin >= avail:
		for i := range w {
			w[i] = mins[i] * avail / sumMin
		}
	default:
		extra := avail - sumMin
		for i := range w {
			w[i] = mins[i] + extra*(maxs[i]-mins[i])/(sumMax-sumMin)
		}
	}
	return w
}
