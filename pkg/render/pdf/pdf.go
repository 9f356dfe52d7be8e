// Package pdf typesets a book as a PDF: our own Chinese, Japanese and
// Latin layout (packages inline and page) drawn glyph by glyph and
// written with internal/pdfwrite.
package pdf

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// Options controls PDF output.
type Options struct {
	// PageSize is "A4" (default), "A5", "Letter" or "6x9" (inches).
	PageSize string
	// Font is the body face: "kai" (LXGW WenKai, the default) or "song"
	// (Noto Serif SC, a Song face with full-width quotes).
	Font string
	// HangingPunct lets ，。、． at a line end hang past the right margin
	// instead of squeezing or pushing a character down.
	HangingPunct bool
	// Vertical sets the book in columns, top to bottom and right to
	// left, bound on the right (see vertical.go).
	Vertical bool
	// Standard chooses the standards the PDF claims to meet (see
	// Standard); empty: every one that holds.
	Standard Standard
	// Pages, when set, is given the pages on which each chapter and each
	// of its blocks begin, as soon as the book is paginated: the EPUB of
	// the same conversion marks them.
	Pages func(*render.PageMap)
}

// Info describes a rendered PDF.
type Info struct {
	Pages    int
	Warnings []string // e.g. characters with no glyph
	// MissingGlyphs counts characters no embedded font has a glyph for;
	// 0 for ordinary Chinese, Japanese and English text.
	MissingGlyphs int
	// Standards are the standards the PDF claims to meet; StandardNotes
	// say why any other was left out.
	Standards, StandardNotes []string
}

// pageSizes are the page sizes PDF knows, in pt.
var pageSizes = map[string][2]float64{
	"A4":     {595.28, 841.89},
	"A5":     {419.53, 595.28},
	"LETTER": {612, 792},
	"6X9":    {432, 648},
}

// ValidPageSize reports whether PDF knows the page size name, in any case.
func ValidPageSize(name string) bool {
	_, ok := pageSizes[strings.ToUpper(name)]
	return ok
}

// pdfStyle holds every size, space and colour of the PDF, in one place
// (what is left inline is geometry: a wrap mark's strokes, a link's box,
// 96 dpi):
// sizes as multiples of the body size, spaces in body em. The EPUB's
// stylesheet (epub.css) says the same things for reading systems.
var pdfStyle = struct {
	body, bodySmall  float64 // body size in pt; on pages narrower than 500 pt
	lead             float64 // baseline to baseline, in em
	sideMargin       float64 // of the page width, each side
	topMargin        float64 // of the page height, top and bottom
	title, titleLead float64 // chapter title size; its line height in its em
	meta, metaLead   float64 // byline, site, date and source line
	header           float64 // running header and page numbers
	headings         [4]float64
	headingLead      float64
	paraSpaceLatin   float64 // between Latin paragraphs; CJK ones get none
	code, codeLead   float64
	caption          float64
	table            float64
	contentsTitle    float64
	contentsHead     float64
	ink, grey, link  [3]uint8
	// spaces, in body em: after a chapter's title, before the rule
	// under its head, and the rule's box, drop and width (pt)
	afterTitle, beforeHeadRule, headRuleBox, headRuleDrop, headRuleWidth float64
	// paragraph indents of Chinese and Japanese (clreq, jlreq), em
	indentZh, indentJa float64
	// block quotes: indent, the rule's offset, the space around
	quoteIndent, quoteBar, quoteSpace float64
	// a section break's box and its rule's drop
	breakBox, breakDrop float64
	// headings: space before and after
	beforeHeading, afterHeading float64
	// lists: indent, the least gap after a marker, the space after
	listIndent, markerGap, listSpace float64
	// code: padding, space before and after
	codePad, beforeCode, afterCode float64
	// figures and tables: space before, before a caption, after
	beforeFigure, captionGap, afterFigure, beforeTable, afterTable float64
	// the contents page: space after its title and heading, room for a
	// page number, between entries
	afterContentsTitle, afterContentsHead, pageNumber, contentsGap float64
	// colours: a code block's ground, a quote's rule, rules, the hook of
	// a wrapped code line, the frame of a missing picture, table cells'
	// borders and header ground; and the widths of those lines (pt)
	codeGround, quoteRule, ruleColor, hook, altFrame, cellBorder, headerCell [3]uint8
	quoteRuleWidth, hookWidth, altFrameWidth, cellBorderWidth                float64
	// sizes in the size of their text: code inside a paragraph, a
	// code line's wrap mark; line heights of captions, table cells and a
	// missing picture's text; a table cell's padding, a missing
	// picture's text's inset
	inlineCode, wrapMark, captionLead, cellLead, cellPad, altInset float64
	// the running head's baseline (of the top margin), the drop (em)
	// and width (pt) of its rule; the page number's baseline (of the
	// bottom margin)
	runningBase, runningRuleDrop, runningRuleWidth, folioBase float64
}{
	body: 10.5, bodySmall: 10, lead: 1.7,
	sideMargin: 0.12, topMargin: 0.1,
	title: 1.9, titleLead: 1.35,
	meta: 0.9, metaLead: 1.6,
	header:         0.8,
	headings:       [4]float64{1.6, 1.4, 1.2, 1.1},
	headingLead:    1.45,
	paraSpaceLatin: 0.5,
	code:           0.85, codeLead: 1.45,
	caption:       0.9,
	table:         0.9,
	contentsTitle: 2.2, contentsHead: 1.3,
	ink:  [3]uint8{0, 0, 0},
	grey: [3]uint8{110, 110, 110},
	link: [3]uint8{20, 60, 150},

	afterTitle: 0.6, beforeHeadRule: 0.5, headRuleBox: 1.5, headRuleDrop: 0.5, headRuleWidth: 0.6,
	indentZh: 2, indentJa: 1,
	quoteIndent: 2, quoteBar: 0.6, quoteSpace: 0.3,
	breakBox: 1.5, breakDrop: 0.75,
	beforeHeading: 0.8, afterHeading: 0.4,
	listIndent: 2, markerGap: 0.5, listSpace: 0.3,
	codePad: 0.6, beforeCode: 0.2, afterCode: 0.6,
	beforeFigure: 0.4, captionGap: 0.3, afterFigure: 0.6, beforeTable: 0.4, afterTable: 0.6,
	afterContentsTitle: 2, afterContentsHead: 0.5, pageNumber: 4, contentsGap: 0.4,

	codeGround:     [3]uint8{242, 242, 242},
	quoteRule:      [3]uint8{170, 170, 170},
	ruleColor:      [3]uint8{150, 150, 150},
	hook:           [3]uint8{120, 120, 120},
	altFrame:       [3]uint8{160, 160, 160},
	cellBorder:     [3]uint8{150, 150, 150},
	headerCell:     [3]uint8{235, 235, 235},
	quoteRuleWidth: 1.5, hookWidth: 0.5, altFrameWidth: 0.6, cellBorderWidth: 0.5,

	inlineCode: 0.9, wrapMark: 0.8, captionLead: 1.5, cellLead: 1.5, cellPad: 0.45, altInset: 0.6,
	runningBase: 0.62, runningRuleDrop: 0.6, runningRuleWidth: 0.4, folioBase: 0.45,
}

// pageGeometry is the page and its text block, in pt.
type pageGeometry struct {
	pageW, pageH float64
	left, width  float64 // text block; width is a whole number of body em
	top, bottom  float64 // y of the text block's top and bottom edges
	body         float64 // body type size
	lead         float64 // body baseline-to-baseline distance
	// vertical is set for a book in columns: the geometry is then that
	// of the page turned a quarter to the left, where columns are lines
	// (pageW is the real page's height, width the column's length, top
	// the right margin); the drawer turns it back (vertical.go).
	vertical bool
}

func newPageGeometry(name string) (pageGeometry, error) {
	return pageGeometryOf(name, false)
}

func pageGeometryOf(name string, vertical bool) (pageGeometry, error) {
	if name == "" {
		name = "A4"
	}
	sz, ok := pageSizes[strings.ToUpper(name)]
	if !ok {
		return pageGeometry{}, fmt.Errorf("pdf: unknown page size %q (want A4, A5, Letter or 6x9)", name)
	}
	realW := sz[0]
	if vertical {
		sz[0], sz[1] = sz[1], sz[0]
	}
	g := pageGeometry{pageW: sz[0], pageH: sz[1], body: pdfStyle.body, vertical: vertical}
	if realW < 500 {
		// 10.5 pt on a 6x9 or A5 page leaves under 30 characters a line
		g.body = pdfStyle.bodySmall
	}
	g.lead = pdfStyle.lead * g.body
	// Margins proportional to the page, then the measure rounded down to
	// whole em so that lines of plain Han characters end flush without
	// stretching.
	raw := g.pageW * (1 - 2*pdfStyle.sideMargin)
	g.width = float64(int(raw/g.body)) * g.body
	g.left = (g.pageW - g.width) / 2
	g.top = g.pageH * pdfStyle.topMargin
	g.bottom = g.pageH * (1 - pdfStyle.topMargin)
	return g, nil
}

// newLayout checks the options and returns the builder that lays the
// book out.
func newLayout(ctx context.Context, doc *render.Doc, opt Options) (*pdfBuilder, error) {
	if doc == nil {
		return nil, fmt.Errorf("pdf: nil book")
	}
	g, err := pageGeometryOf(opt.PageSize, opt.Vertical)
	if err != nil {
		return nil, err
	}
	if err := opt.Standard.Check(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	body, ok := face.ByName(opt.Font)
	if !ok {
		return nil, fmt.Errorf("pdf: unknown font %q (want %s)", opt.Font, strings.Join(face.Names, " or "))
	}
	if err := face.Load(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	bl := newPDFBuilder(g, doc.Book, opt, bodyFor(doc.Lang, body))
	bl.cjkBody = body
	bl.ctx = ctx
	return bl, nil
}

// bodyFor is the body face of text in language lang: Noto Serif for a
// language in an alphabet, an abjad or an abugida (with the script's Noto
// face), rather than a CJK face's Latin; else cjk, the face chosen.
func bodyFor(lang string, cjk face.ID) face.ID {
	if render.ScriptOf(lang) == render.Latin {
		return face.Serif
	}
	return cjk
}

// typeset lays the book out and draws it, handing emit each page's frame
// as soon as the page is done (the glyphs of its runs are the next page's
// once emit returns): a book of one chapter is paginated and
// drawn as it is laid out, block by block, and what a drawn page showed
// is let go, so that memory does not grow with the book. A book of
// several is drawn once laid out whole, since its contents page, drawn
// first, needs the page on which each chapter begins.
func typeset(ctx context.Context, doc *render.Doc, opt Options, emit func([]frame.Item), numberAhead func(func() []plannedGlyph)) (*pdfBuilder, *pager, error) {
	bl, err := newLayout(ctx, doc, opt)
	if err != nil {
		return nil, nil, err
	}
	bl.numberAhead = numberAhead
	b := doc.Book
	pg := newPager(bl, emit)
	if len(b.Chapters) == 1 {
		bl.flush = pg.flush
	}
	if err := bl.book(doc); err != nil {
		return nil, nil, fmt.Errorf("pdf: laying out %q: %w", b.Title, err)
	}
	if len(b.Chapters) > 1 {
		if err := bl.contents(b, render.ScriptOf(doc.Lang)); err != nil {
			return nil, nil, fmt.Errorf("pdf: contents of %q: %w", b.Title, err)
		}
	}
	if err := ctx.Err(); err != nil {
		// the line breaker stopped inside the last paragraph
		return nil, nil, fmt.Errorf("pdf: laying out %q: %w", b.Title, err)
	}
	if err := pg.flush(true); err != nil {
		return nil, nil, fmt.Errorf("pdf: drawing %q: %w", b.Title, err)
	}
	return bl, pg, nil
}

// flateLevel is the compression of every stream. Fonts are most of a
// book's bytes and most of the writing time: on the sample, level 9 gave
// 136,804 bytes and level 6 138,916 in about two thirds of the time. On a
// Chinese news page's 95 KB font, klauspost's level 7 saves 1.1 KB
// (1.6 %) over 6 for 0.23 ms more (1.41 to 1.64 ms), 8 and 9 another
// 80 and 120 bytes for 1.2 and 4 ms more.
const flateLevel = 7

// Write typesets the document's book to w as a PDF.
//
// The stages: the book is laid out into a vertical list of boxes (lines
// set by package inline, pictures, table rows, spaces) against font
// metrics parsed once per process; package page cuts the list into pages
// as it grows; each page is drawn into a frame as soon as it is done, and
// the frame written out as the page's content (typeset). Text is drawn by glyph ID (Type0 fonts, Identity-H),
// each font a subset of the glyphs drawn, numbered as they were first
// drawn, with a ToUnicode entry for every glyph. A line is drawn as runs
// of glyphs at computed positions inside one marked-content span whose
// /ActualText is the line's source text, so copying and text extraction
// give the article's characters with no space where the layout put a
// Han–Latin gap.
//
// Output depends on the input only: fixed dates, resources in order of
// first use.
func Write(w io.Writer, doc *render.Doc, opt Options) (Info, error) {
	return WriteContext(context.Background(), w, doc, opt)
}

// WriteContext is Write, stopped with ctx's error when ctx ends: layout
// checks it before every block. Pages are written as they are done, so a
// stopped or failed write leaves in w the start of a PDF, which the
// caller discards; one whose ctx has ended already writes nothing.
func WriteContext(ctx context.Context, w io.Writer, doc *render.Doc, opt Options) (Info, error) {
	if err := ctx.Err(); err != nil {
		return Info{}, fmt.Errorf("pdf: %w", err)
	}
	g, err := pageGeometryOf(opt.PageSize, opt.Vertical)
	if err != nil {
		return Info{}, err
	}
	out := w
	var bw *bufio.Writer
	if _, ok := w.(*bytes.Buffer); !ok {
		bw = bufio.NewWriterSize(w, 32<<10)
		out = bw
	}
	pw := pdfwrite.New(out, flateLevel)
	pd := newPDFDoc(pw, g.realW(), g.realH())
	pd.ctx = ctx
	defer func() {
		pd.waitPlan()
		pd.fonts.abort() // when the PDF is not finished
	}()
	bl, pg, err := typeset(ctx, doc, opt, pd.emitPage, pd.numberAhead)
	if err == nil {
		err = pd.err
	}
	if err != nil {
		return Info{}, err
	}
	if opt.Pages != nil {
		opt.Pages(pageMap(bl, pg, opt))
	}
	pd.tags.root = bl.root
	info := Info{Pages: pg.n, MissingGlyphs: bl.fonts.Missing, Warnings: bl.warnings}
	if bl.fonts.Missing > 0 {
		info.Warnings = append(info.Warnings, fmt.Sprintf("characters with no glyph in any embedded font: %d", bl.fonts.Missing))
	}
	if n := bl.fonts.Boxed(); n > 0 {
		info.Warnings = append(info.Warnings, fmt.Sprintf("ideographs drawn as their code point in a box, no font here having them: %d", n))
	}
	info.Standards, info.StandardNotes = conformance(opt.Standard, doc, bl.fonts.Missing, bl.noAlt, pd.cmyk)
	if err := pd.finish(ctx, doc, g.vertical, info.Standards); err != nil {
		return info, fmt.Errorf("pdf: writing PDF: %w", err)
	}
	if bw != nil {
		if err := bw.Flush(); err != nil {
			return info, fmt.Errorf("pdf: writing PDF: %w", err)
		}
	}
	return info, nil
}

// subject is the PDF's Subject: where the book comes from. One article
// names its site and URL; a book of several names each chapter's source
// once, in order, not only the first chapter's.
func subject(b *book.Book) string {
	var parts []string
	seen := map[string]bool{}
	for _, c := range b.Chapters {
		s := strings.TrimSpace(c.SiteName + " " + c.SourceURL)
		if len(b.Chapters) > 1 {
			s = c.SiteName
			if s == "" {
				if u, err := url.Parse(c.SourceURL); err == nil {
					s = u.Host
				}
			}
		}
		if s != "" && !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}
