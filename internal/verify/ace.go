package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// AceDir is where `make deps` installs Ace by DAISY (internal/verify/ace
// holds its package.json and lock): $ACE_DIR, or article2book/ace in the
// user's cache folder, as the Makefile says.
func AceDir() string {
	if d := os.Getenv("ACE_DIR"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "article2book", "ace")
}

// aceTimeout bounds one run: Ace allows its browser four minutes.
const aceTimeout = 5 * time.Minute

// Ace fails t for every violation Ace by DAISY reports on epub, whatever
// its impact (critical, serious, moderate or minor), and when Ace cannot
// run. name labels the messages.
func Ace(t testing.TB, name string, epub []byte) {
	t.Helper()
	vs, err := AceViolations(epub)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	for _, v := range vs {
		t.Errorf("%s: Ace: %s", name, v)
	}
}

// An AceViolation is one failed assertion of an Ace report.
type AceViolation struct {
	Doc, Rule, Impact, Description, HTML string
}

func (v AceViolation) String() string {
	s := fmt.Sprintf("%s: %s (%s): %s", v.Doc, v.Rule, v.Impact, v.Description)
	if v.HTML != "" {
		s += "\n\t" + truncate(v.HTML, 300)
	}
	return s
}

// AceViolations runs Ace by DAISY (ace-puppeteer, with Debian's chromium)
// on epub and returns what its report.json lists as failed.
func AceViolations(epub []byte) ([]AceViolation, error) {
	bin := filepath.Join(AceDir(), "node_modules", ".bin", "ace-puppeteer")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("ace: %v (make deps installs it)", err)
	}
	dir, err := os.MkdirTemp("", "ace-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	book := filepath.Join(dir, "book.epub")
	if err := os.WriteFile(book, epub, 0o644); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "report")
	ctx, cancel := context.WithTimeout(context.Background(), aceTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-s", "-f", "-o", out, book)
	// Ace gives the browser 5 s to start by default, which a loaded
	// machine overruns; the whole run is bounded by aceTimeout instead.
	cmd.Env = append(os.Environ(), "PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium",
		fmt.Sprintf("ACE_TIMEOUT_INITIAL=%d", aceTimeout.Milliseconds()))
	// Ace's own temporary folders go where ours are removed.
	cmd.Env = append(cmd.Env, "TMPDIR="+dir)
	// Node and the browser it starts form one process group, stopped
	// together on a timeout.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("ace: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		return nil, fmt.Errorf("ace: %v\n%s", err, msg)
	}
	return aceReport(data)
}

// aceReport reads the failed assertions of a report.json.
func aceReport(data []byte) ([]AceViolation, error) {
	var r struct {
		Result struct {
			Outcome string `json:"earl:outcome"`
		} `json:"earl:result"`
		Assertions []struct {
			Subject struct {
				URL string `json:"url"`
			} `json:"earl:testSubject"`
			Assertions []struct {
				Test struct {
					Title  string `json:"dct:title"`
					Impact string `json:"earl:impact"`
				} `json:"earl:test"`
				Result struct {
					Outcome     string `json:"earl:outcome"`
					Description string `json:"dct:description"`
					HTML        string `json:"html"`
				} `json:"earl:result"`
			} `json:"assertions"`
		} `json:"assertions"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("ace report: %w", err)
	}
	var vs []AceViolation
	for _, doc := range r.Assertions {
		for _, a := range doc.Assertions {
			if a.Result.Outcome == "pass" {
				continue
			}
			vs = append(vs, AceViolation{Doc: doc.Subject.URL, Rule: a.Test.Title, Impact: a.Test.Impact,
				Description: a.Result.Description, HTML: strings.TrimSpace(a.Result.HTML)})
		}
	}
	// The overall outcome fails with any assertion; a failure with none
	// listed would be a report this reader does not understand.
	if r.Result.Outcome != "pass" && len(vs) == 0 {
		return nil, errors.New("ace report: outcome " + r.Result.Outcome + " with no failed assertion")
	}
	return vs, nil
}
