package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/verify"
)

// One input may take this much CPU time: the pages of the corpus take
// milliseconds, and a page that takes seconds is a way to hold a Lambda.
// Past fuzzWall of the clock the process is crashed, so the engine keeps it.
const (
	fuzzCPU  = 5 * time.Second
	fuzzWall = time.Minute
)

// seedFiles adds the files matching each pattern to the corpus, each cut
// to its first 32 KiB: the engine minimizes every input it finds
// interesting, and on whole pages of 400 KB that takes minutes (the whole
// pages are TestFromHTMLPages' business).
func seedFiles(f *testing.F, patterns ...string) {
	f.Helper()
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		if len(files) == 0 {
			f.Fatalf("no seed files match %s", p)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b[:min(len(b), 32<<10)])
		}
	}
}

// FuzzFromHTML feeds bytes through the page path: charset decoding, then
// extraction. Nothing may panic or take long; an article that comes out
// is UTF-8 and has blocks.
func FuzzFromHTML(f *testing.F) {
	seedFiles(f, "../../testdata/pages/*/source.html", "testdata/charset/*.html")
	f.Add([]byte("<html><body>" + strings.Repeat("<div>", 2000) + "<p>深</p>"))
	f.Add([]byte("\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00"))
	f.Add([]byte(`<article><p>正文</p><img src="data:image/png;base64,iVBORw0KGgo=" srcset="data:image/gif;base64,R0lGOD 1x, data:,x%zz 2x"><img src="data:;base64,@"></article>`))
	base, _ := url.Parse("https://example.com/a/b.html")
	f.Fuzz(func(t *testing.T, page []byte) {
		done := verify.Bounded(t, fuzzCPU, fuzzWall)
		text, err := DecodeHTML(page, "")
		if err != nil {
			done()
			return
		}
		a, err := FromHTML(strings.NewReader(text), base)
		done()
		if err != nil {
			return
		}
		if len(a.Blocks) == 0 {
			t.Error("an article without blocks")
		}
		for _, s := range append([]string{a.Title, a.Byline, a.SiteName}, a.Texts()...) {
			if !utf8.ValidString(s) {
				t.Errorf("not UTF-8: %q", s)
			}
		}
	})
}

// FuzzFromText checks the plain-text format loses nothing: every
// non-space character of the body lines comes out, in order, in the
// paragraphs (and the title, when no Title header gives one).
func FuzzFromText(f *testing.F) {
	seedFiles(f, "../../testdata/sample-zh.txt")
	for _, s := range []string{
		"Title: 标题\nDate: 2025年1月4日 10:20\nURL: https://example.com/\n\n第一段。\n\n第二段。\n",
		"无标题的第一行\n正文\r\n",
		"\ufeffTitle:\n\n x \n",
		"Date: None\nURL: None\n\nA\tB\u3000C\n",
		"title: a\nurl: ftp://x\n\nb\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		done := verify.Bounded(t, fuzzCPU, fuzzWall)
		a, err := FromText(bytes.NewReader(in))
		done()
		// The string reader reads the same article, or fails alike.
		b, serr := FromString(string(in))
		if fmt.Sprint(err) != fmt.Sprint(serr) || err == nil && !reflect.DeepEqual(a, b) {
			t.Fatalf("FromString: %+v, %v; FromText: %+v, %v", b, serr, a, err)
		}
		if err != nil {
			return
		}
		// The format, read independently: header lines while they are
		// Title, Date or URL; then the first non-empty line is the title
		// unless a header gave one; the rest are paragraphs.
		var title string
		var paras []string
		header, titled := true, false
		for i, line := range strings.Split(string(in), "\n") {
			if i == 0 {
				line = strings.TrimPrefix(line, "\ufeff")
			}
			line = strings.TrimSpace(line)
			if header {
				k, v, ok := strings.Cut(line, ":")
				switch {
				case ok && strings.EqualFold(k, "Title"):
					title, titled = v, true
					continue
				case ok && (strings.EqualFold(k, "Date") || strings.EqualFold(k, "URL")):
					continue
				}
				header = false
			}
			switch {
			case line == "":
			case !titled:
				title, titled = line, true
			default:
				paras = append(paras, line)
			}
		}
		if dropSpace(a.Title) != dropSpace(title) {
			t.Errorf("title %q, want %q", a.Title, title)
		}
		if got, want := dropSpace(strings.Join(a.Texts(), "")), dropSpace(strings.Join(paras, "")); got != want {
			t.Errorf("text lost or changed:\nwant %q\n got %q", want, got)
		}
	})
}

func dropSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
