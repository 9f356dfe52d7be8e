package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/bookify/article2book/pkg/article"
)

// PDFOptions controls PDF output.
type PDFOptions struct {
	// PageSize is "A4" (default), "A5", "Letter" or "6x9" (inches).
	PageSize string
}

// PDFInfo describes a rendered PDF.
type PDFInfo struct {
	Pages    int
	Warnings []string // e.g. characters with no glyph, replaced
	// MissingGlyphs counts characters no embedded font has a glyph for;
	// 0 for ordinary Chinese, Japanese and English text.
	MissingGlyphs int
}

// pageGeometry is the page and its text block, in pt.
type pageGeometry struct {
	pageW, pageH float64
	left, width  float64 // text block; width is a whole number of body em
	top, bottom  float64 // y of the text block's top and bottom edges
	body         float64 // body type size
	lead         float64 // body baseline-to-baseline distance
}

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

func newPageGeometry(name string) (pageGeometry, error) {
	if name == "" {
		name = "A4"
	}
	sz, ok := pageSizes[strings.ToUpper(name)]
	if !ok {
		return pageGeometry{}, fmt.Errorf("render: unknown page size %q (want A4, A5, Letter or 6x9)", name)
	}
	g := pageGeometry{pageW: sz[0], pageH: sz[1], body: 10.5}
	if g.pageW < 500 {
		// 10.5 pt on a 6x9 or A5 page leaves under 30 characters a line
		g.body = 10
	}
	g.lead = 1.7 * g.body
	// Margins proportional to the page: 12% at each side, 10% top and
	// bottom; then the measure is rounded down to whole em so that lines
	// of plain Han characters end flush without stretching.
	raw := g.pageW * (1 - 2*0.12)
	g.width = float64(int(raw/g.body)) * g.body
	g.left = (g.pageW - g.width) / 2
	g.top = g.pageH * 0.1
	g.bottom = g.pageH * 0.9
	return g, nil
}

// PDF writes b to w as a PDF.
//
// Layout happens first, against font metrics parsed once per process (see
// layout.go): it yields a vertical list of lines, pictures, table rows and
// spaces, and tells which characters each face draws. Only then is the
// fpdf document made, with a subset of each face that is used, and the list
// is cut into pages, keeping headings with what follows and at least two
// lines of a paragraph on either side of a page break. Text is placed run
// by run with Text at computed positions; fpdf's MultiCell and Write drop
// characters at CJK line breaks and cannot justify CJK text.
//
// Body text is 10.5 pt (10 pt on A5 and 6x9) with 1.7 em from baseline to
// baseline, on a measure of a whole number of em centred on the page.
// Output depends on the input only: fixed dates, sorted resources.
func PDF(w io.Writer, b *article.Book, opt PDFOptions) (PDFInfo, error) {
	if b == nil {
		return PDFInfo{}, fmt.Errorf("render: nil book")
	}
	g, err := newPageGeometry(opt.PageSize)
	if err != nil {
		return PDFInfo{}, err
	}
	bl := newPDFBuilder(g, b)
	lang, langs := bookLangs(b)
	if err := bl.book(b, langs); err != nil {
		return PDFInfo{}, fmt.Errorf("render: laying out %q: %w", b.Title, err)
	}
	if len(b.Chapters) > 1 {
		if err := bl.contents(b, scriptClass(lang)); err != nil {
			return PDFInfo{}, fmt.Errorf("render: contents of %q: %w", b.Title, err)
		}
	}
	pdf, err := newFpdf(g, b, lang, &bl.sh)
	if err != nil {
		return PDFInfo{}, err
	}
	d := &drawer{pdf: pdf, g: g, header: bl.header, bl: bl}
	d.paginate(bl.items)
	info := PDFInfo{Pages: pdf.PageNo(), MissingGlyphs: bl.sh.missing, Warnings: append(bl.sh.warnings(), bl.warnings...)}
	if err := pdf.Output(w); err != nil {
		return info, fmt.Errorf("render: writing PDF: %w", err)
	}
	return info, nil
}

func newFpdf(g pageGeometry, b *article.Book, lang string, sh *shaper) (*fpdf.Fpdf, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: g.pageW, Ht: g.pageH},
	})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(g.left, g.top, g.pageW-g.left-g.width)
	// Determinism: fixed dates and sorted resource dictionaries.
	date := fixedDate
	if len(b.Chapters) > 0 && !b.Chapters[0].Published.IsZero() {
		date = b.Chapters[0].Published.UTC()
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(b.Title, true)
	pdf.SetAuthor(strings.Join(b.Authors(), ", "), true)
	if len(b.Chapters) > 0 {
		c := b.Chapters[0]
		subject := c.SiteName
		if c.SourceURL != "" {
			subject = strings.TrimSpace(subject + " " + c.SourceURL)
		}
		pdf.SetSubject(subject, true)
	}
	pdf.SetCreator("article2book", true)
	pdf.SetProducer("article2book (go-pdf/fpdf)", true)
	pdf.SetLang(lang)
	for id := fontID(0); id < numFonts; id++ {
		if !sh.used[id] && id != fRegular {
			continue // fpdf embeds every font added, used or not
		}
		runes := make([]rune, 0, len(sh.runes[id])+10)
		for r := range sh.runes[id] {
			runes = append(runes, r)
		}
		if id == fRegular {
			runes = append(runes, []rune("0123456789")...) // page numbers
		}
		m := fontTab[id]
		sub, err := m.subsetTTF(runes)
		if err != nil {
			return nil, fmt.Errorf("render: subsetting %s: %w", m.family, err)
		}
		pdf.AddUTF8FontFromBytes(m.family, "", sub)
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render: adding fonts: %w", err)
	}
	return pdf, nil
}

// vitem is one entry of the vertical list the paginator fills pages from:
// a line of text, a picture, a table row or a space.
type vitem struct {
	h       float64
	draw    func(d *drawer, top float64)
	keep    bool    // no page break between this item and the next
	glue    bool    // vertical space: dropped at the top of a page
	newPage bool    // start a new page before this item
	header  []vitem // table header rows to repeat on a new page
	outline string  // bookmark title, drawn at this item
	level   int     // bookmark level
	// chapterStart marks the first item of a chapter.
	chapterStart bool
	bars         []float64
	shade        *[2]float64 // x and width of a grey background (code)
}

// pdfBuilder lays out the book into a vertical list.
type pdfBuilder struct {
	g        pageGeometry
	sh       shaper
	items    []vitem
	header   []glyph // running header text (book title)
	script   script  // of the chapter being laid out
	multi    bool
	marker   []textSpan // list marker waiting for the next line
	warnings []string
	nimg     int
	minLevel int // smallest heading level of the chapter: outline level 0
	depth    int // list nesting
}

func newPDFBuilder(g pageGeometry, b *article.Book) *pdfBuilder {
	return &pdfBuilder{g: g, multi: len(b.Chapters) > 1}
}

// pdfFrame is the horizontal extent blocks are set in.
type pdfFrame struct {
	x, w float64
	bars []float64 // x of block-quote rules
}

// Colours.
var (
	inkBlack = [3]int{0, 0, 0}
	inkGrey  = [3]int{110, 110, 110}
	inkBlue  = [3]int{20, 60, 150}
)

func (b *pdfBuilder) st(font fontID, size float64) *runStyle {
	return &runStyle{font: font, size: size, color: inkBlack}
}

// book lays out bk, whose chapters are in the languages langs.
func (b *pdfBuilder) book(bk *article.Book, langs []string) error {
	title := bk.Title
	if title == "" && len(bk.Chapters) > 0 {
		title = bk.Chapters[0].Title
	}
	hg, err := b.sh.shape([]textSpan{{title, &runStyle{font: fRegular, size: b.g.body * 0.8, color: inkGrey}}})
	if err != nil {
		return err
	}
	b.header = b.truncate(hg, b.g.width)
	for i, c := range bk.Chapters {
		b.script = scriptClass(langs[i])
		if err := b.chapter(c, i > 0); err != nil {
			return fmt.Errorf("chapter %d: %w", i+1, err)
		}
	}
	return nil
}

// truncate shortens a running header to fit width, ending it with an
// ellipsis at a place where a line may end.
func (b *pdfBuilder) truncate(gs []glyph, width float64) []glyph {
	if glyphsWidth(gs) <= width {
		return gs
	}
	ell, err := b.sh.shape([]textSpan{{"…", gs[0].st}})
	if err != nil || len(ell) == 0 {
		return gs
	}
	room := width - glyphsWidth(ell)
	n := 0
	for w := 0.0; n < len(gs) && w+gs[n].w <= room; n++ {
		w += gs[n].w
	}
	for n > 0 && (gs[n-1].space || noEnd(gs[n-1].r)) {
		n--
	}
	return append(gs[:n:n], ell...)
}

func (b *pdfBuilder) chapter(c *article.Article, newPage bool) error {
	full := pdfFrame{x: b.g.left, w: b.g.width}
	body := b.g.body
	start := len(b.items)
	// Title block.
	ts := b.st(fBold, body*1.9)
	if err := b.text([]textSpan{{c.Title, ts}}, full, ts.size*1.35, paraLayout{em: ts.size}, true); err != nil {
		return err
	}
	if start < len(b.items) {
		b.items[start].newPage = newPage
		b.items[start].outline = plainOutline(c.Title)
		b.items[start].level = 0
		b.items[start].chapterStart = true
	}
	b.space(body*0.6, true)
	var meta []string
	for _, s := range []string{c.Byline, c.SiteName, formatDate(c.Published, b.script)} {
		if s = strings.TrimSpace(s); s != "" {
			meta = append(meta, s)
		}
	}
	small := &runStyle{font: fRegular, size: body * 0.9, color: inkGrey}
	if len(meta) > 0 {
		if err := b.text([]textSpan{{strings.Join(meta, " · "), small}}, full, small.size*1.6, paraLayout{em: small.size}, true); err != nil {
			return err
		}
	}
	if c.SourceURL != "" {
		link := &runStyle{font: fRegular, size: body * 0.9, color: inkBlue, href: c.SourceURL}
		if err := b.text([]textSpan{{c.SourceURL, link}}, full, link.size*1.6, paraLayout{em: link.size}, true); err != nil {
			return err
		}
	}
	b.space(body*0.5, true)
	b.items = append(b.items, vitem{h: body * 1.5, keep: true, draw: func(d *drawer, top float64) {
		d.rule(b.g.left, top+body*0.5, b.g.width, 0.6)
	}})
	b.space(body, false)
	minLevel := 6
	article.Walk(c.Blocks, func(blk article.Block) {
		if h, ok := blk.(*article.Heading); ok {
			minLevel = min(minLevel, h.Level)
		}
	})
	b.minLevel = minLevel
	return b.blocks(c.Blocks, full)
}

func plainOutline(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// space appends vertical glue.
func (b *pdfBuilder) space(h float64, keep bool) {
	b.items = append(b.items, vitem{h: h, glue: true, keep: keep})
}

// spans converts inline runs to spans in the body style.
func (b *pdfBuilder) spans(runs []article.Inline, base fontID, size float64) []textSpan {
	out := make([]textSpan, 0, len(runs))
	for _, r := range runs {
		st := &runStyle{font: base, size: size, color: inkBlack, href: r.Href}
		if r.Style&article.Bold != 0 {
			st.font = fBold
		}
		if r.Style&article.Italic != 0 {
			st.italic = true
		}
		if r.Style&article.Mono != 0 {
			st.font = fMono
			st.size = size * 0.9
		}
		if r.Href != "" {
			st.color = inkBlue
		}
		out = append(out, textSpan{r.Text, st})
	}
	return out
}

// text lays out spans as lines in fr and appends them; keepAll keeps all
// the lines together (titles, headings), otherwise at least two lines stay
// together at each end of a page break (no widows or orphans).
func (b *pdfBuilder) text(spans []textSpan, fr pdfFrame, lineH float64, pl paraLayout, keepAll bool) error {
	gs, err := b.sh.shape(spans)
	if err != nil {
		return err
	}
	pl.width = fr.w
	lines := layoutLines(gs, pl)
	marker := b.takeMarker()
	if len(lines) == 0 && marker != nil {
		lines = []setLine{{}}
	}
	n := len(lines)
	for i, ln := range lines {
		it := vitem{h: lineH, bars: fr.bars}
		it.keep = keepAll && i < n-1 || i == 0 && n > 1 || i == n-2
		x := fr.x
		var mk []glyph
		if i == 0 {
			mk = marker
		}
		it.draw = func(d *drawer, top float64) {
			base := top + lineH/2 + 0.34*pl.em
			d.drawLine(ln, x+ln.indent, base)
			if mk != nil {
				d.glyphs(mk, x-glyphsWidth(mk)-pl.em*0.5, base)
			}
		}
		b.items = append(b.items, it)
	}
	return nil
}

func glyphsWidth(gs []glyph) float64 {
	w := 0.0
	for _, g := range gs {
		w += g.w
	}
	return w
}

// takeMarker returns the list marker pending for the next line, shaped.
func (b *pdfBuilder) takeMarker() []glyph {
	if b.marker == nil {
		return nil
	}
	gs, _ := b.sh.shape(b.marker)
	b.marker = nil
	return gs
}

// blocks lays out bs in fr.
func (b *pdfBuilder) blocks(bs []article.Block, fr pdfFrame) error {
	for _, blk := range bs {
		if err := b.block(blk, fr); err != nil {
			return err
		}
	}
	return nil
}

func (b *pdfBuilder) block(blk article.Block, fr pdfFrame) error {
	body := b.g.body
	switch x := blk.(type) {
	case *article.Paragraph:
		pl := paraLayout{em: body, justify: true}
		// Chinese indents paragraphs by two em, Japanese by one; other
		// languages separate them by space instead.
		if (b.script == scriptZh || b.script == scriptJa) && b.marker == nil {
			pl.indent = 2 * body
			if b.script == scriptJa {
				pl.indent = body
			}
		}
		if err := b.text(b.spans(x.Content, fRegular, body), fr, b.g.lead, pl, false); err != nil {
			return err
		}
		b.space(body*0.5, false)
	case *article.Heading:
		return b.heading(x, fr)
	case *article.List:
		return b.list(x, fr)
	case *article.Quote:
		// A whole number of em keeps the inner measure whole too.
		inner := pdfFrame{x: fr.x + 2*body, w: fr.w - 2*body, bars: append(slices.Clone(fr.bars), fr.x+0.6*body)}
		if err := b.blocks(x.Blocks, inner); err != nil {
			return err
		}
		if n := len(b.items); n > 0 && b.items[n-1].glue {
			b.items[n-1].bars = fr.bars // the rule ends with the text
		}
	case *article.Code:
		return b.code(x, fr)
	case *article.Rule:
		b.items = append(b.items, vitem{h: body * 1.5, bars: fr.bars, draw: func(d *drawer, top float64) {
			d.rule(fr.x+fr.w/4, top+body*0.75, fr.w/2, 0.6)
		}})
	case *article.Image:
		return b.image(x, fr)
	case *article.Table:
		return b.table(x, fr)
	case nil:
	default:
		return fmt.Errorf("unknown block %T", blk)
	}
	return nil
}

// headingScale is the size of a heading relative to the body, by its
// level below the chapter's highest; deeper headings are body size.
var headingScale = [...]float64{1.6, 1.4, 1.2, 1.1}

func (b *pdfBuilder) heading(h *article.Heading, fr pdfFrame) error {
	body := b.g.body
	size := body
	if k := h.Level - b.minLevel; k >= 0 && k < len(headingScale) {
		size = body * headingScale[k]
	}
	b.space(body*0.8, false)
	start := len(b.items)
	if err := b.text(b.spans(h.Content, fBold, size), fr, size*1.45, paraLayout{em: size}, true); err != nil {
		return err
	}
	if start == len(b.items) {
		return nil
	}
	level := h.Level - b.minLevel
	if b.multi {
		level++
	}
	b.items[start].outline = plainOutline(article.PlainText(h.Content))
	b.items[start].level = level
	b.items[len(b.items)-1].keep = true
	b.space(body*0.4, true)
	return nil
}
