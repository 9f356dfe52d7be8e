package convert

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
)

// Feed limits.
const (
	// DefaultFeedItems is how many items a feed's book takes when the job
	// does not say.
	DefaultFeedItems = 50
	// MaxFeedItems bounds max_items.
	MaxFeedItems = 200
	// An item's own text is taken as the article from these weights of
	// text on (see textWeight), unless it ends as a teaser does ("…", "Read
	// more"); below, it is a summary, and the linked page is fetched and
	// extracted. A content field (RSS content:encoded, Atom content, JSON
	// Feed content_html) holds the article in feeds that carry it; a
	// description or summary does only when long. Excerpts of blog engines
	// (WordPress: 55 words, about 300) stay below both. Taking a page for
	// a summary costs a fetch; the reverse would lose the article.
	fullContentWeight     = 500
	fullDescriptionWeight = 1500
)

// ErrNoItems reports a feed none of whose items is left to convert (none
// at all, or none new since the date or the digest before).
var ErrNoItems = fmt.Errorf("%w: the feed has no items to convert", extract.ErrEmpty)

// FeedOptions select the items of a feed that become chapters.
type FeedOptions struct {
	MaxItems int       // newest items taken; 0 means DefaultFeedItems
	Since    time.Time // items dated before it are left out; zero keeps all
	Oldest   bool      // chapters oldest first; the default is newest first
	// Seen reports items an earlier book already holds (a digest's state),
	// by GUID or URL; they are left out before MaxItems counts.
	Seen func(key string) bool
}

func (o FeedOptions) seen(keys ...string) bool {
	if o.Seen == nil {
		return false
	}
	for _, k := range keys {
		if k != "" && o.Seen(k) {
			return true
		}
	}
	return false
}

// feedItem is what a feed says of one item. It wins over what the page
// says of itself: the feed is the publisher's own word on title, author
// and date.
type feedItem struct {
	keys      []string // GUID and link: what a digest remembers
	title     string
	author    string
	published time.Time
	site      string // the feed's title
}

// apply puts the item's metadata on the article read for it.
func (it *feedItem) apply(a *book.Article) {
	if it.title != "" {
		a.Title = it.title
	}
	if it.author != "" {
		a.Byline = it.author
	}
	if !it.published.IsZero() {
		a.Published = it.published
	}
	if a.SiteName == "" {
		a.SiteName = it.site
	}
}

// IsFeed reports whether data is an RSS, Atom or JSON Feed document.
func IsFeed(data []byte) bool {
	switch gofeed.DetectFeedType(bytes.NewReader(data)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
		return true
	case gofeed.FeedTypeJSON:
		// Any JSON object is "JSON" to gofeed; a JSON Feed names its version.
		var v struct {
			Version string `json:"version"`
		}
		return json.Unmarshal(data, &v) == nil && strings.HasPrefix(v.Version, "https://jsonfeed.org/version/")
	}
	return false
}

// feedInputs parses a feed and returns its title and one input per item to
// convert, selected and ordered by o. feedURL resolves relative links and
// may be empty. Items that cannot become a chapter, duplicates and items
// over MaxItems are reported in the warnings.
func feedInputs(name string, data []byte, feedURL string, o FeedOptions) (string, []Input, []string, error) {
	if !IsFeed(data) {
		return "", nil, nil, fmt.Errorf("%s: %w: not a feed (RSS, Atom or JSON Feed)", name, ErrUnsupported)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return "", nil, nil, fmt.Errorf("%s: %w: unreadable feed: %v", name, ErrUnsupported, err)
	}
	base, _ := url.Parse(strings.TrimSpace(cmp.Or(feedURL, f.FeedLink, f.Link)))
	if base != nil && !base.IsAbs() {
		base = nil
	}
	title := collapse(html.UnescapeString(f.Title))
	if title == "" && base != nil {
		title = strings.TrimPrefix(base.Hostname(), "www.")
	}
	cands, warnings := candidates(f, base, title, o)
	cands, warnings = selectItems(cands, warnings, o)
	ins, w := itemInputs(cands)
	warnings = append(warnings, w...)
	if len(ins) == 0 {
		return title, nil, warnings, fmt.Errorf("%s: %w", name, ErrNoItems)
	}
	return title, ins, warnings, nil
}

// candidate is a feed item that may become a chapter.
type candidate struct {
	link    string
	meta    feedItem
	dated   bool
	content string
	// fromContent: content is the item's content field, not its
	// description or summary
	fromContent bool
}

// candidates are the items of f not seen before (by o, or earlier in the
// feed) nor older than o.Since, with their links resolved against base;
// site is the feed's title.
func candidates(f *gofeed.Feed, base *url.URL, site string, o FeedOptions) ([]candidate, []string) {
	feedAuthor := persons(f.Authors)
	var cands []candidate
	var warnings []string
	seen := map[string]bool{}
	for i, it := range f.Items {
		c := newCandidate(it, base, site, feedAuthor)
		label := itemLabel(c.meta.title, c.link, i)
		if slices.ContainsFunc(c.meta.keys, func(k string) bool { return seen[k] }) {
			warnings = append(warnings, fmt.Sprintf("item %s left out: a duplicate of an earlier item", label))
			continue
		}
		for _, k := range c.meta.keys {
			seen[k] = true
		}
		if o.seen(c.meta.keys...) || c.dated && !o.Since.IsZero() && c.meta.published.Before(o.Since) {
			continue
		}
		cands = append(cands, c)
	}
	return cands, warnings
}

// newCandidate reads an item: its link (an RSS guid that is a web URL
// when there is none), the keys a digest remembers, its metadata, and the
// longer of its content and its description.
func newCandidate(it *gofeed.Item, base *url.URL, site, feedAuthor string) candidate {
	link := resolve(base, strings.TrimSpace(it.Link))
	guid := strings.TrimSpace(it.GUID)
	if link == "" && checkWebURL(guid) == nil {
		link = guid // an RSS guid that is the permalink
	}
	c := candidate{link: link, meta: feedItem{
		title:  collapse(html.UnescapeString(it.Title)),
		author: cmp.Or(persons(it.Authors), feedAuthor),
		site:   site,
	}}
	for _, k := range []string{guid, normURL(link)} {
		if k != "" && !slices.Contains(c.meta.keys, k) {
			c.meta.keys = append(c.meta.keys, k)
		}
	}
	switch {
	case it.PublishedParsed != nil:
		c.meta.published, c.dated = *it.PublishedParsed, true
	case it.UpdatedParsed != nil:
		c.meta.published, c.dated = *it.UpdatedParsed, true
	}
	c.content, c.fromContent = it.Content, true
	if textLen(it.Description) > textLen(c.content) {
		c.content, c.fromContent = it.Description, false
	}
	return c
}

// selectItems orders the candidates (newest first when every one is
// dated, else in the feed's order; oldest first with o.Oldest) and keeps
// o.MaxItems of them.
func selectItems(cands []candidate, warnings []string, o FeedOptions) ([]candidate, []string) {
	if !slices.ContainsFunc(cands, func(c candidate) bool { return !c.dated }) {
		slices.SortStableFunc(cands, func(a, b candidate) int { return b.meta.published.Compare(a.meta.published) })
	}
	limit := o.MaxItems
	if limit <= 0 {
		limit = DefaultFeedItems
	}
	if len(cands) > limit {
		warnings = append(warnings, fmt.Sprintf("%s left out: at most %d items are taken (max_items)", plural(len(cands)-limit, "older item"), limit))
		cands = cands[:limit]
	}
	if o.Oldest {
		slices.Reverse(cands)
	}
	return cands, warnings
}

// itemInputs makes an input of each candidate: its own content, read
// here once, when it is the whole article (or there is no link); else
// its link to fetch.
func itemInputs(cands []candidate) ([]Input, []string) {
	var ins []Input
	var warnings []string
	for i, c := range cands {
		meta := c.meta
		in := Input{Name: itemLabel(meta.title, c.link, i), URL: c.link, item: &meta}
		var pageURL *url.URL
		if c.link != "" {
			pageURL, _ = url.Parse(c.link)
		}
		if a, err := extract.FromFragment(strings.NewReader(c.content), pageURL, meta.title); err == nil && (c.link == "" || isFullText(a, c.fromContent)) {
			in.Kind, in.Data, in.parsed = kindFragment, []byte(c.content), a
		} else if c.link != "" {
			in.Kind = KindURL
		} else {
			warnings = append(warnings, fmt.Sprintf("item %s left out: it has neither text nor a link", in.Name))
			continue
		}
		ins = append(ins, in)
	}
	return ins, warnings
}

// discoverFeed returns the first feed a page links to as an alternate
// (<link rel="alternate" type="application/rss+xml" href="…">), resolved
// against pageURL, or "".
func discoverFeed(page []byte, pageURL string) string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return ""
	}
	base, _ := url.Parse(pageURL)
	var found string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == ""; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Link {
				var rel, typ, href string
				for _, a := range c.Attr {
					switch a.Key {
					case "rel":
						rel = strings.ToLower(a.Val)
					case "type":
						typ = strings.ToLower(strings.TrimSpace(a.Val))
					case "href":
						href = strings.TrimSpace(a.Val)
					}
				}
				if slices.Contains(strings.Fields(rel), "alternate") && href != "" &&
					(typ == "application/rss+xml" || typ == "application/atom+xml" || typ == "application/feed+json") {
					found = resolve(base, href)
				}
				continue
			}
			if c.Type == html.ElementNode && c.DataAtom == atom.Body {
				continue // feeds are announced in the head
			}
			walk(c)
		}
	}
	walk(doc)
	return found
}

// resolve returns ref as an absolute http(s) URL against base, or "".
func resolve(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if checkWebURL(u.String()) != nil {
		return ""
	}
	return u.String()
}

// normURL is a URL as duplicates are recognised: without its fragment,
// scheme and host in lower case.
func normURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || s == "" {
		return s
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	return u.String()
}

func itemLabel(title, link string, i int) string {
	switch {
	case title != "" && link != "":
		return fmt.Sprintf("%q (%s)", title, link)
	case title != "":
		return fmt.Sprintf("%q", title)
	case link != "":
		return link
	}
	return fmt.Sprintf("#%d", i+1)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func persons(ps []*gofeed.Person) string {
	var names []string
	for _, p := range ps {
		if p == nil {
			continue
		}
		if n := collapse(cmp.Or(p.Name, p.Email)); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// textWeight measures an article's text in Latin-letter equivalents: a
// CJK character carries about as much as three letters.
func textWeight(a *book.Article) int {
	n := 0
	for _, t := range a.Texts() {
		for _, r := range t {
			switch {
			case unicode.IsSpace(r):
			case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
				n += 3
			default:
				n++
			}
		}
	}
	return n
}

// teaser matches the end of a summary that sends the reader to the page;
// compiled on first use, by feeds only.
var teaser = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|keep reading|more\s*»|阅读全文|查看全文|阅读更多|点击查看|続きを読む)[\s\p{P}\p{S}]*$`)
})

// isFullText tells whether an item's own text is the article (see
// fullContentWeight).
func isFullText(a *book.Article, fromContent bool) bool {
	texts := a.Texts()
	if len(texts) > 0 && teaser().MatchString(strings.TrimSpace(texts[len(texts)-1])) {
		return false
	}
	w := textWeight(a)
	return fromContent && w >= fullContentWeight || w >= fullDescriptionWeight
}

// textLen is the length of an HTML fragment's text, to pick the fuller of
// an item's content and description.
func textLen(s string) int {
	n := 0
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.TextToken:
			n += len(bytes.TrimSpace(z.Text()))
		}
	}
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
