package verify

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// screenshotTimeout bounds one headless Chromium run, browser start
// included, on a loaded machine.
const screenshotTimeout = 2 * time.Minute

// Screenshot renders the file at path (an SVG image, an XHTML page) in
// Debian's headless Chromium, in a window of w × h CSS pixels, and returns
// what it shows: what a reading system built on a browser engine draws.
// Headless Chromium takes the shot before web fonts (@font-face) have
// loaded, so it shows the fallback faces of a page that has them; print
// such a page to PDF instead (--print-to-pdf waits for them).
func Screenshot(path string, w, h int) (image.Image, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "shot-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), screenshotTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "chromium", "--headless", "--no-sandbox", "--disable-gpu",
		"--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--window-size="+strconv.Itoa(w)+","+strconv.Itoa(h), "--screenshot="+out, "file://"+abs)
	// The browser's processes form one group, stopped together on a
	// timeout.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("chromium: %v\n%s", err, msg)
	}
	f, err := os.Open(out)
	if err != nil {
		return nil, fmt.Errorf("chromium wrote no screenshot: %w", err)
	}
	defer f.Close()
	return png.Decode(f)
}
