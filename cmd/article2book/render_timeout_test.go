package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
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
	ctx := verify.EndAt(300, context.DeadlineExceeded)
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
