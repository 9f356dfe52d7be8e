// Package epub writes a book as an EPUB 3 that passes epubcheck, with a
// generated cover and, on request, the font subsets its characters need.
package epub

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"

	"github.com/bookify/article2book/internal/freelist"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// Options controls EPUB output.
type Options struct {
	// EmbedFont embeds subsets of the fonts holding only the characters
	// the book uses (the body face, and the fallbacks that draw what it
	// lacks: emoji, rare characters), for readers without CJK fonts.
	EmbedFont bool
	// Font is the body face embedded: "kai" (LXGW WenKai, the default) or
	// "song" (Noto Serif SC).
	Font string
	// NoCover leaves out the generated cover image and page.
	NoCover bool
	// Vertical sets the chapters in columns, right to left (CSS
	// writing-mode vertical-rl), and the pages right to left.
	Vertical bool
	// Pages, when set, are the pages of the PDF edition made in the same
	// conversion: the chapters mark where each begins, and a page list
	// leads to them.
	Pages *render.PageMap
	// AwaitPages, when set and Pages is not, gives the pages of a PDF
	// edition being made at the same time; it is called once the
	// chapters are written, so that the EPUB is made alongside the PDF,
	// and may return nil (no PDF after all).
	AwaitPages func() *render.PageMap
}

// Info describes a rendered EPUB.
type Info struct {
	Warnings []string
	// Lang is the language written as dc:language, after the Chinese
	// script was decided from the text.
	Lang string
	// FontBytes is the size of the embedded font subsets, 0 when none.
	FontBytes int
	// Images counts the pictures stored in the book (the cover excluded).
	Images int
}

// zipTime is the modification time of every zip entry, so that the same
// book always gives the same bytes.
var zipTime = render.FixedDate

// A manifestItem is one resource of the package, in manifest order.
type manifestItem struct {
	id, href, mediaType, properties string
	data                            []byte
	spine                           bool // a content document read in order
	// deflated, when set, gives data deflated as the archive would
	// deflate it, made ahead of the archive.
	deflated func() ([]byte, error)
}

// EPUB writes b to w as an EPUB 3 book that passes epubcheck. The layout:
// mimetype, META-INF/container.xml, then under OEBPS/ the package document
// content.opf, the stylesheet, the cover (images/cover.svg and cover.xhtml,
// first in the spine), nav.xhtml and toc.ncx, one text/chNNN.xhtml per
// chapter, the article images as images/imgNNN.ext and, with EmbedFont,
// the font subset. Content documents sort by name in spine order and appear
// in the archive in that order. The same book gives the same bytes.
//
// In a chapter the article title is h1 and the article's headings follow
// from h2, each at most one level deeper than the one before (levels the
// page skipped are closed up), h6 at most. Links go out only to http, https and mailto
// addresses; other link targets leave their text as plain text.
func Write(w io.Writer, doc *render.Doc, opt Options) (Info, error) {
	return WriteContext(context.Background(), w, doc, opt)
}

// WriteContext is Write, stopped with ctx's error when ctx ends: it is
// checked before every chapter, before the font subsets and before each
// file of the archive is written.
func WriteContext(ctx context.Context, w io.Writer, doc *render.Doc, opt Options) (Info, error) {
	var info Info
	if doc == nil || len(doc.Book.Chapters) == 0 {
		return info, fmt.Errorf("epub: book has no chapters")
	}
	bk := newEPUBBook(doc)
	bk.vertical, bk.embed = opt.Vertical, opt.EmbedFont
	// The body face as the PDF chooses it: the -font face, or Noto Serif
	// for a book in an alphabet, an abjad or an abugida.
	var ok bool
	if bk.body, ok = face.ByName(opt.Font); !ok {
		return info, fmt.Errorf("epub: unknown font %q (want %s)", opt.Font, strings.Join(face.Names, " or "))
	}
	if render.ScriptOf(doc.Lang) == render.Latin {
		bk.body = face.Serif
	}
	bk.setHant()
	bk.setLatin()
	bk.setPages(opt.Pages)
	bk.awaiting = opt.Pages == nil && opt.AwaitPages != nil
	info.Lang = bk.lang

	items, spine, err := bk.documents(ctx, opt)
	if err != nil {
		return info, err
	}
	info.Images = len(bk.images)
	if opt.EmbedFont {
		if items, err = bk.embedFonts(ctx, items, opt, &info); err != nil {
			return info, err
		}
	}
	info.Warnings = append(info.Warnings, bk.warnings...)

	opf := bk.packageDocument(items, spine)
	if err := writeEPUBZip(ctx, w, opf, items); err != nil {
		return info, fmt.Errorf("epub: %w", err)
	}
	return info, nil
}

// documents returns the book's files: the stylesheet first (embedFonts
// rewrites it), the cover, the navigation, the chapters and the
// pictures; and the spine, in reading order. The cover, which outlines
// its glyphs from the fonts, and the stylesheet's deflate, when no
// subset will rewrite it, are made on goroutines of their own while the
// chapters are written: in a process that converts one book they are
// most of its EPUB's time.
func (bk *epubBook) documents(ctx context.Context, opt Options) (items, spine []manifestItem, err error) {
	css := manifestItem{id: "css", href: "styles/book.css", mediaType: "text/css", data: []byte(epubCSS(bk.body, nil, opt.Vertical, bk.hantRunes != nil, bk.hasRTL()))}
	if !opt.EmbedFont {
		css.deflated = deflateAhead(css.data)
	}
	items = append(items, css)
	var cover func() ([]byte, error)
	if !opt.NoCover {
		ci := bk.coverInfo() // here: the chapters below add to bk
		cover = ahead(func() ([]byte, error) { return Cover(ci) })
		// Waited for on every return, so that no goroutine outlives the
		// call.
		defer cover()
	}
	var chapters []manifestItem
	for i, c := range bk.chapters {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		doc := bk.chapterXHTML(i, c)
		it := manifestItem{id: strings.TrimSuffix(path.Base(c.href), ".xhtml"), href: c.href, mediaType: "application/xhtml+xml", data: doc, spine: true}
		chapters = append(chapters, it)
	}
	if cover != nil {
		svg, err := cover()
		if err != nil {
			return nil, nil, fmt.Errorf("epub: cover: %w", err)
		}
		items = append(items, manifestItem{id: "cover-image", href: "images/cover.svg", mediaType: "image/svg+xml", properties: "cover-image", data: svg})
		page := manifestItem{id: "cover", href: "cover.xhtml", mediaType: "application/xhtml+xml", data: bk.coverXHTML(), spine: true}
		items = append(items, page)
		spine = append(spine, page)
	}
	spine = append(spine, chapters...)
	if bk.awaiting {
		bk.awaiting = false
		bk.setPages(opt.AwaitPages())
		for k := range chapters {
			chapters[k].data = bk.markPages(bk.chapters[k], chapters[k].data)
		}
	}
	// The navigation documents are written after the chapters because
	// their entries come from the chapters' headings.
	items = append(items,
		manifestItem{id: "nav", href: "nav.xhtml", mediaType: "application/xhtml+xml", properties: "nav", data: bk.navXHTML(!opt.NoCover)},
		manifestItem{id: "ncx", href: "toc.ncx", mediaType: "application/x-dtbncx+xml", data: bk.ncx()},
	)
	items = append(items, chapters...)
	for _, img := range bk.images {
		items = append(items, manifestItem{id: img.id, href: img.href, mediaType: img.mediaType, data: img.data})
	}
	return items, spine, nil
}

// ahead runs f on a goroutine of its own and returns a function that
// waits for f's result, as often as asked.
func ahead(f func() ([]byte, error)) func() ([]byte, error) {
	var b []byte
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		b, err = f()
	}()
	return func() ([]byte, error) {
		<-done
		return b, err
	}
}

// setPages takes the pages of the PDF edition, nil for none.
func (bk *epubBook) setPages(m *render.PageMap) {
	if m != nil {
		bk.pages, bk.breaks = m, m.Breaks()
		bk.a11y.pageSource = m.Edition
	}
}

// embedFonts adds to items the subsets of the faces the book's
// characters use, and names them in the stylesheet, items[0].
func (bk *epubBook) embedFonts(ctx context.Context, items []manifestItem, opt Options, info *Info) ([]manifestItem, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	faces, missing, err := embedFaces(bk.runes, bk.hantRunes, bk.latinRunes, bk.boldRunes, bk.body, opt.Vertical)
	if err != nil {
		return nil, fmt.Errorf("epub: %w", err)
	}
	if len(missing) > 0 {
		bk.warnings = append(bk.warnings, fmt.Sprintf("embedded fonts lack %d characters (%s); readers draw them with another font", len(missing), sampleRunes(missing, 10)))
	}
	for i, f := range faces {
		items = append(items, manifestItem{id: fmt.Sprintf("font%d", i+1), href: "fonts/" + f.file, mediaType: "font/ttf", data: f.data})
		info.FontBytes += len(f.data)
	}
	items[0].data = []byte(epubCSS(bk.body, faces, opt.Vertical, bk.hantRunes != nil, bk.hasRTL()))
	items[0].deflated = deflateAhead(items[0].data)
	return items, nil
}

// sampleRunes lists the first n of rs, for a message.
func sampleRunes(rs []rune, n int) string {
	var parts []string
	for i, r := range rs {
		if i == n {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%U %c", r, r))
	}
	return strings.Join(parts, ", ")
}

// writeEPUBZip writes the container. Entries come in a fixed order: the
// mimetype first (OCF requires it), then the package document and the
// resources in manifest order, which puts the content documents in spine
// order too (internal/verify.EPUBText reads them in archive order). It
// stops with ctx's error, checked before each entry, when ctx ends.
func writeEPUBZip(ctx context.Context, w io.Writer, opf []byte, items []manifestItem) error {
	zw := zip.NewWriter(w)
	if err := writeMimetype(zw); err != nil {
		return err
	}
	z := &epubZip{ctx: ctx, zw: zw, writers: map[int]*flate.Writer{}}
	defer z.release()
	if err := z.add("META-INF/container.xml", []byte(containerXML), nil); err != nil {
		return err
	}
	if err := z.add("OEBPS/content.opf", opf, nil); err != nil {
		return err
	}
	for _, it := range items {
		if err := z.add("OEBPS/"+it.href, it.data, it.deflated); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// writeMimetype writes the mimetype entry, which must be stored, with no
// extra field and no data descriptor, so that readers can sniff it at a
// fixed offset: CreateRaw is the only way to get that from archive/zip.
func writeMimetype(zw *zip.Writer) error {
	mt := []byte("application/epub+zip")
	hdr := &zip.FileHeader{
		Name:               "mimetype",
		Method:             zip.Store,
		CRC32:              crc32.ChecksumIEEE(mt),
		CompressedSize64:   uint64(len(mt)),
		UncompressedSize64: uint64(len(mt)),
	}
	setZipTime(hdr)
	fw, err := zw.CreateRaw(hdr)
	if err != nil {
		return fmt.Errorf("zip mimetype: %w", err)
	}
	if _, err := fw.Write(mt); err != nil {
		return fmt.Errorf("zip mimetype: %w", err)
	}
	return nil
}

// epubZip adds an EPUB's files to its archive, each compressed at its
// own level. It keeps one compressor per level, reset for each file and
// handed back for the next book (release): a flate.Writer holds about a
// megabyte of state.
type epubZip struct {
	ctx     context.Context
	zw      *zip.Writer
	writers map[int]*flate.Writer
	buf     bytes.Buffer
}

func (z *epubZip) release() {
	for level, fw := range z.writers {
		deflaters[level].Put(fw)
	}
}

// add writes file name, data, deflating it unless deflated (when set)
// gives its deflated bytes.
func (z *epubZip) add(name string, data []byte, deflated func() ([]byte, error)) error {
	if err := z.ctx.Err(); err != nil {
		return err
	}
	h := &zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		CRC32:              crc32.ChecksumIEEE(data),
		UncompressedSize64: uint64(len(data)),
	}
	setZipTime(h)
	body := data
	if isCompressed(name) {
		h.Method = zip.Store
	} else if deflated != nil {
		var err error
		if body, err = deflated(); err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
	} else {
		// Compressing here rather than through zw picks the level per
		// file: the font subset, most of the bytes, deflates in 7 ms at
		// level 4 against 19 ms at the default, for 3% more size.
		level := flate.DefaultCompression
		if strings.HasSuffix(name, ".ttf") {
			level = fontLevel
		}
		var err error
		if body, err = z.deflate(level, data); err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
	}
	h.CompressedSize64 = uint64(len(body))
	fw, err := z.zw.CreateRaw(h)
	if err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	if _, err := fw.Write(body); err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	return nil
}

// deflate compresses data at level into z's buffer, valid until the
// next call.
func (z *epubZip) deflate(level int, data []byte) ([]byte, error) {
	z.buf.Reset()
	z.buf.Grow(len(data) / 2) // what text and fonts come to, about
	fw := z.writers[level]
	if fw == nil {
		fw, _ = deflaters[level].Get()
	}
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(&z.buf, level); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(&z.buf)
	}
	z.writers[level] = fw
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return z.buf.Bytes(), nil
}

// The stylesheet (41 KB) is one of a few, by body face, writing mode and
// scripts, and its deflate took a fifth of the sample's zip: each is
// deflated once in a process that converts many books (-serve, a warm
// Lambda) and kept, by content, up to maxStylesheets of them.
const maxStylesheets = 64

var (
	stylesheets    sync.Map // text -> deflated bytes
	numStylesheets atomic.Int64
)

// deflateAhead returns a function giving the stylesheet data deflated
// as add would deflate it: kept from an earlier book, or made now on a
// goroutine of its own, and kept.
func deflateAhead(data []byte) func() ([]byte, error) {
	if b, ok := stylesheets.Load(string(data)); ok {
		return func() ([]byte, error) { return b.([]byte), nil }
	}
	return ahead(func() ([]byte, error) {
		z := &epubZip{writers: map[int]*flate.Writer{}}
		defer z.release()
		b, err := z.deflate(flate.DefaultCompression, data)
		if err != nil {
			return nil, err
		}
		b = bytes.Clone(b)
		if numStylesheets.Add(1) <= maxStylesheets {
			stylesheets.Store(string(data), b)
		}
		return b, nil
	})
}

// fontLevel is the deflate level of the font subset (see add).
const fontLevel = 4

// deflaters keeps the compressors of writeEPUBZip between books, by level.
var deflaters = map[int]*freelist.List[*flate.Writer]{flate.DefaultCompression: freelist.New[*flate.Writer](2), fontLevel: freelist.New[*flate.Writer](2)}

// setZipTime sets the MS-DOS time fields directly: setting Modified would
// add an extended-timestamp extra field, which OCF forbids on the mimetype
// entry.
func setZipTime(h *zip.FileHeader) {
	t := zipTime
	h.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	h.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
}

// isCompressed reports whether deflating the file would be wasted work.
func isCompressed(name string) bool {
	for _, ext := range []string{".png", ".jpg", ".jpeg", ".gif"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

// packageDocument writes OEBPS/content.opf.
func (bk *epubBook) packageDocument(items, spine []manifestItem) []byte {
	var x xmlBuf
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="`)
	x.attr(bk.lang)
	x.raw(`">` + "\n")
	bk.metadata(&x, items)
	x.raw("</metadata>\n<manifest>\n")
	for _, it := range items {
		x.raw(`<item id="` + it.id + `" href="`)
		x.attr(it.href)
		x.raw(`" media-type="` + it.mediaType + `"`)
		if it.properties != "" {
			x.raw(` properties="` + it.properties + `"`)
		}
		x.raw("/>\n")
	}
	if bk.vertical || render.RTL(bk.lang) {
		// Pages turn right to left, as the columns or the lines run.
		x.raw("</manifest>\n<spine toc=\"ncx\" page-progression-direction=\"rtl\">\n")
	} else {
		x.raw("</manifest>\n<spine toc=\"ncx\">\n")
	}
	for _, it := range spine {
		x.raw(`<itemref idref="` + it.id + `"/>` + "\n")
	}
	x.raw("</spine>\n</package>\n")
	return x.bytes()
}

// metadata writes the package's metadata, up to its end tag: the Dublin
// Core of the book and its first chapter, the dates, accessibility, the
// cover and the writing mode.
func (bk *epubBook) metadata(x *xmlBuf, items []manifestItem) {
	x.raw(`<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	x.raw(`<dc:identifier id="bookid">`)
	x.text(bk.id)
	x.raw("</dc:identifier>\n<dc:title>")
	x.text(bk.title)
	x.raw("</dc:title>\n<dc:language>")
	x.text(bk.lang)
	x.raw("</dc:language>\n")
	for _, a := range bk.src.Authors() {
		if a = render.XMLSafe(a); strings.TrimSpace(a) == "" {
			continue
		}
		x.raw("<dc:creator>")
		x.text(a)
		x.raw("</dc:creator>\n")
	}
	first := bk.src.Chapters[0]
	if src := render.XMLSafe(first.SourceURL); strings.TrimSpace(src) != "" {
		x.raw("<dc:source>")
		x.text(src)
		x.raw("</dc:source>\n")
	}
	if bk.pages != nil {
		// The page break markers' source (EPUB Accessibility 1.1, page
		// source): dc:source refined as the source of the pagination,
		// which EPUB 3.0.1 defines and epubcheck 4 knows (it does not
		// know 3.3's pageBreakSource).
		x.raw(`<dc:source id="page-source">`)
		x.text(bk.title + " — " + bk.pages.Edition)
		x.raw("</dc:source>\n")
		x.raw(`<meta refines="#page-source" property="source-of">pagination</meta>` + "\n")
	}
	if site := render.XMLSafe(first.SiteName); strings.TrimSpace(site) != "" {
		x.raw("<dc:publisher>")
		x.text(site)
		x.raw("</dc:publisher>\n")
	}
	modified := bk.date
	if !first.Published.IsZero() {
		x.raw("<dc:date>")
		x.text(modified.Format("2006-01-02T15:04:05Z"))
		x.raw("</dc:date>\n")
	}
	x.raw(`<meta property="dcterms:modified">`)
	x.text(modified.Format("2006-01-02T15:04:05Z"))
	x.raw("</meta>\n")
	bk.a11y.write(x)
	for _, it := range items {
		if it.properties == "cover-image" {
			// EPUB 2 readers find the cover through this.
			x.raw(`<meta name="cover" content="` + it.id + `"/>` + "\n")
		}
	}
	if bk.vertical {
		// Kindle lays a book out vertically only when the package says so.
		x.raw(`<meta name="primary-writing-mode" content="vertical-rl"/>` + "\n")
	}
}

// bookID returns b.ID, or one derived from the content when the caller gave
// none, so that the identifier is stable either way.
func bookID(b *book.Book) string {
	if strings.TrimSpace(render.XMLSafe(b.ID)) != "" {
		return render.XMLSafe(b.ID)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", b.Title)
	for _, c := range b.Chapters {
		fmt.Fprintf(h, "%s\x00%s\x00", c.Title, c.SourceURL)
		for t := range c.AllTexts() {
			fmt.Fprintf(h, "%s\x00", t)
		}
	}
	return fmt.Sprintf("urn:sha256:%x", h.Sum(nil))
}

// xmlBuf accumulates XML text; text and attr escape what they are given
// and drop characters XML 1.0 cannot carry.
type xmlBuf struct {
	b bytes.Buffer
	// runes, when set, collects every character of text content, for the
	// font subset.
	runes map[rune]bool
	// bold, when set, collects the characters written while inBold is
	// above 0: those a reading system sets bold, for the bold faces'
	// subsets.
	bold   map[rune]bool
	inBold int
}

func (x *xmlBuf) raw(s string) { x.b.WriteString(s) }

func (x *xmlBuf) bytes() []byte { return x.b.Bytes() }

func (x *xmlBuf) text(s string) { x.escape(s, false) }

// boldText writes s as text that is set bold.
func (x *xmlBuf) boldText(s string) {
	x.inBold++
	x.escape(s, false)
	x.inBold--
}

// langAttr writes the lang and xml:lang attributes, with a space before.
func (x *xmlBuf) langAttr(lang string) {
	x.raw(` lang="`)
	x.attr(lang)
	x.raw(`" xml:lang="`)
	x.attr(lang)
	x.raw(`"`)
	if render.RTL(lang) {
		x.raw(` dir="rtl"`)
	}
}

func (x *xmlBuf) attr(s string) { x.escape(s, true) }

// url writes a URL as text with <wbr/> where the PDF's line layout would
// let it break (inline.URLBreaks), so both formats break URLs alike and
// neither inside a word.
func (x *xmlBuf) url(s string) {
	rs := []rune(s)
	last := 0
	for _, k := range inline.URLBreaks(s) {
		x.text(string(rs[last:k]))
		x.raw("<wbr/>")
		last = k
	}
	x.text(string(rs[last:]))
}

func (x *xmlBuf) escape(s string, attr bool) {
	s = render.XMLSafe(s)
	if x.runes != nil {
		for _, r := range s {
			if !x.runes[r] {
				x.runes[r] = true // looking up costs less than storing again
			}
		}
	}
	if x.bold != nil && x.inBold > 0 && !attr {
		for _, r := range s {
			x.bold[r] = true
		}
	}
	// The characters to escape are ASCII, never inside another's UTF-8:
	// the text between them goes out as it is, not rune by rune.
	from := 0
	for i := 0; i < len(s); i++ {
		esc := escapeOf(s[i], attr)
		if esc == "" {
			continue
		}
		x.b.WriteString(s[from:i])
		x.b.WriteString(esc)
		from = i + 1
	}
	x.b.WriteString(s[from:])
}

// escapeOf returns what byte c is written as in text (or, when attr, in
// an attribute value), "" when it is written as it is.
func escapeOf(c byte, attr bool) string {
	switch c {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	}
	if !attr {
		return ""
	}
	switch c {
	case '"':
		return "&quot;"
	case '\n', '\t':
		// Attribute-value normalisation would turn them into spaces
		// anyway; say so explicitly.
		return " "
	}
	return ""
}
