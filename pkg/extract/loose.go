package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Pages write their articles in paragraphs (<p>) and set their furniture
// as bare text in divs and spans: a "Print recipe" control, a "Loading
// more …" notice, a box's label, a picture's credit. Readability makes a
// paragraph of any div holding only phrasing content, so it keeps both
// alike. Trafilatura takes text from paragraphs, headings, lists, quotes
// and tables only, and from divs as well when a page's paragraphs hold
// less than three times its smallest extraction (github.com/adbar/
// trafilatura, Apache-2.0, extract_content; in github.com/markusmobius/
// go-trafilatura, main-extractor.go, extractContent). So do we: in an
// article whose own paragraphs hold that much text, a short line that was
// bare text in the page goes.
//
// Measured on the tuning part of trafilatura's benchmark: 6 unwanted
// snippets fewer, 1 wanted lost ("Die Nordex Group im Profil", a heading
// set as a div), F 0.918 -> 0.919; our fixtures' texts unchanged but
// wapo-1's, closer; Readability's pages 0.966 (four lose a line
// Readability.js keeps: a price box, a related title, a map's label).
// The guards in isLoose cost 5 of the unwanted snippets and keep lwn-1's
// bylines, wikipedia's captions and a table's note in keep-tabular-data.

// minParagraphRunes is the text, in non-space runes, an article's own
// paragraphs must hold for its loose lines to go: trafilatura's
// MIN_EXTRACTED_SIZE (250) times three.
const minParagraphRunes = 750

// dropLooseLines removes from n, readability's choice, the short
// paragraphs readability made of a div's bare text (left without an
// atom, see fixAtoms), when n's own paragraphs hold minParagraphRunes or
// more. A picture's line stays (images.go settles captions), and so does
// a related list's heading, which the cleanup reads to drop the list
// under it.
func dropLooseLines(n *html.Node) {
	if n == nil {
		return
	}
	own := 0
	var loose []*html.Node
	walkElements(n, func(e *html.Node) {
		switch {
		case e.DataAtom == atom.P:
			own += visibleRunes(e, nil)
		case e.DataAtom == 0 && e.Data == "p":
			if k := visibleRunes(e, nil); k > 0 && k < minMadeParagraph {
				loose = append(loose, e)
			}
		}
	})
	if own < minParagraphRunes {
		return
	}
	for _, e := range loose {
		if e.Parent != nil && isLoose(e) {
			e.Parent.RemoveChild(e)
		}
	}
}

// isLoose reports a made paragraph that is none of what other stages
// read: a picture or its caption (after the picture), a sentence, a
// byline or date line, a related list's heading.
func isLoose(e *html.Node) bool {
	if hasMedia(e) || afterMedia(e) {
		return false
	}
	t := nodeText(e)
	if _, ok := parseByline(t); ok || rxBylineLead.MatchString(t) {
		return false
	}
	k := visibleRunes(e, nil)
	return 2*linkedRunes(e) < k && !endsSentence(t) && !isStamp(t) && !rxRelated.MatchString(t)
}

// afterMedia reports an element set after a picture, video or player
// (its caption): the element before it, or before the box it alone
// fills, is one, without text of its own.
func afterMedia(e *html.Node) bool {
	for ; e != nil; e = e.Parent {
		p := e.PrevSibling
		for p != nil && p.Type != html.ElementNode {
			p = p.PrevSibling
		}
		if p != nil {
			return p.DataAtom == atom.Img || hasMedia(p) && visibleRunes(p, nil) == 0
		}
		if e.Parent == nil || visibleRunes(e.Parent, nil) != visibleRunes(e, nil) {
			return false
		}
	}
	return false
}

// rxBylineLead is a line opening with a byline ("By Nathan Willis
// March 25, 2015"), which the byline rules read.
var rxBylineLead = lazy(`(?i:^(?:by|von|par|por|di|przez|door|av|af))\s+\p{Lu}`)

// endsSentence reports text ending with a full stop, a question or an
// exclamation mark (not an ellipsis: "Loading more …").
func endsSentence(t string) bool {
	t = strings.TrimRight(t, ")]）」』\"'”’ ")
	if strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?。！？", r)
}

// hasMedia reports a picture, video or player under n (n included).
func hasMedia(n *html.Node) bool {
	return holdsAny(n, atom.Img, atom.Picture, atom.Video, atom.Iframe, atom.Object, atom.Embed)
}

// holdsAny reports an element of one of the kinds as under n (n
// included), in one walk.
func holdsAny(n *html.Node, as ...atom.Atom) bool {
	if n.Type == html.ElementNode && slices.Contains(as, n.DataAtom) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if holdsAny(c, as...) {
			return true
		}
	}
	return false
}
