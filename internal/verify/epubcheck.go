package verify

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

//go:embed EpubcheckServer.java
var epubcheckServer []byte

// epubchecker is one JVM running epubcheck on the books of a test process
// in turn: starting the JVM costs about a second of CPU, checking a small
// book a tenth of that once it is warm, and the tests check about 200 books.
type epubchecker struct {
	mu  sync.Mutex
	dir string // the server's source and the books being checked
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	err error // the JVM could not be started, or died
}

var checker epubchecker

// start runs the server; the JVM ends when the test process does, as its
// standard input closes.
func (c *epubchecker) start() error {
	dir, err := os.MkdirTemp("", "epubcheck-")
	if err != nil {
		return err
	}
	src := filepath.Join(dir, "EpubcheckServer.java")
	if err := os.WriteFile(src, epubcheckServer, 0o644); err != nil {
		return err
	}
	// The quick-start flags halve the JVM's start, which is most of the
	// cost of a small book.
	cmd := exec.Command("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1024k", "-cp", "/usr/bin/epubcheck", src)
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("epubcheck: %w", err)
	}
	c.dir, c.cmd, c.in, c.out = dir, cmd, in, bufio.NewReader(out)
	return nil
}

// check runs epubcheck on epub and returns its exit status and report.
func (c *epubchecker) check(epub []byte) (int, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil && c.err == nil {
		c.err = c.start()
	}
	if c.err != nil {
		return 0, "", c.err
	}
	p := filepath.Join(c.dir, "book.epub")
	if err := os.WriteFile(p, epub, 0o644); err != nil {
		return 0, "", err
	}
	defer os.Remove(p)
	if _, err := fmt.Fprintln(c.in, p); err != nil {
		c.err = fmt.Errorf("epubcheck server: %w", err)
		return 0, "", c.err
	}
	var report strings.Builder
	for {
		line, err := c.out.ReadString('\n')
		if err != nil {
			c.err = fmt.Errorf("epubcheck server ended: %w\n%s", err, report.String())
			return 0, "", c.err
		}
		if status, ok := strings.CutPrefix(line, "\x00done "); ok {
			var n int
			fmt.Sscan(status, &n)
			return n, report.String(), nil
		}
		report.WriteString(line)
	}
}

// CheckEPUB runs epubcheck on epub and returns an error holding its report
// unless it finds no error and no warning. It is EPUBCheck for callers
// without a testing.TB, such as a TestMain.
func CheckEPUB(epub []byte) error {
	status, report, err := checker.check(epub)
	if err != nil {
		return err
	}
	if status != 0 || strings.Contains(report, "ERROR") || strings.Contains(report, "WARNING") {
		return fmt.Errorf("epubcheck: exit status %d\n%s", status, report)
	}
	return nil
}
