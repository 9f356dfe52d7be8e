package extract

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/bookify/article2book/pkg/book"
)

// Site-specific handling, only where a big site defeats the generic path.

// WeChat articles (mp.weixin.qq.com) ship their text in #js_content with
// visibility: hidden, shown by a script; readability drops hidden nodes,
// so it finds no article at all. The account's name, the headline and the
// publish time (a Unix time in the script variable ct) are elsewhere in
// the page. Images carry their address in data-src (see imageSource).
var (
	rxHiddenStyle = lazy(`(?i)(?:visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0*)?)\s*;?`)
	rxWeChatCT    = lazy(`\bvar\s+ct\s*=\s*"(\d{9,11})"`)
	rxWeChatNick  = lazy(`\bvar\s+nickname\s*=\s*"([^"]{1,60})"`)
)

// wechat is what fixWeChat reads off a WeChat article page.
type wechat struct {
	account, title, author string
	published              time.Time
}

// fixWeChat makes a WeChat article's text visible to readability and
// returns the page's metadata; ok is false on other pages.
func fixWeChat(doc *html.Node) (w wechat, ok bool) {
	content := findByID(doc, "js_content")
	if content == nil {
		return w, false
	}
	if st := attr(content, "style"); st != "" {
		setAttr(content, "style", rxHiddenStyle.ReplaceAllString(st, ""))
	}
	if n := findByID(doc, "activity-name"); n != nil {
		w.title = elementText(n)
	}
	if n := findByID(doc, "js_name"); n != nil {
		w.account = elementText(n)
	}
	if n := findByID(doc, "js_author_name"); n != nil {
		w.author = elementText(n)
	}
	var scripts strings.Builder
	walkElements(doc, func(n *html.Node) {
		switch {
		case n.Data == "script" && n.FirstChild != nil && scripts.Len() < 1<<20:
			scripts.WriteString(n.FirstChild.Data)
		case n.Data == "meta" && attr(n, "name") == "author" && w.author == "":
			w.author = collapse(attr(n, "content"))
		}
	})
	if m := rxWeChatCT.FindStringSubmatch(scripts.String()); m != nil {
		if sec, err := strconv.ParseInt(m[1], 10, 64); err == nil {
			w.published = time.Unix(sec, 0).In(chinaTime)
		}
	}
	if m := rxWeChatNick.FindStringSubmatch(scripts.String()); m != nil && w.account == "" {
		w.account = collapse(m[1])
	}
	return w, true
}

// apply fills what the generic path left empty.
func (w wechat) apply(a *book.Article) {
	if w.title != "" {
		a.Title = w.title
	}
	if a.SiteName == "" || a.SiteName == "微信公众平台" {
		a.SiteName = w.account
	}
	if a.Byline == "" && w.author != w.account {
		a.Byline = w.author
	}
	if !w.published.IsZero() {
		a.Published = w.published
	}
}

func findByID(n *html.Node, id string) *html.Node {
	var found *html.Node
	walkElements(n, func(e *html.Node) {
		if found == nil && attr(e, "id") == id {
			found = e
		}
	})
	return found
}

func elementText(n *html.Node) string {
	var b strings.Builder
	textOf(n, &b)
	return collapse(b.String())
}

// walkElements calls fn for every element under n, in document order.
func walkElements(n *html.Node, fn func(*html.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			fn(c)
			walkElements(c, fn)
		}
	}
}

// Discuz! forums (most Chinese forums) put each post of a thread in
// td.t_f#postmessage_N. The article is the first post, not the replies;
// the forum scatters anti-copy strings through it in font.jammer (hidden
// by a style sheet readability does not read) and in hidden spans, notes
// edits in i.pstatus and asks guests to register in
// div.attach_nopermission. The thread's subject, the first post's author and its date
// are in the thread's markup.
var rxDiscuzDate = lazy(`(?:19|20)\d\d-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?`)

type discuz struct {
	subject, author string
	published       time.Time
	post            string // the id of the first post's message
}

func fixDiscuz(doc *html.Node) (d discuz, ok bool) {
	var posts []*html.Node
	walkElements(doc, func(n *html.Node) {
		if strings.HasPrefix(attr(n, "id"), "postmessage_") {
			posts = append(posts, n)
		}
	})
	if len(posts) == 0 {
		return d, false
	}
	var junk []*html.Node
	walkElements(doc, func(n *html.Node) {
		cls := " " + attr(n, "class") + " "
		style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
		if strings.Contains(cls, " jammer ") || n.Data == "i" && strings.Contains(cls, " pstatus ") ||
			strings.Contains(cls, " attach_nopermission ") || strings.Contains(style, "display:none") {
			// Anti-copy strings, the edit note, the register prompt
			// and what the page hides.
			junk = append(junk, n)
		}
	})
	// The replies go with the whole post that holds them (author, date,
	// signature, buttons).
	for _, p := range posts[1:] {
		junk = append(junk, discuzPost(p))
	}
	first := discuzPost(posts[0])
	d.post = attr(posts[0], "id")
	for _, n := range junk {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	if n := findByID(doc, "thread_subject"); n != nil {
		d.subject = elementText(n)
	}
	walkElements(first, func(n *html.Node) {
		switch {
		case d.author == "" && n.Data == "a" && strings.Contains(" "+attr(n, "class")+" ", " xw1 "):
			d.author = elementText(n)
		case d.published.IsZero() && strings.HasPrefix(attr(n, "id"), "authorposton"):
			if m := rxDiscuzDate.FindString(elementText(n)); m != "" {
				if t, _, ok := bylineDate(m); ok {
					d.published = t
				}
			}
		}
	})
	return d, true
}

// discuzPost returns the element of the whole post around a
// postmessage: its div#post_N, or the postmessage itself.
func discuzPost(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if strings.HasPrefix(attr(p, "id"), "post_") {
			return p
		}
	}
	return n
}

func (d discuz) apply(a *book.Article) {
	if d.subject != "" {
		a.Title = d.subject
	}
	if d.author != "" {
		a.Byline = d.author
	}
	if !d.published.IsZero() {
		a.Published = d.published
	}
}
