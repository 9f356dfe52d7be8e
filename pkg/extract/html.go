package extract

import (
	"errors"
	"fmt"
	"github.com/bookify/article2book/internal/cjk"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	doc, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	flattenDeep(doc, 0)
	fixImages(doc)
	unwrapAnchors(doc)
	wx, isWeChat := fixWeChat(doc)
	forum, isForum := fixDiscuz(doc)
	meta := readMeta(doc)
	bylines := pageBylines(doc)
	orig := cloneTree(doc) // readability rearranges doc
	if base == nil {
		// A saved page: its own address, as it names it, resolves its
		// relative links and images.
		for _, s := range []string{meta.canonical, meta.ogURL} {
			if u, err := url.Parse(s); s != "" && err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
				base = u
				break
			}
		}
	}
	p := readability.NewParser()
	p.KeepClasses = true // code blocks name their language in a class
	readerable := p.CheckDocument(doc)
	ra, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return nil, fmt.Errorf("readability: %w", err)
	}
	if ra.Node == nil {
		return nil, ErrNotArticle
	}
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
	c := converter{base: base}
	c.blocks(ra.Node)
	c.flush()
	titles := []string{a.Title, collapse(ra.Title()), cleanTitle(meta.ogTitle, a.SiteName)}
	if post := findByID(orig, forum.post); isForum && post != nil {
		// The thread's first post is the article, whatever readability
		// took around it (the thread's counters, the author's card).
		c = converter{base: base}
		c.block(post)
		c.flush()
	} else if post := onePost(orig, c.out, titles); post != nil {
		c = converter{base: base}
		c.block(post)
		c.flush()
	} else if sections := siblingSections(orig, c.out); sections != nil {
		c = converter{base: base}
		for _, s := range sections {
			c.block(s)
		}
		c.flush()
	}
	a.Blocks = c.out
	var cr credits
	cleanup(a, titles, &cr)
	a.Blocks = putBack(a.Blocks, c.unplaced)
	unlinkHidden(a.Blocks)
	if !cr.authors {
		// Readability's byline is often a whole Chinese byline line.
		if bl, ok := parseByline(a.Byline); ok && (bl.hasDate || bl.source != "") {
			a.Byline = ""
			bl.apply(a, &cr)
		}
	}
	for _, l := range bylines {
		if rest, ok := cutTitle(l, titles); ok {
			l = rest
		}
		if bl, ok := parseByline(l); ok {
			bl.apply(a, &cr)
		}
	}

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
	if a.Title == "" {
		a.Title = firstLine(a.Texts())
	}
	a.Lang = normalizeLang(a.Lang, a)
	if base, _ := language.Make(a.Lang).Base(); a.Published.IsZero() {
		// The first date printed on a Chinese page is its date; other
		// pages print founding dates, copyright years and so on first.
		if t, ok := meta.published(book.IsChinese(base)); ok {
			a.Published = t
		}
	}
	return a, nil
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

// pageMeta is what the page says of itself outside readability's view.
type pageMeta struct {
	lang      string
	canonical string
	ogURL     string
	h1        []string
	h2        []string
	ogTitle   string
	pubMeta   string // a publish date meta tag readability does not read
	source    string // the outlet credited (meta name="source")
	text      strings.Builder
}

// Publish-date meta tags of Chinese news sites, and the date printed under
// the headline ("2016年10月14日07:17", "2025-01-04 10:20").
var (
	pubMetaNames = map[string]bool{"publishdate": true, "pubdate": true, "publish_date": true, "publishtime": true, "date": true, "dc.date": true, "dc.date.issued": true}
	rxPageDate   = regexp.MustCompile(`(20\d\d|19\d\d)\s*(?:年|-|/)\s*(\d{1,2})\s*(?:月|-|/)\s*(\d{1,2})\b\s*日?\s*(?:(\d{1,2})\s*[:：时]\s*(\d{2}))?`)
	chinaTime    = time.FixedZone("CST", 8*3600)
)

// published returns the page's publish date: a date meta tag, else, when
// printed is set, the first date printed near the top of the page.
// Chinese pages print China time.
func (m *pageMeta) published(printed bool) (time.Time, bool) {
	if m.pubMeta != "" {
		if t, err := parseDate(m.pubMeta); err == nil {
			return t, true
		}
	}
	if !printed {
		return time.Time{}, false
	}
	text := m.text.String()
	sm := rxPageDate.FindStringSubmatch(text)
	if sm == nil {
		return time.Time{}, false
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	y, mo, d, h, mi := n(sm[1]), n(sm[2]), n(sm[3]), n(sm[4]), n(sm[5])
	// Before the web, a printed date is something the text mentions (a
	// manual's "1970-01-01"), not the page's date.
	if y < 1995 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, 0, 0, chinaTime), true
}

func readMeta(doc *html.Node) *pageMeta {
	m := &pageMeta{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
				if m.lang == "" {
					m.lang = attr(n, "xml:lang")
				}
			case atom.Link:
				if m.canonical == "" && slices.Contains(strings.Fields(strings.ToLower(attr(n, "rel"))), "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Meta:
				if p := attr(n, "property"); p == "og:title" {
					m.ogTitle = collapse(attr(n, "content"))
				} else if p == "og:url" && m.ogURL == "" {
					m.ogURL = strings.TrimSpace(attr(n, "content"))
				}
				if name := strings.ToLower(attr(n, "name")); (name == "source" || name == "og:source") && m.source == "" {
					m.source = collapse(attr(n, "content"))
				}
				if m.pubMeta == "" && (pubMetaNames[strings.ToLower(attr(n, "name"))] || attr(n, "itemprop") == "datePublished" || attr(n, "property") == "article:published") {
					m.pubMeta = attr(n, "content")
				}
			case atom.H1:
				var b strings.Builder
				textOf(n, &b)
				if t := collapse(b.String()); t != "" {
					m.h1 = append(m.h1, t)
				}
				return
			case atom.H2:
				// A blog's h1 is often the blog's name, the post's
				// title an h2.
				var b strings.Builder
				textOf(n, &b)
				if t := collapse(b.String()); t != "" && len(m.h2) < 8 {
					m.h2 = append(m.h2, t)
				}
				return
			case atom.Script, atom.Style:
				return
			}
		}
		if n.Type == html.TextNode && m.text.Len() < 64<<10 {
			m.text.WriteString(n.Data)
			m.text.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// h1Title returns the page's h1 (or og:title, or an h2 the title starts
// with before " | ") when it is the title without
// the site name readability's title carries.
func (m *pageMeta) h1Title(title string) string {
	title = collapse(title)
	for _, h := range m.h2 {
		for _, sep := range []string{" | ", " - ", " – ", " — "} {
			if h != "" && strings.HasPrefix(title, h+sep) {
				return h
			}
		}
	}
	for _, h := range append(m.h1, m.ogTitle) {
		if h != "" && h != title && strings.HasPrefix(title, h) {
			return h
		}
	}
	return ""
}

// Separators joining a title and the site or channel names after it.
// Those in hanSeps also join words of a title ("COVID-19", "Self-driving",
// "标题——副题"), so they separate only a Chinese tail or the site's name.
var (
	titleSeps = []string{" | ", "|", "｜", " -- ", "--", "_", " — ", " - ", " – ", " :: ", "::", "——", "-", "－", "—"}
	hanSeps   = map[string]bool{"——": true, "-": true, "－": true, "—": true}
)

// cleanTitle strips trailing site and channel names (e.g. "…_科技_腾讯网",
// "… - Wikipedia") but never strips a title to nothing.
func cleanTitle(title, site string) string {
	title = collapse(title)
	for range 3 {
		cut := -1
		for _, sep := range titleSeps {
			i := strings.LastIndex(title, sep)
			if i <= 0 {
				continue
			}
			tail := strings.TrimSpace(title[i+len(sep):])
			head := strings.TrimSpace(title[:i])
			if utf8.RuneCountInString(head) < 2 {
				continue
			}
			if hanSeps[sep] && tail != site && !siteLike(tail) {
				continue
			}
			if tail == "" || tail == site || utf8.RuneCountInString(tail) <= 12 && !strings.ContainsAny(tail, "，。？！,.?!") && len(strings.Fields(tail)) <= 3 {
				if i > cut {
					cut = i
				}
			}
		}
		if cut < 0 {
			break
		}
		title = strings.TrimSpace(title[:cut])
	}
	return title
}

// personal returns a byline that names people: without a leading "By",
// a trailing date ("By Nathan Willis March 25, 2015"), and empty when it
// is only the outlet or the site.
func personal(byline, source, site string) string {
	b := strings.TrimSpace(rxBylineBy.ReplaceAllString(byline, ""))
	b = strings.TrimSpace(rxBylineEnglishDate.ReplaceAllString(b, ""))
	if b == source || b == site {
		return ""
	}
	return b
}

var (
	rxBylineBy          = regexp.MustCompile(`^(?i:by)\s+`)
	rxBylineEnglishDate = regexp.MustCompile(`,?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},\s+\d{4}$`)
)

// siteLike reports a Chinese site or channel name: Han characters, no
// sentence punctuation, and the words site names end with when short.
func siteLike(s string) bool {
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	if han < 2 || han < utf8.RuneCountInString(s)/2 {
		return false
	}
	return utf8.RuneCountInString(s) <= 8 || rxSiteWord.MatchString(s)
}

var rxSiteWord = regexp.MustCompile(`(?:网|網|站|新闻|新聞|日报|日報|频道|頻道|中心|报|報|社|台|刊|在线|在線|论坛|論壇|博客|资讯|資訊|首页|首頁)$`)

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

// converter turns readability's cleaned DOM into blocks.
type converter struct {
	base   *url.URL
	out    []book.Block
	inline []piece // the paragraph being gathered
	// top is the converter of the whole article, which sets aside the
	// images it cannot place (nil in that converter itself).
	top      *converter
	unplaced []unplaced
}

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

// piece is gathered inline content: a run of text, or an image met inside
// a paragraph, which becomes a block of its own.
type piece struct {
	book.Inline
	img *book.Image
}

// flush ends the paragraph being gathered.
// Two or more hard breaks in a row separate paragraphs: pages that build
// paragraphs from <br><br> mean them as such.
func (c *converter) flush() {
	runs := normalizeRuns(c.inline)
	c.inline = nil
	var cur []book.Inline
	for _, r := range runs {
		parts := strings.Split(r.Text, "\n\n")
		for i, part := range parts {
			if i > 0 {
				c.paragraph(cur)
				cur = nil
			}
			if part = strings.Trim(part, "\n"); part != "" || i == len(parts)-1 && part != "" {
				cur = append(cur, book.Inline{Text: part, Style: r.Style, Href: r.Href})
			}
		}
	}
	c.paragraph(cur)
}

func (c *converter) paragraph(runs []book.Inline) {
	runs = trimRuns(runs)
	if len(runs) > 0 {
		c.out = append(c.out, &book.Paragraph{Content: runs})
	}
}

// trimRuns drops white space, ideographic spaces used as indents included,
// at both ends of a paragraph.
func trimRuns(runs []book.Inline) []book.Inline {
	for len(runs) > 0 {
		runs[0].Text = strings.TrimLeftFunc(runs[0].Text, unicode.IsSpace)
		if runs[0].Text != "" {
			break
		}
		runs = runs[1:]
	}
	for len(runs) > 0 {
		n := len(runs) - 1
		runs[n].Text = strings.TrimRightFunc(runs[n].Text, unicode.IsSpace)
		if runs[n].Text != "" {
			break
		}
		runs = runs[:n]
	}
	return runs
}

func (c *converter) add(b book.Block) {
	c.flush()
	c.out = append(c.out, b)
}

// sub converts the children of n into a block list of their own.
func (c *converter) sub(n *html.Node) []book.Block {
	s := converter{base: c.base, top: c.root()}
	s.blocks(n)
	s.flush()
	return s.out
}

func (c *converter) blocks(n *html.Node) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.block(ch)
	}
}

func (c *converter) block(n *html.Node) {
	if n.Type == html.TextNode {
		c.inline = append(c.inline, piece{Inline: book.Inline{Text: n.Data}})
		return
	}
	if n.Type != html.ElementNode {
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		level := int(n.Data[1] - '0')
		if runs := normalizeRuns(c.inlines(n, 0, "")); len(runs) > 0 {
			c.add(&book.Heading{Level: level, Content: runs})
		}
	case atom.P:
		c.flush()
		c.inline = c.inlines(n, 0, "")
		c.flushWithImages()
	case atom.Ul, atom.Ol:
		l := &book.List{Ordered: n.DataAtom == atom.Ol, Start: 1}
		if s, err := strconv.Atoi(attr(n, "start")); err == nil {
			l.Start = s
		}
		for li := n.FirstChild; li != nil; li = li.NextSibling {
			if li.Type == html.ElementNode && li.DataAtom == atom.Li {
				if bs := c.sub(li); len(bs) > 0 {
					l.Items = append(l.Items, book.ListItem{Blocks: bs})
				}
			} else if li.Type == html.ElementNode || strings.TrimSpace(li.Data) != "" {
				// Stray content in a list: keep it as an item of its own.
				if bs := c.sub(&html.Node{Type: html.ElementNode, FirstChild: li, LastChild: li}); len(bs) > 0 {
					l.Items = append(l.Items, book.ListItem{Blocks: bs})
				}
			}
		}
		if len(l.Items) > 0 {
			c.add(l)
		}
	case atom.Blockquote:
		if bs := c.sub(n); len(bs) > 0 {
			c.add(&book.Quote{Blocks: bs})
		}
	case atom.Pre:
		var b strings.Builder
		textWithBreaks(n, &b)
		text := strings.TrimRight(strings.TrimPrefix(b.String(), "\n"), "\n ")
		if strings.TrimSpace(text) != "" {
			c.add(&book.Code{Text: text, Lang: codeLang(n)})
		}
	case atom.Hr:
		c.add(&book.Rule{})
	case atom.Img:
		if img := c.image(n); img != nil {
			c.add(img)
		}
	case atom.Figure:
		c.figure(n)
	case atom.Table:
		c.table(n)
	case atom.Br:
		c.inline = append(c.inline, piece{Inline: book.Inline{Text: "\n"}})
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Iframe, atom.Object, atom.Embed, atom.Video, atom.Audio:
		// Not part of the readable text.
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Aside, atom.Nav, atom.Dl, atom.Dt, atom.Dd, atom.Details, atom.Summary, atom.Address, atom.Center, atom.Form, atom.Fieldset, atom.Li, atom.Caption, atom.Figcaption, atom.Picture:
		c.flush()
		c.blocks(n)
		c.flush()
	default:
		// Inline content outside a paragraph: gather it, with its own
		// style and link.
		c.inline = append(c.inline, c.inline1(n, 0, "")...)
		c.flushImagesIfAny()
	}
}

// flushWithImages ends a paragraph, moving images found inside it out as
// blocks of their own, in place.
func (c *converter) flushWithImages() {
	var cur []piece
	for _, r := range c.inline {
		if r.img != nil {
			c.inline = cur
			c.flush()
			c.out = append(c.out, r.img)
			cur = nil
			continue
		}
		cur = append(cur, r)
	}
	c.inline = cur
	c.flush()
}

func (c *converter) flushImagesIfAny() {
	for _, r := range c.inline {
		if r.img != nil {
			c.flushWithImages()
			return
		}
	}
}

// inlines gathers the inline content of n's children.
func (c *converter) inlines(n *html.Node, style book.Style, href string) []piece {
	var out []piece
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		out = append(out, c.inline1(ch, style, href)...)
	}
	return out
}

func (c *converter) inline1(n *html.Node, style book.Style, href string) []piece {
	if n.Type == html.TextNode {
		return []piece{{Inline: book.Inline{Text: n.Data, Style: style, Href: href}}}
	}
	if n.Type != html.ElementNode {
		return nil
	}
	switch n.DataAtom {
	case atom.Br:
		return []piece{{Inline: book.Inline{Text: "\n", Style: style, Href: href}}}
	case atom.B, atom.Strong:
		style |= book.Bold
	case atom.I, atom.Em, atom.Cite, atom.Var, atom.Dfn:
		style |= book.Italic
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		style |= book.Mono
	case atom.A:
		if h := c.link(attr(n, "href")); h != "" {
			href = h
		} else if h := strings.TrimSpace(attr(n, "href")); h != "" && !strings.HasPrefix(h, "#") {
			// A link we cannot resolve is still a link to the cleanup,
			// which weighs link text; unlinkHidden drops the mark.
			href = hiddenLink
		}
	case atom.Img:
		if img := c.image(n); img != nil {
			return []piece{{img: img}}
		}
		return nil
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Iframe:
		return nil
	case atom.P, atom.Div, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Table, atom.Ul, atom.Ol:
		// A block inside inline content: keep its text, on a line of its own.
		runs := c.inlines(n, style, href)
		nl := piece{Inline: book.Inline{Text: "\n"}}
		return append(append([]piece{nl}, runs...), nl)
	}
	return c.inlines(n, style, href)
}

// link resolves href against the base and keeps only web and mail links.
func (c *converter) link(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if c.base != nil {
		u = c.base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return u.String()
	}
	return ""
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
	var img *book.Image
	var caption []book.Inline
	var rest []*html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			switch {
			case ch.Type == html.ElementNode && ch.DataAtom == atom.Img && img == nil:
				img = c.image(ch)
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
	if img == nil {
		c.flush()
		c.blocks(n)
		c.flush()
		return
	}
	img.Caption = caption
	c.add(img)
	for _, r := range rest {
		c.block(r)
	}
	c.flush()
}

func (c *converter) table(n *html.Node) {
	t := &book.Table{}
	var walk func(n *html.Node, head bool)
	walk = func(n *html.Node, head bool) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.DataAtom {
			case atom.Caption:
				t.Caption = normalizeRuns(c.inlines(ch, 0, ""))
			case atom.Thead:
				walk(ch, true)
			case atom.Tbody, atom.Tfoot:
				walk(ch, false)
			case atom.Tr:
				row := book.TableRow{Header: head}
				allTh := true
				for td := ch.FirstChild; td != nil; td = td.NextSibling {
					if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
						continue
					}
					span, _ := strconv.Atoi(attr(td, "colspan"))
					if span < 1 || span > 100 {
						span = 1
					}
					cell := book.TableCell{Header: td.DataAtom == atom.Th, ColSpan: span, Content: normalizeRuns(c.cellInlines(td))}
					allTh = allTh && cell.Header
					row.Cells = append(row.Cells, cell)
				}
				if len(row.Cells) > 0 {
					row.Header = row.Header || (allTh && len(t.Rows) == 0)
					t.Rows = append(t.Rows, row)
				}
			}
		}
	}
	walk(n, false)
	if len(t.Rows) == 0 {
		return
	}
	// A layout table of one cell per row is not a table: keep its content.
	if maxCols(t) == 1 {
		c.flush()
		for _, r := range t.Rows {
			if len(r.Cells[0].Content) > 0 {
				c.out = append(c.out, &book.Paragraph{Content: r.Cells[0].Content})
			}
		}
		return
	}
	c.add(t)
}

// cellInlines flattens a cell's content, images included as their alt text.
func (c *converter) cellInlines(td *html.Node) []piece {
	runs := c.inlines(td, 0, "")
	out := runs[:0]
	for _, r := range runs {
		if r.img != nil {
			if r.img.Alt == "" {
				continue
			}
			r = piece{Inline: book.Inline{Text: r.img.Alt}}
		}
		out = append(out, r)
	}
	return out
}

func maxCols(t *book.Table) int {
	m := 0
	for _, r := range t.Rows {
		n := 0
		for _, c := range r.Cells {
			n += c.ColSpan
		}
		m = max(m, n)
	}
	return m
}

func textWithBreaks(n *html.Node, b *strings.Builder) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case ch.Type == html.TextNode:
			b.WriteString(ch.Data)
		case ch.Type == html.ElementNode && ch.DataAtom == atom.Br:
			b.WriteString("\n")
		default:
			textWithBreaks(ch, b)
		}
	}
}

func codeLang(n *html.Node) string {
	for m := n; m != nil; m = m.FirstChild {
		for _, cls := range strings.Fields(attr(m, "class")) {
			if l, ok := strings.CutPrefix(cls, "language-"); ok {
				return l
			}
		}
		if m.FirstChild != nil && m.FirstChild.Type != html.ElementNode {
			break
		}
	}
	return ""
}

// normalizeRuns applies HTML white-space collapsing across runs: runs of
// white space become one space, dropped at the start and end of the
// paragraph and beside hard breaks, and a line break between two CJK
// characters disappears (CSS Text segment-break rules), since Chinese source
// HTML wraps lines anywhere. Empty runs are dropped and neighbours of equal
// style merged.
func normalizeRuns(runs []piece) []book.Inline {
	var out []book.Inline
	prevSpace := true // at paragraph start, leading space is dropped
	var prev rune     // last rune written
	pendingSpace, pendingNL := false, false
	for _, r := range runs {
		if r.img != nil {
			continue
		}
		var b strings.Builder
		carried := pendingSpace // a space from the end of the run before
		emit := func(ch rune) {
			if pendingSpace && !prevSpace && !(pendingNL && cjk.Unspaced(prev) && cjk.Unspaced(ch)) {
				// A space stays in the run it came from, so a link does
				// not gain a leading or trailing space it did not have.
				if n := len(out); b.Len() == 0 && carried && n > 0 {
					out[n-1].Text += " "
				} else {
					b.WriteByte(' ')
				}
			}
			pendingSpace, pendingNL = false, false
			b.WriteRune(ch)
			prev = ch
			prevSpace = false
		}
		for _, ch := range r.Text {
			switch {
			case ch == '\n' && r.Text == "\n":
				// A hard break: spaces around it vanish.
				pendingSpace, pendingNL = false, false
				b.WriteByte('\n')
				prevSpace = true
				prev = '\n'
			case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f':
				pendingSpace = true
				pendingNL = pendingNL || ch == '\n' || ch == '\r'
			case ch == '\u00a0' || ch == '\u3000':
				// Non-breaking and ideographic spaces are text; keep them.
				emit(ch)
			case unicode.IsControl(ch):
			default:
				emit(ch)
			}
		}
		if b.Len() > 0 {
			if n := len(out); n > 0 && out[n-1].Style == r.Style && out[n-1].Href == r.Href {
				out[n-1].Text += b.String()
			} else {
				out = append(out, book.Inline{Text: b.String(), Style: r.Style, Href: r.Href})
			}
		}
	}
	// Trim hard breaks at the ends.
	for len(out) > 0 && strings.TrimLeft(out[0].Text, "\n") == "" {
		out = out[1:]
	}
	if len(out) > 0 {
		out[0].Text = strings.TrimLeft(out[0].Text, "\n")
	}
	for len(out) > 0 && strings.TrimRight(out[len(out)-1].Text, "\n") == "" {
		out = out[:len(out)-1]
	}
	if n := len(out); n > 0 {
		out[n-1].Text = strings.TrimRight(out[n-1].Text, "\n")
	}
	return out
}
