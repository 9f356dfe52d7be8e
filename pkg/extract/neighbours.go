package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
)

// Readability joins to its best block the siblings that score near it,
// and looks no further. An article the page sets in blocks of its own (a
// lead block above the body block, a story cut in two by a row of
// advertisements, a section per subheading) loses the blocks beside an
// ancestor of readability's choice: on the tuning part of trafilatura's
// benchmark, a lead of three paragraphs, the sections after the first,
// a table of pros and cons. Trafilatura takes every paragraph of the
// element the page names as its body. Here the prose set beside the
// element that holds readability's text, on either side and up to four
// levels above it, continues the article, up to the first sibling that
// is something else: a menu, a list of links, a form, a box, a comment
// section, another post, the page's headline. Measured on the tuning
// part: 9 wanted snippets found (of 165 missed), 3 unwanted kept (an
// author's card, a contact box, a picture's credit); fires on 15 of its
// 711 pages, on none of our fixtures nor of Readability's test pages.

// maxNeighbourLevels bounds how far above readability's text the
// article's neighbours are looked for.
const maxNeighbourLevels = 4

// withNeighbours returns the blocks c made of readability's choice with
// the prose beside it in orig around them, less what they hold already.
func withNeighbours(c *converter, orig *html.Node) []book.Block {
	ours := joinedText(c.out)
	before, after := neighbourProse(orig, c.out, ours)
	if len(before)+len(after) == 0 {
		return c.out
	}
	convert := func(ns []*html.Node) []book.Block {
		n := &converter{base: c.base, top: c}
		for _, e := range ns {
			n.block(e)
		}
		n.flush()
		return slices.DeleteFunc(n.out, func(b book.Block) bool {
			t := collapse(blockText(b))
			return t != "" && strings.Contains(ours, t)
		})
	}
	return append(append(convert(before), c.out...), convert(after)...)
}

func joinedText(blocks []book.Block) string {
	var b strings.Builder
	for _, x := range blocks {
		b.WriteString(collapse(blockText(x)))
		b.WriteByte('\n')
	}
	return b.String()
}

// neighbourProse returns the elements of orig that continue the text
// readability chose (blocks, whose text is ours) before and after it.
func neighbourProse(orig *html.Node, blocks []book.Block, ours string) (before, after []*html.Node) {
	kindOf := func(s *html.Node) kind {
		if s.Type == html.ElementNode && strings.Contains(ours, prefix(nodeText(s), 50)) {
			// Readability's text holds it already: a paragraph the
			// page repeats misled the search for its place.
			return noText
		}
		return neighbourKind(s)
	}
	e := chosenElement(orig, blocks)
	if e == nil {
		return nil, nil
	}
	stopBefore, stopAfter := false, false
	var pendBefore, pendAfter []*html.Node
	// The children of body are the page's regions (its header, its main
	// part, its footer), not parts of an article.
	for levels := 0; e != nil && e.Parent != nil && e.Parent.DataAtom != atom.Body && e.DataAtom != atom.Body && levels < maxNeighbourLevels; e = e.Parent {
		if hasElementSibling(e) {
			levels++
		}
		if !stopBefore {
			var took []*html.Node
			took, pendBefore, stopBefore = gather(e, prevSibling, kindOf, pendBefore)
			slices.Reverse(took)
			before = append(took, before...)
		}
		if !stopAfter {
			var took []*html.Node
			took, pendAfter, stopAfter = gather(e, nextSibling, kindOf, pendAfter)
			after = append(after, took...)
		}
		if stopBefore && stopAfter {
			break
		}
	}
	return before, after
}

type kind int

const (
	noText    kind = iota // nothing to read: a picture, an empty slot
	prose                 // paragraphs of running text
	heading               // a subheading
	otherText             // anything else: the article has ended
)

// minNeighbourRunes is the least text of a neighbour taken as prose.
const minNeighbourRunes = 100

// neighbourKind tells what s, a sibling of the article's element or of
// one of its ancestors, is to the article.
func neighbourKind(s *html.Node) kind {
	switch {
	case s.Type == html.TextNode && strings.TrimSpace(s.Data) != "":
		return otherText
	case s.Type != html.ElementNode:
		return noText
	}
	switch s.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Img, atom.Picture, atom.Figure, atom.Br, atom.Hr:
		return noText
	}
	k := visibleRunes(s, nil)
	switch {
	case k == 0:
		return noText
	case isSubheading(s.DataAtom):
		if k <= maxHeadingRunes && linkedRunes(s) == 0 {
			return heading
		}
		return otherText
	case hasMedia(s) && paragraphRunes(s) == 0 && k < maxCaptionRunes:
		return noText // a picture and its caption
	case isProse(s, k):
		return prose
	}
	return otherText
}

// maxCaptionRunes bounds the text beside a picture that is its caption
// or credit.
const maxCaptionRunes = 300

// isProse reports an element of k runes of text that continues an
// article: mostly paragraphs that end a sentence (and their
// subheadings), few links, none of the page's own parts.
func isProse(s *html.Node, k int) bool {
	if k < minNeighbourRunes || 10*linkedRunes(s) >= 3*k || 5*paragraphRunes(s) < 4*k || skipped(s) {
		return false
	}
	if findFirst(s, atom.H1) != nil || findFirst(s, atom.Form) != nil {
		return false // the page's headline, a form: the page's parts
	}
	return !isPost(s) && !namesComments(s) && !rxCommentWord.MatchString(prefix(nodeText(s), 40))
}

func isSubheading(a atom.Atom) bool {
	return a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6
}

// paragraphRunes counts the text of n in paragraphs that end a
// sentence.
func paragraphRunes(n *html.Node) int {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.P:
			if !endsSentence(nodeText(n)) {
				return 0
			}
			return visibleRunes(n, nil)
		}
		if isSubheading(n.DataAtom) {
			if k := visibleRunes(n, nil); k <= maxHeadingRunes {
				return k
			}
			return 0
		}
	}
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !skipped(c) {
			k += paragraphRunes(c)
		}
	}
	return k
}

// maxHeadingRunes bounds a subheading of the article.
const maxHeadingRunes = 120

func hasElementSibling(e *html.Node) bool {
	for s := e.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != e && s.Type == html.ElementNode {
			return true
		}
	}
	return false
}

// namesComments reports an element that is, or holds, a comment section.
func namesComments(n *html.Node) bool {
	found := strings.Contains(strings.ToLower(attr(n, "id")+" "+attr(n, "class")), "comment")
	walkElements(n, func(e *html.Node) {
		if !found && strings.Contains(strings.ToLower(attr(e, "id")+" "+attr(e, "class")), "comment") {
			found = true
		}
	})
	return found
}

// rxCommentWord names comments: a box whose first words name them
// ("Enviá tu comentario") opens the page's comment section.
var rxCommentWord = lazy(`(?i)comment|komment|comentar|commentaire|commento|komentarz|коммент|评论|評論|留言`)

func prefix(s string, n int) string {
	r := []rune(s)
	return string(r[:min(len(r), n)])
}

// gather returns the siblings of e, going one way (step), that continue
// the article, nearest first, and whether something else ended them. A
// subheading is taken only with prose beyond it, on this level or the
// ones above (pending: the headings met and not yet taken): alone it is
// a label of the page, or the article's own heading.
func gather(e *html.Node, step func(*html.Node) *html.Node, kindOf func(*html.Node) kind, pending []*html.Node) (took, pend []*html.Node, stop bool) {
	for s := step(e); s != nil; s = step(s) {
		switch kindOf(s) {
		case otherText:
			return took, nil, true
		case heading:
			pending = append(pending, s)
		case prose:
			took = append(append(took, pending...), s)
			pending = nil
		}
	}
	return took, pending, false
}

func prevSibling(n *html.Node) *html.Node { return n.PrevSibling }
func nextSibling(n *html.Node) *html.Node { return n.NextSibling }

// minAnchorRunes is the least text of a paragraph by which the text
// readability chose is found in the page: shorter lines (a heading, a
// label such as "More information") recur in its menus and teasers.
const minAnchorRunes = 50

// chosenElement returns the element of orig that holds the text
// readability chose (blocks), found by its first and last paragraphs of
// some length, or nil.
func chosenElement(orig *html.Node, blocks []book.Block) *html.Node {
	var first, last string
	for _, b := range blocks {
		if p, ok := b.(*book.Paragraph); ok {
			if t := collapse(book.PlainText(p.Content)); utf8.RuneCountInString(t) >= minAnchorRunes {
				if first == "" {
					first = t
				}
				last = t
			}
		}
	}
	if first == "" {
		return nil
	}
	a := findText(orig, head(first))
	if a == nil {
		return nil
	}
	// The last paragraph is looked for after the first: its words may
	// stand in a teaser or the page's description before.
	for n := a; n != nil; n = next(n, true) {
		if n.Type == html.TextNode && strings.Contains(collapse(n.Data), tail(last)) {
			if e := commonAncestor(a, n); e.Type == html.ElementNode {
				return e
			}
			return n.Parent
		}
	}
	return nil
}

// rxHiddenByStyle is a style that hides an element, as readability reads
// it (its isProbablyVisible).
var rxHiddenByStyle = lazy(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

func isHiddenStyle(n *html.Node) bool {
	return rxHiddenByStyle.MatchString(attr(n, "style"))
}
