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
// lead block above the body block, a section per subheading, each in
// its own wrapper) loses the blocks beside an ancestor of readability's
// choice: on the tuning part of trafilatura's benchmark, a lead of three
// paragraphs, the sections after the first, a page builder's rows.
// Trafilatura takes every paragraph of the element the page names as its
// body. Here the prose set beside the element that holds readability's
// text, up to four levels above it, continues the article, up to the
// first sibling that is something else: a menu, a list of links, a form,
// a box, another post, the page's headline; after the article, anything
// not of the kind of the element beside it. Measured on the tuning part:
// 8 wanted snippets found (of 165 missed), none unwanted kept; fires on
// 12 of its 711 pages, on none of our fixtures nor of Readability's test
// pages. Taking prose of any kind after the article too found 1 more
// and kept 3 unwanted (an author's card, a contact box, a picture's
// credit), and calls to donate.

// maxNeighbourLevels bounds how far above readability's text the
// article's neighbours are looked for.
const maxNeighbourLevels = 4

// withNeighbours returns the blocks c made of readability's choice with
// what continues it in orig around them: the prose beside it, a recipe's
// ingredients (see recipe.go); less what they hold already.
func withNeighbours(c *converter, orig *html.Node) []book.Block {
	e := chosenElement(orig, c.out)
	if e == nil {
		return c.out
	}
	ours := joinedText(c.out)
	before, after := neighbourProse(e, ours)
	if ing := ingredients(orig, e, ours); ing != nil {
		before, after = placeAmong(ing, e, before, after)
	}
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

// placeAmong adds n to the elements taken before or after e, in the
// page's order, unless one of them holds it or it holds one.
func placeAmong(n, e *html.Node, before, after []*html.Node) ([]*html.Node, []*html.Node) {
	for _, x := range slices.Concat(before, after) {
		if isInside(n, x) || isInside(x, n) {
			return before, after
		}
	}
	add := func(ns []*html.Node) []*html.Node {
		i := 0
		for i < len(ns) && precedes(ns[i], n) {
			i++
		}
		return slices.Insert(ns, i, n)
	}
	if precedes(n, e) {
		return add(before), after
	}
	return before, add(after)
}

func joinedText(blocks []book.Block) string {
	var b strings.Builder
	for _, x := range blocks {
		b.WriteString(collapse(blockText(x)))
		b.WriteByte('\n')
	}
	return b.String()
}

// neighbourProse returns the elements of the page that continue the
// text readability chose (ours), held by e, before and after it.
// Before it, prose of any kind continues the article (a lead block
// above the body block); after it, only prose of the kind of the
// element beside it (the next section, the story's second part): what
// follows an article in a box of its own is the page's (an author's
// card, a call to subscribe or donate, a contact box).
func neighbourProse(e *html.Node, ours string) (before, after []*html.Node) {
	kindOf := func(s *html.Node) kind {
		if s.Type == html.ElementNode && strings.Contains(ours, prefix(nodeText(s), 50)) {
			// Readability's text holds it already: a paragraph the
			// page repeats misled the search for its place.
			return noText
		}
		return neighbourKind(s)
	}
	var b, a side
	// The children of body are the page's regions (its header, its main
	// part, its footer), not parts of an article.
	for levels := 0; e.Parent != nil && e.Parent.DataAtom != atom.Body && levels < maxNeighbourLevels; e = e.Parent {
		if hasElementSibling(e) {
			levels++
		}
		b.gather(e, prevSibling, kindOf)
		a.gather(e, nextSibling, func(s *html.Node) kind {
			if k := kindOf(s); k != prose || s.Data == e.Data && attr(s, "class") == attr(e, "class") {
				return k
			}
			return otherText
		})
		if b.stopped && a.stopped {
			break
		}
	}
	slices.Reverse(b.took)
	return b.took, a.took
}

// A side is what continues the article on one side of it: the elements
// taken, nearest first; the subheadings met and not yet taken; whether
// something else has ended it.
type side struct {
	took, pending []*html.Node
	stopped       bool
}

// gather goes through the siblings of e one way (step). A subheading is
// taken only with prose beyond it, on this level or the ones above:
// alone it is a label of the page, or the article's own heading.
func (d *side) gather(e *html.Node, step func(*html.Node) *html.Node, kindOf func(*html.Node) kind) {
	for s := step(e); s != nil && !d.stopped; s = step(s) {
		switch kindOf(s) {
		case otherText:
			d.stopped, d.pending = true, nil
		case heading:
			d.pending = append(d.pending, s)
		case prose:
			d.took = append(append(d.took, d.pending...), s)
			d.pending = nil
		}
	}
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
	return !isPost(s)
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

func prefix(s string, n int) string {
	r := []rune(s)
	return string(r[:min(len(r), n)])
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
	var first, last *book.Paragraph
	for _, b := range blocks {
		if p, ok := b.(*book.Paragraph); ok && utf8.RuneCountInString(collapse(book.PlainText(p.Content))) >= minAnchorRunes {
			if first == nil {
				first = p
			}
			last = p
		}
	}
	if first == nil {
		return nil
	}
	// A run of a paragraph is one text node of the page, or several of
	// one style: a paragraph's first and last words may lie in two.
	start, end := anchorRun(first.Content, false), anchorRun(last.Content, true)
	if start == "" || end == "" {
		return nil
	}
	a := findText(orig, head(start))
	if a == nil {
		return nil
	}
	end = tail(end)
	// The last paragraph is looked for after the first: its words may
	// stand in a teaser or the page's description before.
	for n := a; n != nil; n = next(n, true) {
		if n.Type == html.TextNode && strings.Contains(collapse(n.Data), end) {
			if e := commonAncestor(a, n); e.Type == html.ElementNode {
				return e
			}
			return n.Parent
		}
	}
	return nil
}

// minAnchorRun is the least text of the run by which a paragraph is
// found: a word or two recur on a page.
const minAnchorRun = 8

// anchorRun returns the text of the first run of runs long enough to
// find it by, or of the last one when last is set, or "".
func anchorRun(runs []book.Inline, last bool) string {
	for i := range runs {
		if last {
			i = len(runs) - 1 - i
		}
		if t := collapse(runs[i].Text); utf8.RuneCountInString(t) >= minAnchorRun {
			return t
		}
	}
	return ""
}

// rxHiddenByStyle is a style that hides an element, as readability reads
// it (its isProbablyVisible).
var rxHiddenByStyle = lazy(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

func isHiddenStyle(n *html.Node) bool {
	return rxHiddenByStyle.MatchString(attr(n, "style"))
}
