package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/render"
	"image"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
)

// renderEPUB renders b and runs epubcheck on the result: every EPUB a test
// makes must be valid.
func renderEPUB(t *testing.T, b *book.Book, opt Options) ([]byte, Info) {
	t.Helper()
	var buf bytes.Buffer
	info, err := Write(&buf, render.Prepare(b), opt)
	if err != nil {
		t.Fatalf("EPUB: %v", err)
	}
	verify.EPUBCheck(t, buf.Bytes())
	return buf.Bytes(), info
}

// allBlocks returns an article with every block type, in the given
// language, with texts written in it.
func allBlocks(t testing.TB, lang string, words []string) *book.Article {
	w := func(i int) string { return words[i%len(words)] }
	webp, err := os.ReadFile("testdata/epub-image.webp")
	if err != nil {
		t.Fatal(err)
	}
	return &book.Article{
		Title:     w(0) + " <&> \"" + w(1) + "\"",
		Byline:    "Ann <Author> & Co",
		SiteName:  w(2) + " & Site",
		Published: time.Date(2024, 3, 5, 10, 30, 0, 0, time.FixedZone("CST", 8*3600)),
		Lang:      lang,
		SourceURL: "https://example.com/a?b=1&c=<2>",
		Blocks: []book.Block{
			&book.Paragraph{Content: []book.Inline{
				{Text: w(3) + " plain "},
				{Text: w(4) + " bold", Style: book.Bold},
				{Text: w(5) + " italic", Style: book.Italic},
				{Text: "code()<x>", Style: book.Mono},
				{Text: w(6) + " bold-italic-link", Style: book.Bold | book.Italic, Href: "https://example.com/x?y=1&z=2"},
				{Text: " same link", Href: "https://example.com/x?y=1&z=2"},
				{Text: " mail", Href: "mailto:someone@example.com"},
				{Text: " js-not-a-link", Href: "javascript:alert(1)"},
				{Text: " relative-not-a-link", Href: "/local/page.html"},
				{Text: " fragment", Href: "#top"},
				{Text: "line one\nline two\n" + w(7)},
			}},
			&book.Heading{Level: 1, Content: testbook.Runs(w(8) + " H1")},
			&book.Paragraph{Content: testbook.Runs(w(9))},
			&book.Heading{Level: 2, Content: testbook.Runs(w(10) + " H2")},
			&book.Heading{Level: 3, Content: testbook.Runs("H3")},
			&book.Heading{Level: 4, Content: testbook.Runs("H4")},
			&book.Heading{Level: 5, Content: testbook.Runs("H5")},
			&book.Heading{Level: 6, Content: testbook.Runs("H6")},
			&book.Heading{Level: 1, Content: []book.Inline{{Text: w(11) + " second top heading <i>", Href: "https://example.com/h"}}},
			&book.List{Items: []book.ListItem{
				{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(w(12) + " ul item")}}},
				{Blocks: []book.Block{
					&book.Paragraph{Content: testbook.Runs(w(13) + " with nested")},
					&book.List{Ordered: true, Start: 3, Items: []book.ListItem{
						{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs("three")}}},
						{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs("four")}}},
					}},
				}},
				{},
			}},
			&book.List{Ordered: true, Start: 1, Items: []book.ListItem{
				{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(w(14))}}},
			}},
			&book.Quote{Blocks: []book.Block{
				&book.Paragraph{Content: testbook.Runs(w(15) + " quoted")},
				&book.Quote{Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs("nested quote")}}},
			}},
			&book.Code{Text: "\nfunc main() {\n\tif a < b && c > d {\n\t\tfmt.Println(\"<&>\")\n\t}\n}\n", Lang: "Go"},
			&book.Code{Text: "plain code"},
			&book.Image{Src: "https://example.com/a.png", Alt: w(16) + " png alt", Caption: testbook.Runs(w(17) + " png caption"), Data: testbook.Image(t, "png", 40, 30), MediaType: "image/png"},
			&book.Image{Src: "https://example.com/b.jpg", Alt: "jpeg alt", Data: testbook.Image(t, "jpeg", 30, 20), MediaType: "image/jpeg"},
			&book.Image{Src: "https://example.com/c.gif", Alt: "gif", Caption: testbook.Runs("gif caption"), Data: testbook.Image(t, "gif", 10, 10), MediaType: "image/gif"},
			&book.Image{Src: "https://example.com/d.webp", Alt: "webp", Data: webp, MediaType: "image/webp"},
			&book.Image{Src: "https://example.com/a-again.png", Alt: "same png", Data: testbook.Image(t, "png", 40, 30), MediaType: "image/png"},
			&book.Image{Src: "https://example.com/missing.png", Alt: w(18) + " missing alt", Caption: testbook.Runs("missing caption")},
			&book.Image{Src: "https://example.com/bad.png", Alt: "corrupt", Data: []byte("\x89PNG\r\n\x1a\nnot really"), MediaType: "image/png"},
			&book.Image{Src: "https://example.com/nothing.png"},
			&book.Table{
				Caption: testbook.Runs(w(19) + " caption"),
				Rows: []book.TableRow{
					{Header: true, Cells: []book.TableCell{{Content: testbook.Runs("H1"), ColSpan: 2}, {Content: testbook.Runs("H2")}}},
					{Cells: []book.TableCell{{Header: true, Content: testbook.Runs("row head")}, {Content: testbook.Runs(w(20))}, {Content: testbook.Runs("c & d"), ColSpan: 1}}},
					{Cells: []book.TableCell{{Content: testbook.Runs("wide"), ColSpan: 3}}},
					{},
				},
			},
			&book.Table{Rows: []book.TableRow{{Header: true, Cells: []book.TableCell{{Content: testbook.Runs("only header")}}}}},
			&book.Rule{},
			&book.Paragraph{Content: testbook.Runs(w(21) + " end")},
		},
	}
}

var (
	// The untagged-zh case is told Chinese by book.DetectLang, which
	// weighs Han characters against Latin letters: the Chinese must
	// outweigh allBlocks' English scaffolding as in a real article.
	zhWords = []string{"中文标题", "测试", "光明网", "这是第一段", "加粗", "斜体", "链接", "换行后的文字", "第一节", "正文段落，包括标点，也像真正的中文文章一样以汉字为主。", "第二小节", "第二节", "列表项", "嵌套列表", "有序", "引用的话", "图片", "图片说明", "缺失的图片", "表格", "单元格", "结尾"}
	jaWords = []string{"日本語のタイトル", "テスト", "ふくむすめ", "これは最初の段落です", "太字", "斜体", "リンク", "改行のあと", "第一節", "本文の段落、句読点も。", "第二小節", "第二節", "リスト", "入れ子", "番号", "引用", "画像", "キャプション", "画像なし", "表", "セル", "おわり"}
	enWords = []string{"English title", "test", "The Site", "This is the first paragraph", "bold", "italic", "link", "after the break", "Section one", "Body text, with punctuation.", "Subsection", "Section two", "list item", "nested", "ordered", "quoted words", "picture", "picture caption", "missing picture", "table", "cell", "the end"}
)

// validXMLTexts returns a's texts with the characters an EPUB cannot hold
// dropped, the way the writer drops them: what must survive.
func validXMLTexts(a *book.Article) []string {
	var out []string
	for _, s := range a.Texts() {
		out = append(out, render.XMLSafe(s))
	}
	return out
}

func TestEPUBAllBlocks(t *testing.T) {
	for _, tc := range []struct {
		name, lang, wantLang string
		words                []string
	}{
		{"zh", "zh", "zh-Hans", zhWords},
		{"ja", "ja", "ja", jaWords},
		{"en", "en", "en", enWords},
		{"untagged-zh", "", "zh-Hans", zhWords},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := allBlocks(t, tc.lang, tc.words)
			b := book.Single(a, "urn:test:"+tc.name)
			epub, info := renderEPUB(t, b, Options{})
			if info.Lang != tc.wantLang {
				t.Errorf("Lang = %q, want %q", info.Lang, tc.wantLang)
			}
			if info.Images != 4 {
				t.Errorf("Images = %d, want 4 (png, jpeg, gif, webp; the repeated png once)", info.Images)
			}
			if len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0], "bad.png") {
				t.Errorf("Warnings = %q, want one about bad.png", info.Warnings)
			}
			verify.InOrder(t, tc.name, validXMLTexts(a), verify.EPUBText(t, epub))

			files := zipFiles(t, epub)
			ch := string(files["OEBPS/text/ch001.xhtml"])
			for _, want := range []string{
				`lang="` + tc.wantLang + `" xml:lang="` + tc.wantLang + `"`,
				`<body class="` + string(map[string]render.Script{"zh": render.Zh, "ja": render.Ja, "en": render.Latin, "untagged-zh": render.Zh}[tc.name]) + `"`,
				"<h1>" + escapeForTest(a.Title) + "</h1>",
				// One header line, as in the PDF.
				`<p class="meta">Ann &lt;Author&gt; &amp; Co · ` + tc.words[2] + ` &amp; Site · <time datetime="2024-03-05T10:30:00+08:00">` + render.FormatDate(a.Published, render.ScriptOf(tc.wantLang)) + `</time></p>`,
				// Breakable where the PDF breaks URLs, not inside words.
				`<p class="source"><a href="https://example.com/a?b=1&amp;c=%3C2%3E">https://<wbr/>example<wbr/>.com<wbr/>/a<wbr/>?b<wbr/>=<wbr/>1<wbr/>&amp;<wbr/>c<wbr/>=<wbr/>&lt;2&gt;</a></p>`,
				`<strong>` + tc.words[4] + ` bold</strong>`,
				`<em>` + tc.words[5] + ` italic</em>`,
				`<code>code()&lt;x&gt;</code>`,
				`<a href="https://example.com/x?y=1&amp;z=2"><strong><em>` + tc.words[6] + ` bold-italic-link</em></strong> same link</a>`,
				`<a href="mailto:someone@example.com"> mail</a>`,
				` js-not-a-link relative-not-a-link fragment`,
				`line one<br/>line two<br/>`,
				`<h2 id="h1">` + tc.words[8] + ` H1</h2>`, `<h3 id="h2">` + tc.words[10] + ` H2</h3>`,
				`<h4 id="h3">H3</h4>`, `<h5 id="h4">H4</h5>`, `<h6 id="h5">H5</h6>`, `<h6 id="h6">H6</h6>`,
				`<h2 id="h7"><a href="https://example.com/h">`,
				`<ol start="3">`, "<ol>\n", "<ul>\n", "<li></li>",
				"<blockquote>\n<p>", "</blockquote>\n</blockquote>",
				`<pre><code class="language-go" lang="zxx" xml:lang="zxx">` + "\n\nfunc main() {\n\tif a &lt; b &amp;&amp; c &gt; d {",
				`<img src="../images/img001.png" alt="` + tc.words[16] + ` png alt"/>`,
				`<img src="../images/img002.jpg"`, `<img src="../images/img003.gif"`, `<img src="../images/img004.png" alt="webp"/>`,
				`<img src="../images/img001.png" alt="same png"/>`,
				`<p class="missing-image">` + render.MissingImage(tc.words[18]+" missing alt", tc.wantLang) + `</p>`,
				`<p class="missing-image">` + render.MissingImage("corrupt", tc.wantLang) + `</p>`,
				"<figcaption>" + tc.words[17] + " png caption</figcaption>",
				"<caption>" + tc.words[19] + " caption</caption>",
				`<thead>` + "\n" + `<tr><th colspan="2">H1</th><th>H2</th></tr>`,
				`<tr><th>row head</th><td>` + tc.words[20] + `</td><td>c &amp; d</td></tr>`,
				`<td colspan="3">wide</td>`,
				"<tbody>\n<tr><th>only header</th></tr>",
				"<hr/>",
			} {
				if !strings.Contains(ch, want) {
					t.Errorf("chapter lacks %q", want)
				}
			}
			for _, bad := range []string{"javascript:", `href="/local`, `href="#top"`, "example.com/missing.png", "example.com/nothing.png", "nothing.png"} {
				if strings.Contains(ch, bad) {
					t.Errorf("chapter holds %q", bad)
				}
			}
			for _, name := range []string{"OEBPS/images/img001.png", "OEBPS/images/img002.jpg", "OEBPS/images/img003.gif", "OEBPS/images/img004.png"} {
				data := files[name]
				if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
			nav := string(files["OEBPS/nav.xhtml"])
			for _, want := range []string{
				`<a href="text/ch001.xhtml">` + escapeForTest(a.Title) + `</a>`,
				`<a href="text/ch001.xhtml#h1">` + tc.words[8] + ` H1</a>`,
				`<a href="text/ch001.xhtml#h7">` + tc.words[11] + ` second top heading &lt;i&gt;</a>`,
			} {
				if !strings.Contains(nav, want) {
					t.Errorf("nav lacks %q:\n%s", want, nav)
				}
			}
		})
	}
}

func escapeForTest(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func zipFiles(t testing.TB, epub []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = data
	}
	return files
}

// opfPackage is the part of content.opf the tests look at.
type opfPackage struct {
	UniqueIdentifier string `xml:"unique-identifier,attr"`
	Metadata         struct {
		Identifier []struct {
			ID    string `xml:"id,attr"`
			Value string `xml:",chardata"`
		} `xml:"http://purl.org/dc/elements/1.1/ identifier"`
		Title    []string `xml:"http://purl.org/dc/elements/1.1/ title"`
		Language []string `xml:"http://purl.org/dc/elements/1.1/ language"`
		Creator  []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		Source   []string `xml:"http://purl.org/dc/elements/1.1/ source"`
		Meta     []struct {
			Property string `xml:"property,attr"`
			Value    string `xml:",chardata"`
		} `xml:"meta"`
	} `xml:"metadata"`
	Manifest []struct {
		ID         string `xml:"id,attr"`
		Href       string `xml:"href,attr"`
		MediaType  string `xml:"media-type,attr"`
		Properties string `xml:"properties,attr"`
	} `xml:"manifest>item"`
	Spine []struct {
		IDRef string `xml:"idref,attr"`
	} `xml:"spine>itemref"`
}

func readOPF(t testing.TB, epub []byte) opfPackage {
	t.Helper()
	var p opfPackage
	if err := xml.Unmarshal(zipFiles(t, epub)["OEBPS/content.opf"], &p); err != nil {
		t.Fatalf("content.opf: %v", err)
	}
	return p
}

func (p opfPackage) modified() string {
	for _, m := range p.Metadata.Meta {
		if m.Property == "dcterms:modified" {
			return m.Value
		}
	}
	return ""
}

func TestEPUBSample(t *testing.T) {
	a := testbook.Sample(t)
	a.Byline = "记者 张三"
	b := book.Single(a, "urn:sha256:0123")
	epub, info := renderEPUB(t, b, Options{})
	if info.Lang != "zh-Hans" {
		t.Errorf("Lang = %q, want zh-Hans", info.Lang)
	}
	verify.InOrder(t, "sample", a.Texts(), verify.EPUBText(t, epub))

	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	if f := zr.File[0]; f.Name != "mimetype" || f.Method != zip.Store || len(f.Extra) != 0 {
		t.Errorf("first entry %s, method %d, extra %d bytes: want mimetype, stored, none", f.Name, f.Method, len(f.Extra))
	}
	// The local header must be followed by the media type at offset 38,
	// where readers sniff it.
	if got := string(epub[30:58]); got != "mimetypeapplication/epub+zip" {
		t.Errorf("bytes 30-58 = %q", got)
	}
	var xhtml []string
	for _, f := range zr.File {
		if !f.Modified.Equal(zipTime) && f.Modified.Format(time.DateTime) != zipTime.Format(time.DateTime) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, zipTime)
		}
		if strings.HasSuffix(f.Name, ".xhtml") {
			xhtml = append(xhtml, f.Name)
		}
	}
	want := []string{"OEBPS/cover.xhtml", "OEBPS/nav.xhtml", "OEBPS/text/ch001.xhtml"}
	if strings.Join(xhtml, " ") != strings.Join(want, " ") {
		t.Errorf("xhtml entries %q, want %q (sorted, in spine order)", xhtml, want)
	}

	p := readOPF(t, epub)
	md := p.Metadata
	if len(md.Identifier) != 1 || md.Identifier[0].Value != "urn:sha256:0123" || md.Identifier[0].ID != p.UniqueIdentifier {
		t.Errorf("identifier %+v, unique-identifier %q", md.Identifier, p.UniqueIdentifier)
	}
	if len(md.Title) != 1 || md.Title[0] != a.Title {
		t.Errorf("title %q", md.Title)
	}
	if len(md.Language) != 1 || md.Language[0] != "zh-Hans" {
		t.Errorf("language %q", md.Language)
	}
	if len(md.Creator) != 1 || md.Creator[0] != "记者 张三" {
		t.Errorf("creator %q", md.Creator)
	}
	if len(md.Source) != 1 || md.Source[0] != a.SourceURL {
		t.Errorf("source %q, want %q", md.Source, a.SourceURL)
	}
	if got := p.modified(); got != "2000-01-01T00:00:00Z" {
		t.Errorf("dcterms:modified = %q, want 2000-01-01T00:00:00Z for an undated article", got)
	}
	var spine []string
	for _, s := range p.Spine {
		spine = append(spine, s.IDRef)
	}
	if strings.Join(spine, " ") != "cover ch001" {
		t.Errorf("spine %q, want cover first", spine)
	}
	coverImage := false
	for _, it := range p.Manifest {
		if it.Properties == "cover-image" && it.Href == "images/cover.svg" && it.MediaType == "image/svg+xml" {
			coverImage = true
		}
	}
	if !coverImage {
		t.Errorf("no cover-image in manifest %+v", p.Manifest)
	}
	css := string(zipFiles(t, epub)["OEBPS/styles/book.css"])
	for _, want := range []string{"line-break: strict", "text-align: justify", "body.zh p {\n  text-indent: 2em;", "body.ja p {\n  text-indent: 1em;", "line-height: 1.7", "line-height: 1.5"} {
		if !strings.Contains(css, want) {
			t.Errorf("css lacks %q", want)
		}
	}
}

func TestEPUBMetadata(t *testing.T) {
	pub := time.Date(2025, 1, 4, 9, 15, 0, 0, time.FixedZone("CST", 8*3600))
	a1 := &book.Article{Title: "一", Byline: "甲", Lang: "zh", Published: pub, SourceURL: "https://a.example/1",
		Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs("這是繁體中文的文章，說明臺灣與香港的書寫習慣。")}}}
	a2 := &book.Article{Title: "", Byline: "乙", Lang: "en", SourceURL: "https://b.example/2",
		Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs("An English chapter.")}}}
	a3 := &book.Article{Title: "三", Byline: "甲", Lang: "ja",
		Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs("日本語の章です。")}}}
	b := &book.Book{ID: "urn:test:multi", Title: "合集 <&>", Lang: "zh", Chapters: []*book.Article{a1, a2, a3}}
	epub, info := renderEPUB(t, b, Options{NoCover: true})
	if info.Lang != "zh-Hant" {
		t.Errorf("Lang = %q, want zh-Hant", info.Lang)
	}
	p := readOPF(t, epub)
	if got := p.modified(); got != "2025-01-04T01:15:00Z" {
		t.Errorf("dcterms:modified = %q, want the first chapter's date in UTC", got)
	}
	if got := strings.Join(p.Metadata.Creator, "|"); got != "甲|乙" {
		t.Errorf("creators %q", got)
	}
	if len(p.Metadata.Title) != 1 || p.Metadata.Title[0] != "合集 <&>" {
		t.Errorf("title %q", p.Metadata.Title)
	}
	var spine []string
	for _, s := range p.Spine {
		spine = append(spine, s.IDRef)
	}
	if strings.Join(spine, " ") != "ch001 ch002 ch003" {
		t.Errorf("spine %q", spine)
	}
	files := zipFiles(t, epub)
	if _, ok := files["OEBPS/images/cover.svg"]; ok {
		t.Error("NoCover book has a cover")
	}
	for name, want := range map[string]string{
		"OEBPS/text/ch001.xhtml": `lang="zh-Hant"`,
		"OEBPS/text/ch002.xhtml": `lang="en"`,
		"OEBPS/text/ch003.xhtml": `lang="ja"`,
	} {
		if !strings.Contains(string(files[name]), want) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
	if !strings.Contains(string(files["OEBPS/text/ch001.xhtml"]), "2025年1月4日") {
		t.Error("chapter 1 lacks its date written the Chinese way")
	}
	ncx := string(files["OEBPS/toc.ncx"])
	if !strings.Contains(ncx, `<meta name="dtb:uid" content="urn:test:multi"/>`) || strings.Count(ncx, "<navPoint ") != 3 {
		t.Errorf("ncx:\n%s", ncx)
	}
	text := verify.EPUBText(t, epub)
	var want []string
	for _, c := range b.Chapters {
		want = append(want, c.Texts()...)
	}
	verify.InOrder(t, "multi", want, text)
	if !regexp.MustCompile(`(?s)說明臺灣.*An English chapter.*日本語の章`).MatchString(text) {
		t.Errorf("chapters out of order:\n%s", text)
	}
}

// TestEPUBHostileText feeds text from a badly behaved page: characters XML
// 1.0 forbids, broken UTF-8, markup-looking text, and empty fields.
func TestEPUBHostileText(t *testing.T) {
	nasty := "ctl\x00\x01\x08\x0b\x0c\x1f-end \ufffe\uffff bad\xff\xfeutf8 lone-surrogate\xed\xa0\x80x cr\r\nlf\rcr " +
		"c1\u0085\u009f nonchar\ufdd0 astral\U0001F600\U00020000 ]]> <!-- --> <script>alert(1)</script> &amp; &#0; \u2028\u2029 bidi\u202e"
	a := &book.Article{
		Title:     "\x00<&>\x01",
		Byline:    "\x07",
		SiteName:  " \ufffe ",
		Lang:      "zh-Hans-CN",
		SourceURL: "javascript:alert(1)",
		Blocks: []book.Block{
			&book.Paragraph{Content: []book.Inline{{Text: nasty}, {Text: "link", Href: "http://exa mple.com/\x00<>\""}}},
			&book.Heading{Level: 0, Content: testbook.Runs("level 0 " + nasty)},
			&book.Heading{Level: 9, Content: testbook.Runs("level 9")},
			&book.Heading{Level: 2, Content: testbook.Runs("")},
			&book.Paragraph{},
			&book.List{Ordered: true, Start: -2, Items: []book.ListItem{{Blocks: []book.Block{&book.Code{Text: nasty}}}}},
			&book.Code{Text: nasty, Lang: "<x\" onload=\"y>"},
			&book.Table{Caption: testbook.Runs(nasty), Rows: []book.TableRow{{Cells: []book.TableCell{{Content: testbook.Runs(nasty), ColSpan: 1 << 30}}}}},
			&book.Image{Alt: nasty, Caption: testbook.Runs(nasty)},
			&book.Quote{},
			&book.List{},
			&book.Table{},
		},
	}
	b := &book.Book{Chapters: []*book.Article{a}}
	epub, _ := renderEPUB(t, b, Options{})
	// The picture that has no data is shown by its alt text, before its
	// caption (the last text).
	want := validXMLTexts(a)
	want = append(want[:len(want)-1:len(want)-1], render.XMLSafe(render.MissingImage(nasty, a.Lang)), want[len(want)-1])
	verify.InOrder(t, "hostile", want, verify.EPUBText(t, epub))
	for _, s := range []string{"\U0001F600\U00020000", "\ufffd\ufffdutf8", "\ufffd\ufffd\ufffdx"} {
		if !strings.Contains(verify.EPUBText(t, epub), s) {
			t.Errorf("text lacks %q", s)
		}
	}
	p := readOPF(t, epub)
	if len(p.Metadata.Identifier) != 1 || !strings.HasPrefix(p.Metadata.Identifier[0].Value, "urn:sha256:") {
		t.Errorf("identifier of a book with no ID: %+v", p.Metadata.Identifier)
	}
	// The source is metadata text, not a link: it is kept as given.
	if got := p.Metadata.Source; len(got) != 1 || got[0] != "javascript:alert(1)" {
		t.Errorf("dc:source %q", got)
	}
	if len(p.Metadata.Creator) != 0 {
		t.Errorf("creator %q from a byline of control characters", p.Metadata.Creator)
	}
	if got := p.Metadata.Language; len(got) != 1 || got[0] != "zh-Hans-CN" {
		t.Errorf("language %q, want the tag as given", got)
	}
	// The same book again gives the same identifier.
	var epub2 bytes.Buffer
	if _, err := Write(&epub2, render.Prepare(b), Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(epub, epub2.Bytes()) {
		t.Error("two renderings of a book without ID differ")
	}
}

func TestEPUBDeterministic(t *testing.T) {
	a := allBlocks(t, "zh", zhWords)
	a.Published = time.Time{}
	b := book.Single(a, "urn:test:det")
	for _, opt := range []Options{{}, {EmbedFont: true}} {
		one, _ := renderEPUB(t, b, opt)
		var two bytes.Buffer
		if _, err := Write(&two, render.Prepare(b), opt); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(one, two.Bytes()) {
			t.Errorf("%+v: two runs differ (%d and %d bytes)", opt, len(one), two.Len())
		}
	}
}

func TestEPUBEmbedFont(t *testing.T) {
	a := testbook.Sample(t)
	a.Blocks = append(a.Blocks, &book.Paragraph{Content: testbook.Runs("Latin, digits 0123 and ĉ, 𠮷野家, 𪚥, 😀 and ☀️ outside the BMP.")})
	b := book.Single(a, "urn:test:font")
	plain, _ := renderEPUB(t, b, Options{})
	for _, font := range []string{"kai", "song"} {
		epub, info := renderEPUB(t, b, Options{EmbedFont: true, Font: font})
		if len(info.Warnings) != 0 {
			t.Errorf("%s: warnings %q, want none: every character has a face", font, info.Warnings)
		}
		t.Logf("%s: %d bytes without fonts, %d with them (+%d); subsets %d bytes", font, len(plain), len(epub), len(epub)-len(plain), info.FontBytes)
		files := zipFiles(t, epub)
		css := string(files["OEBPS/styles/book.css"])
		var fonts []*sfnt.Font
		total := 0
		for _, it := range readOPF(t, epub).Manifest {
			if it.MediaType != "font/ttf" {
				continue
			}
			data := files["OEBPS/"+it.Href]
			total += len(data)
			f, err := sfnt.Parse(data)
			if err != nil {
				t.Fatalf("%s: embedded font %s: %v", font, it.Href, err)
			}
			fonts = append(fonts, f)
			if !strings.Contains(css, `url("../`+it.Href+`")`) {
				t.Errorf("%s: stylesheet does not use %s", font, it.Href)
			}
		}
		if total != info.FontBytes || len(fonts) < 3 {
			t.Fatalf("%s: %d fonts of %d bytes, info says %d", font, len(fonts), total, info.FontBytes)
		}
		body := "Bookify Kai"
		if font == "song" {
			body = "Bookify Song"
		}
		local := map[string]string{"kai": "LXGW WenKai", "song": "Noto Serif SC"}[font]
		if !strings.Contains(css, `font-family: "`+body+`", "`+local+`", `) {
			t.Errorf("%s: stylesheet does not put %s, then %s, first:\n%s", font, body, local, css)
		}
		// The subsets are modified versions: they must not carry the
		// Reserved Font Name (naming the installed original is fine).
		for _, m := range regexp.MustCompile(`@font-face \{\s*font-family: "([^"]+)"`).FindAllStringSubmatch(css, -1) {
			if strings.Contains(m[1], "LXGW") {
				t.Errorf("the subset %q carries a Reserved Font Name of the OFL", m[1])
			}
		}
		missing := 0
		for _, text := range append([]string{a.Title}, a.Texts()...) {
			for _, r := range text {
				if unicode.IsSpace(r) || r == 0xFE0F {
					continue
				}
				if !anyGlyph(fonts, r) {
					missing++
					if missing < 5 {
						t.Errorf("%s: no embedded font has a glyph for %q", font, r)
					}
				}
			}
		}
	}
	if _, ok := zipFiles(t, plain)["OEBPS/fonts/kai-subset.ttf"]; ok {
		t.Error("font embedded without EmbedFont")
	}
}

// TestEPUBManyChapters checks that file names keep sorting in spine order
// past chapter 999, which internal/verify.EPUBText relies on.
func TestEPUBManyChapters(t *testing.T) {
	b := &book.Book{ID: "urn:test:many", Title: "many", Lang: "en"}
	var want []string
	for i := range 1001 {
		s := fmt.Sprintf("chapter number %d", i+1)
		b.Chapters = append(b.Chapters, &book.Article{Title: s, Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(s)}}})
		want = append(want, s, s) // the heading and the paragraph
	}
	epub, _ := renderEPUB(t, b, Options{NoCover: true})
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "OEBPS/text/") {
			names = append(names, f.Name)
		}
	}
	if !slices.IsSorted(names) || len(names) != 1001 || names[1000] != "OEBPS/text/ch1001.xhtml" {
		t.Errorf("%d chapter files, sorted %v, last %q", len(names), slices.IsSorted(names), names[len(names)-1])
	}
	verify.InOrder(t, "many", want, verify.EPUBText(t, epub))
}

func TestEPUBEmpty(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Write(&buf, render.Prepare(&book.Book{}), Options{}); err == nil {
		t.Error("a book without chapters gave no error")
	}
	if _, err := Write(&buf, render.Prepare(nil), Options{}); err == nil {
		t.Error("a nil book gave no error")
	}
	// A chapter with nothing in it still makes a valid book.
	renderEPUB(t, &book.Book{Chapters: []*book.Article{{}}}, Options{})
}

func TestLinkHref(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/a b?x=<1>": "https://example.com/a%20b?x=%3C1%3E",
		"HTTP://example.com":            "http://example.com",
		"mailto:a@example.com":          "mailto:a@example.com",
		"javascript:alert(1)":           "",
		"/relative":                     "",
		"#frag":                         "",
		"data:text/html,x":              "",
		"http:///nohost":                "",
		"mailto:":                       "",
		"":                              "",
	} {
		got, ok := linkHref(in)
		if got != want || ok != (want != "") {
			t.Errorf("linkHref(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func BenchmarkEPUBSample(b *testing.B) {
	a := testbook.Sample(b)
	book := book.Single(a, "urn:bench")
	for _, bc := range []struct {
		name string
		opt  Options
	}{{"plain", Options{}}, {"embedfont", Options{EmbedFont: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if _, err := Write(&buf, render.Prepare(book), bc.opt); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "epub-bytes")
		})
	}
}

// TestEPUBRightToLeft: an Arabic or Hebrew book's chapters say dir="rtl"
// on their root and its pages turn right to left; an English one's do
// neither, but its blocks whose first strong character is right to left
// say dir="rtl" (a paragraph, a list, a quote, and nothing inside them),
// as the PDF sets them, and its English paragraph says nothing.
func TestEPUBRightToLeft(t *testing.T) {
	arabic := "يولد جميع الناس أحرارًا 1948 متساوين في الكرامة والحقوق"
	for _, c := range []struct {
		lang      string
		rtl       bool
		want, not []string // in the chapter
	}{
		{"ar", true, []string{`<html `, `dir="rtl">`}, []string{`<p dir=`, `<ul dir=`, `<blockquote dir=`}},
		{"he", true, []string{`dir="rtl">`}, []string{`<p dir=`, `<ul dir=`}},
		{"en", false, []string{`<p dir="rtl">يولد`, `<ul dir="rtl">`, `<blockquote dir="rtl">`, `<blockquote dir="rtl">` + "\n<p>", "<p>Free"}, []string{`<html dir=`, `xml:lang="en" dir="rtl"`, `<li dir=`}},
	} {
		a := &book.Article{Title: "t", Lang: c.lang, Blocks: []book.Block{
			&book.Paragraph{Content: []book.Inline{{Text: arabic}}},
			&book.Paragraph{Content: []book.Inline{{Text: "Free and equal in dignity and rights."}}},
			&book.List{Items: []book.ListItem{{Blocks: []book.Block{&book.Paragraph{Content: []book.Inline{{Text: "1948: " + arabic}}}}}}},
			&book.Quote{Blocks: []book.Block{&book.Paragraph{Content: []book.Inline{{Text: arabic}}}}},
		}}
		epub, _ := renderEPUB(t, book.Single(a, "rtl"), Options{})
		var chapter []byte
		for name, data := range zipFiles(t, epub) {
			if strings.HasSuffix(name, ".xhtml") && bytes.Contains(data, []byte("يولد")) && !bytes.Contains(data, []byte("epub:type=\"toc\"")) {
				chapter = data
			}
		}
		for _, w := range c.want {
			if !bytes.Contains(chapter, []byte(w)) {
				t.Errorf("%s: the chapter lacks %s:\n%s", c.lang, w, chapter)
			}
		}
		for _, w := range c.not {
			if bytes.Contains(chapter, []byte(w)) {
				t.Errorf("%s: the chapter has %s:\n%s", c.lang, w, chapter)
			}
		}
		opf := zipFiles(t, epub)["EPUB/package.opf"]
		if opf == nil {
			for name, data := range zipFiles(t, epub) {
				if strings.HasSuffix(name, ".opf") {
					opf = data
				}
			}
		}
		if got := bytes.Contains(opf, []byte(`page-progression-direction="rtl"`)); got != c.rtl {
			t.Errorf("%s: pages turn right to left %v, want %v", c.lang, got, c.rtl)
		}
	}
}
