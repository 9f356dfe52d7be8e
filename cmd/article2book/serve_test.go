package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/loopback"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/fetch"
)

// startServer runs serve on a free loopback port, as -serve does, and
// stops it at the end of the test through its context, checking that the
// shutdown is clean.
func startServer(t *testing.T) (base, dir string, logs *loopback.Log) {
	t.Helper()
	dir = t.TempDir()
	fetcher, err := fetch.New(fetch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs = &loopback.Log{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, ln, serveOptions{outDir: dir, pageSize: "A4", fetcher: fetcher,
			log: slog.New(slog.NewJSONHandler(logs, nil))})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return "http://" + ln.Addr().String(), dir, logs
}

type apiAnswer struct {
	Status    int
	Header    http.Header
	Body      []byte
	RequestID string            `json:"request_id"`
	URLs      map[string]string `json:"urls"`
	Manifest  struct {
		Title    string   `json:"title"`
		Language string   `json:"language"`
		Pages    int      `json:"pages"`
		Warnings []string `json:"warnings"`
		Outputs  map[string]struct {
			Key  string `json:"key"`
			Size int    `json:"size"`
		} `json:"outputs"`
	} `json:"manifest"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func post(t *testing.T, url, contentType, body string, header ...string) *apiAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) *apiAnswer {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := &apiAnswer{Status: resp.StatusCode, Header: resp.Header}
	if a.Body, err = io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(a.Body, a); err != nil {
			t.Fatalf("%s %s: %v: %s", req.Method, req.URL, err, a.Body)
		}
	}
	return a
}

func get(t *testing.T, url string) *apiAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func jobJSON(t *testing.T, kv ...string) string {
	t.Helper()
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServeConvert(t *testing.T) {
	base, dir, logs := startServer(t)
	text, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile("../../testdata/pages/qq/source.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, body, title string
		check             bool
	}{
		{"text", jobJSON(t, "text", string(text)), "全国网信办主任会议在京召开", true},
		// The page's images are on a loopback address, which is refused:
		// warnings, not a failure.
		{"html", jobJSON(t, "html", string(page), "base_url", "http://127.0.0.1:9/a/20161014/article.htm"), "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, base+"/convert", "application/json", tc.body)
			if a.Status != http.StatusOK || a.Error != nil {
				t.Fatalf("status %d: %s\n%s", a.Status, a.Body, logs)
			}
			if a.RequestID == "" || a.Manifest.Title != tc.title || a.Manifest.Language != "zh-Hans" || a.Manifest.Pages < 1 || a.Manifest.Warnings == nil {
				t.Errorf("manifest %+v, request_id %q", a.Manifest, a.RequestID)
			}
			want := map[string]string{"pdf": "application/pdf", "epub": "application/epub+zip", "manifest": "application/json; charset=utf-8"}
			docs := map[string][]byte{}
			for name, ct := range want {
				u := a.URLs[name]
				if !strings.HasPrefix(u, base+"/files/api/") {
					t.Fatalf("%s URL %q", name, u)
				}
				d := get(t, u)
				if d.Status != http.StatusOK || d.Header.Get("Content-Type") != ct {
					t.Fatalf("GET %s: %d %q", u, d.Status, d.Header.Get("Content-Type"))
				}
				if name != "manifest" && (len(d.Body) != a.Manifest.Outputs[name].Size || !strings.Contains(d.Header.Get("Content-Disposition"), "filename*=UTF-8''")) {
					t.Errorf("GET %s: %d bytes (manifest %d), Content-Disposition %q", u, len(d.Body), a.Manifest.Outputs[name].Size, d.Header.Get("Content-Disposition"))
				}
				docs[name] = d.Body
			}
			// The links serve what the store wrote under -o.
			onDisk, err := os.ReadFile(filepath.Join(dir, serveBucket, filepath.FromSlash(a.Manifest.Outputs["pdf"].Key)))
			if err != nil || !bytes.Equal(onDisk, docs["pdf"]) {
				t.Errorf("PDF under -o: %v, equal to the download: %t", err, bytes.Equal(onDisk, docs["pdf"]))
			}
			var m struct {
				Title string `json:"title"`
			}
			if err := json.Unmarshal(docs["manifest"], &m); err != nil || m.Title != tc.title {
				t.Errorf("downloaded manifest: %v, title %q", err, m.Title)
			}
			verify.PDFFonts(t, docs["pdf"])
			if !strings.Contains(strings.Join(strings.Fields(verify.PDFText(t, docs["pdf"])), ""), strings.ReplaceAll(tc.title, " ", "")) {
				t.Errorf("PDF text lacks the title %q", tc.title)
			}
			if tc.check {
				verify.EPUBCheck(t, docs["epub"])
			}
		})
	}

	// Accept: the document itself, as the Lambda answers it.
	a := post(t, base+"/convert", "application/json", jobJSON(t, "text", string(text)), "Accept", "application/pdf")
	if a.Status != http.StatusOK || a.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(a.Body, []byte("%PDF-")) {
		t.Errorf("Accept: application/pdf: %d %q, %.20q", a.Status, a.Header.Get("Content-Type"), a.Body)
	}
	// Outputs are renamed into place: no temporary file stays behind.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

func TestServeErrors(t *testing.T) {
	base, _, logs := startServer(t)
	big := `{"text": "` + strings.Repeat("长", 6<<20) + `"}`
	for _, tc := range []struct {
		name, method, path, contentType, body string
		status                                int
		code                                  string
	}{
		{"malformed JSON", "POST", "/convert", "application/json", `{"url": `, 400, "bad_request"},
		{"unknown field", "POST", "/convert", "application/json", `{"url": "https://example.com/", "colour": "red"}`, 400, "bad_request"},
		{"wrong content type", "POST", "/convert", "text/plain", jobJSON(t, "text", "Title: x\n\ny\n"), 415, "unsupported_media_type"},
		{"not an article", "POST", "/convert", "application/json",
			jobJSON(t, "html", `<html><head><title>首页</title></head><body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav><script>var a = 1;</script></body></html>`), 422, "not_an_article"},
		// No -allow-addr: the server's own address is not fetched.
		{"forbidden address", "POST", "/convert", "application/json", jobJSON(t, "url", base+"/convert"), 403, "forbidden_address"},
		{"too large", "POST", "/convert", "application/json", big, 413, "too_large"},
		{"wrong method", "GET", "/convert", "", "", 405, "method_not_allowed"},
		{"no such route", "POST", "/other", "application/json", "{}", 404, "not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, base+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			a := do(t, req)
			if a.Status != tc.status || a.Error == nil || a.Error.Code != tc.code || a.Error.Message == "" || a.RequestID == "" {
				t.Errorf("%d %s, want %d %s\n%s", a.Status, a.Body, tc.status, tc.code, logs)
			}
		})
	}
}

// GET /files serves only what a link was handed out for: no path of its
// own making, however encoded, reaches the folder.
func TestServeFiles(t *testing.T) {
	base, dir, _ := startServer(t)
	a := post(t, base+"/convert", "application/json", jobJSON(t, "text", "Title: 标题\n\n第一段正文。\n"))
	if a.Status != http.StatusOK {
		t.Fatalf("convert: %d %s", a.Status, a.Body)
	}
	pdfURL := a.URLs["pdf"]
	key := strings.TrimPrefix(pdfURL, base+"/files/")
	folder := key[:strings.LastIndex(key, "/")]
	// Books of what a client sent are not for other local users.
	for p, want := range map[string]os.FileMode{key: 0o600, key + ".meta.json": 0o600, folder: 0o700} {
		if fi, err := os.Stat(filepath.Join(dir, serveBucket, filepath.FromSlash(p))); err != nil {
			t.Error(err)
		} else if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode().Perm(), want)
		}
	}
	// Files under -o the service never linked to.
	secret := []byte("not for download")
	for _, p := range []string{"secret.txt", filepath.Join(serveBucket, "secret.txt"), filepath.Join(serveBucket, filepath.FromSlash(folder), "other.pdf")} {
		if err := os.WriteFile(filepath.Join(dir, p), secret, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if d := get(t, pdfURL); d.Status != http.StatusOK || !bytes.HasPrefix(d.Body, []byte("%PDF-")) {
		t.Fatalf("linked PDF: %d", d.Status)
	}
	for _, p := range []string{
		folder + "/other.pdf",
		key + ".meta.json",
		"secret.txt",
		"../secret.txt",
		"..%2Fsecret.txt",
		"%2E%2E/%2E%2E/secret.txt",
		folder + "/..%2F..%2F..%2F..%2Fsecret.txt",
		folder + "%2Fbook.pdf",
		strings.ReplaceAll(key, "/", "%2F"),
		strings.ReplaceAll(key, "/", "%5C"),
		"/" + key,
		"//etc/passwd",
		"/" + filepath.Join(dir, "secret.txt"),
		"./" + key,
		strings.Replace(key, "/", "/./", 1),
		fmt.Sprintf("%s/../%s", folder, key[len(folder)+1:]),
	} {
		d := get(t, base+"/files/"+p)
		if bytes.Contains(d.Body, secret) || bytes.HasPrefix(d.Body, []byte("%PDF-")) {
			t.Errorf("GET /files/%s: %d %.40q", p, d.Status, d.Body)
		}
		switch d.Status {
		case http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			// The mux redirects paths with dot segments or doubled
			// slashes to their clean form, which is checked in turn: it
			// is the linked file itself or nothing.
			loc := d.Header.Get("Location")
			if r := get(t, base+loc); loc != "/files/"+key && (r.Status != http.StatusNotFound || r.Error == nil || bytes.Contains(r.Body, secret)) {
				t.Errorf("GET /files/%s redirects to %s: %d %.40q", p, loc, r.Status, r.Body)
			}
		case http.StatusNotFound:
			if d.Error == nil || d.Error.Code != "not_found" {
				t.Errorf("GET /files/%s: %s, want the 404 JSON", p, d.Body)
			}
		default:
			t.Errorf("GET /files/%s: %d %s", p, d.Status, d.Body)
		}
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-serve", "127.0.0.1:0", sample},
		{"-serve", "127.0.0.1:0", "-json"},
		{"-serve", "127.0.0.1:0", "-formats", "pdf"},
	} {
		if code, _, stderr := runCLI(t, "", args...); code != 2 || stderr == "" {
			t.Errorf("%q: exit %d, %q; want a usage error", args, code, stderr)
		}
	}
	// The server on the CLI's own path: it starts, and SIGINT (the
	// context) stops it cleanly.
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-serve", "127.0.0.1:0", "-o", t.TempDir()}, strings.NewReader(""), io.Discard, &stderr)
	}()
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("-serve after SIGINT: exit %d: %s", code, stderr.String())
	}
}
