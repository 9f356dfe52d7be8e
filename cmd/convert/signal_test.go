package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The first SIGINT stops a busy run: no book, no temporary file, exit
// status 130.
func TestSignalStopsRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "long.txt")
	text := "Title: 长文\n\n" + strings.Repeat(strings.Repeat("这是一段很长的正文，用来测试排版的时间。", 2)+"\n", 20000)
	if err := os.WriteFile(in, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx, stop := shutdownContext()
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	var stderr bytes.Buffer
	code := exitCode(ctx, run(ctx, []string{"-o", out, in}, strings.NewReader(""), &bytes.Buffer{}, &stderr))
	if code != 130 {
		t.Errorf("exit status %d, want 130\n%s", code, stderr.String())
	}
	left, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(left) > 0 {
		t.Errorf("left in the output folder: %v", left)
	}
}

// FIFOs and devices are refused without blocking; stdin is how to pipe.
func TestNonRegularInputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.html")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.html")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{fifo, zero, dir + "/"} {
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"-o", filepath.Join(dir, "out"), in}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "not a regular file") && in != dir+"/" {
			t.Errorf("%s: exit %d, %q; want 1 and 'not a regular file'", in, code, stderr.String())
		}
	}
}
