package extract

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/bookify/article2book/pkg/book"
)

func TestFromTextSample(t *testing.T) {
	f, err := os.Open("../../testdata/sample-zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := FromText(f)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "全国网信办主任会议在京召开" {
		t.Errorf("title %q", a.Title)
	}
	if !a.Published.IsZero() {
		t.Errorf("Date: None gave %v", a.Published)
	}
	if a.SourceURL != "http://www.12377.cn/wxxx/2025/b1f4b16e_web.html" || a.Lang != "zh" {
		t.Errorf("url %q lang %q", a.SourceURL, a.Lang)
	}
	raw, _ := os.ReadFile("../../testdata/sample-zh.txt")
	var want []string
	for _, l := range strings.Split(string(raw), "\n")[4:] {
		if l = strings.TrimSpace(l); l != "" {
			want = append(want, l)
		}
	}
	if got := a.Texts(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs differ: got %d, want %d", len(got), len(want))
	}
}

func TestFromText(t *testing.T) {
	tests := []struct {
		name, in  string
		title     string
		date      time.Time
		paras     int
		lang, err string
	}{
		{"headers", "Title: T\nDate: 2025-01-04\nURL: https://example.com/a\n\nOne.\n\nTwo and the end.\n", "T", time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC), 2, "en", ""},
		{"chinese date", "Title: 标题\nDate: 2025年1月4日 10:20\n\n第一段。\n", "标题", time.Date(2025, 1, 4, 10, 20, 0, 0, time.UTC), 1, "zh", ""},
		{"no header", "First line is the title\nThe body of the text.\n", "First line is the title", time.Time{}, 1, "en", ""},
		{"bom and crlf", "\ufeffTitle: 見出し\r\n\r\nこれは日本語の文章です。\r\n", "見出し", time.Time{}, 1, "ja", ""},
		{"empty", "Title: nothing\n\n\n", "", time.Time{}, 0, "", "no article text"},
		{"bad date", "Title: x\nDate: someday\n\nbody\n", "", time.Time{}, 0, "", "date"},
		{"bad url", "Title: x\nURL: /relative\n\nbody\n", "", time.Time{}, 0, "", "absolute"},
		{"not utf8", "Title: x\n\n\xb9\xfa\xbc\xd2\n", "", time.Time{}, 0, "", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := FromText(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || !a.Published.Equal(tt.date) || len(a.Blocks) != tt.paras || a.Lang != tt.lang {
				t.Errorf("got title %q date %v paras %d lang %q", a.Title, a.Published, len(a.Blocks), a.Lang)
			}
		})
	}
}

func TestFromHTMLPages(t *testing.T) {
	tests := []struct {
		page, title, lang string
		minBlocks         int
		contains          string // a sentence of the body
		kinds             []string
	}{
		{"gmw", "宇航员在太空中喝酒会怎么样？后果很严重", "zh", 30, "翱翔于距地球数千公里的太空中", []string{"*article.Image"}},
		{"qq", "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶", "zh", 10, "可微神经计算机", []string{"*article.Image"}},
		{"youth", "海外留学生看两会：出国前后关注点大不同", "zh", 15, "无独有偶，英国剑桥大学的李博灏", nil},
		{"pixnet", "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家", "zh-TW", 50, "美樹營地", []string{"*article.Image"}},
		{"hukumusume", "欲張りなイヌ ＜福娘童話集 きょうのイソップ童話＞", "ja", 2, "肉をくわえたイヌが、橋を渡っていました。", nil},
		{"wikipedia", "Mozilla", "en", 50, "Mozilla is a free-software community", []string{"*article.Heading", "*article.List", "*article.Table"}},
		{"bbc-1", "Obama admits US gun laws are his 'biggest frustration'", "en", 10, "common sense gun safety laws", nil},
		{"nytimes-1", "United States to Lift Sudan Sanctions", "en", 10, "Sudan", nil},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			f, err := os.Open(filepath.Join("../../testdata/pages", tt.page, "source.html"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			a, err := FromHTML(f, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.Lang != tt.lang {
				t.Errorf("title %q lang %q, want %q %q", a.Title, a.Lang, tt.title, tt.lang)
			}
			if len(a.Blocks) < tt.minBlocks {
				t.Errorf("%d blocks, want at least %d", len(a.Blocks), tt.minBlocks)
			}
			body := strings.Join(a.Texts(), "\n")
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			kinds := map[string]bool{}
			for _, b := range a.Blocks {
				kinds[strings.TrimPrefix(typeName(b), "")] = true
			}
			for _, k := range tt.kinds {
				if !kinds[k] {
					t.Errorf("no %s block", k)
				}
			}
		})
	}
}

func typeName(b book.Block) string {
	switch b.(type) {
	case *book.Heading:
		return "*article.Heading"
	case *book.Paragraph:
		return "*article.Paragraph"
	case *book.List:
		return "*article.List"
	case *book.Quote:
		return "*article.Quote"
	case *book.Code:
		return "*article.Code"
	case *book.Image:
		return "*article.Image"
	case *book.Table:
		return "*article.Table"
	case *book.Rule:
		return "*article.Rule"
	}
	return "?"
}

func TestFromHTMLBlocks(t *testing.T) {
	page := `<html lang="en"><head><title>Blocks - Example Site</title></head><body><article>
<h1>Blocks</h1>
<p>A <b>bold</b> and <i>italic</i> word, <code>x := 1</code> and <a href="/next">a link</a>.<br>After a break.</p>
<h2>Lists</h2>
<ol start="3"><li>three<ul><li>nested</li></ul></li><li>four</li></ol>
<blockquote><p>Quoted words of some length to count.</p></blockquote>
<pre><code class="language-go">func main() {
	fmt.Println("hi")
}</code></pre>
<figure><img src="img/a.png" alt="An image"><figcaption>The caption</figcaption></figure>
<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>a</td><td>1</td></tr><tr><td colspan="2">wide</td></tr></tbody></table>
<hr>
<p>The last paragraph has enough words in it for readability to see an article here, and then some more words to be sure of it.</p>
</article></body></html>`
	base, _ := url.Parse("https://example.com/post/")
	a, err := FromHTML(strings.NewReader(page), base)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, b := range a.Blocks {
		kinds = append(kinds, typeName(b))
	}
	want := "*article.Paragraph *article.Heading *article.List *article.Quote *article.Code *article.Image *article.Table *article.Rule *article.Paragraph"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("blocks\n got %s\nwant %s", got, want)
	}
	p := a.Blocks[0].(*book.Paragraph)
	var styles []string
	for _, r := range p.Content {
		styles = append(styles, r.Text+"|"+string('0'+rune(r.Style))+"|"+r.Href)
	}
	wantRuns := []string{"A |0|", "bold|1|", " and |0|", "italic|2|", " word, |0|", "x := 1|4|", " and |0|", "a link|0|https://example.com/next", ".\nAfter a break.|0|"}
	if strings.Join(styles, "\n") != strings.Join(wantRuns, "\n") {
		t.Errorf("runs\n%s", strings.Join(styles, "\n"))
	}
	l := a.Blocks[2].(*book.List)
	if !l.Ordered || l.Start != 3 || len(l.Items) != 2 || typeName(l.Items[0].Blocks[1]) != "*article.List" {
		t.Errorf("list %+v", l)
	}
	c := a.Blocks[4].(*book.Code)
	if c.Lang != "go" || !strings.Contains(c.Text, "\tfmt.Println(\"hi\")\n}") {
		t.Errorf("code %+v", c)
	}
	img := a.Blocks[5].(*book.Image)
	if img.Src != "https://example.com/post/img/a.png" || img.Alt != "An image" || book.PlainText(img.Caption) != "The caption" {
		t.Errorf("image %+v", img)
	}
	tb := a.Blocks[6].(*book.Table)
	if len(tb.Rows) != 3 || !tb.Rows[0].Header || tb.Rows[2].Cells[0].ColSpan != 2 {
		t.Errorf("table %+v", tb)
	}
	if a.Title != "Blocks" || a.Lang != "en" || a.SourceURL != "https://example.com/post/" {
		t.Errorf("title %q lang %q source %q", a.Title, a.Lang, a.SourceURL)
	}
}

func TestFromHTMLNotArticle(t *testing.T) {
	for _, page := range []string{
		"",
		"<html><body></body></html>",
		"<html><body><script>var a=1</script></body></html>",
		`<html><body><a href="/">首页</a></body></html>`,
		`<html><body><nav><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/about">关于我们</a></nav></body></html>`,
	} {
		if _, err := FromHTML(strings.NewReader(page), nil); err == nil || !strings.Contains(err.Error(), "not an article") {
			t.Errorf("%q: err %v, want not an article", page, err)
		}
	}
}

// Readability is quadratic in depth; a hostile page must not hold the
// function, and its text must survive the flattening.
func TestFromHTMLDeepNesting(t *testing.T) {
	const depth = 500
	page := "<html><body>" + strings.Repeat("<div>", depth) + "<p>" + strings.Repeat("深层嵌套的文字。", 40) + "</p>" + strings.Repeat("</div>", depth) + "</body></html>"
	start := time.Now()
	a, err := FromHTML(strings.NewReader(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(a.Texts(), ""), "深层嵌套的文字。深层嵌套的文字。") {
		t.Errorf("text lost: %q", a.Texts())
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

// Past 512 levels the HTML parser itself refuses the page: a clear error,
// quickly.
func TestFromHTMLTooDeep(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div>", 100000) + "text" + "</body></html>"
	start := time.Now()
	_, err := FromHTML(strings.NewReader(page), nil)
	if !errors.Is(err, ErrUnreadable) {
		t.Errorf("err %v, want ErrUnreadable", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ in, site, want string }{
		{"宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网", "", "宇航员在太空中喝酒会怎么样？后果很严重"},
		{"DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网", "", "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶"},
		{"全国网信办主任会议在京召开_新闻中心_", "", "全国网信办主任会议在京召开"},
		{"习近平会见外宾--人民网", "", "习近平会见外宾"},
		{"标题｜澎湃新闻", "", "标题"},
		{"Mozilla - Wikipedia", "", "Mozilla"},
		{"A title | The Site", "", "A title"},
		{"A Long Headline, With Commas - And a Dash, Too", "", "A Long Headline, With Commas - And a Dash, Too"},
		{"_", "", "_"},
		{"光明网", "光明网", "光明网"},
		{"Report — Example News", "Example News", "Report"},
		{"9年來第1次戰勝詹姆斯!NBA歷史第二差紀錄終結-體育新聞-新浪新聞中心", "", "9年來第1次戰勝詹姆斯!NBA歷史第二差紀錄終結"},
		{"男子救人牺牲 家属获赔-网易新闻", "", "男子救人牺牲 家属获赔"},
		{"益阳：“数字”是优长-半月谈", "", "益阳：“数字”是优长"},
		{"习近平出席会议——新华网", "", "习近平出席会议"},
		{"标题——一个很长的副标题说明了文章的内容", "", "标题——一个很长的副标题说明了文章的内容"},
		{"Self-driving cars", "", "Self-driving cars"},
		{"COVID-19 in China", "", "COVID-19 in China"},
		{"Report – The Site", "", "Report"},
		{"稱「憂鬱症是不知足」挨轟　吳宗憲：鼓勵患者別只往負面想 -- 上報 / 焦點", "", "稱「憂鬱症是不知足」挨轟 吳宗憲：鼓勵患者別只往負面想"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.in, tt.site); got != tt.want {
			t.Errorf("cleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"全国网信办主任会议在京召开。", "zh"},
		{"肉をくわえたイヌが、橋を渡っていました。", "ja"},
		{"한국어 문장입니다. 서울에서", "ko"},
		{"The quick brown fox jumps over the lazy dog and the cat.", "en"},
		{"Привет, как дела?", "ru"},
		{"DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶", "zh"},
		{"Lorem ipsum dolor sit amet", "und"},
	}
	for _, tt := range tests {
		if got := book.DetectLang(tt.in); got != tt.want {
			t.Errorf("DetectLang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFromHTMLRunLang: a run takes the language of its nearest lang
// attribute when its letters are in that language's script: not the
// "EN-US" a word processor leaves around Chinese text, nor a language for
// digits alone. A hard break before a run of another style or language
// stays.
func TestFromHTMLRunLang(t *testing.T) {
	page := `<html lang="zh"><head><title>语言</title></head><body><article>
<p>他说 <span lang="fr">bonjour tout le monde</span>，<span lang="EN-US">电话</span> <span lang="en">0937-141993</span>，<i lang="ja">ありがとう</i>。</p>
<p lang="en">An English paragraph<br><b>after a break</b> in a Chinese page.</p>
<p>最后一段文字足够长，让正文提取认出这是一篇文章，然后再多写几个字，确保无误。最后一段文字足够长，让正文提取认出这是一篇文章。</p>
</article></body></html>`
	a, err := FromHTML(strings.NewReader(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range a.Blocks[:2] {
		for _, r := range b.(*book.Paragraph).Content {
			got = append(got, r.Text+"|"+r.Lang)
		}
	}
	want := []string{"他说 |", "bonjour tout le monde|fr", "，电话 0937-141993，|", "ありがとう|ja", "。|",
		"An English paragraph\n|en", "after a break|en", " in a Chinese page.|en"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("runs\n got %q\nwant %q", got, want)
	}
}

func TestNormalizeRuns(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"  中文\n换行  "}, "中文换行"},
		{[]string{"English\nwrapped   words"}, "English wrapped words"},
		{[]string{"中文\nLatin"}, "中文 Latin"},
		{[]string{"a ", " b"}, "a b"},
		{[]string{"line", "\n", " next"}, "line\nnext"},
	}
	for _, tt := range tests {
		var ps []piece
		for _, s := range tt.in {
			ps = append(ps, piece{Inline: book.Inline{Text: s}})
		}
		if got := book.PlainText(normalizeRuns(ps)); got != tt.want {
			t.Errorf("normalizeRuns(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPublishedFromPage(t *testing.T) {
	tests := []struct {
		page string
		want time.Time
	}{
		{`<html><head><meta name="publishdate" content="2025-01-04 10:20:00"></head><body><p>正文。</p></body></html>`, time.Date(2025, 1, 4, 10, 20, 0, 0, time.UTC)},
		{`<html><body><h1>标题</h1><div>来源：新华社 2025年1月4日 10:20</div><p>正文。</p></body></html>`, time.Date(2025, 1, 4, 10, 20, 0, 0, chinaTime)},
		{`<html><body><p>TNW中文站2016年10月14日07:17</p></body></html>`, time.Date(2016, 10, 14, 7, 17, 0, 0, chinaTime)},
		{`<html><body><p>没有日期。</p></body></html>`, time.Time{}},
	}
	for _, tt := range tests {
		doc, _ := html.Parse(strings.NewReader(tt.page))
		got, _ := readMeta(doc).published(true)
		if !got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.page, got, tt.want)
		}
	}
}

func TestLazyImages(t *testing.T) {
	words := strings.Repeat("Enough words to make this paragraph an article body for readability. ", 8)
	tests := []struct{ img, want string }{
		{`<img src="data:image/gif;base64,R0lGOD" data-src="/a.jpg">`, "https://s.example/a.jpg"},
		{`<img src="blank.gif" data-original="https://cdn.example/b.jpg">`, "https://cdn.example/b.jpg"},
		{`<img data-lazy-src="c.png">`, "https://s.example/p/c.png"},
		{`<img srcset="d-320.jpg 320w, d-1280.jpg 1280w, d-640.jpg 640w">`, "https://s.example/p/d-1280.jpg"},
		{`<picture><source srcset="e.webp 1x, e@2x.webp 2x"><img></picture>`, "https://s.example/p/e@2x.webp"},
		{`<img src="//cdn.example/f.jpg">`, "https://cdn.example/f.jpg"},
		{`<img src="data:image/gif;base64,R0lGOD" class="lazy"><noscript><img src="/g.jpg"></noscript>`, "https://s.example/g.jpg"},
	}
	base, _ := url.Parse("https://s.example/p/index.html")
	for _, tt := range tests {
		page := "<html><body><article><p>" + words + "</p>" + tt.img + "<p>" + words + "</p></article></body></html>"
		a, err := FromHTML(strings.NewReader(page), base)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		book.Walk(a.Blocks, func(b book.Block) {
			if img, ok := b.(*book.Image); ok {
				got = append(got, img.Src)
			}
		})
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s: images %q, want %q", tt.img, got, tt.want)
		}
	}
}

// Without a base, links resolve against the page's canonical link, which
// also becomes the article's source.
func TestCanonicalBase(t *testing.T) {
	body := "<p>" + strings.Repeat("Words enough for an article body, and then some more of them. ", 10) + `<a href="next.html">next</a></p>`
	tests := []struct{ head, source string }{
		{`<link rel="canonical" href="https://news.example/a/1.html">`, "https://news.example/a/1.html"},
		{`<link rel="stylesheet" href="/s.css"><link rel="Canonical alternate" href=" http://x.example/p/ ">`, "http://x.example/p/"},
		{`<link rel="canonical" href="/relative">`, ""},
		{`<link rel="canonical" href="javascript:alert(1)">`, ""},
	}
	for _, tt := range tests {
		a, err := FromHTML(strings.NewReader("<html><head>"+tt.head+"</head><body><article>"+body+"</article></body></html>"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.SourceURL != tt.source {
			t.Errorf("%s: source %q, want %q", tt.head, a.SourceURL, tt.source)
		}
		var href string
		for _, r := range a.Blocks[0].(*book.Paragraph).Content {
			href += r.Href
		}
		if u, _ := url.Parse(tt.source); tt.source != "" && href != u.ResolveReference(&url.URL{Path: "next.html"}).String() {
			t.Errorf("%s: link %q", tt.head, href)
		}
	}
}

// A figure whose image is relative on a saved page with nothing to
// resolve it against is one image still, with its caption: not the image
// twice and the caption a paragraph of its own.
func TestSavedPageFigure(t *testing.T) {
	body := "<p>" + strings.Repeat("Words enough for an article body, and then some more of them. ", 10) + "</p>"
	for _, head := range []string{``, `<meta property="og:url" content="https://news.example/2024/a.html">`} {
		page := "<html><head>" + head + "</head><body><article>" + body +
			`<figure><img src="img/1.jpg" alt="the harbour"><figcaption>The harbour at dawn.</figcaption></figure>` + body + "</article></body></html>"
		a, err := FromHTML(strings.NewReader(page), nil)
		if err != nil {
			t.Fatal(err)
		}
		var images, captions int
		book.Walk(a.Blocks, func(b book.Block) {
			switch x := b.(type) {
			case *book.Image:
				images++
				if book.PlainText(x.Caption) == "The harbour at dawn." && x.Alt == "the harbour" {
					captions++
				}
			case *book.Paragraph:
				if strings.Contains(book.PlainText(x.Content), "The harbour at dawn") {
					t.Errorf("%q: the caption is a paragraph", head)
				}
			}
		})
		if images != 1 || captions != 1 {
			t.Errorf("%q: %d images, %d with the caption and alt; want 1 and 1", head, images, captions)
		}
	}
}

// A saved page's relative images resolve against its canonical link or
// og:url; with neither, they keep their relative address, for the
// converter to report as left out; protocol-relative ones take https.
func TestSavedPageImages(t *testing.T) {
	body := "<p>" + strings.Repeat("Words enough for an article body, and then some more of them. ", 10) + "</p>"
	tests := []struct{ head, img, want string }{
		{`<meta property="og:url" content="https://news.example/2024/a.html">`, "img/1.jpg", "https://news.example/2024/img/1.jpg"},
		{`<link rel="canonical" href="https://c.example/x/">` + `<meta property="og:url" content="https://o.example/y/">`, "1.jpg", "https://c.example/x/1.jpg"},
		{`<meta property="og:url" content="/relative/">`, "img/1.jpg", "img/1.jpg"},
		{``, "../pics/1.png", "../pics/1.png"},
		{``, "//cdn.example/1.png", "https://cdn.example/1.png"},
		{``, "javascript:alert(1)", ""},
	}
	for _, tt := range tests {
		page := "<html><head>" + tt.head + "</head><body><article>" + body + `<img src="` + tt.img + `" alt="a picture">` + body + "</article></body></html>"
		a, err := FromHTML(strings.NewReader(page), nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		book.Walk(a.Blocks, func(b book.Block) {
			if img, ok := b.(*book.Image); ok {
				got = append(got, img.Src)
			}
		})
		if tt.want == "" && len(got) != 0 || tt.want != "" && (len(got) != 1 || got[0] != tt.want) {
			t.Errorf("%s %s: images %q, want %q", tt.head, tt.img, got, tt.want)
		}
	}
}

// TestMadeParagraphs: readability rewrites a div of phrasing content as a
// p and leaves its atom unset. Those of running text are paragraphs each
// (they were run into one, sentences glued: "permitting.Tickets"); short
// ones, the header's links and labels, stay in the line they are part
// of, which the cleanup reads as the header it is.
func TestMadeParagraphs(t *testing.T) {
	sentences := []string{
		"The ferry to the island runs twice a day in winter and four times a day in summer, weather permitting.",
		"Tickets are sold on board, and the crossing takes forty minutes when the sea is calm and an hour when it is not.",
		"The island has one shop, one pub and a church that holds a service once a month, when the vicar comes over.",
	}
	var page strings.Builder
	page.WriteString(`<html lang="en"><head><title>The island ferry</title></head><body><div class="story">`)
	for _, s := range sentences {
		page.WriteString(`<div class="para">` + s + `</div>`)
	}
	page.WriteString(`</div></body></html>`)
	a, err := FromHTML(strings.NewReader(page.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, b := range a.Blocks {
		if p, ok := b.(*book.Paragraph); ok {
			paras = append(paras, book.PlainText(p.Content))
		}
	}
	for _, s := range sentences {
		if !slices.Contains(paras, s) {
			t.Errorf("no paragraph %q", s)
		}
	}
	if t.Failed() {
		t.Logf("paragraphs:\n%s", strings.Join(paras, "\n"))
	}
	// A page whose header readability made into short paragraphs (a
	// link to the day's stories, a label, the title): they stay one
	// line, which the cleanup drops; as paragraphs each, two of them
	// would open the story.
	f, err := os.Open("../../testdata/pages/hukumusume/source.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if a, err = FromHTML(f, nil); err != nil {
		t.Fatal(err)
	}
	if first := a.Texts()[0]; !strings.HasPrefix(first, "肉をくわえたイヌが") {
		t.Errorf("hukumusume opens with %q", first)
	}
}
