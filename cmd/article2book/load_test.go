package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/service"
)

// loadServer runs serve as -serve does, with the given bound and a
// fetcher allowed to reach origin, until ctx ends.
func loadServer(t *testing.T, ctx context.Context, origin string, gate *service.Gate) (base, dir string, _ *fetch.Client, done <-chan error) {
	t.Helper()
	dir = t.TempDir()
	fetcher, err := fetch.New(fetch.Options{Allow: []string{strings.TrimPrefix(origin, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		errc <- serve(ctx, ln, serveOptions{outDir: dir, pageSize: "A4", fetcher: fetcher, gate: gate,
			log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
		fetcher.CloseIdleConnections()
	}()
	return "http://" + ln.Addr().String(), dir, fetcher, errc
}

type loadAnswer struct {
	status     int
	retryAfter string
	code       string
	err        error
}

func postJob(client *http.Client, base, job string) loadAnswer {
	resp, err := client.Post(base+"/convert", "application/json", strings.NewReader(job))
	if err != nil {
		return loadAnswer{err: err}
	}
	defer resp.Body.Close()
	var body struct {
		Error struct{ Code string } `json:"error"`
	}
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &body)
	return loadAnswer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), code: body.Error.Code}
}

// tempFiles lists what is left under dirs of the temporary files the
// server and the local store make.
func tempFiles(t *testing.T, dirs ...string) []string {
	t.Helper()
	var left []string
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && (d == os.TempDir() || strings.HasPrefix(e.Name(), ".tmp")) {
				left = append(left, p)
			}
			return nil
		})
	}
	return left
}

// 64 requests at once against a server of 4 conversion slots: 4 convert,
// 4 wait in the queue and convert after them, the other 56 are answered
// 503 busy with Retry-After at once. Nothing is left behind: goroutines
// settle, no temporary file remains, memory stays bounded.
func TestServeUnderLoad(t *testing.T) {
	const clients, slots = 64, 4
	t.Setenv("TMPDIR", t.TempDir())
	origin := verify.NewHeldOrigin(t)
	ctx, cancel := context.WithCancel(context.Background())
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: transport, Timeout: time.Minute}
	// Queued requests wait as long as the test needs: the queue's own
	// wait is TestGate's.
	gate := service.NewGate(slots, time.Hour)
	base, dir, fetcher, done := loadServer(t, ctx, origin.URL, gate)
	// Idle connections (ours to the server, the server's to the origin)
	// are pools, not leaks: both are emptied before each count.
	idle := func() { transport.CloseIdleConnections(); fetcher.CloseIdleConnections() }
	job := fmt.Sprintf(`{"url": %q}`, origin.URL+"/article")
	// One conversion first, so that the baseline counts what a warm
	// server keeps (pools, the fetcher's idle connection).
	cold := runtime.NumGoroutine()
	origin.Let()
	if a := postJob(client, base, job); a.status != http.StatusOK {
		t.Fatalf("warm-up: %+v", a)
	}
	idle()
	// The warm-up's connections end; what remains is the warm server's,
	// whose accept loop may have started after cold was counted.
	baseline := verify.Settle(cold + 1)
	origin.Hold()

	var memPeak atomic.Uint64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > memPeak.Load() {
				memPeak.Store(ms.HeapInuse)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()

	answers := make(chan loadAnswer, clients)
	start := time.Now()
	for range clients {
		go func() { answers <- postJob(client, base, job) }()
	}
	// The turned-away come back while the admitted are held at the origin.
	var got []loadAnswer
	for len(got) < clients-2*slots {
		select {
		case a := <-answers:
			got = append(got, a)
		case <-time.After(30 * time.Second):
			t.Fatalf("%d answers while the conversions were held, want %d", len(got), clients-2*slots)
		}
	}
	busyAfter := time.Since(start)
	// The admitted reach the origin, and no more than the slots: once the
	// queue is full and the slots are at the origin, nothing else moves
	// until the origin answers.
	verify.Await(t, "queue full, slots at the origin", func() bool { return gate.Waiting() == slots && origin.InFlight.Load() >= slots })
	if n := origin.InFlight.Load(); n != slots {
		t.Errorf("%d conversions in flight at the origin, want %d", n, slots)
	}
	origin.Let()
	for len(got) < clients {
		got = append(got, <-answers)
	}
	took := time.Since(start)
	close(stopSampling)
	<-sampled

	counts := map[string]int{}
	for _, a := range got {
		switch {
		case a.err != nil:
			t.Errorf("request failed: %v", a.err)
		case a.status == http.StatusOK:
			counts["200"]++
		case a.status == http.StatusServiceUnavailable && a.code == "busy" && a.retryAfter == "2":
			counts["503"]++
		default:
			t.Errorf("answer %+v", a)
		}
	}
	if counts["200"] != 2*slots || counts["503"] != clients-2*slots {
		t.Errorf("answers %v, want %d 200 and %d 503", counts, 2*slots, clients-2*slots)
	}
	if p := origin.Peak.Load(); p > slots {
		t.Errorf("%d conversions in flight at most, want %d", p, slots)
	}

	idle()
	after := verify.Settle(baseline)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("%d clients, %d slots: %v 503 after %v, all answered in %v; peak in flight %d; heap in use peak %d MiB, after GC %d MiB, test process peak RSS %d MiB; goroutines %d before, %d after",
		clients, slots, counts["503"], busyAfter.Round(time.Millisecond), took.Round(time.Millisecond), origin.Peak.Load(),
		memPeak.Load()>>20, ms.HeapInuse>>20, verify.PeakRSS(), baseline, after)
	if after > baseline {
		t.Errorf("goroutines: %d after the load, %d before", after, baseline)
	}
	// Eight conversions of a 4 KB article: far less, whatever the rest.
	if memPeak.Load() > 512<<20 {
		t.Errorf("heap in use peaked at %d MiB", memPeak.Load()>>20)
	}
	if left := tempFiles(t, dir, os.TempDir()); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// SIGTERM, like SIGINT, stops the server accepting and lets the requests
// in flight, the queued one included, finish with their books.
func TestServeSIGTERM(t *testing.T) {
	origin := verify.NewHeldOrigin(t)
	ctx, stop := shutdownContext()
	defer stop()
	gate := service.NewGate(2, time.Hour)
	base, _, _, done := loadServer(t, ctx, origin.URL, gate)
	client := &http.Client{Timeout: time.Minute}
	job := fmt.Sprintf(`{"url": %q}`, origin.URL+"/article")
	answers := make(chan loadAnswer, 3)
	for range 3 {
		go func() { answers <- postJob(client, base, job) }()
	}
	// Two at the origin, the third in the queue.
	verify.Await(t, "two at the origin, one queued", func() bool { return origin.InFlight.Load() == 2 && gate.Waiting() == 1 })
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	// Shutting down: new connections are refused...
	verify.Await(t, "connections refused after SIGTERM", func() bool {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err == nil {
		c.Close()
		t.Error("still accepting connections after SIGTERM")
	}
	// ...and the ones in flight complete.
	origin.Let()
	for range 3 {
		if a := <-answers; a.err != nil || a.status != http.StatusOK {
			t.Errorf("request in flight at SIGTERM: %+v", a)
		}
	}
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// Clients sending their bodies slowly hold no conversion slot: with one
// slot and four such connections, another client's request is converted.
func TestServeSlowBodies(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	gate := service.NewGate(1, time.Millisecond)
	base, _, _, done := loadServer(t, ctx, "127.0.0.1:1", gate)
	defer func() { cancel(); <-done }()
	addr := strings.TrimPrefix(base, "http://")
	for range 4 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /convert HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"te", addr)
	}
	// A slow body that had taken the slot would leave this request 1 ms in
	// the queue, then a 503.
	job, _ := json.Marshal(map[string]string{"text": "Title: 标题\n\n第一段正文。\n"})
	if a := postJob(http.DefaultClient, base, string(job)); a.status != http.StatusOK {
		t.Errorf("request beside four slow bodies: %d %s %v", a.status, a.code, a.err)
	}
	if n, _ := gate.Stats(); n != 0 {
		t.Errorf("%d conversions in flight after the request, want 0: the slow bodies hold none", n)
	}
}
