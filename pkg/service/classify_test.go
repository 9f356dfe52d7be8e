package service

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/pkg/fetch"
)

// TestClassifyFetches maps the errors real fetches return, not hand-made
// ones, to the statuses the API answers with.
func TestClassifyFetches(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(1<<20))
		w.Write(make([]byte, 1<<20))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/video", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "video/mp4")
		w.Write([]byte("not a page"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	newClient := func(o fetch.Options) *fetch.Client {
		c, err := fetch.New(o)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	allowed := newClient(fetch.Options{Allow: []string{strings.TrimPrefix(srv.URL, "http://")}, MaxPageBytes: 64 << 10, FirstByteTimeout: 200 * time.Millisecond})
	closed := newClient(fetch.Options{})
	// Nothing listens on a closed port: connection refused is the site's fault.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := l.Addr().String()
	l.Close()
	tests := []struct {
		c      *fetch.Client
		url    string
		status int
	}{
		{closed, srv.URL + "/missing", 403},
		{closed, "ftp://example.com/", 400},
		{closed, "http:///x", 400},
		{allowed, srv.URL + "/big", 413},
		{allowed, srv.URL + "/slow", 504},
		{allowed, srv.URL + "/missing", 502},
		{allowed, srv.URL + "/loop", 502},
		{allowed, srv.URL + "/video", 415},
		{newClient(fetch.Options{Allow: []string{refused}}), "http://" + refused + "/", 502},
	}
	for _, tc := range tests {
		_, err := tc.c.Page(context.Background(), tc.url)
		if err == nil {
			t.Errorf("%s: fetched", tc.url)
			continue
		}
		if got := Classify(err); got.Status != tc.status {
			t.Errorf("%s: Classify(%v) = %d %s, want %d", tc.url, err, got.Status, got.Code, tc.status)
		}
	}
}
