package extract

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/language"

	"github.com/bookify/article2book/pkg/book"
)

var (
	// ErrNotArticle reports a page in which no readable article was found.
	ErrNotArticle = errors.New("not an article: no readable content found")
	// ErrUnreadable reports a page the HTML parser gives up on, such as
	// one nesting elements more than 512 deep.
	ErrUnreadable = errors.New("unreadable HTML")
)

// MaxDepth bounds the element nesting readability sees. Readability takes
// time quadratic in depth; real articles nest a few dozen levels. Deeper
// subtrees are flattened to their text, so nothing is lost.
const MaxDepth = 256

// FromHTML extracts the readable article of an HTML page, given as UTF-8
// text (see DecodeHTML). base resolves relative links and images; it may be
// nil.
func FromHTML(r io.Reader, base *url.URL) (*book.Article, error) {
	return FromPage(r, base, nil)
}

// FromPage is FromHTML for a page read from a file; files is the folder
// the page was saved in, nil for none. A browser saving a page whole puts
// its pictures in a folder beside it and gives them by relative addresses
// ("./Page_files/a.jpg"): such a picture, when its file is there, keeps
// the file's path in files as its Src, not the address base or the page's
// canonical address would make of it, which names nothing on the web.
func FromPage(r io.Reader, base *url.URL, files fs.FS) (*book.Article, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	openNoscripts(doc)
	flattenDeep(doc, 0)
	composeText(doc) // after flattenDeep: the walk recurses in depth
	fixImages(doc)
	unwrapAnchors(doc)
	dropChrome(doc)
	wx, isWeChat := fixWeChat(doc)
	forum, isForum := fixDiscuz(doc)
	meta := readMeta(doc)
	bylines := pageBylines(doc)
	marked := findMarkedBody(doc)
	ldBody := articleBody(doc)
	orig := cloneTree(doc) // readability rearranges doc
	if base == nil {
		base = meta.base()
	}
	local := localImages(doc, base, files)
	ra, readerable, err := readArticle(doc, orig, base, marked, ldBody)
	if err != nil {
		return nil, err
	}
	joinBesideCaptions(ra.Node)
	pruneUnwanted(ra.Node) // before the rules below read its blocks
	dropLooseLines(ra.Node)
	fixAtoms(ra.Node)
	a := &book.Article{
		Title:    cleanTitle(firstNonEmpty(meta.h1Title(ra.Title()), ra.Title()), ra.SiteName()),
		Byline:   collapse(ra.Byline()),
		SiteName: collapse(ra.SiteName()),
		Lang:     firstNonEmpty(ra.Language(), meta.lang),
	}
	if base != nil {
		a.SourceURL = base.String()
	}
	if t, err := ra.PublishedTime(); err == nil {
		a.Published = t
	}
	titles := []string{a.Title, collapse(ra.Title()), cleanTitle(meta.ogTitle, a.SiteName)}
	var forumPost *html.Node
	if isForum {
		forumPost = findByID(orig, forum.post)
	}
	c := convertArticle(ra.Node, orig, forumPost, base, titles)
	a.Blocks = creditCaptions(c.out)
	var cr credits
	cleanup(a, titles, &cr)
	a.Blocks = putBack(a.Blocks, c.unplaced)
	unlinkHidden(a.Blocks)
	applyBylines(a, bylines, titles, &cr)
	addStandfirst(a, orig, meta.summaries, titles)
	addLead(a, orig, titles)
	if a.Source == "" {
		a.Source = meta.source
	}
	// What a site's own markup says wins over the generic guesses.
	if isWeChat {
		wx.apply(a)
	}
	if isForum {
		forum.apply(a)
	}
	a.Byline = personal(a.Byline, a.Source, a.SiteName)
	if !looksLikeArticle(a, readerable) {
		return nil, ErrNotArticle
	}
	local.apply(a.Blocks)
	finish(a, meta)
	return a, nil
}

// readArticle runs readability on doc and judges its choice against what
// the page says of itself: the element it marks as its article's body,
// and the article's text in its structured data (ldBody). orig is the
// page as it was before readability rearranged doc. readerable is
// readability's own guess that doc holds an article.
func readArticle(doc, orig *html.Node, base *url.URL, marked *markedBody, ldBody string) (ra readability.Article, readerable bool, err error) {
	p := newParser()
	readerable = p.CheckDocument(doc)
	if ra, err = p.ParseAndMutate(doc, base); err != nil {
		return ra, false, fmt.Errorf("readability: %w", err)
	}
	if marked != nil && marked.misses(ra.Node) {
		ra.Node = rereadInside(marked, orig, base, ra.Node)
	}
	if ldBody != "" {
		ra.Node = fromBody(ldBody, orig, ra.Node, func(d *html.Node) *html.Node { return readAgain(d, base) })
	}
	if ra.Node == nil {
		return ra, false, ErrNotArticle
	}
	return ra, readerable, nil
}

// rereadInside asks readability again, inside the page's marked body,
// and returns its choice there unless it holds less than half the text
// of node, readability's choice on the whole page (nil when none).
func rereadInside(m *markedBody, orig *html.Node, base *url.URL, node *html.Node) *html.Node {
	doc := m.inside(orig)
	if doc == nil {
		return node
	}
	alt := readAgain(doc, base)
	if alt == nil {
		return node
	}
	k := visibleRunes(alt, nil)
	if 10*linkedRunes(alt) > 9*k {
		// Links and next to nothing else, a menu: the marked body is the
		// page's region, its navigation included, not its article (a
		// post that collects links has some words of its own).
		return node
	}
	if node != nil && 2*k < visibleRunes(node, nil) {
		return node
	}
	return alt
}

// readAgain returns readability's choice in doc, a part of the page, or
// nil.
func readAgain(doc *html.Node, base *url.URL) *html.Node {
	p := newParser()
	ra, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return nil
	}
	return ra.Node
}

// newParser returns readability's parser as we run it: classes kept
// (code blocks name their language in one), and a first result taken
// from minArticleChars characters.
func newParser() readability.Parser {
	p := readability.NewParser()
	p.KeepClasses = true
	p.CharThresholds = minArticleChars
	return p
}

// minArticleChars is the length under which readability tries again
// with its filters off (names such as "sidebar" and "comment" no longer
// set aside, class weights and conditional cleaning off), and then takes
// the longest of its tries. Readability.js tries again under 500, which
// threw away short articles: a fable of 320 Japanese characters
// (hukumusume) lost to the sidebar of the day's trivia the retry took
// in. Trafilatura runs readability with 250 (retry_length, in
// trafilatura/external.py, github.com/adbar/trafilatura, Apache-2.0).
// Measured on the tuning part of trafilatura's benchmark: 3 wanted
// snippets found and 1 lost, 2 unwanted fewer and 1 more; fixtures
// 0.977 -> 0.982 (hukumusume 0.785 -> 1.000, the rest unchanged).
const minArticleChars = 250

// fixAtoms gives their atom back to the paragraphs readability made
// that hold running text. Readability renames the elements it rewrites
// (a div of phrasing content becomes a p) and leaves their atom unset;
// the converter, which reads atoms, took them for inline content and
// ran a whole article into one paragraph. Short ones (labels, links of
// the page's header) are left as they were, run into their neighbours,
// which the cleanup reads as the header they are.
func fixAtoms(n *html.Node) {
	if n == nil {
		return
	}
	walkElements(n, func(e *html.Node) {
		if e.DataAtom == 0 && e.Data == "p" && visibleRunes(e, nil) >= minMadeParagraph {
			e.DataAtom = atom.P
		}
	})
}

// minMadeParagraph is the least text, in non-space runes, of a paragraph
// readability made that fixAtoms restores: a sentence.
const minMadeParagraph = 50

// finish gives an article without a title its first line, and settles
// its language and, from the page's dates, its date.
func finish(a *book.Article, meta *pageMeta) {
	if a.Title == "" {
		a.Title = firstLine(a.Texts())
		if len(a.Blocks) > 1 && isTextBlock(a.Blocks[0]) && collapse(blockText(a.Blocks[0])) == a.Title {
			// The first line became the title: it is not said twice.
			a.Blocks = a.Blocks[1:]
		}
	}
	a.Lang = normalizeLang(a.Lang, a)
	if base, _ := language.Make(a.Lang).Base(); a.Published.IsZero() {
		// The first date printed on a Chinese page is its date; other
		// pages print founding dates, copyright years and so on first.
		if t, ok := meta.published(book.IsChinese(base)); ok {
			a.Published = t
		}
	}
}

// applyBylines reads readability's byline and the page's byline lines
// into a's fields.
func applyBylines(a *book.Article, bylines, titles []string, cr *credits) {
	if !cr.authors {
		// Readability's byline is often a whole Chinese byline line.
		if bl, ok := parseByline(a.Byline); ok && (bl.hasDate || bl.source != "") {
			a.Byline = ""
			bl.apply(a, cr)
		}
	}
	for _, l := range bylines {
		if rest, ok := cutTitle(l, titles); ok {
			l = rest
		}
		if bl, ok := parseByline(l); ok {
			bl.apply(a, cr)
		}
	}
}

// convertArticle turns the text readability chose (node) into blocks, or
// what the original page holds instead: a forum thread's first post, the
// one post of a listing, or the sibling sections the text continues into.
func convertArticle(node, orig, forumPost *html.Node, base *url.URL, titles []string) *converter {
	c := &converter{base: base}
	c.blocks(node)
	c.flush()
	var chosen []*html.Node
	if forumPost != nil {
		// The thread's first post is the article, whatever readability
		// took around it (the thread's counters, the author's card).
		chosen = []*html.Node{forumPost}
	} else if post := onePost(orig, c.out, titles); post != nil {
		chosen = []*html.Node{post}
	} else {
		chosen = siblingSections(orig, c.out)
	}
	if chosen == nil {
		c.out = withNeighbours(c, orig)
		return c
	}
	c = &converter{base: base}
	for _, n := range chosen {
		c.block(n)
	}
	c.flush()
	return c
}

// Readability returns whatever text it finds, a navigation link included.
// Below these sizes (in non-space characters) a page is not an article:
// always below minRunes, and below minRunesUnsure when readability's own
// check finds no article-like content either.
const (
	minRunes       = 20
	minRunesUnsure = 50
)

func looksLikeArticle(a *book.Article, readerable bool) bool {
	if hasImage(a.Blocks) {
		return true
	}
	n := 0
	for _, t := range a.Texts() {
		for _, r := range t {
			if !unicode.IsSpace(r) {
				n++
			}
		}
	}
	return n >= minRunes && (readerable || n >= minRunesUnsure)
}

// flattenDeep replaces every element deeper than MaxDepth by its text.
func flattenDeep(n *html.Node, depth int) {
	if depth >= MaxDepth && n.Type == html.ElementNode && n.FirstChild != nil {
		var b strings.Builder
		textOf(n, &b)
		for n.FirstChild != nil {
			n.RemoveChild(n.FirstChild)
		}
		n.AppendChild(&html.Node{Type: html.TextNode, Data: b.String()})
		return
	}
	// Iterative over siblings, recursive only in depth, which is bounded.
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		flattenDeep(c, depth+1)
	}
}

func textOf(n *html.Node, b *strings.Builder) {
	// An explicit stack: this runs exactly where nesting is hostile.
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func firstLine(texts []string) string {
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			if r := []rune(t); len(r) > 40 {
				return string(r[:40]) + "…"
			}
			return t
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// collapse folds runs of white space into one space and trims the ends.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
