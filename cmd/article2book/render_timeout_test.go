package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/testbook"
)

// A render stopped by the deadline has its own code in -json: the CLI
// sets none itself, but the code is the one the API and the upload's
// report give.
func TestJSONRenderTimeout(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "long.txt")
	if err := os.WriteFile(long, testbook.LongText(600_000), 0o644); err != nil {
		t.Fatal(err)
	}
	// The deadline passes at the 300th look at the context: after the
	// file is read (a few looks), inside the layout (one a block, one
	// every few thousand glyphs), whatever the machine's speed.
	ctx := &deadlineAt{n: 300, done: make(chan struct{})}
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-json", "-o", filepath.Join(dir, "out"), "-formats", "pdf", long}, strings.NewReader(""), &stdout, &stderr)
	var line struct {
		Input string `json:"input"`
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &line); err != nil {
		t.Fatalf("%v: %q", err, stdout.String())
	}
	if code != 1 || line.Error.Code != "render_timeout" || line.Error.Message == "" {
		t.Errorf("exit %d, line %+v; want 1 and render_timeout (stderr %q)", code, line, stderr.String())
	}
}

// deadlineAt is a context whose deadline passes at its n-th Err call.
type deadlineAt struct {
	mu    sync.Mutex
	n     int
	done  chan struct{}
	ended bool
}

func (c *deadlineAt) Deadline() (time.Time, bool) { return time.Now().Add(time.Hour), true }
func (c *deadlineAt) Value(any) any               { return nil }
func (c *deadlineAt) Done() <-chan struct{}       { return c.done }

func (c *deadlineAt) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended {
		if c.n--; c.n > 0 {
			return nil
		}
		c.ended = true
		close(c.done)
	}
	return context.DeadlineExceeded
}
