package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

var updateCharset = flag.Bool("update-charset", false, "rewrite testdata/charset fixtures")

const (
	textGBK = "新华社北京11月27日电 国务院总理主持召开国务院常务会议，研究部署进一步做好稳就业工作。" +
		"会议指出，就业是最基本的民生，要落实落细各项政策。前总理朱镕基当年也曾强调这一点。"
	// 𠮷 and 䶮 are outside GBK: GB18030 encodes them in four bytes.
	textGB18030 = "𠮷野家在北京开设新店，店名中的“𠮷”字在许多系统里无法显示；南汉皇帝刘䶮的名字也是如此。"
	textBig5    = "中央社記者台北27日電 行政院今天召開院會，通過「數位發展部組織法」草案，" +
		"並宣布將投入新台幣百億元推動產業轉型，各部會須於年底前提出具體方案。"
	textSJIS = "【東京】政府は２７日、新しい経済対策を閣議決定した。物価高への対応として、" +
		"電気・ガス料金の補助を来年３月まで延長する。首相は記者団に「暮らしを守る」と述べた。"
	textEUCJP = "大阪府は今日、万博の会場整備について、追加の予算を計上すると発表しました。" +
		"関係者によると、工事は来月にも始まる見通しで、完成は秋ごろになるということです。"
	textEUCKR = "서울시는 27일 새로운 대중교통 요금 체계를 도입한다고 밝혔다. " +
		"시 관계자는 시민들의 부담을 줄이기 위한 조치라고 설명했으며, 다음 달부터 시행된다."
)

// page builds a news-like page around text, with decl in its head.
func page(decl, title, text string) string {
	return "<!DOCTYPE html>\n<html>\n<head>\n" + decl + "\n<title>" + title + "</title>\n" +
		`<link rel="stylesheet" href="/css/main.css">` + "\n" +
		`<script>var _hmt = _hmt || [];</script>` + "\n</head>\n<body>\n" +
		`<div class="nav"><a href="/">` + title + "</a></div>\n" +
		`<div class="article"><h1>` + title + "</h1>\n<p>" + text + "</p>\n<p>" + text + "</p></div>\n" +
		"</body>\n</html>\n"
}

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding test text: %v", err)
	}
	return b
}

var utf16LE = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)

// fixtureCases are stored under testdata/charset so they can be inspected
// with iconv; each is checked to be exactly the encoding of its UTF-8 text.
var fixtureCases = []struct {
	file        string
	enc         encoding.Encoding // nil: UTF-8 as is
	contentType string
	want        string // decoded document
	wantName    string
	wantSource  string
}{
	{"gbk-meta-charset.html", simplifiedchinese.GBK, "text/html",
		page(`<meta charset="gbk">`, "国务院常务会议", textGBK), "gb18030", CharsetFromMeta},
	{"gb2312-http-equiv.html", simplifiedchinese.GBK, "text/html",
		page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />`, "稳就业", textGBK), "gb18030", CharsetFromMeta},
	{"gb18030-http.html", simplifiedchinese.GB18030, "text/html; charset=GB18030",
		page(`<meta name="keywords" content="新闻">`, "生僻字", textGB18030), "gb18030", CharsetFromHTTP},
	{"gb18030-declared-gbk.html", simplifiedchinese.GB18030, "",
		page(`<meta charset="GBK">`, "生僻字", textGB18030), "gb18030", CharsetFromMeta},
	{"big5-meta.html", traditionalchinese.Big5, "",
		page(`<meta http-equiv="content-type" content="text/html;charset=big5">`, "行政院院會", textBig5), "big5", CharsetFromMeta},
	{"shift_jis-http.html", japanese.ShiftJIS, "text/html; charset=Shift_JIS",
		page(`<meta name="viewport" content="width=device-width">`, "経済対策", textSJIS), "shift_jis", CharsetFromHTTP},
	{"euc-jp-meta.html", japanese.EUCJP, "text/html",
		page(`<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=EUC-JP">`, "万博", textEUCJP), "euc-jp", CharsetFromMeta},
	{"euc-kr-meta.html", korean.EUCKR, "",
		page(`<meta charset='euc-kr'>`, "대중교통", textEUCKR), "euc-kr", CharsetFromMeta},
	{"utf-16le-bom.html", utf16LE, "text/html; charset=gbk",
		page(`<meta charset="utf-16">`, "国务院常务会议", textGBK), "utf-16le", CharsetFromBOM},
	{"utf8-declares-gb2312.html", nil, "text/html",
		page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, "国务院常务会议", textGBK), "utf-8", CharsetFromUTF8},
	{"gbk-undeclared.html", simplifiedchinese.GBK, "text/html",
		page(`<meta name="description" content="">`, "国务院常务会议", textGBK), "gb18030", CharsetFromDetect},
}

func TestDecodeHTMLFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "charset")
	for _, tc := range fixtureCases {
		t.Run(tc.file, func(t *testing.T) {
			want := []byte(tc.want)
			if tc.enc != nil {
				want = encode(t, tc.enc, tc.want)
			}
			path := filepath.Join(dir, tc.file)
			if *updateCharset {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update-charset to create)", err)
			}
			if !bytes.Equal(body, want) {
				t.Fatalf("fixture %s is not the encoding of its text; regenerate with -update-charset", path)
			}
			if tc.enc != nil && tc.enc != utf16LE && bytes.Equal(body, []byte(tc.want)) {
				t.Fatal("fixture is plain UTF-8: the case tests nothing")
			}

			got, err := DecodeHTML(body, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("decoded text differs:\n got %.200q\nwant %.200q", got, tc.want)
			}
			if name, source := HTMLCharset(body, tc.contentType); name != tc.wantName || source != tc.wantSource {
				t.Errorf("charset = %s from %s, want %s from %s", name, source, tc.wantName, tc.wantSource)
			}
		})
	}
}

// TestDecodeHTMLUndeclared covers pages with no declaration anywhere, in
// each legacy encoding: detection alone has to get them right.
func TestDecodeHTMLUndeclared(t *testing.T) {
	tests := []struct {
		name     string
		enc      encoding.Encoding
		text     string
		wantName string
	}{
		{"gbk", simplifiedchinese.GBK, textGBK, "gb18030"},
		{"gb18030 four-byte", simplifiedchinese.GB18030, textGB18030, "gb18030"},
		{"big5", traditionalchinese.Big5, textBig5, "big5"},
		{"shift_jis", japanese.ShiftJIS, textSJIS, "shift_jis"},
		{"euc-jp", japanese.EUCJP, textEUCJP, "euc-jp"},
		{"euc-kr", korean.EUCKR, textEUCKR, "euc-kr"},
		// One sentence, not a whole page.
		{"gbk one sentence", simplifiedchinese.GBK, "国务院常务会议研究部署稳就业工作。", "gb18030"},
		{"big5 one sentence", traditionalchinese.Big5, "行政院今天召開院會，通過多項法案。", "big5"},
		{"shift_jis one sentence", japanese.ShiftJIS, "政府は新しい経済対策を閣議決定した。", "shift_jis"},
		{"euc-kr one sentence", korean.EUCKR, "서울시는 새로운 교통 요금 체계를 도입한다.", "euc-kr"},
		// Too few characters for statistics: every CJK encoding scores the
		// same, and the tie goes to GB18030.
		{"gbk five characters", simplifiedchinese.GBK, "中国新闻网", "gb18030"},
		// chardet rates these ISO-8859-8 at 60 and ISO-8859-7 at 35, ahead
		// of every CJK encoding.
		{"gbk four characters read as Hebrew by chardet", simplifiedchinese.GBK, "北京时间", "gb18030"},
		{"gbk four characters read as Greek by chardet", simplifiedchinese.GBK, "联系我们", "gb18030"},
		// And the CJK preference must not capture Latin pages.
		{"windows-1252 French", charmap.Windows1252, "Le président a annoncé, mardi, une réforme très attendue à l'été.", "windows-1252"},
		{"windows-1251 Russian", charmap.Windows1251, "Президент объявил во вторник о долгожданной реформе.", "windows-1251"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := "<html><head><title>" + tc.text + "</title></head><body><p>" + tc.text + "</p></body></html>"
			body := encode(t, tc.enc, doc)
			got, err := DecodeHTML(body, "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if got != doc {
				t.Errorf("decoded %q, want %q", got, doc)
			}
			if name, source := HTMLCharset(body, "text/html"); name != tc.wantName || source != CharsetFromDetect {
				t.Errorf("charset %s from %s, want %s from detect", name, source, tc.wantName)
			}
		})
	}
}

func TestDecodeHTMLPrecedence(t *testing.T) {
	gbkDoc := page(`<meta charset="big5">`, "稳就业", textGBK)
	longComment := "<!--" + strings.Repeat("广告位 ad slot ", 120) + "-->"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
		wantName    string
		wantSource  string
	}{
		{"http charset beats meta", encode(t, simplifiedchinese.GBK, gbkDoc), "text/html; charset=GBK",
			gbkDoc, "gb18030", CharsetFromHTTP},
		{"UTF-8 bytes beat an http gbk label", []byte(gbkDoc), "text/html; charset=gbk",
			gbkDoc, "utf-8", CharsetFromUTF8},
		{"UTF-8 BOM stripped, beats the header",
			append([]byte{0xEF, 0xBB, 0xBF}, textGBK...), "text/html; charset=big5",
			textGBK, "utf-8", CharsetFromBOM},
		{"UTF-16BE BOM",
			encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), textEUCKR), "",
			textEUCKR, "utf-16be", CharsetFromBOM},
		{"false utf-8 header on GBK bytes falls through to meta",
			encode(t, simplifiedchinese.GBK, page(`<meta charset="gb2312">`, "t", textGBK)), "text/html; charset=utf-8",
			page(`<meta charset="gb2312">`, "t", textGBK), "gb18030", CharsetFromMeta},
		{"false utf-8 meta on GBK bytes falls through to detection",
			encode(t, simplifiedchinese.GBK, page(`<meta charset="utf-8">`, "t", textGBK)), "",
			page(`<meta charset="utf-8">`, "t", textGBK), "gb18030", CharsetFromDetect},
		{"meta past 1024 bytes still found",
			encode(t, japanese.EUCJP, "<html><head>"+longComment+`<meta charset="euc-jp"><title>万博</title></head><body>`+textEUCJP+"</body></html>"), "",
			"<html><head>" + longComment + `<meta charset="euc-jp"><title>万博</title></head><body>` + textEUCJP + "</body></html>", "euc-jp", CharsetFromMeta},
		{"xml declaration",
			encode(t, simplifiedchinese.GBK, `<?xml version="1.0" encoding="GBK"?>`+"\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"+textGBK+"</body></html>"), "application/xhtml+xml",
			`<?xml version="1.0" encoding="GBK"?>` + "\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>" + textGBK + "</body></html>", "gb18030", CharsetFromMeta},
		{"ASCII page declaring utf-16 is utf-8", []byte(`<meta charset="utf-16"><p>plain</p>`), "",
			`<meta charset="utf-16"><p>plain</p>`, "utf-8", CharsetFromMeta},
		{"ASCII only", []byte("<p>hello</p>"), "", "<p>hello</p>", "utf-8", CharsetFromDefault},
		{"empty", nil, "", "", "utf-8", CharsetFromDefault},
		{"unknown label ignored", encode(t, korean.EUCKR, page(`<meta charset="x-no-such">`, "t", textEUCKR)), "text/html; charset=bogus",
			page(`<meta charset="x-no-such">`, "t", textEUCKR), "euc-kr", CharsetFromDetect},
		{"UTF-8 page with one broken byte, served as gbk, stays UTF-8",
			[]byte(page(`<meta charset="utf-8">`, "t", textGBK+"\xff"+textGBK)), "text/html; charset=gbk",
			page(`<meta charset="utf-8">`, "t", textGBK+"\uFFFD"+textGBK), "utf-8", CharsetFromUTF8},
		{"undeclared UTF-8 page with one broken byte stays UTF-8",
			[]byte(page(``, "t", textSJIS+"\x81"+textSJIS)), "",
			page(``, "t", textSJIS+"\uFFFD"+textSJIS), "utf-8", CharsetFromUTF8},
		{"UTF-8 cut mid-character is still UTF-8", []byte(textGBK + "稳")[:len(textGBK)+2], "text/html; charset=gbk",
			textGBK + "\uFFFD", "utf-8", CharsetFromUTF8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeHTML(tc.body, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("decoded %.120q, want %.120q", got, tc.want)
			}
			if name, source := HTMLCharset(tc.body, tc.contentType); name != tc.wantName || source != tc.wantSource {
				t.Errorf("charset %s from %s, want %s from %s", name, source, tc.wantName, tc.wantSource)
			}
		})
	}
}

// TestGBLabelsDecodeAsGB18030: every GBK-family label must reach the four-
// byte sequences that plain GBK decoders turn into U+FFFD.
func TestGBLabelsDecodeAsGB18030(t *testing.T) {
	body := encode(t, simplifiedchinese.GB18030, "<p>"+textGB18030+"</p>")
	for _, label := range []string{"gb2312", "GB2312", "gbk", "x-gbk", "cp936", "gb18030", "chinese", "csgb2312", "iso-ir-58"} {
		t.Run(label, func(t *testing.T) {
			got, err := DecodeHTML(body, fmt.Sprintf("text/html; charset=%s", label))
			if err != nil {
				t.Fatal(err)
			}
			if got != "<p>"+textGB18030+"</p>" {
				t.Errorf("decoded %q", got)
			}
		})
	}
}
