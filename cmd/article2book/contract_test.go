package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Flags go anywhere on the command line; "--" ends them; "-" is stdin.
func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "", sample, "-json", "-o", dir, "-formats", "txt")
	if code != 0 || !strings.HasPrefix(stdout, `{"input":"`+sample) {
		t.Fatalf("flags after the input: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "sample-zh.txt")); err != nil {
		t.Errorf("-o after the input not applied: %v", err)
	}

	// A file whose name looks like a flag, after "--"; flags before it
	// still apply, and "-" after "--" is still stdin.
	text, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	os.WriteFile("-json.txt", text, 0o644)
	if code, _, stderr := runCLI(t, "", "-o", "out", "-json.txt"); code != 2 || !strings.Contains(stderr, "-json.txt") {
		t.Errorf("-json.txt without --: exit %d, %q; want a usage error", code, stderr)
	}
	page := "<html><head><title>标准输入</title></head><body><article><p>" + strings.Repeat("从标准输入读来的正文。", 40) + "</p></article></body></html>"
	code, stdout, stderr = runCLI(t, page, "-o", "out", "-formats", "txt", "-json", "--", "-json.txt", "-")
	if code != 0 {
		t.Fatalf("after --: exit %d, %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"input":"-json.txt"`) || !strings.Contains(lines[1], `"input":"-"`) {
		t.Errorf("lines %q", lines)
	}
	for _, f := range []string{"out/json.txt", "out/stdin.txt"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

// -json prints one line per input, in input order, failures too, with the
// API's error codes.
func TestJSONFailureLines(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "prog.html")
	os.WriteFile(bin, []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), 0o644)
	empty := filepath.Join(dir, "empty.html")
	os.WriteFile(empty, []byte("<html><body></body></html>"), 0o644)
	missing := filepath.Join(dir, "missing.txt")
	code, stdout, stderr := runCLI(t, "", "-o", filepath.Join(dir, "out"), "-json", "-formats", "txt", missing, sample, bin, empty, "notes.docx")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := []struct{ input, code string }{{missing, "not_found"}, {sample, ""}, {bin, "unsupported_content_type"}, {empty, "not_an_article"}, {"notes.docx", "unsupported_input"}}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), stdout)
	}
	for i, w := range want {
		var l struct {
			Input string
			Title string
			Error *struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(lines[i]), &l); err != nil {
			t.Fatal(err)
		}
		switch {
		case l.Input != w.input:
			t.Errorf("line %d is for %q, want %q", i, l.Input, w.input)
		case w.code == "" && (l.Error != nil || l.Title == ""):
			t.Errorf("line %d: %s", i, lines[i])
		case w.code != "" && (l.Error == nil || l.Error.Code != w.code || l.Error.Message == "" || strings.Contains(l.Error.Message, w.input)):
			t.Errorf("line %d: %s, want code %s and a message not repeating the input", i, lines[i], w.code)
		}
	}
	// stderr: one line per failure, naming its input once.
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if name := strings.SplitN(strings.TrimPrefix(l, "article2book: "), ": ", 2)[0]; strings.Count(l, name) != 1 {
			t.Errorf("stderr line names its input more than once: %q", l)
		}
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n != 4 {
		t.Errorf("%d stderr lines, want 4:\n%s", n, stderr)
	}
}

// In -book, inputs that cannot be read are left out with one warning
// each, naming that input only; the book fails only when none is left.
func TestBookLeavesOutUnreadable(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.html")
	os.WriteFile(empty, []byte("<html><body></body></html>"), 0o644)
	missing := filepath.Join(dir, "missing.txt")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "", "-o", out, "-json", "-formats", "txt", "-book", "读书笔记", missing, sample, empty)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	// One chapter left: the book keeps the title asked for.
	if rep.Input != "读书笔记" || rep.Title != "读书笔记" || len(rep.Inputs) != 3 || rep.TXT == nil {
		t.Errorf("report %+v", rep)
	}
	if len(rep.Warnings) != 2 || !strings.HasPrefix(rep.Warnings[0], "chapter left out: "+missing+": ") || !strings.HasPrefix(rep.Warnings[1], "chapter left out: "+empty+": not an article") {
		t.Errorf("warnings %q", rep.Warnings)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 2 {
		t.Fatalf("stderr %q", stderr)
	}
	for i, l := range lines {
		other := []string{empty, missing}[i]
		if !strings.HasPrefix(l, "article2book: 读书笔记: warning: ") || strings.Contains(l, sample) || strings.Contains(l, other) {
			t.Errorf("warning %q names other inputs", l)
		}
	}

	// None left: the book fails, one line naming each.
	code, stdout, stderr = runCLI(t, "", "-o", out, "-json", "-book", "空", missing, empty)
	if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, missing) || !strings.Contains(stderr, empty) ||
		!strings.Contains(stdout, `"code":"not_an_article"`) && !strings.Contains(stdout, `"code":"not_found"`) {
		t.Errorf("no chapter: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// Progress goes to stderr only when it is a terminal.
func TestNoProgressWhenNotATerminal(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if progressTo(f) != nil {
		t.Error("progress to a file")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	// /dev/null is a character device, yet no terminal.
	if progressTo(null) != nil {
		t.Error("progress to /dev/null")
	}
	code, _, stderr := runCLI(t, "", "-o", dir, "-formats", "txt", sample, sample)
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
