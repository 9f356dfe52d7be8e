package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/extract"
)

const sample = "../../testdata/sample-zh.txt"

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestSampleJSON(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "-o", dir, "-json", "-formats", "pdf,epub,txt", sample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if rep.Title != "全国网信办主任会议在京召开" || rep.Lang != "zh-Hans" || rep.Chars < 1800 || rep.Warnings == nil || len(rep.Warnings) != 0 || rep.MissingGlyphs != 0 {
		t.Errorf("report %+v", rep)
	}
	if rep.PDF == nil || rep.PDF.Path != filepath.Join(dir, "sample-zh.pdf") || rep.PDF.Pages < 1 || rep.EPUB == nil || rep.TXT == nil {
		t.Fatalf("report files %+v %+v %+v", rep.PDF, rep.EPUB, rep.TXT)
	}
	pdf, _ := os.ReadFile(rep.PDF.Path)
	epub, _ := os.ReadFile(rep.EPUB.Path)
	txt, _ := os.ReadFile(rep.TXT.Path)
	if len(pdf) != rep.PDF.Bytes || len(epub) != rep.EPUB.Bytes {
		t.Errorf("sizes %d %d, reported %d %d", len(pdf), len(epub), rep.PDF.Bytes, rep.EPUB.Bytes)
	}
	if got := verify.PDFPages(t, pdf); got != itoa(rep.PDF.Pages) {
		t.Errorf("pdfinfo says %s pages, report %d", got, rep.PDF.Pages)
	}

	f, _ := os.Open(sample)
	defer f.Close()
	a, err := extract.FromText(f)
	if err != nil {
		t.Fatal(err)
	}
	verify.InOrder(t, "pdf", append([]string{a.Title}, a.Texts()...), verify.PDFText(t, pdf))
	verify.InOrder(t, "epub", append([]string{a.Title}, a.Texts()...), verify.EPUBText(t, epub))
	verify.LineBreaks(t, verify.PDFLines(t, pdf))
	verify.PDFFonts(t, pdf)
	verify.EPUBCheck(t, epub)
	wantTxt := a.Title + "\n\n" + strings.Join(a.Texts(), "\n\n") + "\n"
	if string(txt) != wantTxt {
		t.Errorf("txt output differs from title + paragraphs:\n%.300s", txt)
	}

	// Same input, same bytes.
	dir2 := t.TempDir()
	if code, _, stderr := runCLI(t, "", "-o", dir2, sample); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	for _, ext := range []string{"pdf", "epub"} {
		a, _ := os.ReadFile(filepath.Join(dir, "sample-zh."+ext))
		b, _ := os.ReadFile(filepath.Join(dir2, "sample-zh."+ext))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs", ext)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestStdinAndStems(t *testing.T) {
	dir := t.TempDir()
	page, err := os.ReadFile("../../testdata/pages/bbc-1/source.html")
	if err != nil {
		t.Fatal(err)
	}
	// Two inputs with one stem must not overwrite each other.
	sub := filepath.Join(t.TempDir(), "sample-zh.txt")
	raw, _ := os.ReadFile(sample)
	os.WriteFile(sub, raw, 0o644)
	code, stdout, stderr := runCLI(t, string(page), "-o", dir, "-json", "-images=false", "-formats", "epub", "-base", "https://www.bbc.com/news/world-us-canada-33646542", "-", sample, sub)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var paths []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var rep report
		if err := json.Unmarshal([]byte(line), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.PDF != nil || rep.EPUB == nil {
			t.Errorf("formats: %s", line)
			continue
		}
		paths = append(paths, filepath.Base(rep.EPUB.Path))
	}
	if got := strings.Join(paths, " "); got != "stdin.epub sample-zh.epub sample-zh-2.epub" {
		t.Errorf("outputs %s", got)
	}
	checkEPUBs(t, dir)
}

// checkEPUBs runs epubcheck on each distinct EPUB in dir.
func checkEPUBs(t *testing.T, dir string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.epub"))
	if len(paths) == 0 {
		t.Fatalf("no EPUB in %s", dir)
	}
	seen := map[string]bool{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !seen[string(data)] {
			seen[string(data)] = true
			verify.EPUBCheck(t, data)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.html")
	os.WriteFile(empty, []byte("<html><body></body></html>"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no input", nil, 2, "usage"},
		{"bad format", []string{"-formats", "docx", sample}, 2, `format "docx" (want pdf, epub or txt)`},
		{"bad page", []string{"-page", "B5", sample}, 2, "page size"},
		{"bad writing mode", []string{"-writing-mode", "diagonal", sample}, 2, "horizontal or vertical"},
		{"bad conversion", []string{"-convert", "s2j", sample}, 2, "s2t, s2tw, s2twp, s2hk, t2s or tw2s"},
		{"bad base", []string{"-base", "relative/path", sample}, 2, "absolute URL"},
		{"missing file", []string{filepath.Join(dir, "nope.txt")}, 1, "nope.txt"},
		{"unknown suffix", []string{"notes.docx"}, 1, "unsupported input"},
		{"not an article", []string{empty}, 1, "not an article"},
		{"one of two fails", []string{sample, filepath.Join(dir, "nope.html")}, 1, "nope.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", append([]string{"-o", filepath.Join(dir, "out")}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
			var failures int
			for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if !strings.Contains(l, "warning:") {
					failures++
				}
			}
			if code == 1 && failures != 1 {
				t.Errorf("want one stderr line per failure, got %q", stderr)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://news.example.com/a/b.html", "news.example.com-a-b.html"},
		{"文章 标题", "文章-标题"},
		{"../../etc/passwd.txt", "passwd"},
		{"dir/文章 标题.html", "文章-标题"},
		{"///", "article"},
	}
	for _, tt := range tests {
		if got := stemOf(tt.in); got != tt.want {
			t.Errorf("stemOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A URL end to end against a local server, which only -allow-addr lets the
// CLI reach.
func TestURL(t *testing.T) {
	page, err := os.ReadFile("../../testdata/pages/qq/source.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	u := srv.URL + "/a/20161014/article.htm"
	dir := t.TempDir()

	code, _, stderr := runCLI(t, "", "-o", dir, "-images=false", u)
	if code != 1 || !strings.Contains(stderr, "not public") || !strings.Contains(stderr, "-allow-addr") {
		t.Errorf("without -allow-addr: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "", "-o", dir, "-json", "-images=false", "-allow-addr", strings.TrimPrefix(srv.URL, "http://"), u)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Title != "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶" || rep.Lang != "zh-Hans" {
		t.Errorf("title %q lang %q", rep.Title, rep.Lang)
	}
	if want := filepath.Join(dir, "127.0.0.1-"+strings.Split(srv.URL, ":")[2]+"-a-20161014-article.htm.pdf"); rep.PDF == nil || rep.PDF.Path != want {
		t.Errorf("pdf %+v, want %s", rep.PDF, want)
	}
	checkEPUBs(t, dir)
}

func TestBuildDate(t *testing.T) {
	for _, tc := range []struct {
		env     []string // key, value; none: unset
		want    string
		wantErr bool
	}{
		{[]string{"SOURCE_DATE_EPOCH", "0"}, "1970-01-01T00:00:00Z", false},
		{[]string{"SOURCE_DATE_EPOCH", "1835740800"}, "2028-03-04T00:00:00Z", false},
		{[]string{"SOURCE_DATE_EPOCH", "yesterday"}, "", true},
		{[]string{"SOURCE_DATE_EPOCH", "-5"}, "", true},
		{[]string{"SOURCE_DATE_EPOCH", "999999999999999"}, "", true},
	} {
		got, err := buildDate(func(k string) (string, bool) {
			if len(tc.env) == 2 && k == tc.env[0] {
				return tc.env[1], true
			}
			return "", false
		})
		if (err != nil) != tc.wantErr || err == nil && got.Format(time.RFC3339) != tc.want {
			t.Errorf("%q: %v, %v; want %s (error %v)", tc.env, got, err, tc.want, tc.wantErr)
		}
	}
	if got, err := buildDate(func(string) (string, bool) { return "", false }); err != nil || time.Since(got) > time.Minute || time.Since(got) < 0 {
		t.Errorf("unset: %v, %v; want now", got, err)
	}
}
