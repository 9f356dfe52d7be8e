package extract

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/bookify/article2book/internal/cjk"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/language"

	"github.com/bookify/article2book/pkg/book"
)

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
			// Newlines go where paragraphs part, not a hard break that
			// ends a run followed by one of another style or language.
			if i > 0 {
				part = strings.TrimLeft(part, "\n")
			}
			if i < len(parts)-1 {
				part = strings.TrimRight(part, "\n")
			}
			if part != "" {
				cur = append(cur, book.Inline{Text: part, Style: r.Style, Href: r.Href, Lang: r.Lang})
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
		c.inline = append(c.inline, piece{Inline: book.Inline{Text: n.Data, Lang: textLang(n)}})
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
		return []piece{{Inline: book.Inline{Text: n.Data, Style: style, Href: href, Lang: textLang(n)}}}
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
	case atom.Figure:
		// A picture and its caption inside a paragraph (joinBesideCaptions
		// makes such figures): the picture, captioned, as a block of its own.
		if pics, ok := c.inlineFigure(n); ok {
			return pics
		}
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

// inlineFigure reads a figure met inside a paragraph. It returns the
// pieces of its pictures when pictures are all it makes, and ok; ok is
// false when it makes more, which is then read inline. A picture set
// aside (unplaced) takes the caption there and gives nothing inline.
func (c *converter) inlineFigure(n *html.Node) (pics []piece, ok bool) {
	r := c.root()
	k := len(r.unplaced)
	s := converter{base: c.base, top: r}
	s.figure(n)
	s.flush()
	for _, b := range s.out {
		img, isImg := b.(*book.Image)
		if !isImg {
			r.unplaced = r.unplaced[:k]
			return nil, false
		}
		pics = append(pics, piece{img: img})
	}
	return pics, len(pics) > 0 || len(r.unplaced) > k
}

// textLang returns the language the page gives the text node n (nodeLang)
// when its letters are in that language's script: pages pasted from word
// processors say lang="EN-US" around Chinese text, which must neither be
// shaped nor read aloud as English.
func textLang(n *html.Node) string {
	lang := nodeLang(n)
	if lang == "" {
		return ""
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return ""
	}
	sc, _ := tag.Script()
	letters := scriptLetters[sc.String()]
	any := false // a letter: digits and punctuation are in no language
	for _, r := range n.Data {
		if !unicode.IsLetter(r) || unicode.In(r, unicode.Common, unicode.Inherited) {
			continue // ー, the prolonged sound mark, is common to kana
		}
		if letters == nil && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
			letters != nil && !unicode.In(r, letters...) {
			return ""
		}
		any = true
	}
	if !any {
		return ""
	}
	return lang
}

// scriptLetters are the letters of the scripts (ISO 15924) a language's
// text is checked against; text in a language of another script is only
// held to have no CJK letters.
var scriptLetters = map[string][]*unicode.RangeTable{
	"Latn": {unicode.Latin}, "Cyrl": {unicode.Cyrillic}, "Grek": {unicode.Greek},
	"Arab": {unicode.Arabic}, "Hebr": {unicode.Hebrew}, "Thai": {unicode.Thai}, "Deva": {unicode.Devanagari},
	"Hans": {unicode.Han}, "Hant": {unicode.Han},
	"Jpan": {unicode.Han, unicode.Hiragana, unicode.Katakana},
	"Kore": {unicode.Hangul, unicode.Han},
}

// nodeLang returns the language the page gives n: the lang (or xml:lang)
// attribute of n or of its nearest element that has one, "" for none.
func nodeLang(n *html.Node) string {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Namespace == "" && (a.Key == "lang" || a.Key == "xml:lang") {
				return strings.TrimSpace(a.Val)
			}
		}
	}
	return ""
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
// HTML wraps lines anywhere; stray no-break spaces become spaces (unglue).
// Empty runs are dropped and neighbours of equal style merged.
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
			// a hard break goes with the text before it, whatever its
			// language
			if n := len(out); n > 0 && out[n-1].Style == r.Style && out[n-1].Href == r.Href && (out[n-1].Lang == r.Lang || r.Text == "\n") {
				out[n-1].Text += b.String()
			} else {
				out = append(out, book.Inline{Text: b.String(), Style: r.Style, Href: r.Href, Lang: r.Lang})
			}
		}
	}
	out = unglue(out)
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
