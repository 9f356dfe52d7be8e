package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/fetch"
)

// site serves saved real pages as their site would, with every image
// re-hosted on the same loopback server. Images refuse requests without
// the page as Referer, like hot-link-protected news sites.
func site(t *testing.T) *httptest.Server {
	t.Helper()
	// A distinct picture per path, as on a real site.
	photo := func(path string) []byte {
		h := fnv.New32a()
		h.Write([]byte(path))
		tint := uint8(h.Sum32())
		m := image.NewRGBA(image.Rect(0, 0, 320, 200))
		for y := range 200 {
			for x := range 320 {
				m.Set(x, y, color.RGBA{uint8(x), uint8(y), tint, 255})
			}
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, m, nil); err != nil {
			panic(err)
		}
		return buf.Bytes()
	}
	rxSrc := regexp.MustCompile(`(src|data-src)="(?:https?:)?//`)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/img/") || strings.HasSuffix(r.URL.Path, ".jpg") {
			if !strings.HasPrefix(r.Referer(), srv.URL+"/news/") {
				http.Error(w, "hot-linking refused", http.StatusForbidden)
				return
			}
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(photo(r.URL.Path))
			return
		}
		if name, ok := strings.CutPrefix(r.URL.Path, "/news/"); ok {
			page, err := os.ReadFile(filepath.Join("../../testdata/pages", name, "source.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			page = rxSrc.ReplaceAll(page, []byte(`$1="`+srv.URL+`/img/`))
			w.Header().Set("Content-Type", "text/html") // no charset: the page says
			w.Write(page)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func localFetcher(t *testing.T, srv *httptest.Server) *fetch.Client {
	t.Helper()
	c, err := fetch.New(fetch.Options{Allow: []string{strings.TrimPrefix(srv.URL, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Saved Chinese and English news pages fetched by URL: a title without the
// site's suffix, the right language, the text without mojibake, and the
// images in both outputs.
func TestConvertURLs(t *testing.T) {
	srv := site(t)
	f := localFetcher(t, srv)
	tests := []struct {
		page, title, lang, sentence string
		images                      int
	}{
		{"gmw", "宇航员在太空中喝酒会怎么样？后果很严重", "zh", "翱翔于距地球数千公里的太空中", 4},
		{"qq", "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶", "zh", "可微神经计算机", 1},
		{"youth", "海外留学生看两会：出国前后关注点大不同", "zh", "无独有偶，英国剑桥大学的李博灏", 1},
		{"pixnet", "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家", "zh-TW", "美樹營地", 10},
		{"bbc-1", "Obama admits US gun laws are his 'biggest frustration'", "en", "common sense gun safety laws", 1},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			u := srv.URL + "/news/" + tt.page
			res, err := Convert(context.Background(), []Input{{Name: u, Kind: KindURL, URL: u}}, Options{Fetcher: f})
			if err != nil {
				t.Fatal(err)
			}
			a := res.Book.Chapters[0]
			if a.Title != tt.title || a.Lang != tt.lang || a.SourceURL != u {
				t.Errorf("title %q lang %q source %q", a.Title, a.Lang, a.SourceURL)
			}
			text := verify.PDFText(t, res.PDF)
			if !strings.Contains(strings.Join(strings.Fields(text), ""), strings.ReplaceAll(tt.sentence, " ", "")) {
				t.Errorf("PDF text lacks %q", tt.sentence)
			}
			if strings.ContainsRune(text, '\uFFFD') {
				t.Error("PDF text has U+FFFD: mojibake")
			}
			if n := pdfImages(t, res.PDF); n < tt.images {
				t.Errorf("%d images in the PDF, want at least %d (warnings %q)", n, tt.images, res.Warnings)
			}
			if n := epubImages(t, res.EPUB); n < tt.images {
				t.Errorf("%d images in the EPUB, want at least %d", n, tt.images)
			}
			verify.EPUBCheck(t, res.EPUB)
		})
	}
}

func pdfImages(t *testing.T, pdf []byte) int {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.pdf")
	os.WriteFile(p, pdf, 0o644)
	out, err := execOutput("pdfimages", "-list", p)
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	return max(0, len(strings.Split(strings.TrimSpace(out), "\n"))-2)
}

func epubImages(t *testing.T, epub []byte) int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range zr.File {
		if strings.Contains(f.Name, "images/") && !strings.Contains(f.Name, "cover") {
			n++
		}
	}
	return n
}

func TestConvertURLErrors(t *testing.T) {
	srv := site(t)
	tests := []struct {
		name string
		url  string
		f    *fetch.Client
		want string
	}{
		{"no fetcher", srv.URL + "/news/gmw", nil, "fetching URLs is disabled"},
		{"not allowed", srv.URL + "/news/gmw", mustFetcher(t, fetch.Options{}), "not public"},
		{"missing", srv.URL + "/news/none", localFetcher(t, srv), "404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Convert(context.Background(), []Input{{Name: tt.url, Kind: KindURL, URL: tt.url}}, Options{Fetcher: tt.f})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}

// A book of several URLs: a failing article is left out and reported.
func TestConvertBookOfURLs(t *testing.T) {
	srv := site(t)
	var ins []Input
	for _, p := range []string{"gmw", "missing", "bbc-1"} {
		u := srv.URL + "/news/" + p
		ins = append(ins, Input{Name: u, Kind: KindURL, URL: u})
	}
	res, err := Convert(context.Background(), ins, Options{Fetcher: localFetcher(t, srv), BookTitle: "Reading list"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Book.Chapters) != 2 || res.Book.Title != "Reading list" {
		t.Errorf("%d chapters, title %q", len(res.Book.Chapters), res.Book.Title)
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "missing") {
		t.Errorf("warnings %q", res.Warnings)
	}
	verify.EPUBCheck(t, res.EPUB)
	verify.PDFFonts(t, res.PDF)

	_, err = Convert(context.Background(), ins[1:2], Options{Fetcher: localFetcher(t, srv), BookTitle: "None"})
	if err == nil {
		t.Error("a book with no readable article converted")
	}
}

func mustFetcher(t *testing.T, o fetch.Options) *fetch.Client {
	t.Helper()
	c, err := fetch.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func execOutput(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	return string(out), err
}

// Pages in every encoding news sites use, served over HTTP as such sites
// serve them, come out as the right text.
func TestConvertURLCharsets(t *testing.T) {
	tests := []struct{ file, contentType, title, lang string }{
		{"big5-meta.html", "text/html", "行政院院會", "zh-Hant"},
		{"euc-jp-meta.html", "text/html", "万博", "ja"},
		{"euc-kr-meta.html", "text/html", "대중교통", "ko"},
		{"gb18030-declared-gbk.html", "text/html", "生僻字", "zh-Hans"},
		{"gb18030-http.html", "text/html; charset=GB18030", "生僻字", "zh-Hans"},
		{"gb2312-http-equiv.html", "text/html", "稳就业", "zh-Hans"},
		{"gbk-meta-charset.html", "text/html", "国务院常务会议", "zh-Hans"},
		{"gbk-undeclared.html", "text/html", "国务院常务会议", "zh-Hans"},
		{"shift_jis-http.html", "text/html; charset=Shift_JIS", "経済対策", "ja"},
		{"utf-16le-bom.html", "text/html; charset=gbk", "国务院常务会议", "zh-Hans"},
		{"utf8-declares-gb2312.html", "text/html", "国务院常务会议", "zh-Hans"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, tt := range tests {
			if r.URL.Path == "/"+tt.file {
				body, err := os.ReadFile(filepath.Join("../extract/testdata/charset", tt.file))
				if err != nil {
					http.Error(w, err.Error(), 500)
					return
				}
				w.Header().Set("Content-Type", tt.contentType)
				w.Write(body)
				return
			}
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	f := localFetcher(t, srv)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			u := srv.URL + "/" + tt.file
			res, err := Convert(context.Background(), []Input{{Name: u, Kind: KindURL, URL: u}}, Options{Fetcher: f, Formats: FormatList{"txt"}})
			if err != nil {
				t.Fatal(err)
			}
			text := string(res.Text)
			if !strings.Contains(text, tt.title) || strings.ContainsRune(text, '\uFFFD') || res.Lang != tt.lang {
				t.Errorf("lang %s, text %.120q; want %q", res.Lang, text, tt.title)
			}
		})
	}
}
