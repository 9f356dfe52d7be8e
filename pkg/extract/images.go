package extract

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

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
	images = slices.DeleteFunc(images, func(u unplaced) bool { return rxIconImage.MatchString(u.img.Src) })
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
// placeholder src values.
func (c *converter) image(n *html.Node) *book.Image {
	src := imageSource(n)
	if src == "" {
		return nil
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
func imageSource(n *html.Node) string {
	src := ""
	for _, k := range []string{"data-src", "data-original", "data-lazy-src", "data-actualsrc", "src"} {
		if v := strings.TrimSpace(attr(n, k)); v != "" && !strings.HasPrefix(v, "data:") {
			src = v
			break
		}
	}
	if src == "" {
		src = bestSrcset(firstNonEmpty(attr(n, "data-srcset"), attr(n, "srcset")))
	}
	if src == "" && n.Parent != nil && n.Parent.DataAtom == atom.Picture {
		for s := n.Parent.FirstChild; s != nil && src == ""; s = s.NextSibling {
			if s.DataAtom == atom.Source {
				src = bestSrcset(firstNonEmpty(attr(s, "data-srcset"), attr(s, "srcset")))
			}
		}
	}
	return src
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

// bestSrcset picks the widest candidate of a srcset attribute.
func bestSrcset(srcset string) string {
	best, bestW := "", -1.0
	for _, cand := range strings.Split(srcset, ",") {
		f := strings.Fields(cand)
		if len(f) == 0 {
			continue
		}
		w := 1.0
		if len(f) > 1 {
			d := strings.TrimRight(f[1], "wx")
			if v, err := strconv.ParseFloat(d, 64); err == nil {
				w = v
			}
		}
		if w > bestW {
			best, bestW = f[0], w
		}
	}
	return best
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
				caption = normalizeRuns(c.inlines(ch, 0, ""))
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
