package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// terminal opens a pseudo-terminal: its slave end for run's stderr, and
// a function that closes it and returns what the terminal showed.
func terminal(t *testing.T) (*os.File, func() string) {
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ptm.Close() })
	if err := unix.IoctlSetPointerInt(int(ptm.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptm.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	read := make(chan string)
	go func() {
		var buf bytes.Buffer
		io.Copy(&buf, ptm) // ends when the slave end is closed
		read <- buf.String()
	}()
	return pts, func() string { pts.Close(); return <-read }
}

// On a terminal, stderr shows n of N and the input being converted, for
// inputs and for the chapters of a book.
func TestProgressOnATerminal(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{sample, sample}, []string{"[1/2] " + sample, "[2/2] " + sample}},
		{[]string{"-book", "B", sample, sample, sample}, []string{"[1/3] " + sample, "[3/3] " + sample}},
	} {
		pts, shown := terminal(t)
		var stdout bytes.Buffer
		code := run(context.Background(), append([]string{"-o", t.TempDir(), "-formats", "txt"}, tc.args...), strings.NewReader(""), &stdout, pts)
		got := shown()
		if code != 0 {
			t.Errorf("%q: exit %d: %s", tc.args, code, got)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, "article2book: "+w) {
				t.Errorf("%q: terminal shows %q, want %q", tc.args, got, w)
			}
		}
	}
}
