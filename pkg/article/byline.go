package article

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A byline is what Chinese news pages print under the headline, or as a
// credit line after the text: "2019-09-26 12:11 来源：证券时报网 作者：李在山",
// "[责任编辑：肖春芳]".
type byline struct {
	date    time.Time
	hasDate bool
	hasTime bool
	source  string
	authors []string
	editors []string
}

// Labels of byline fields, longest first so that "责任编辑" wins over "编辑".
var (
	rxBylineLabel = regexp.MustCompile(`(本文来源|文章来源|稿件来源|新闻来源|信息来源|来源|來源|稿源|出处|出處|责任编辑|責任編輯|本文编辑|责编|責編|编辑|編輯|校对|审核|审校|监制|作者|撰文|(?:本报|本報|本台|本刊|本网|本網|特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員)|发布时间|發布時間|发布日期|發佈時間|发表时间|更新时间|时间|時間|日期)\s*[:：︰]\s*`)
	// A date with an optional time, as bylines print it.
	rxBylineDate = regexp.MustCompile(`(?:19|20)\d\d\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)\s*\d{1,2}\s*日?(?:\s*(?:星期|周|週)[一二三四五六日天])?(?:\s*\d{1,2}\s*[:：时]\s*\d{2}(?:\s*[:：分]\s*\d{2}秒?)?)?`)
	// Furniture printed beside the byline: font size switches, share and
	// print buttons, view counters.
	// Each is a whole field of the line (between spaces).
	rxBylineFurniture = regexp.MustCompile(`^(?:[【\[]?(?:字号|字體|字体|打印|关闭|關閉|纠错|收藏|评论|評論|分享到?|我要分享|默认|放大|缩小|[大中小]|原创|原創|举报|舉報)[】\]]?[:：]?|(?:阅读|閱讀|浏览|瀏覽|点击|點擊)(?:量|数|數|次数)?[:：]?\d*|\d+人(?:参与|阅读|评论)|[|｜丨︱/])$`)
	rxFontSize        = regexp.MustCompile(`[【\[]?\s*字[号號体體]\s*[:：]?\s*大\s*中\s*小\s*[】\]]?`)
	// A reporter line without a colon: "本报记者 张三 李四", "文/王五".
	rxReporter    = regexp.MustCompile(`^(?:本报|本報|本台|本刊|本网|本網|新华社|新華社|特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員|作者)\s*((?:[\p{Han}·]{2,5}[\s、，,]*){1,4})$`)
	rxSlashByline = regexp.MustCompile(`^(?:文|图|圖|撰文|文字|摄影|攝影)\s*[/|｜丨︱]\s*(.{1,20})$`)
	rxNameSep     = regexp.MustCompile(`[\s、，,;；/]+`)
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
	if s == "" || utf8.RuneCountInString(s) > 160 {
		return b, false
	}
	s = strings.Trim(s, "[]【】()（）〔〕 ")
	if m := rxBylineDate.FindStringIndex(s); m != nil {
		if t, hasTime, ok := bylineDate(s[m[0]:m[1]]); ok {
			b.date, b.hasDate, b.hasTime = t, true, hasTime
		}
		s = s[:m[0]] + " " + s[m[1]:]
	}
	fields := strings.Fields(rxFontSize.ReplaceAllString(s, " "))
	s = ""
	for _, f := range fields {
		if !rxBylineFurniture.MatchString(f) {
			s += f + " "
		}
	}
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
			return b, false
		}
		switch {
		case label == "作者" || label == "撰文" || strings.HasSuffix(label, "记者") || strings.HasSuffix(label, "記者") || strings.HasPrefix(label, "通"):
			b.authors = append(b.authors, names(value)...)
		case strings.ContainsAny(label, "编編校审监"):
			b.editors = append(b.editors, names(value)...)
		case strings.ContainsAny(label, "时時期"):
			// The date was read above; anything else here is not a byline.
			if strings.Trim(value, "-—|｜/ 　") != "" {
				return b, false
			}
		default:
			if b.source == "" {
				b.source = value
			}
		}
	}
	prefix = bylineValue(prefix)
	switch {
	case prefix == "":
	case rxReporter.MatchString(prefix):
		b.authors = append(b.authors, names(rxReporter.FindStringSubmatch(prefix)[1])...)
	case rxSlashByline.MatchString(prefix):
		b.authors = append(b.authors, names(rxSlashByline.FindStringSubmatch(prefix)[1])...)
	case b.hasDate && b.source == "" && nameLike(prefix, 20) && !strings.ContainsFunc(prefix, unicode.IsDigit):
		// "TNW中文站2016年10月14日07:17": an outlet beside the date.
		b.source = prefix
	default:
		return b, false
	}
	if !b.hasDate && b.source == "" && len(b.authors) == 0 && len(b.editors) == 0 {
		return b, false
	}
	return b, true
}

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
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, chinaTime), len(nums) > 3 && strings.ContainsAny(s, ":：时"), true
}

// apply records b in a's metadata. The page's own byline names the
// authors better than a meta tag (which Chinese sites fill with the
// editor); editors stand in only when no author is named.
func (b byline) apply(a *Article, credited *bool) {
	switch {
	case len(b.authors) > 0:
		if !*credited {
			a.Byline = ""
			*credited = true
		}
		a.Byline = joinNew(a.Byline, b.authors)
	case len(b.editors) > 0 && a.Byline == "":
		a.Byline = strings.Join(b.editors, " ")
	}
	if b.source != "" && a.Source == "" {
		a.Source = b.source
	}
	if b.hasDate && (a.Published.IsZero() || b.hasTime && sameDay(a.Published, b.date) && a.Published.Hour() == 0 && a.Published.Minute() == 0) {
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
