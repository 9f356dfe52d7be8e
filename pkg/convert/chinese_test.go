package convert

import (
	"context"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
)

// TestConvertChineseSample: -convert s2t of the sample article is OpenCC's
// own conversion of it (the fixture internal/opencc/testdata/sample-zh/
// s2t.want, made by Debian's opencc), in the model, the text output, the
// PDF and the EPUB alike, tagged zh-Hant in each, and set in LXGW
// WenKai TC in both.
func TestConvertChineseSample(t *testing.T) {
	want, err := os.ReadFile("../../internal/opencc/testdata/sample-zh/s2t.want")
	if err != nil {
		t.Fatal(err)
	}
	// The fixture converts the whole file: its header names the title.
	head, body, _ := strings.Cut(string(want), "\n\n")
	title := strings.TrimPrefix(strings.SplitN(head, "\n", 2)[0], "Title: ")
	paras := strings.Split(strings.TrimSpace(body), "\n")

	res, err := Convert(context.Background(), []Input{load(t, "sample-zh.txt")}, Options{Convert: "s2t", Formats: FormatList{"pdf", "epub", "txt"}})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Book.Chapters[0]
	if a.Title != title || res.Book.Title != title {
		t.Errorf("title %q, book %q; want %q", a.Title, res.Book.Title, title)
	}
	if got := a.Texts(); strings.Join(got, "\n") != strings.Join(paras, "\n") {
		t.Errorf("paragraphs differ from OpenCC's:\n%s\nwant\n%s", truncateRunes(strings.Join(got, "\n"), 200), truncateRunes(strings.Join(paras, "\n"), 200))
	}
	if wantText := title + "\n\n" + strings.Join(paras, "\n\n"); strings.TrimSpace(string(res.Text)) != wantText {
		t.Errorf("text output is not OpenCC's conversion:\n%s", truncateRunes(string(res.Text), 200))
	}
	if a.Lang != "zh-Hant" || res.Lang != "zh-Hant" {
		t.Errorf("lang %q, book %q; want zh-Hant", a.Lang, res.Lang)
	}
	all := append([]string{title}, paras...)
	verify.InOrder(t, "pdf", all, verify.PDFText(t, res.PDF))
	verify.InOrder(t, "epub", all, verify.EPUBText(t, res.EPUB))
	if !regexp.MustCompile(`/Lang \(zh-Hant\)`).Match(res.PDF) {
		t.Error("PDF /Lang is not zh-Hant")
	}
	verify.EPUBCheck(t, res.EPUB)
	if !strings.Contains(epubFile(t, res.EPUB, "content.opf"), "<dc:language>zh-Hant</dc:language>") {
		t.Error("EPUB dc:language is not zh-Hant")
	}
	// the converted text is set in the Traditional face, in both formats
	if fonts := verify.PDFFonts(t, res.PDF); !slices.Contains(fonts, "LXGWWenKaiTC-Regular") {
		t.Errorf("PDF fonts %q lack LXGW WenKai TC", fonts)
	}
	if css := epubFile(t, res.EPUB, "styles/book.css"); !strings.Contains(css, `:lang(zh-Hant), :lang(zh-TW), :lang(zh-HK), :lang(zh-MO) {
  font-family: "CJK Quotes", "LXGW WenKai TC", "LXGW WenKai",`) {
		t.Error("the EPUB's stylesheet does not put LXGW WenKai TC first for zh-Hant")
	}
}

// TestConvertChineseModel: what is converted and what is not, and the tags.
func TestConvertChineseModel(t *testing.T) {
	page := `<html lang="zh-CN"><head><title>软件与网络</title></head><body><article>
<h1>软件与网络</h1>
<p>这个软件的用户界面很好用，<a href="https://example.com/软件">鼠标</a>和键盘都能操作。这个软件的用户界面很好用，鼠标和键盘都能操作。这个软件的用户界面很好用，鼠标和键盘都能操作。</p>
<p>程序里写着 <code>后台 = "软件"</code>，见下面的代码。网络上的信息不一定可靠，网络上的信息不一定可靠，网络上的信息不一定可靠。</p>
<pre><code>// 后面的软件
print("网络")</code></pre>
<figure><img src="https://example.com/图.png" alt="打印机的照片"><figcaption>打印机与软件</figcaption></figure>
<table><tr><th>软件</th><th>数据库</th></tr><tr><td>内存</td><td>硬盘</td></tr></table>
<ul><li>移动硬盘</li><li>笔记本电脑</li></ul>
<blockquote><p>出租车司机说，高速公路上堵车了。</p></blockquote>
</article></body></html>`
	in := Input{Name: "page.html", Kind: KindHTML, Data: []byte(page), URL: "https://example.com/a"}
	res, err := Convert(context.Background(), []Input{in}, Options{Convert: "s2twp", Formats: FormatList{"txt"}})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Book.Chapters[0]
	if a.Lang != "zh-Hant-TW" || res.Lang != "zh-Hant-TW" {
		t.Errorf("lang %q, book %q; want zh-Hant-TW", a.Lang, res.Lang)
	}
	if a.Title != "軟體與網路" {
		t.Errorf("title %q, want 軟體與網路 (Taiwan phrases)", a.Title)
	}
	text := string(res.Text)
	for _, s := range []string{"這個軟體的使用者介面很好用，滑鼠和鍵盤都能操作", "程式裡寫著", "網路上的資訊", "印表機與軟體", "資料庫", "記憶體", "行動硬碟", "計程車司機說"} {
		if !strings.Contains(text, s) && !modelHas(a, s) {
			t.Errorf("no %q in the converted article", s)
		}
	}
	var code, inline, href, src, alt string
	for _, blk := range a.Blocks {
		switch b := blk.(type) {
		case *book.Code:
			code = b.Text
		case *book.Paragraph:
			for _, r := range b.Content {
				if r.Style&book.Mono != 0 {
					inline = r.Text
				}
				if r.Href != "" {
					href = r.Href
				}
			}
		case *book.Image:
			src, alt = b.Src, b.Alt
		}
	}
	if code != "// 后面的软件\nprint(\"网络\")" {
		t.Errorf("code block changed: %q", code)
	}
	if inline != `后台 = "软件"` {
		t.Errorf("inline code changed: %q", inline)
	}
	if !strings.Contains(href, "example.com/") || strings.Contains(href, "軟") {
		t.Errorf("link changed: %q", href)
	}
	if strings.Contains(src, "圖") || alt != "印表機的照片" {
		t.Errorf("image src %q, alt %q", src, alt)
	}
}

func modelHas(a *book.Article, s string) bool {
	return strings.Contains(strings.Join(a.Texts(), "\n"), s)
}

// A chapter in another language is left as it is, and said so.
func TestConvertChineseOtherLanguage(t *testing.T) {
	in := Input{Name: "en.txt", Kind: KindText, Data: []byte("Title: Notes\n\nThe quick brown fox and the lazy dog, with 中国 in it, is the text of this article.\n")}
	res, err := Convert(context.Background(), []Input{in}, Options{Convert: "s2t", Formats: FormatList{"txt"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Text), "中国") || res.Lang != "en" {
		t.Errorf("English article changed: lang %q, %q", res.Lang, res.Text)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "is not Chinese (en)") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestConvertChineseUnknown(t *testing.T) {
	_, err := ParseJob([]byte(`{"text": "Title: a\n\nb", "options": {"convert": "s2x"}}`))
	if !errors.Is(err, ErrBadJob) || !strings.Contains(err.Error(), "s2t, s2tw, s2twp, s2hk, t2s or tw2s") {
		t.Errorf("ParseJob: %v", err)
	}
	_, err = Convert(context.Background(), []Input{load(t, "sample-zh.txt")}, Options{Convert: "zh2en"})
	if !errors.Is(err, ErrBadJob) || !strings.Contains(err.Error(), `"zh2en"`) {
		t.Errorf("Convert: %v", err)
	}
}

func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// The writing mode reaches both renderers; an unknown one is refused.
func TestConvertWritingMode(t *testing.T) {
	res, err := Convert(context.Background(), []Input{load(t, "sample-zh.txt")}, Options{WritingMode: "vertical", Convert: "s2t"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.PDF), "/Direction /R2L") {
		t.Error("PDF not bound on the right")
	}
	if !strings.Contains(epubFile(t, res.EPUB, "content.opf"), `page-progression-direction="rtl"`) {
		t.Error("EPUB pages not right to left")
	}
	verify.EPUBCheck(t, res.EPUB)
	a := res.Book.Chapters[0]
	verify.InOrder(t, "pdf", append([]string{a.Title}, a.Texts()...), verify.PDFText(t, res.PDF))
	if _, err := ParseJob([]byte(`{"text": "Title: a\n\nb", "options": {"writing_mode": "tb-rl"}}`)); !errors.Is(err, ErrBadJob) || !strings.Contains(err.Error(), "horizontal or vertical") {
		t.Errorf("ParseJob: %v", err)
	}
	if _, err := Convert(context.Background(), []Input{load(t, "sample-zh.txt")}, Options{WritingMode: "Vertical"}); !errors.Is(err, ErrBadJob) {
		t.Errorf("Convert: %v", err)
	}
}

// Taiwan and Hong Kong write 「」 and 『』: s2tw, s2twp and s2hk turn the
// quotation marks with the text, apostrophes excepted, unless KeepQuotes;
// s2t (no region) leaves them.
func TestConvertChineseQuotes(t *testing.T) {
	text := "Title: 引号\n\n他说：“这是‘软件’的问题。”It’s fine.\n"
	for _, tc := range []struct {
		conv Conversion
		keep bool
		want string
	}{
		{"s2tw", false, "他說：「這是『軟件』的問題。」It’s fine."},
		{"s2twp", false, "他說：「這是『軟體』的問題。」It’s fine."},
		{"s2hk", false, "他説：「這是『軟件』的問題。」It’s fine."},
		{"s2twp", true, "他說：“這是‘軟體’的問題。”It’s fine."},
		{"s2t", false, "他說：“這是‘軟件’的問題。”It’s fine."},
	} {
		t.Run(string(tc.conv), func(t *testing.T) {
			in := Input{Name: "q.txt", Kind: KindText, Data: []byte(text)}
			res, err := Convert(context.Background(), []Input{in}, Options{Convert: tc.conv, KeepQuotes: tc.keep, Formats: FormatList{"txt"}})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Book.Chapters[0].Texts()[0]; got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}
