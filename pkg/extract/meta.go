package extract

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what the page says of itself outside readability's view.
type pageMeta struct {
	lang      string
	canonical string
	ogURL     string
	h1        []string
	h2        []string
	ogTitle   string
	summaries []string // the page's descriptions of itself (meta description, og:, twitter:), distinct
	pubMeta   string   // a publish date meta tag readability does not read
	source    string   // the outlet credited (meta name="source")
	text      strings.Builder
}

// base is the page's own address, as it names it (canonical link, then
// og:url), which resolves a saved page's relative links and images; nil
// when it names none that is absolute.
func (m *pageMeta) base() *url.URL {
	for _, s := range []string{m.canonical, m.ogURL} {
		if u, err := url.Parse(s); s != "" && err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u
		}
	}
	return nil
}

// Publish-date meta tags of Chinese news sites, and the date printed under
// the headline ("2016年10月14日07:17", "2025-01-04 10:20").
var (
	pubMetaNames = map[string]bool{"publishdate": true, "pubdate": true, "publish_date": true, "publishtime": true, "date": true, "dc.date": true, "dc.date.issued": true}
	rxPageDate   = lazy(`(20\d\d|19\d\d)\s*(?:年|-|/)\s*(\d{1,2})\s*(?:月|-|/)\s*(\d{1,2})\b\s*日?\s*(?:(\d{1,2})\s*[:：时]\s*(\d{2}))?`)
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
				if isDescription(attr(n, "name")) || isDescription(attr(n, "property")) {
					if d := collapse(attr(n, "content")); d != "" && !slices.Contains(m.summaries, d) && len(m.summaries) < 3 {
						m.summaries = append(m.summaries, d)
					}
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

func isDescription(key string) bool {
	switch strings.ToLower(key) {
	case "description", "og:description", "twitter:description":
		return true
	}
	return false
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

var (
	rxBylineBy          = lazy(`^(?i:by)\s+`)
	rxBylineEnglishDate = lazy(`,?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},\s+\d{4}$`)
)

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

var rxSiteWord = lazy(`(?:网|網|站|新闻|新聞|日报|日報|频道|頻道|中心|报|報|社|台|刊|在线|在線|论坛|論壇|博客|资讯|資訊|首页|首頁)$`)
