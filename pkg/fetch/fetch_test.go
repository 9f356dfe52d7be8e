package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const pageHTML = `<!DOCTYPE html><html><head><title>t</title></head><body><p>你好</p></body></html>`

// hostPort returns the "127.0.0.1:port" of a test server.
func hostPort(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	return strings.TrimPrefix(srv.URL, "http://")
}

func newClient(t *testing.T, o Options) *Client {
	t.Helper()
	c, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// testServer serves a small site used by most tests.
func testServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML)
	})
	mux.HandleFunc("/xhtml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xhtml+xml")
		fmt.Fprint(w, pageHTML)
	})
	mux.HandleFunc("/notype", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // keep net/http from sniffing
		fmt.Fprint(w, pageHTML)
	})
	mux.HandleFunc("/headers", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html>UA=%s\nAL=%s\nAC=%s\nAE=%s\n", r.UserAgent(), r.Header.Get("Accept-Language"), r.Header.Get("Accept"), r.Header.Get("Accept-Encoding"))
	})
	mux.HandleFunc("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		// /redirect/N redirects N times, then lands on /page.
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/redirect/"), "%d", &n)
		if n <= 0 {
			http.Redirect(w, r, "/page", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/redirect/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/to", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("u"), http.StatusFound)
	})
	mux.HandleFunc("/slow-first-byte", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, pageHTML)
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 30; i++ {
			fmt.Fprint(w, "<p>x</p>")
			w.(http.Flusher).Flush()
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	})
	mux.HandleFunc("/big-cl", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "100000")
		w.Write(bytes.Repeat([]byte("a"), 100000))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 100; i++ {
			if _, err := w.Write(bytes.Repeat([]byte("a"), 1000)); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/exact", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(bytes.Repeat([]byte("a"), 64<<10))
	})
	mux.HandleFunc("/gzip-small", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, pageHTML)
		zw.Close()
	})
	mux.HandleFunc("/gzip-incompressible", func(w http.ResponseWriter, r *http.Request) {
		// More than the limit on the wire, whatever it decompresses to.
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.NoCompression)
		buf := make([]byte, 200<<10)
		rand.Read(buf)
		zw.Write(buf)
		zw.Close()
	})
	mux.HandleFunc("/brotli", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "br")
		w.Write([]byte{0x0b, 0x02, 0x80})
	})
	mux.HandleFunc("/png-as-html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes)
	})
	mux.HandleFunc("/video", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "video/mp4")
		w.Write([]byte("not really"))
	})
	mux.HandleFunc("/img.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes)
	})
	mux.HandleFunc("/octet.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(pngBytes)
	})
	mux.HandleFunc("/octet.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprint(w, pageHTML)
	})
	mux.HandleFunc("/hotlink.png", func(w http.ResponseWriter, r *http.Request) {
		// Like many Chinese image hosts: 403 unless the Referer is the page.
		want := "http://" + r.Host + "/page"
		if r.Referer() != want {
			http.Error(w, "hot-linking forbidden", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes)
	})
	mux.HandleFunc("/redirect-img", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/hotlink.png", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/status/", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/status/"), "%d", &code)
		http.Error(w, "nope", code)
	})
	mux.HandleFunc("/cookie", func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("seen"); err != nil {
			http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1", Path: "/"})
			http.Redirect(w, r, "/cookie", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, pageHTML)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// A 1x1 PNG.
var pngBytes = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
	0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
	0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
	0x42, 0x60, 0x82,
}

func TestPageAndImage(t *testing.T) {
	srv, _ := testServer(t)
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}, MaxPageBytes: 64 << 10})
	upper := strings.Replace(srv.URL, "http://", "HTTP://", 1)

	tests := []struct {
		name      string
		url       string
		image     bool
		referer   string
		wantBody  []byte
		wantType  string
		wantFinal string
	}{
		{"html page", srv.URL + "/page", false, "", []byte(pageHTML), "text/html; charset=utf-8", srv.URL + "/page"},
		{"upper-case scheme", upper + "/page", false, "", []byte(pageHTML), "text/html; charset=utf-8", srv.URL + "/page"},
		{"xhtml page", srv.URL + "/xhtml", false, "", []byte(pageHTML), "application/xhtml+xml", srv.URL + "/xhtml"},
		{"no content type is sniffed, without a charset", srv.URL + "/notype", false, "", []byte(pageHTML), "text/html", srv.URL + "/notype"},
		{"octet-stream html sniffed", srv.URL + "/octet.html", false, "", []byte(pageHTML), "text/html", srv.URL + "/octet.html"},
		{"gzip decoded", srv.URL + "/gzip-small", false, "", []byte(pageHTML), "text/html", srv.URL + "/gzip-small"},
		{"body exactly at the limit", srv.URL + "/exact", false, "", bytes.Repeat([]byte("a"), 64<<10), "text/html", srv.URL + "/exact"},
		{"5 redirects followed", srv.URL + "/redirect/4", false, "", []byte(pageHTML), "text/html; charset=utf-8", srv.URL + "/page"},
		{"cookie set on redirect kept", srv.URL + "/cookie", false, "", []byte(pageHTML), "text/html", srv.URL + "/cookie"},
		{"png image", srv.URL + "/img.png", true, "", pngBytes, "image/png", srv.URL + "/img.png"},
		{"octet-stream png sniffed", srv.URL + "/octet.png", true, "", pngBytes, "image/png", srv.URL + "/octet.png"},
		{"hot-linked image with referer", srv.URL + "/hotlink.png", true, srv.URL + "/page", pngBytes, "image/png", srv.URL + "/hotlink.png"},
		{"referer kept across redirect", srv.URL + "/redirect-img", true, srv.URL + "/page", pngBytes, "image/png", srv.URL + "/hotlink.png"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r *Response
			var err error
			if tc.image {
				r, err = c.Image(context.Background(), tc.url, tc.referer)
			} else {
				r, err = c.Page(context.Background(), tc.url)
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if !bytes.Equal(r.Body, tc.wantBody) {
				t.Errorf("body = %.80q, want %.80q", r.Body, tc.wantBody)
			}
			if r.ContentType != tc.wantType {
				t.Errorf("ContentType = %q, want %q", r.ContentType, tc.wantType)
			}
			if r.FinalURL != tc.wantFinal {
				t.Errorf("FinalURL = %q, want %q", r.FinalURL, tc.wantFinal)
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	srv, _ := testServer(t)
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	r, err := c.Page(context.Background(), srv.URL+"/headers")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"UA=Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
		"AL=zh-CN,zh;q=0.9,en;q=0.8\n",
		"AC=text/html,application/xhtml+xml",
		"AE=gzip\n",
	} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("request headers %q lack %q", r.Body, want)
		}
	}
}

func TestLimitsAndErrors(t *testing.T) {
	srv, _ := testServer(t)
	c := newClient(t, Options{
		Allow:            []string{hostPort(t, srv)},
		MaxPageBytes:     64 << 10,
		MaxImageBytes:    64 << 10,
		FirstByteTimeout: 300 * time.Millisecond,
		Timeout:          800 * time.Millisecond,
	})
	tests := []struct {
		name    string
		url     string
		image   bool
		want    error
		wantMsg string
		status  int
	}{
		{"6 redirects refused", srv.URL + "/redirect/5", false, ErrTooManyRedirects, "more than 5", 0},
		{"slow first byte", srv.URL + "/slow-first-byte", false, ErrTimeout, "timed out", 0},
		{"slow body hits total timeout", srv.URL + "/slow-body", false, ErrTimeout, "timed out", 0},
		{"Content-Length too large", srv.URL + "/big-cl", false, ErrTooLarge, "Content-Length 100000", 0},
		{"chunked body too large", srv.URL + "/big-chunked", false, ErrTooLarge, "on the wire", 0},
		{"compressed bytes too large", srv.URL + "/gzip-incompressible", false, ErrTooLarge, "on the wire", 0},
		{"unasked-for encoding", srv.URL + "/brotli", false, ErrContentEncoding, `"br"`, 0},
		{"image where page expected", srv.URL + "/png-as-html", false, ErrContentType, "image/png", 0},
		{"html where image expected", srv.URL + "/page", true, ErrContentType, "text/html", 0},
		{"octet-stream html where image expected", srv.URL + "/octet.html", true, ErrContentType, "text/html", 0},
		{"video refused", srv.URL + "/video", false, ErrContentType, "video/mp4", 0},
		{"hot-linked image without referer", srv.URL + "/hotlink.png", true, nil, "403", 403},
		{"404", srv.URL + "/status/404", false, nil, "404 Not Found", 404},
		{"503", srv.URL + "/status/503", false, nil, "503", 503},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			var err error
			if tc.image {
				_, err = c.Image(context.Background(), tc.url, "")
			} else {
				_, err = c.Page(context.Background(), tc.url)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if d := time.Since(start); d > slack {
				t.Errorf("took %v", d)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if tc.status != 0 {
				var se *HTTPStatusError
				if !errors.As(err, &se) || se.StatusCode != tc.status {
					t.Errorf("err = %#v, want HTTPStatusError %d", err, tc.status)
				}
			}
			if !strings.Contains(err.Error(), tc.wantMsg) || !strings.Contains(err.Error(), "127.0.0.1") {
				t.Errorf("err %q should name the URL and contain %q", err, tc.wantMsg)
			}
		})
	}
}

func TestGzipBombStopsAtLimit(t *testing.T) {
	// One gzip member of 1 MiB of zeros, about 1 KB, sent 1024 times: a
	// valid multi-member gzip stream of 1 GiB that costs the server nothing
	// to produce, so the timing below measures the client alone.
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		for i := 0; i < 1024; i++ {
			if _, err := w.Write(member.Bytes()); err != nil || r.Context().Err() != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	const limit = 1 << 20
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}, MaxPageBytes: limit})

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := c.Page(context.Background(), srv.URL+"/bomb")
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "decompressed") {
		t.Fatalf("err = %v, want ErrTooLarge on decompressed bytes", err)
	}
	if elapsed > slack {
		t.Errorf("took %v to give up", elapsed)
	}
	// Both sides of the test live in this process; the server only ever
	// holds the 1 KB member, so anything near 1 GiB would be the client.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("allocated %d MiB for a %d-byte limit", alloc>>20, limit)
	}
}

func TestSchemesRefused(t *testing.T) {
	c := newClient(t, Options{})
	for _, u := range []string{
		"file:///etc/passwd",
		"FILE:///etc/passwd",
		"ftp://example.com/a.html",
		"gopher://example.com/",
		"data:text/html,<p>hi</p>",
		"javascript:alert(1)",
		"example.com/article",
		"//example.com/article",
		"",
	} {
		t.Run(u, func(t *testing.T) {
			_, err := c.Page(context.Background(), u)
			if !errors.Is(err, ErrScheme) || !errors.Is(err, ErrInvalidURL) {
				t.Fatalf("err = %v, want ErrScheme", err)
			}
		})
	}
	// Non-canonical IPv4 forms are rows of the bad-input matrix
	// (cmd/article2book).
	for _, u := range []string{"http:///nohost"} {
		_, err := c.Page(context.Background(), u)
		if !errors.Is(err, ErrInvalidURL) || errors.Is(err, ErrScheme) {
			t.Errorf("%s: err = %v, want ErrInvalidURL", u, err)
		}
	}
}

func TestAllowListIsExact(t *testing.T) {
	allowed, allowedHits := testServer(t)
	other, otherHits := testServer(t)
	c := newClient(t, Options{Allow: []string{hostPort(t, allowed)}})
	ctx := context.Background()

	if _, err := c.Page(ctx, allowed.URL+"/page"); err != nil {
		t.Fatalf("allowed server: %v", err)
	}
	// Same address, another port: not named, so refused.
	if _, err := c.Page(ctx, other.URL+"/page"); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("other port: err = %v, want ErrForbiddenAddress", err)
	}
	// Redirects from the allowed server to forbidden places are checked too.
	for _, target := range []string{
		other.URL + "/page",
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:7f00:1]/",
		"http://10.0.0.1/",
	} {
		_, err := c.Page(ctx, allowed.URL+"/to?u="+target)
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("redirect to %s: err = %v, want ErrForbiddenAddress", target, err)
		}
	}
	// A redirect to another scheme is refused as a scheme error.
	if _, err := c.Page(ctx, allowed.URL+"/to?u=file:///etc/passwd"); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to file: err = %v, want ErrScheme", err)
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("non-allowed server reached %d times", n)
	}
	if allowedHits.Load() == 0 {
		t.Error("allowed server never reached")
	}
}

func TestAllowAnyPortAndLocalhost(t *testing.T) {
	srv, _ := testServer(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	for _, allow := range []string{"127.0.0.1", fmt.Sprintf("localhost:%d", port), "localhost"} {
		c := newClient(t, Options{Allow: []string{allow}})
		if _, err := c.Page(context.Background(), fmt.Sprintf("http://localhost:%d/page", port)); err != nil {
			t.Errorf("allow %q: %v", allow, err)
		}
	}
}

func TestRuntimeAPIAlwaysRefused(t *testing.T) {
	srv, hits := testServer(t)
	t.Setenv("AWS_LAMBDA_RUNTIME_API", hostPort(t, srv))
	// Even "127.0.0.1, any port" does not open the runtime API.
	c := newClient(t, Options{Allow: []string{"127.0.0.1"}})
	_, err := c.Page(context.Background(), srv.URL+"/page")
	if !errors.Is(err, ErrForbiddenAddress) || !strings.Contains(err.Error(), "runtime API") {
		t.Errorf("err = %v, want refusal naming the runtime API", err)
	}
	if hits.Load() != 0 {
		t.Error("runtime API reached")
	}
	// While another loopback server is still allowed by the same rule.
	other, _ := testServer(t)
	if _, err := c.Page(context.Background(), other.URL+"/page"); err != nil {
		t.Errorf("other server: %v", err)
	}
}

func TestParseAllowList(t *testing.T) {
	got, err := ParseAllowList(" 127.0.0.1:8080, ,[::1]:9000,localhost,::1 ")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"127.0.0.1:8080", "[::1]:9000", "localhost", "::1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, err := ParseAllowList(""); err != nil || len(got) != 0 {
		t.Errorf("empty: %q, %v", got, err)
	}
	for _, bad := range []string{"example.com", "127.0.0.1:http", "10.0.0.0/8", "0.0.0.0", "127.0.0.1:0", "127.0.0.1:99999"} {
		if _, err := ParseAllowList(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
		if _, err := New(Options{Allow: []string{bad}}); err == nil {
			t.Errorf("New accepted %q", bad)
		}
	}
}

func TestHTTPSAnyCase(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, pageHTML)
	}))
	t.Cleanup(srv.Close)
	pool := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	c := newClient(t, Options{RootCAs: pool, Allow: []string{strings.TrimPrefix(srv.URL, "https://")}})
	r, err := c.Page(context.Background(), strings.Replace(srv.URL, "https://", "hTTpS://", 1)+"/")
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Body) != pageHTML {
		t.Errorf("body %q", r.Body)
	}
	// And the same server is refused without the opt-in.
	c2 := newClient(t, Options{RootCAs: pool})
	if _, err := c2.Page(context.Background(), srv.URL+"/"); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("err = %v, want ErrForbiddenAddress", err)
	}
}

func TestProxyFromEnvironmentIgnored(t *testing.T) {
	srv, hits := testServer(t)
	// If the environment proxy were honoured, the request would go to the
	// allowed server acting as proxy and succeed.
	t.Setenv("HTTP_PROXY", srv.URL)
	t.Setenv("http_proxy", srv.URL)
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	if _, err := c.Page(context.Background(), "http://10.9.9.9/page"); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("err = %v, want ErrForbiddenAddress", err)
	}
	if hits.Load() != 0 {
		t.Error("request went through the environment proxy")
	}
}

func TestCallerContextCancel(t *testing.T) {
	srv, _ := testServer(t)
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Page(ctx, srv.URL+"/slow-first-byte")
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want ErrTimeout and DeadlineExceeded", err)
	}
	if d := time.Since(start); d > slack {
		t.Errorf("took %v", d)
	}
}

// slack is how long past its limit a fetch may end in a test: enough to
// tell a limit that held from a hang on a loaded machine.
const slack = 10 * time.Second

func TestErrorsHidePasswords(t *testing.T) {
	srv, _ := testServer(t)
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	withPass := strings.Replace(srv.URL, "http://", "http://user:s3cret@", 1)
	for _, u := range []string{withPass + "/status/404", withPass + "/video", "ftp://user:s3cret@example.com/"} {
		_, err := c.Page(context.Background(), u)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: err = %v", u, err)
		}
	}
	// Credentials are refused outright, and the refusal must not leak
	// them either.
	_, err := newClient(t, Options{}).Page(context.Background(), withPass+"/page")
	if !errors.Is(err, ErrInvalidURL) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %v", err)
	}
}
