// Package loopback starts what the tests and the bench run beside our
// code on this machine (the Lambda Runtime Interface Emulator, an S3
// server, -serve): a free loopback address to give one, a wait until it
// listens, and a log its goroutines may all write to.
package loopback

import (
	"bytes"
	"fmt"
	"net"
	"sync"
	"time"
)

// FreeAddr returns a loopback address free at the time of asking. The
// caller's process binds it itself, so a port taken in between fails its
// start, which the caller reports.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// WaitListening returns once addr accepts a connection, or an error after
// limit. A process that is starting offers nothing to wait on but its
// port, so this polls it.
func WaitListening(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("%s not listening after %v", addr, limit)
}

// Log is a buffer that goroutines (a child's stdout and stderr, HTTP
// handlers) may write to at once, and that can be read while they do.
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Since returns what was written after the first n bytes: the log of one
// request, n being the log's length before it.
func (l *Log) Since(n int) string {
	s := l.String()
	if n > len(s) {
		return ""
	}
	return s[n:]
}
