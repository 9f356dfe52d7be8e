package fetch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rawServer answers every connection on loopback with fn, after reading
// the request's head: the faults below are below what net/http lets a
// handler do.
func rawServer(t *testing.T, fn func(c *net.TCPConn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				if _, err := http.ReadRequest(br); err != nil {
					return
				}
				fn(c.(*net.TCPConn))
			}()
		}
	}()
	return ln.Addr().String()
}

// stall blocks until the client goes away (its read fails) or the test ends.
func stall(c net.Conn) {
	io.Copy(io.Discard, c)
}

// reset closes with an RST instead of a FIN.
func reset(c *net.TCPConn) {
	c.SetLinger(0)
	c.Close()
}

// Sites that misbehave below HTTP's level each end within the client's
// limits (800 ms in all, 300 ms to the first byte, 64 KiB) with the error
// pkg/service answers for them: ErrTimeout 504, ErrTooLarge 413,
// ErrConnection and ErrTooManyRedirects 502.
func TestFaultyServers(t *testing.T) {
	const head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
	part := "<html><body><p>" + strings.Repeat("你好", 500)
	midBody := func(c *net.TCPConn) { fmt.Fprintf(c, "%sContent-Length: 60000\r\n\r\n%s", head, part) }
	tests := []struct {
		name  string
		serve func(c *net.TCPConn)
		want  error
		after time.Duration // at least this long: the limit that ended it
	}{
		{"stall mid-body", func(c *net.TCPConn) { midBody(c); stall(c) }, ErrTimeout, 800 * time.Millisecond},
		{"stall mid-body, chunked", func(c *net.TCPConn) {
			fmt.Fprintf(c, "%sTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", head, len(part), part)
			stall(c)
		}, ErrTimeout, 800 * time.Millisecond},
		{"stall before the answer", func(c *net.TCPConn) { stall(c) }, ErrTimeout, 300 * time.Millisecond},
		{"reset before the answer", reset, ErrConnection, 0},
		{"closed before the answer", func(c *net.TCPConn) { c.Close() }, ErrConnection, 0},
		{"reset mid-body", func(c *net.TCPConn) { midBody(c); time.Sleep(50 * time.Millisecond); reset(c) }, ErrConnection, 0},
		{"closed mid-body", func(c *net.TCPConn) { midBody(c); c.Close() }, ErrConnection, 0},
		{"endless body", func(c *net.TCPConn) {
			fmt.Fprintf(c, "%s\r\n", head)
			for {
				if _, err := io.WriteString(c, part); err != nil {
					return
				}
			}
		}, ErrTooLarge, 0},
		{"endless header", func(c *net.TCPConn) {
			io.WriteString(c, head)
			for {
				if _, err := io.WriteString(c, "X-Padding: "+strings.Repeat("a", 1000)+"\r\n"); err != nil {
					return
				}
			}
		}, ErrConnection, 0},
		{"endless header, dripped", func(c *net.TCPConn) {
			io.WriteString(c, head)
			for {
				if _, err := io.WriteString(c, "X: a\r\n"); err != nil {
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
		}, ErrTimeout, 300 * time.Millisecond},
		{"not HTTP", func(c *net.TCPConn) { io.WriteString(c, "SSH-2.0-OpenSSH_9.2\r\n"); stall(c) }, ErrConnection, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			addr := rawServer(t, tc.serve)
			// A fault that a size or connection limit must end gets time
			// limits out of its way, however slowly a loaded machine reads.
			firstByte, total := 300*time.Millisecond, 800*time.Millisecond
			if tc.want != ErrTimeout {
				firstByte, total = 30*time.Second, 30*time.Second
			}
			c := newClient(t, Options{Allow: []string{addr}, MaxPageBytes: 64 << 10, FirstByteTimeout: firstByte, Timeout: total})
			start := time.Now()
			_, err := c.Page(context.Background(), "http://"+addr+"/page")
			d := time.Since(start)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), addr) {
				t.Errorf("error %q does not name the URL", err)
			}
			// A timer never fires early, so the lower bound shows which
			// limit ended the fetch; the upper one only tells it from a
			// hang, with room for a loaded machine.
			if d < tc.after || d > tc.after+slack {
				t.Errorf("took %v, want %v to %v", d, tc.after, tc.after+slack)
			}
		})
	}
}

// Two pages redirecting to each other end at the redirect limit.
func TestRedirectLoop(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		next := map[string]string{"/a": "/b", "/b": "/a"}[r.URL.Path]
		http.Redirect(w, r, next, http.StatusFound)
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	_, err := c.Page(context.Background(), srv.URL+"/a")
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("error %v, want ErrTooManyRedirects", err)
	}
	if n := hits.Load(); n != DefaultMaxRedirects+1 {
		t.Errorf("%d requests, want %d", n, DefaultMaxRedirects+1)
	}
}
