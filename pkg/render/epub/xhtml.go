package epub

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"image"
	_ "image/gif" // image.DecodeConfig must know every format we store
	_ "image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/image/webp"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/pkg/book"
)

// epubBook is a Book on its way into an EPUB: resolved languages, file
// names, the images found so far and the characters used.
type epubBook struct {
	src      *book.Book
	id       string
	title    string
	lang     string
	chapters []*epubChapter
	images   []*epubImage
	imageBy  map[[32]byte]*epubImage
	runes    map[rune]bool
	// embed is set when the book embeds its fonts: only then are the
	// characters collected (runesOf)
	embed bool
	// hantRunes collects the characters of Traditional Chinese documents
	// instead of runes, when the body face has a Traditional face (Kai):
	// their subset is that face's (face.Traditional). Nil otherwise.
	hantRunes map[rune]bool
	// latinRunes collects the characters of documents in an alphabet, an
	// abjad or an abugida instead of runes, when the body face is a CJK
	// face: they are set in Noto Serif, as the PDF sets them. Nil
	// otherwise.
	latinRunes map[rune]bool
	// boldRunes collects the characters set bold (headings, strong text,
	// table headers) in any document of a book that embeds its fonts,
	// which are in one of the sets above too: the bold faces' subsets
	// hold them.
	boldRunes map[rune]bool
	warnings  []string
	vertical  bool      // chapters in columns, right to left
	body      face.ID   // the body face, as the PDF's
	date      time.Time // dcterms:modified: see render.Doc.Date
	a11y      a11yFacts
	doc       *render.Doc
	// pages are the PDF edition's, and breaks where each is marked; nil
	// without a PDF
	pages  *render.PageMap
	breaks map[render.Break][]int
	// pageRefs are the page list's targets, in page order
	pageRefs []pageRef
	// awaiting is set while the chapters are written before the pages
	// are known: they note where markers go (epubChapter.marks)
	awaiting bool
}

type pageRef struct {
	n    int
	href string
}

type epubChapter struct {
	a      *book.Article
	href   string // relative to OEBPS
	title  string
	lang   string
	script render.Script
	zh     string     // the tag of Chinese words in a Latin chapter (render.ForeignRuns)
	toc    []tocEntry // headings of the top level, for the navigation
	// marks are the places of page break markers in the chapter's
	// document, written before the pages were known
	marks []pageMark
}

type pageMark struct {
	off int // in the chapter's document
	at  render.Break
}

type tocEntry struct {
	id, text string
}

type epubImage struct {
	id, href, mediaType string
	data                []byte
}

func newEPUBBook(doc *render.Doc) *epubBook {
	b := doc.Book
	bk := &epubBook{
		doc:       doc,
		src:       b,
		id:        bookID(b),
		imageBy:   map[[32]byte]*epubImage{},
		runes:     map[rune]bool{},
		boldRunes: map[rune]bool{},
	}
	bk.lang = doc.Lang
	bk.date = doc.Date()
	// Enough digits that names sort in spine order however many chapters.
	width := max(3, len(strconv.Itoa(len(b.Chapters))))
	for i, a := range b.Chapters {
		c := &epubChapter{a: a, href: fmt.Sprintf("text/ch%0*d.xhtml", width, i+1)}
		c.lang, c.script = doc.Langs[i], doc.Script(i)
		if c.script == render.Latin {
			c.zh = render.ChineseTag(a.Texts())
		}
		c.title = strings.TrimSpace(render.XMLSafe(a.Title))
		if c.title == "" {
			c.title = fmt.Sprintf("%d", i+1)
		}
		bk.chapters = append(bk.chapters, c)
	}
	bk.title = strings.TrimSpace(render.XMLSafe(b.Title))
	if bk.title == "" {
		bk.title = bk.chapters[0].title
	}
	return bk
}

// setHant readies the book for Traditional Chinese in its own face when
// the body face has one and the book, a chapter or a run the page tags is
// Traditional Chinese.
func (bk *epubBook) setHant() {
	if face.Traditional(bk.body) == bk.body {
		return
	}
	hant := render.IsHant(bk.lang)
	for _, c := range bk.chapters {
		hant = hant || render.IsHant(c.lang) || render.HasHantRuns(c.a.Blocks, c.lang)
	}
	if hant {
		bk.hantRunes = map[rune]bool{}
	}
}

// setLatin readies a book in a CJK face for chapters in Latin and the
// other scripts Noto Serif leads (face.Chain(face.Serif)).
func (bk *epubBook) setLatin() {
	if bk.body == face.Serif {
		return
	}
	for _, c := range bk.chapters {
		if render.ScriptOf(c.lang) == render.Latin {
			bk.latinRunes = map[rune]bool{}
			return
		}
	}
}

// hasRTL reports whether a chapter of the book runs right to left, or has
// a paragraph or heading that does (render.BlocksRTL): its quotes and lists
// are mirrored (rtlCSS).
func (bk *epubBook) hasRTL() bool {
	for _, c := range bk.chapters {
		if render.RTL(c.lang) {
			return true
		}
		rtl := false
		book.Walk(c.a.Blocks, func(b book.Block) {
			switch b.(type) {
			case *book.Paragraph, *book.Heading:
				rtl = rtl || render.BlocksRTL([]book.Block{b})
			}
		})
		if rtl {
			return true
		}
	}
	return false
}

// runesOf returns the set that collects the characters of a document in
// language lang; nil when the book embeds no fonts.
func (bk *epubBook) runesOf(lang string) map[rune]bool {
	if !bk.embed {
		return nil
	}
	if bk.hantRunes != nil && render.IsHant(lang) {
		return bk.hantRunes
	}
	if bk.latinRunes != nil && render.ScriptOf(lang) == render.Latin {
		return bk.latinRunes
	}
	return bk.runes
}

// xhtmlHead starts a content document.
func (bk *epubBook) xhtmlHead(x *xmlBuf, title, lang, bodyClass, bodyType, cssHref string) {
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	x.raw(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" `)
	// The root element sets a document's writing mode; the cover and the
	// navigation stay upright.
	if bk.vertical && bodyClass != "cover" && bodyClass != "nav" {
		x.raw(`class="vertical" `)
	}
	x.raw(`lang="`)
	x.attr(lang)
	x.raw(`" xml:lang="`)
	x.attr(lang)
	x.raw(`"`)
	if render.RTL(lang) {
		x.raw(` dir="rtl"`)
	}
	x.raw(">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>")
	x.text(title)
	x.raw("</title>\n")
	if cssHref != "" {
		x.raw(`<link rel="stylesheet" type="text/css" href="` + cssHref + `"/>` + "\n")
	}
	x.raw("</head>\n<body")
	if bodyClass != "" {
		x.raw(` class="` + bodyClass + `"`)
	}
	if bodyType != "" {
		x.raw(` epub:type="` + bodyType + `"`)
	}
	x.raw(">\n")
}

func (bk *epubBook) coverXHTML() []byte {
	x := xmlBuf{runes: bk.runesOf(bk.lang)}
	bk.xhtmlHead(&x, bk.title, bk.lang, "cover", "cover", "styles/book.css")
	x.raw(`<section class="cover"><img role="doc-cover" src="images/cover.svg" alt="`)
	x.attr(bk.title)
	bk.a11y.imgAlt++
	x.raw(`"/></section>` + "\n</body>\n</html>\n")
	return x.bytes()
}

// chapterXHTML renders one article. The title block comes first (h1, byline,
// site, date, source link); the article's headings start at h2, one level
// below the title, with no level skipped (the book's outline,
// render.Doc.Outline).
func (bk *epubBook) chapterXHTML(i int, c *epubChapter) []byte {
	x := xmlBuf{runes: bk.runesOf(c.lang)}
	if bk.embed {
		x.bold = bk.boldRunes
	}
	// A long chapter's document would otherwise be copied at every
	// doubling, each time into fresh pages the kernel must fault in.
	n := 0
	for t := range c.a.AllTexts() {
		n += len(t)
	}
	x.b.Grow(4<<10 + n + n/4)
	bk.xhtmlHead(&x, c.title, c.lang, string(c.script), "", "../styles/book.css")
	a := c.a
	x.raw("<section epub:type=\"chapter\" role=\"doc-chapter\" id=\"ch" + strconv.Itoa(i+1) + "\">\n")
	bk.pageBreaks(&x, c, render.Break{Chapter: i, Block: -1})
	head := bk.doc.Head(i)
	x.raw("<header class=\"titlepage\">\n<h1>")
	x.boldText(c.title)
	x.raw("</h1>\n")
	if parts := head.Parts; len(parts) > 0 {
		// One line, as in the PDF: byline · site · date.
		x.raw(`<p class="meta">`)
		for i, p := range parts {
			if i > 0 {
				x.text(render.HeaderSep)
			}
			if p.Date {
				x.raw(`<time datetime="` + a.Published.Format(time.RFC3339) + `">`)
			}
			x.text(p.Text)
			if p.Date {
				x.raw("</time>")
			}
		}
		x.raw("</p>\n")
	}
	if href, ok := linkHref(head.Source); ok {
		x.raw(`<p class="source"><a href="`)
		x.attr(href)
		x.raw(`">`)
		x.url(render.XMLSafe(head.Source))
		x.raw("</a></p>\n")
	}
	x.raw("</header>\n")
	r := blockWriter{bk: bk, c: c, x: &x, rtl: render.RTL(c.lang)}
	for j, b := range a.Blocks {
		bk.pageBreaks(&x, c, render.Break{Chapter: i, Block: j})
		r.block(b)
	}
	x.raw("</section>\n</body>\n</html>\n")
	return x.bytes()
}

// pageBreaks writes the markers of the PDF's pages that begin at at, and
// notes them for the page list.
func (bk *epubBook) pageBreaks(x *xmlBuf, c *epubChapter, at render.Break) {
	if bk.awaiting {
		c.marks = append(c.marks, pageMark{off: x.b.Len(), at: at})
		return
	}
	for _, n := range bk.breaks[at] {
		s := strconv.Itoa(n)
		x.raw(`<span epub:type="pagebreak" role="doc-pagebreak" id="page` + s + `" aria-label="` + s + `"></span>` + "\n")
		bk.pageRefs = append(bk.pageRefs, pageRef{n: n, href: c.href + "#page" + s})
	}
}

// markPages returns the chapter's document, written while the pages were
// awaited, with the markers of the pages in place.
func (bk *epubBook) markPages(c *epubChapter, doc []byte) []byte {
	if bk.breaks == nil {
		return doc
	}
	var x xmlBuf
	x.b.Grow(len(doc) + 128*len(bk.breaks))
	prev := 0
	for _, m := range c.marks {
		x.b.Write(doc[prev:m.off])
		bk.pageBreaks(&x, c, m.at)
		prev = m.off
	}
	x.b.Write(doc[prev:])
	return x.bytes()
}

// blockWriter renders blocks of one chapter.
type blockWriter struct {
	bk       *epubBook
	c        *epubChapter
	x        *xmlBuf
	nHeading int
	// rtl is set inside a right-to-left chapter, list or quote
	rtl bool
}

// dir returns the dir attribute of a block of bs, with a space before:
// right to left in a left-to-right chapter when its text's first strong
// character is (render.BlocksRTL), as the PDF sets it; "" otherwise.
func (r *blockWriter) dir(bs ...book.Block) string {
	if r.rtl || !render.BlocksRTL(bs) {
		return ""
	}
	return ` dir="rtl"`
}

func (r *blockWriter) blocks(blocks []book.Block) {
	for _, b := range blocks {
		r.block(b)
	}
}

func (r *blockWriter) block(b book.Block) {
	x := r.x
	switch b := b.(type) {
	case *book.Heading:
		o := r.bk.doc.Outline(b)
		lvl := min(o.Depth+1, 6)
		r.nHeading++
		id := fmt.Sprintf("h%d", r.nHeading)
		fmt.Fprintf(&x.b, "<h%d id=\"%s\"%s>", lvl, id, r.dir(b))
		x.inBold++
		r.inlines(b.Content)
		x.inBold--
		fmt.Fprintf(&x.b, "</h%d>\n", lvl)
		if o.Depth == 1 && o.Title != "" {
			r.c.toc = append(r.c.toc, tocEntry{id: id, text: o.Title})
		}
	case *book.Paragraph:
		x.raw("<p" + r.dir(b) + ">")
		r.inlines(b.Content)
		x.raw("</p>\n")
	case *book.List:
		r.list(b)
	case *book.Quote:
		dir := r.dir(b.Blocks...)
		x.raw("<blockquote" + dir + ">\n")
		defer func(rtl bool) { r.rtl = rtl }(r.rtl)
		r.rtl = r.rtl || dir != ""
		r.blocks(b.Blocks)
		x.raw("</blockquote>\n")
	case *book.Code:
		r.code(b)
	case *book.Image:
		r.image(b)
	case *book.Table:
		r.table(b)
	case *book.Rule:
		x.raw("<hr/>\n")
	}
}

// list writes an ordered or unordered list; a right-to-left one says so
// and its items inherit the direction.
func (r *blockWriter) list(b *book.List) {
	x := r.x
	tag := "ul"
	if b.Ordered {
		tag = "ol"
	}
	var all []book.Block
	for _, it := range b.Items {
		all = append(all, it.Blocks...)
	}
	dir := r.dir(all...)
	x.raw("<" + tag + dir)
	defer func(rtl bool) { r.rtl = rtl }(r.rtl)
	r.rtl = r.rtl || dir != ""
	// Start 0 is what an unset field reads as; it stands for the
	// default first number.
	if b.Ordered && b.Start != 0 && b.Start != 1 {
		x.raw(` start="` + strconv.Itoa(b.Start) + `"`)
	}
	x.raw(">\n")
	for _, it := range b.Items {
		x.raw("<li>")
		if len(it.Blocks) == 0 {
			x.raw("</li>\n")
			continue
		}
		// A lone paragraph is the common item: keep it inline so the
		// paragraph indent does not apply inside the list.
		if len(it.Blocks) == 1 {
			if p, ok := it.Blocks[0].(*book.Paragraph); ok {
				r.inlines(p.Content)
				x.raw("</li>\n")
				continue
			}
		}
		x.raw("\n")
		r.blocks(it.Blocks)
		x.raw("</li>\n")
	}
	x.raw("</" + tag + ">\n")
}

// code writes a code block.
func (r *blockWriter) code(b *book.Code) {
	x := r.x
	x.raw("<pre><code")
	if cls := codeClass(b.Lang); cls != "" {
		x.raw(` class="` + cls + `"`)
	}
	// Code keeps its own language attribute out: programs are not
	// Chinese text, and the reader must not apply CJK line breaking.
	x.raw(` lang="zxx" xml:lang="zxx">`)
	// A newline right after <pre> is dropped by HTML parsers.
	if strings.HasPrefix(b.Text, "\n") {
		x.raw("\n")
	}
	x.text(b.Text)
	x.raw("</code></pre>\n")
}

// codeClass turns a programming language name into a class token.
func codeClass(lang string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(lang) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '+' || r == '#' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "language-" + b.String()
}

func (r *blockWriter) image(img *book.Image) {
	x := r.x
	stored := r.bk.storeImage(img)
	alt := strings.TrimSpace(render.XMLSafe(img.Alt))
	x.raw("<figure>\n")
	if stored != nil {
		x.raw(`<img src="../` + stored.href + `" alt="`)
		x.attr(alt)
		if alt == "" {
			r.bk.a11y.imgNoAlt++
		} else {
			r.bk.a11y.imgAlt++
		}
		x.raw(`"/>` + "\n")
	} else {
		// The picture could not be had: a quiet line says so, with its
		// description, the same line the PDF sets.
		x.raw(`<p class="missing-image">`)
		x.text(render.MissingImage(img.Alt, r.c.lang))
		x.raw("</p>\n")
	}
	if len(img.Caption) > 0 {
		x.raw("<figcaption>")
		r.inlines(img.Caption)
		x.raw("</figcaption>\n")
	}
	x.raw("</figure>\n")
}

// storeImage adds the picture to the book, or returns nil when there is
// nothing a reading system could show. The media type comes from the bytes,
// not from the page: a wrong type fails epubcheck and readers alike.
func (bk *epubBook) storeImage(img *book.Image) *epubImage {
	if len(img.Data) == 0 {
		return nil
	}
	sum := sha256.Sum256(img.Data)
	if s, ok := bk.imageBy[sum]; ok {
		return s
	}
	data := img.Data
	mt := http.DetectContentType(data)
	switch mt {
	case "image/jpeg", "image/png", "image/gif":
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			bk.warnings = append(bk.warnings, fmt.Sprintf("image %s: %v; alt text shown instead", img.Name(), err))
			return nil
		}
	case "image/webp":
		// WebP is not a core media type of EPUB 3.2: convert it.
		m, err := webp.Decode(bytes.NewReader(data))
		if err != nil {
			bk.warnings = append(bk.warnings, fmt.Sprintf("image %s: webp: %v; alt text shown instead", img.Name(), err))
			return nil
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, m); err != nil {
			bk.warnings = append(bk.warnings, fmt.Sprintf("image %s: png: %v; alt text shown instead", img.Name(), err))
			return nil
		}
		data, mt = buf.Bytes(), "image/png"
	default:
		bk.warnings = append(bk.warnings, fmt.Sprintf("image %s: unsupported type %s; alt text shown instead", img.Name(), mt))
		return nil
	}
	if isAnimated(mt, data) {
		bk.a11y.animated = true
	}
	n := len(bk.images) + 1
	ext := strings.TrimPrefix(mt, "image/")
	if ext == "jpeg" {
		ext = "jpg"
	}
	s := &epubImage{
		id:        fmt.Sprintf("img%03d", n),
		href:      fmt.Sprintf("images/img%03d.%s", n, ext),
		mediaType: mt,
		data:      data,
	}
	bk.images = append(bk.images, s)
	bk.imageBy[sum] = s
	return s
}

// wideColumns is the number of columns from which a table is set smaller
// (class "wide"): a reading system sets a table no narrower than its
// longest words, and at the body's size nine columns of labels such as
// "Implementation review" ran past the right edge of a page 640 pixels
// wide (800 for the fixture's own table), where it cuts them off.
const wideColumns = 6

func (r *blockWriter) table(t *book.Table) {
	x := r.x
	if tableColumns(t) >= wideColumns {
		x.raw(`<table class="wide">` + "\n")
	} else {
		x.raw("<table>\n")
	}
	if len(t.Caption) > 0 {
		x.raw("<caption>")
		r.inlines(t.Caption)
		x.raw("</caption>\n")
	}
	head := 0
	for head < len(t.Rows) && t.Rows[head].Header {
		head++
	}
	// A table of header rows only keeps them all in the body: a thead
	// with nothing under it reads oddly.
	if head == len(t.Rows) {
		head = 0
	}
	if head > 0 {
		x.raw("<thead>\n")
		for _, row := range t.Rows[:head] {
			r.row(row)
		}
		x.raw("</thead>\n")
	}
	if head < len(t.Rows) {
		x.raw("<tbody>\n")
		for _, row := range t.Rows[head:] {
			r.row(row)
		}
		x.raw("</tbody>\n")
	}
	x.raw("</table>\n")
}

// tableColumns returns the number of columns of t: its widest row's, spans
// counted.
func tableColumns(t *book.Table) int {
	n := 0
	for _, row := range t.Rows {
		k := 0
		for _, c := range row.Cells {
			k += max(c.ColSpan, 1)
		}
		n = max(n, k)
	}
	return n
}

func (r *blockWriter) row(row book.TableRow) {
	x := r.x
	x.raw("<tr>")
	for _, c := range row.Cells {
		tag := "td"
		if c.Header || row.Header {
			tag = "th"
		}
		x.raw("<" + tag)
		if c.ColSpan > 1 {
			x.raw(` colspan="` + strconv.Itoa(min(c.ColSpan, 1000)) + `"`)
		}
		x.raw(">")
		if tag == "th" {
			x.inBold++
		}
		r.inlines(c.Content)
		if tag == "th" {
			x.inBold--
		}
		x.raw("</" + tag + ">")
	}
	x.raw("</tr>\n")
}

// inlines renders runs of text. Consecutive runs with the same link share
// one <a>; styles nest as strong > em > code inside it.
func (r *blockWriter) inlines(runs []book.Inline) {
	x := r.x
	for i := 0; i < len(runs); {
		href, isLink := linkHref(runs[i].Href)
		j := i + 1
		for j < len(runs) && runs[j].Href == runs[i].Href {
			j++
		}
		if isLink {
			x.raw(`<a href="`)
			x.attr(href)
			x.raw(`">`)
		}
		// Runs that differ only in a language tag the chapter's own are
		// one: a page's lang="en" on some words of an English article.
		var prev book.Inline
		for k, run := range runs[i:j] {
			run.Lang = render.RunLang(run, r.c.lang)
			if k > 0 && run.Style == prev.Style && run.Lang == prev.Lang {
				prev.Text += run.Text
				continue
			}
			if k > 0 {
				r.run(prev)
			}
			prev = run
		}
		r.run(prev)
		if isLink {
			x.raw("</a>")
		}
		i = j
	}
}

func (r *blockWriter) run(run book.Inline) {
	x := r.x
	var open, close []string
	if run.Style&book.Bold != 0 {
		open, close = append(open, "<strong>"), append([]string{"</strong>"}, close...)
	}
	if run.Style&book.Italic != 0 {
		open, close = append(open, "<em>"), append([]string{"</em>"}, close...)
	}
	if run.Style&book.Mono != 0 {
		open, close = append(open, "<code>"), append([]string{"</code>"}, close...)
	}
	lang := render.RunLang(run, r.c.lang)
	if lang != "" {
		// the language the page gives the run, in place of the one its
		// characters would say
		open = append([]string{""}, open...)
		close = append(close, "</span>")
	}
	for k, s := range open {
		if k == 0 && lang != "" {
			x.raw("<span")
			x.langAttr(lang)
			x.raw(">")
			continue
		}
		x.raw(s)
	}
	if render.IsHant(lang) && r.bk.hantRunes != nil && x.runes != nil {
		// a Traditional run in a Simplified chapter: its characters go
		// to the Traditional face's subset, as the stylesheet sets it in
		// that face
		defer func(runes map[rune]bool) { x.runes = runes }(x.runes)
		x.runes = r.bk.hantRunes
	}
	if run.Style&book.Bold != 0 {
		x.inBold++
		defer func() { x.inBold-- }()
	}
	for k, line := range strings.Split(run.Text, "\n") {
		if k > 0 {
			x.raw("<br/>")
		}
		if run.Style&book.Mono != 0 || lang != "" {
			x.text(line)
			continue
		}
		r.tagged(line)
	}
	for _, s := range close {
		x.raw(s)
	}
}

// tagged writes text of the chapter, a stretch in another language than
// the chapter's in a span that says which (render.ForeignRuns).
func (r *blockWriter) tagged(s string) {
	x := r.x
	for _, lr := range render.ForeignRuns(s, r.c.script, r.c.zh) {
		if lr.Lang != "" {
			x.raw("<span")
			x.langAttr(lr.Lang)
			x.raw(">")
		}
		if r.bk.vertical {
			r.combined(lr.Text)
		} else {
			x.text(lr.Text)
		}
		if lr.Lang != "" {
			x.raw("</span>")
		}
	}
}

// combined writes text of a vertical chapter with each short number
// (cjk.Combines, as the PDF sets it) in a span set upright in one cell
// (text-combine-upright).
func (r *blockWriter) combined(s string) {
	x := r.x
	prev, from := rune(0), 0
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			c, size := utf8.DecodeRuneInString(s[i:])
			prev = c
			i += size
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		next, _ := utf8.DecodeRuneInString(s[j:])
		if j == len(s) {
			next = 0
		}
		if cjk.Combines(prev, next, j-i) {
			x.text(s[from:i])
			x.raw(`<span class="tcy">`)
			x.text(s[i:j])
			x.raw(`</span>`)
			from = j
		}
		prev = rune(s[j-1])
		i = j
	}
	x.text(s[from:])
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// linkHref returns the href to write for a link target, and false when the
// target must stay plain text: only web and mail addresses leave the book
// (relative links of the page would dangle, and javascript: or data: are
// not for readers to follow).
func linkHref(s string) (string, bool) {
	u, ok := render.LinkURL(s)
	if !ok {
		return "", false
	}
	return escapeURI(u.String()), true
}

// escapeURI percent-encodes what URL.String leaves alone but RFC 3986
// forbids (spaces, brackets and non-ASCII in the query, a stray %): such an
// href fails epubcheck and confuses readers.
func escapeURI(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		case c < 0x80 && c != '%' && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// navXHTML writes the EPUB 3 navigation document: chapters, each with its
// top-level headings, and landmarks.
func (bk *epubBook) navXHTML(hasCover bool) []byte {
	var x xmlBuf
	bk.xhtmlHead(&x, bk.title, bk.lang, "nav", "", "styles/book.css")
	x.raw("<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n<h1>")
	x.text(bk.title)
	x.raw("</h1>\n<ol>\n")
	for _, c := range bk.chapters {
		x.raw(`<li><a href="` + c.href + `"`)
		if c.lang != bk.lang {
			// The title of a chapter in another language is read in it.
			x.langAttr(c.lang)
		}
		x.raw(">")
		x.text(c.title)
		x.raw("</a>")
		if len(c.toc) > 0 {
			x.raw("\n<ol>\n")
			for _, e := range c.toc {
				x.raw(`<li><a href="` + c.href + "#" + e.id + `"`)
				if c.lang != bk.lang {
					x.langAttr(c.lang)
				}
				x.raw(">")
				x.text(e.text)
				x.raw("</a></li>\n")
			}
			x.raw("</ol>\n")
		}
		x.raw("</li>\n")
	}
	x.raw("</ol>\n</nav>\n")
	if len(bk.pageRefs) > 0 {
		x.raw("<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" hidden=\"hidden\">\n<ol>\n")
		for _, p := range bk.pageRefs {
			s := strconv.Itoa(p.n)
			x.raw(`<li><a href="` + p.href + `">` + s + "</a></li>\n")
		}
		x.raw("</ol>\n</nav>\n")
	}
	x.raw("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n")
	if hasCover {
		x.raw(`<li><a epub:type="cover" href="cover.xhtml">Cover</a></li>` + "\n")
	}
	x.raw(`<li><a epub:type="bodymatter" href="` + bk.chapters[0].href + `">`)
	x.text(bk.chapters[0].title)
	x.raw("</a></li>\n</ol>\n</nav>\n</body>\n</html>\n")
	return x.bytes()
}

// ncx writes the EPUB 2 table of contents, for older readers.
func (bk *epubBook) ncx() []byte {
	var x xmlBuf
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="`)
	x.attr(bk.lang)
	x.raw("\">\n<head>\n<meta name=\"dtb:uid\" content=\"")
	x.attr(bk.id)
	x.raw("\"/>\n<meta name=\"dtb:depth\" content=\"2\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>")
	x.text(bk.title)
	x.raw("</text></docTitle>\n<navMap>\n")
	order := 0
	point := func(label, src string) {
		order++
		fmt.Fprintf(&x.b, "<navPoint id=\"np%d\" playOrder=\"%d\"><navLabel><text>", order, order)
		x.text(label)
		x.raw(`</text></navLabel><content src="` + src + `"/>`)
	}
	for _, c := range bk.chapters {
		point(c.title, c.href)
		x.raw("\n")
		for _, e := range c.toc {
			point(e.text, c.href+"#"+e.id)
			x.raw("</navPoint>\n")
		}
		x.raw("</navPoint>\n")
	}
	x.raw("</navMap>\n</ncx>\n")
	return x.bytes()
}

// coverInfo gathers what the cover shows.
func (bk *epubBook) coverInfo() CoverInfo {
	first := bk.chapters[0]
	ci := CoverInfo{
		Title: bk.title,
		Site:  strings.TrimSpace(render.XMLSafe(first.a.SiteName)),
		Lang:  bk.lang,
		Body:  bk.body,
	}
	if ci.Site == "" {
		// Without a site name the source's host says where the article
		// is from (plain-text articles name only a URL).
		if u, err := url.Parse(first.a.SourceURL); err == nil {
			ci.Site = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	if !first.a.Published.IsZero() {
		ci.Date = render.FormatDate(first.a.Published, first.script)
	}
	return ci
}
