package verify

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// HeldOrigin is a site on loopback whose page requests wait for Let: the
// conversions fetching from it stay in flight until a test lets them go.
// It counts the requests in flight, which are the conversions.
type HeldOrigin struct {
	URL      string
	InFlight atomic.Int64
	Peak     atomic.Int64 // most in flight since NewHeldOrigin or Hold
	page     string

	mu       sync.Mutex
	released chan struct{}
	open     bool
}

// NewHeldOrigin serves SamplePage, held, until the test ends.
func NewHeldOrigin(t testing.TB) *HeldOrigin {
	t.Helper()
	o := &HeldOrigin{page: SamplePage(t)}
	o.Hold()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := o.InFlight.Add(1)
		defer o.InFlight.Add(-1)
		for p := o.Peak.Load(); n > p && !o.Peak.CompareAndSwap(p, n); p = o.Peak.Load() {
		}
		o.mu.Lock()
		released := o.released
		o.mu.Unlock()
		select {
		case <-released:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, o.page)
	}))
	t.Cleanup(func() { o.Let(); srv.Close() })
	o.URL = srv.URL
	return o
}

// Hold makes the requests from now on wait for Let.
func (o *HeldOrigin) Hold() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.released, o.open = make(chan struct{}), false
	o.Peak.Store(0)
}

// Let answers the waiting requests and those to come.
func (o *HeldOrigin) Let() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.open {
		close(o.released)
		o.open = true
	}
}

// Addr is the origin's host:port, for an allow list.
func (o *HeldOrigin) Addr() string { return strings.TrimPrefix(o.URL, "http://") }

// SamplePage is testdata/sample-zh.txt as a plain HTML article page.
func SamplePage(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "testdata", "sample-zh.txt"))
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(b), "\n\n")
	title := html.EscapeString(strings.TrimPrefix(strings.SplitN(head, "\n", 2)[0], "Title: "))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title></head><body><article><h1>%s</h1>`, title, title)
	for _, p := range strings.Split(body, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			fmt.Fprintf(&sb, "<p>%s</p>", html.EscapeString(p))
		}
	}
	sb.WriteString("</article></body></html>")
	return sb.String()
}

// Await waits for cond, which other goroutines make true, failing t if
// they have not within 30 s. It stands where a test would otherwise sleep
// and hope: it returns as soon as the state it needs is there.
func Await(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached in 30 s", what)
		}
	}
}

// Settle waits up to 5 s for the goroutines to come back to at most
// want, and returns how many there are.
func Settle(want int) int {
	for i := 0; ; i++ {
		n := runtime.NumGoroutine()
		if n <= want || i >= 250 {
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// PeakRSS is this process's high-water mark of resident memory (VmHWM)
// in MiB, or 0 where /proc does not say.
func PeakRSS() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb >> 10
		}
	}
	return 0
}
