package extract

import (
	"bytes"
	"image"
	_ "image/gif" // headers placeholder reads
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/internal/dataurl"
	"github.com/bookify/article2book/pkg/book"
)

// unplaced is an image given by a relative address on a page with
// nothing to resolve it against (a saved page without -base, canonical
// link or og:url). It is set aside while the cleanup runs, which must see
// the page as it would without it, and put back after the block it
// followed: the converter then reports it left out instead of losing it
// without a word.
type unplaced struct {
	img   *book.Image
	after book.Block // the article's last block before it; nil at the start
}

func (c *converter) root() *converter {
	if c.top != nil {
		return c.top
	}
	return c
}

// setAside records img as unplaced after the last block made so far.
func (c *converter) setAside(img *book.Image) {
	r := c.root()
	var after book.Block
	if n := len(r.out); n > 0 {
		after = r.out[n-1]
	}
	r.unplaced = append(r.unplaced, unplaced{img, after})
}

// putBack inserts the unplaced images into blocks after the blocks they
// followed, when the cleanup kept those.
func putBack(blocks []book.Block, images []unplaced) []book.Block {
	if len(images) == 0 {
		return blocks
	}
	images = slices.DeleteFunc(images, func(u unplaced) bool { return iconImage(u.img) })
	var out []book.Block
	for _, u := range images {
		if u.after == nil {
			out = append(out, u.img)
		}
	}
	for _, b := range blocks {
		out = append(out, b)
		for _, u := range images {
			if u.after == b {
				out = append(out, u.img)
			}
		}
	}
	return out
}

// image reads an img element, preferring lazy-loading sources over
// placeholder src values. A data: URL is kept as the page gives it: the
// converter decodes it when it loads the book's images, so that the
// picture is held once, and only when a format shows it.
func (c *converter) image(n *html.Node) *book.Image {
	src := imageSource(n)
	if src == "" {
		return nil
	}
	if dataurl.Is(src) {
		return &book.Image{Src: src, Alt: collapse(attr(n, "alt"))}
	}
	u, err := url.Parse(src)
	if err != nil {
		return nil
	}
	switch {
	case c.base != nil:
		u = c.base.ResolveReference(u)
	case u.Scheme == "" && u.Host != "":
		u.Scheme = "https" // protocol-relative: //img.example/a.jpg
	case u.Scheme == "" && u.Host == "" && u.Path != "":
		c.setAside(&book.Image{Src: u.String(), Alt: collapse(attr(n, "alt"))})
		return nil
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return nil
	}
	return &book.Image{Src: u.String(), Alt: collapse(attr(n, "alt"))}
}

// imageSource picks the real source of an img: lazy-loading attributes
// over placeholder src values, then srcset, then a <picture>'s sources.
// A data: URL is taken only when no address is given, and not when it is
// a placeholder.
func imageSource(n *html.Node) string {
	var inline []string // data: URLs, in the same order
	for _, v := range imageCandidates(n) {
		if !dataurl.Is(v) {
			return v
		}
		inline = append(inline, v)
	}
	for _, v := range inline {
		if !placeholder(v) {
			return v
		}
	}
	return ""
}

// imageCandidates are the sources an img gives, in order of preference.
func imageCandidates(n *html.Node) []string {
	var cands []string
	for _, k := range []string{"data-src", "data-original", "data-lazy-src", "data-actualsrc", "src"} {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			cands = append(cands, v)
		}
	}
	if v := bestSrcset(firstNonEmpty(attr(n, "data-srcset"), attr(n, "srcset"))); v != "" {
		cands = append(cands, v)
	}
	if n.Parent != nil && n.Parent.DataAtom == atom.Picture {
		for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
			if s.DataAtom != atom.Source {
				continue
			}
			if v := bestSrcset(firstNonEmpty(attr(s, "data-srcset"), attr(s, "srcset"))); v != "" {
				cands = append(cands, v)
				break
			}
		}
	}
	return cands
}

// placeholder reports a data: URL that is no picture: one whose header
// gives at most 2 x 2 pixels (lazy loaders put a 1 x 1 GIF in src until
// the real picture comes), or data too short to be a picture at all. A
// malformed one is not: the converter leaves it out with a warning.
func placeholder(src string) bool {
	u, err := dataurl.Parse(src)
	if err != nil {
		return false
	}
	// Enough for the header of a PNG or a GIF, and of most JPEGs.
	head, err := u.Prefix(1 << 10)
	if err != nil {
		return false
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(head)); err == nil {
		return cfg.Width <= 2 && cfg.Height <= 2
	}
	return len(head) < 100
}

// iconImage reports an image whose address names an icon, a button or
// an advert. A data: URL has no name, and its data may spell anything.
func iconImage(img *book.Image) bool {
	return !dataurl.Is(img.Src) && rxIconImage.MatchString(img.Src)
}

// fixImages sets the src of lazily loaded images before readability runs,
// which drops images without one.
func fixImages(n *html.Node) {
	if n.Type == html.ElementNode && n.DataAtom == atom.Img {
		if src := imageSource(n); src != "" && src != attr(n, "src") {
			setAttr(n, "src", src)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		fixImages(c)
	}
}

func setAttr(n *html.Node, key, val string) {
	for i := range n.Attr {
		if n.Attr[i].Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// bestSrcset picks the widest candidate of a srcset attribute. It splits
// candidates as the HTML standard does: a URL runs to white space, so
// that a data: URL's comma is its own.
func bestSrcset(srcset string) string {
	best, bestW := "", -1.0
	for s := srcset; ; {
		s = strings.TrimLeft(s, " \t\n\f\r,")
		if s == "" {
			return best
		}
		u, desc := s, ""
		if i := strings.IndexAny(s, " \t\n\f\r"); i >= 0 {
			u, s = s[:i], s[i:]
		} else {
			s = ""
		}
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else {
			desc, s, _ = strings.Cut(s, ",")
		}
		w := 1.0
		if f := strings.Fields(desc); len(f) > 0 {
			if v, err := strconv.ParseFloat(strings.TrimRight(f[0], "wx"), 64); err == nil {
				w = v
			}
		}
		if w > bestW {
			best, bestW = u, w
		}
	}
}

func (c *converter) figure(n *html.Node) {
	// aside is the figure's image when it was set aside, unplaced: it
	// takes the caption all the same, rather than the figure being read
	// again as blocks (the image set aside twice, the caption a paragraph)
	var img, aside *book.Image
	var caption []book.Inline
	var rest []*html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			switch {
			case ch.Type == html.ElementNode && ch.DataAtom == atom.Img && img == nil && aside == nil:
				r := c.root()
				k := len(r.unplaced)
				if img = c.image(ch); img == nil && len(r.unplaced) > k {
					aside = r.unplaced[k].img
				}
			case ch.Type == html.ElementNode && ch.DataAtom == atom.Figcaption:
				caption = singleBreaks(trimRuns(normalizeRuns(c.inlines(ch, 0, ""))))
			case ch.Type == html.ElementNode && (ch.DataAtom == atom.Picture || ch.DataAtom == atom.A || ch.DataAtom == atom.Div || ch.DataAtom == atom.Span):
				find(ch)
			default:
				rest = append(rest, ch)
			}
		}
	}
	find(n)
	switch {
	case img != nil:
		img.Caption = caption
		c.add(img)
	case aside != nil:
		aside.Caption = caption
	default:
		c.figureBlocks(n, caption)
		return
	}
	for _, r := range rest {
		c.block(r)
	}
	c.flush()
}

// mediaOnly reports a figure around a picture, a video or an embedded
// player, not around a table or code, which its caption names.
func mediaOnly(n *html.Node) bool {
	media := false
	walkElements(n, func(e *html.Node) {
		switch e.DataAtom {
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Iframe, atom.Object, atom.Embed, atom.Svg, atom.Canvas:
			media = true
		}
	})
	return media && findFirst(n, atom.Table) == nil && findFirst(n, atom.Pre) == nil && findFirst(n, atom.Blockquote) == nil
}

// figureBlocks reads a figure whose picture is not where figure looks
// for it (readability may wrap it in a paragraph): the picture read
// among its blocks takes the caption. A caption whose picture, video or
// player is not kept goes with it; a table's or a listing's stays.
func (c *converter) figureBlocks(n *html.Node, caption []book.Inline) {
	c.flush()
	r := c.root()
	k, unplaced := len(c.out), len(r.unplaced)
	var captions []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == atom.Figcaption {
			captions = append(captions, ch)
			continue
		}
		c.block(ch)
	}
	c.flush()
	if len(captions) == 0 {
		return
	}
	var img *book.Image
	for _, b := range c.out[k:] {
		if i, ok := b.(*book.Image); ok && img == nil {
			img = i
		}
	}
	if img == nil && len(r.unplaced) > unplaced {
		img = r.unplaced[unplaced].img
	}
	switch {
	case img != nil && len(img.Caption) == 0:
		img.Caption = caption
	case img != nil || !mediaOnly(n):
		for _, ch := range captions {
			c.block(ch)
		}
		c.flush()
	}
}

// singleBreaks leaves one hard break where a caption has several in a
// row: a caption's paragraphs (its text, then its source) are its lines.
func singleBreaks(runs []book.Inline) []book.Inline {
	prevBreak := false
	for i := range runs {
		var b strings.Builder
		for _, ch := range runs[i].Text {
			if ch == '\n' && prevBreak {
				continue
			}
			prevBreak = ch == '\n'
			b.WriteRune(ch)
		}
		runs[i].Text = b.String()
	}
	out := runs[:0]
	for _, r := range runs {
		if r.Text != "" {
			out = append(out, r)
		}
	}
	return out
}
