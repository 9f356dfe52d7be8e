package extract

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
)

// A byline is what Chinese news pages print under the headline, or as a
// credit line after the text: "2019-09-26 12:11 来源：证券时报网 作者：李在山",
// "[责任编辑：肖春芳]".
type byline struct {
	date     time.Time
	hasDate  bool
	hasTime  bool
	source   string
	labelled bool // source named by a label (来源：…)
	authors  []string
	editors  []string
}

// Labels of byline fields, longest first so that "责任编辑" wins over "编辑".
var (
	rxBylineLabel = lazy(`(本文来源|文章来源|稿件来源|新闻来源|信息来源|来源|來源|稿源|出处|出處|责任编辑|責任編輯|本文编辑|责编|責編|编辑|編輯|校对|审核|审校|监制|作者|撰文|(?:本报|本報|本台|本刊|本网|本網|特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員)|发布时间|發布時間|发稿时间|發稿時間|发布日期|發佈時間|发表时间|更新时间|时间|時間|日期)\s*[:：︰]\s*`)
	// A date with an optional time, as bylines print it.
	rxBylineDate = lazy(`(?:19|20)\d\d \d{1,2} \d{1,2} \d{1,2}:\d{2}(?:\s*[AaPp][Mm])?|(?:19|20)\d\d\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)\s*\d{1,2}\s*日?(?:\s*(?:星期|周|週)[一二三四五六日天])?(?:\s*\d{1,2}\s*[:：时]\s*\d{2}(?:\s*[:：分]\s*\d{2}秒?)?)?`)
	// Furniture printed beside the byline: font size switches, share and
	// print buttons, view counters.
	// Each is a whole field of the line (between spaces).
	rxBylineFurniture = lazy(`^(?:[【\[]?(?:字号|字體|字体|打印|列印|关闭|關閉|纠错|收藏|评论|評論|留言|分享到?|分享至|我要分享|默认|放大|缩小|[大中小]|原创|原創|举报|舉報|推薦|推荐|讚|赞|用LINE傳送|LINE|编辑|編輯|更新|已更新|发布|發佈|只看该作者|只看大图|倒序浏览|阅读模式|回帖奖励|显示全部楼层|电梯直达|(?i:facebook|twitter|google|linkedin|share|a-|a\+))[】\]]?[:：]?\d*|(?:阅读|閱讀|浏览|瀏覽|点击|點擊)(?:量|数|數|次数)?[:：]?\d*|\d+人(?:参与|阅读|评论)|[|｜丨︱/])$`)
	rxPostedBy        = lazy(`^(?i:posted\s*@|posted\s+on|发表于|發表於)\s*`)
	rxCounter         = lazy(`(?:阅读|閱讀|评论|評論|浏览|瀏覽|点赞|推荐)\s*[(（]\s*\d*\s*[)）]|\d+\s*次(?:查看|阅读|閱讀|浏览|瀏覽|点击|點擊)`)
	rxPublishedAt     = lazy(`(?:发布于|發佈於|发表于|發表於)[:：]\s*\S{0,12}`)
	rxEmptyBrackets   = lazy(`[(（\[【]\s*[)）\]】]`)
	rxFontSize        = lazy(`[【\[]?\s*字[号號体體]\s*[:：]?\s*大\s*中\s*小\s*[】\]]?`)
	// A reporter line without a colon: "本报记者 张三 李四", "文/王五".
	rxReporter    = lazy(`^(?:本报|本報|本台|本刊|本网|本網|新华社|新華社|特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員|作者)\s*((?:[\p{Han}·]{2,5}[\s、，,]*){1,4})$`)
	rxReporterEnd = lazy(`(?:本报|本報|特约|特約|实习|實習)?(?:记者|記者)\s*((?:[\p{Han}·]{2,5}[\s、，,]*){1,4}?)\s*(?:[／/]\s*[\p{Han}]{0,8}(?:报道|報導|报导|電|电))?$`)
	rxOutletName  = lazy(`^([\p{Han}A-Za-z]{2,12})\s*[／/]\s*([\p{Han}·]{2,5})$`)
	// The reporter named at the start of the first paragraph:
	// "〔記者巫其倫／台北報導〕", "新华社北京1月3日电（记者张三）".
	rxLedeReporter = lazy(`^.{0,30}?[〔（(【\[]\s*(?:本报|本報)?(?:记者|記者)\s*([\p{Han}·]{2,4}(?:[\s、，,][\p{Han}·]{2,4}){0,3})\s*(?:[／/][^〕）)】\]]{0,10})?[〕）)】\]]`)
	rxSlashByline  = lazy(`^(?:文|图|圖|撰文|文字|摄影|攝影)\s*[/|｜丨︱]\s*(.{1,20})$`)
	rxNameSep      = lazy(`[\s、，,;；/]+`)
)

// parseByline reads s as a byline. It refuses text that reads as a
// sentence or is longer than a byline, so a paragraph of the body is never
// taken for one.
func parseByline(s string) (byline, bool) {
	var b byline
	s = collapse(strings.Map(func(r rune) rune {
		if r == '\u00a0' || r == '\u3000' {
			return ' '
		}
		return r
	}, s))
	if s == "" || utf8.RuneCountInString(s) > 160 || !mayBeByline(s) {
		return b, false
	}
	s = strings.Trim(s, "[]【】()（）〔〕 ")
	// "posted @ 2019-11-18 09:49 mrcharles 阅读(1024) 评论(0)": a blog's
	// post line names its author after the date.
	postedBy := false
	if m := rxPostedBy.FindStringIndex(s); m != nil {
		s, postedBy = s[m[1]:], true
	}
	s = rxCounter.ReplaceAllString(s, " ")
	if m := rxBylineDate.FindStringIndex(s); m != nil {
		if t, hasTime, ok := bylineDate(s[m[0]:m[1]]); ok {
			b.date, b.hasDate, b.hasTime = t, true, hasTime
		}
		s = s[:m[0]] + " " + s[m[1]:]
	}
	s = rxFontSize.ReplaceAllString(s, " ")
	s = rxPublishedAt.ReplaceAllString(s, " ")
	s = rxEmptyBrackets.ReplaceAllString(s, " ")
	fields := strings.Fields(s)
	s = ""
	for _, f := range fields {
		if !rxBylineFurniture.MatchString(strings.Trim(f, "|｜")) {
			s += f + " "
		}
	}
	prefix, ok := b.readLabels(s)
	if !ok || !b.readPrefix(prefix, postedBy) {
		return b, false
	}
	if !b.hasDate && b.source == "" && len(b.authors) == 0 && len(b.editors) == 0 {
		return b, false
	}
	return b, true
}

// readLabels reads the labelled parts of a byline's text s ("作者：…",
// "编辑：…", "来源：…") into b, and returns what comes before the first
// label; false when a label's value is not a byline's.
func (b *byline) readLabels(s string) (string, bool) {
	labels := rxBylineLabel.FindAllStringSubmatchIndex(s, -1)
	prefix := s
	if len(labels) > 0 {
		prefix = s[:labels[0][0]]
	}
	for i, m := range labels {
		end := len(s)
		if i+1 < len(labels) {
			end = labels[i+1][0]
		}
		label, value := s[m[2]:m[3]], bylineValue(s[m[1]:end])
		if value == "" {
			continue
		}
		if !nameLike(value, 40) {
			return "", false
		}
		switch {
		case label == "作者" || label == "撰文" || strings.HasSuffix(label, "记者") || strings.HasSuffix(label, "記者") || strings.HasPrefix(label, "通"):
			b.authors = append(b.authors, names(value)...)
		case strings.ContainsAny(label, "编編校审监"):
			b.editors = append(b.editors, names(value)...)
		case strings.ContainsAny(label, "时時期"):
			// The date was read above; anything else here is not a byline.
			if strings.Trim(value, "-—|｜/ 　") != "" {
				return "", false
			}
		default:
			if b.source == "" {
				b.source, b.labelled = sourceName(value), true
			}
		}
	}
	return prefix, true
}

// readPrefix reads what a byline says before its labels: a reporter, an
// outlet, an author after a blog's "posted @" date; false when it is not
// a byline's.
func (b *byline) readPrefix(prefix string, postedBy bool) bool {
	prefix = bylineValue(prefix)
	if m := rxReporterEnd.FindStringSubmatchIndex(prefix); m != nil {
		// "聯合報 記者林宸誼／即時報導": the outlet, then the reporter.
		b.authors = append(b.authors, names(prefix[m[2]:m[3]])...)
		prefix = bylineValue(prefix[:m[0]])
	} else if m := rxOutletName.FindStringSubmatch(prefix); m != nil {
		// "上報快訊／范姜佳鈺"
		b.authors = append(b.authors, m[2])
		prefix = m[1]
	}
	switch {
	case prefix == "":
	case rxReporter.MatchString(prefix):
		b.authors = append(b.authors, names(rxReporter.FindStringSubmatch(prefix)[1])...)
	case rxSlashByline.MatchString(prefix):
		b.authors = append(b.authors, names(rxSlashByline.FindStringSubmatch(prefix)[1])...)
	case postedBy && b.hasDate && nameLike(prefix, 30):
		b.authors = append(b.authors, prefix)
	case (b.hasDate || len(b.authors) > 0) && b.source == "" && nameLike(prefix, 20) && !strings.ContainsFunc(prefix, unicode.IsDigit) && (!strings.Contains(prefix, " ") || rxSiteWord.MatchString(prefix)):
		// "TNW中文站2016年10月14日07:17": an outlet beside the date.
		b.source = prefix
	default:
		return false
	}
	return true
}

// sourceName is the outlet of a 来源 value: its first word when the value
// is several Chinese words ("人民日报海外版 中国青年网", the second the site).
func sourceName(v string) string {
	f := strings.Fields(v)
	if len(f) < 2 {
		return v
	}
	for _, w := range f {
		if !siteLike(w) {
			return v
		}
	}
	return f[0]
}

// mayBeByline is a quick test before the regular expressions: a byline
// has a digit (its date) or one of the characters its labels and reporter
// forms start with.
func mayBeByline(s string) bool {
	return strings.ContainsAny(s, "0123456789来來稿出责責本编編校审監监作撰记記通发發更时時日文图圖摄攝") || strings.Contains(strings.ToLower(s), "posted")
}

// bylineCandidate reports a line worth parsing as a byline: a label or a
// year in it. Plain string tests first: the regular expressions are the
// cost of this search on a large page.
func bylineCandidate(t string) bool {
	for _, k := range bylineKeys {
		if strings.Contains(t, k) {
			return true
		}
	}
	return hasYear(t) && rxBylineDate.MatchString(t)
}

var bylineKeys = []string{"来源", "來源", "稿源", "出处", "出處", "作者", "记者", "記者", "通讯员", "通訊員", "编辑", "編輯", "责编", "責編", "发布", "發布", "發佈", "发表", "發表", "时间", "時間", "日期", "撰文", "posted", "Posted"}

// hasYear reports four digits starting 19 or 20.
func hasYear(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && isDigit(s[i+2]) && isDigit(s[i+3]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// bylineValue trims the separators bylines put between fields.
func bylineValue(s string) string {
	return strings.TrimFunc(collapse(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|｜丨︱/-—·•:：,，;；[]【】()（）〔〕", r)
	})
}

// nameLike reports a short value without sentence punctuation: a name, an
// outlet, not a clause.
// Commas may only separate names.
func nameLike(s string, maxRunes int) bool {
	if utf8.RuneCountInString(s) > maxRunes || strings.ContainsAny(s, "。！？!?；;“”\"") {
		return false
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '，' || r == ',' }) {
		if utf8.RuneCountInString(strings.TrimSpace(part)) > 6 && strings.ContainsAny(s, "，,") {
			return false
		}
	}
	return true
}

func names(s string) []string {
	var out []string
	for _, n := range rxNameSep.Split(s, -1) {
		if n = bylineValue(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// bylineDate reads a byline date; Chinese sites print China time.
func bylineDate(s string) (time.Time, bool, bool) {
	var nums []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		v, _ := strconv.Atoi(f)
		nums = append(nums, v)
	}
	if len(nums) < 3 {
		return time.Time{}, false, false
	}
	for len(nums) < 6 {
		nums = append(nums, 0)
	}
	y, mo, d, h, mi, sec := nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]
	if u := strings.ToUpper(s); strings.HasSuffix(u, "PM") && h < 12 {
		h += 12
	} else if strings.HasSuffix(u, "AM") && h == 12 {
		h = 0
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, chinaTime), len(nums) > 3 && strings.ContainsAny(s, ":：时"), true
}

// credits is what the page itself has said of the article so far: an
// author named in a byline outranks a meta tag, and a labelled 来源 an
// outlet printed beside a date or a reporter.
type credits struct {
	authors, labelledSource bool
}

// apply records b in a's metadata. The page's own byline names the
// authors better than a meta tag (which Chinese sites fill with the
// editor); editors stand in only when no author is named.
func (b byline) apply(a *book.Article, c *credits) {
	switch {
	case len(b.authors) > 0:
		if !c.authors {
			a.Byline = ""
			c.authors = true
		}
		a.Byline = joinNew(a.Byline, b.authors)
	case len(b.editors) > 0 && a.Byline == "":
		a.Byline = strings.Join(b.editors, " ")
	}
	if b.source != "" && (a.Source == "" || b.labelled && !c.labelledSource) {
		a.Source = b.source
		c.labelledSource = c.labelledSource || b.labelled
	}
	// The page's printed time, in China time, is better than a date
	// without a time, or the same time read without its zone.
	if b.hasDate && (a.Published.IsZero() || b.hasTime && sameDay(a.Published, b.date) && (a.Published.Hour() == 0 && a.Published.Minute() == 0 || a.Published.Hour() == b.date.Hour() && a.Published.Minute() == b.date.Minute() && zoneOffset(a.Published) != zoneOffset(b.date))) {
		a.Published = b.date
	}
}

func joinNew(s string, add []string) string {
	have := strings.Fields(s)
	for _, n := range add {
		if !strings.Contains(" "+s+" ", " "+n+" ") {
			have = append(have, n)
		}
	}
	return strings.Join(have, " ")
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Limits of the search for the byline under the headline: how much text
// after the headline, how many lines, how long a line.
const (
	bylineScanRunes = 3000
	bylineLines     = 8
	bylineMaxRunes  = 160
)

// pageBylines returns the short lines after the page's headline that may
// be its byline, read before readability, which often leaves the byline
// out of the article. The headline is the first h1, or the first element
// with "tit" in its class or id whose text the page's <title> contains.
func pageBylines(doc *html.Node) []string {
	var title string
	if t := findFirst(doc, atom.Title); t != nil {
		var b strings.Builder
		textOf(t, &b)
		title = collapse(b.String())
	}
	var out []string
	started, seen := false, 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				if started {
					seen += utf8.RuneCountInString(strings.TrimSpace(c.Data))
				}
			case c.Type != html.ElementNode:
				continue
			case c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Noscript || c.DataAtom == atom.Head:
				continue
			case !started:
				if isHeadline(c, title) {
					started = true
					continue
				}
				if walk(c) {
					return true
				}
				continue
			default:
				t, short := boundedText(c, bylineMaxRunes)
				if short {
					seen += utf8.RuneCountInString(t)
					if t != "" && bylineCandidate(t) {
						out = append(out, t)
					}
				} else if walk(c) {
					return true
				}
			}
			if started && (seen > bylineScanRunes || len(out) >= bylineLines) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return out
}

func isHeadline(n *html.Node, title string) bool {
	if n.DataAtom == atom.H1 {
		return true
	}
	key := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	if !strings.Contains(key, "tit") || title == "" {
		return false
	}
	t, short := boundedText(n, 200)
	return short && utf8.RuneCountInString(t) >= 4 && strings.Contains(title, t)
}

// boundedText returns n's text, collapsed, elements separated by spaces,
// and whether it is at most max runes long (else the text is cut short).
func boundedText(n *html.Node, max int) (string, bool) {
	var b strings.Builder
	runes := 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				runes += utf8.RuneCountInString(strings.TrimSpace(c.Data))
				if runes > max {
					return false
				}
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Script || c.DataAtom == atom.Style {
					continue
				}
				b.WriteByte(' ')
				if !walk(c) {
					return false
				}
				b.WriteByte(' ')
			}
		}
		return true
	}
	ok := walk(n)
	return collapse(b.String()), ok
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, a); f != nil {
			return f
		}
	}
	return nil
}

func zoneOffset(t time.Time) int {
	_, off := t.Zone()
	return off
}
