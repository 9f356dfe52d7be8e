package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What a new user meets when something is off: each message says what is
// wrong in the user's terms.
func TestMessages(t *testing.T) {
	folder := t.TempDir()
	unwritable := t.TempDir()
	if err := os.Chmod(unwritable, 0o500); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// Root writes whatever the mode says; sysfs refuses even root.
		unwritable = "/sys"
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string // in stderr
		code string   // with -json
	}{
		{"folder", []string{"-o", t.TempDir(), folder}, []string{folder + ": unsupported input: it is a folder"}, "unsupported_input"},
		{"unwritable -o", []string{"-o", unwritable, sample}, []string{"cannot write to the output folder " + unwritable + ":", "choose another -o"}, "output_failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append(tc.args, "-json")...)
			if code != 1 || strings.Count(stderr, "\n") != 1 {
				t.Fatalf("exit %d, %q: want 1 and one line", code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("%q lacks %q", stderr, w)
				}
			}
			if strings.Contains(stderr, ".tmp-") {
				t.Errorf("%q names a temporary file", stderr)
			}
			var f failure
			if err := json.Unmarshal([]byte(stdout), &f); err != nil || f.Error.Code != tc.code {
				t.Errorf("-json %q: want code %s", stdout, tc.code)
			}
		})
	}
}

// A plain-text article piped in is read as text, with its header lines,
// not as one HTML paragraph; HTML piped in is still HTML.
func TestStdinSniffed(t *testing.T) {
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, stdin, title string }{
		{"text", string(raw), "全国网信办主任会议在京召开"},
		{"html", "<!doctype html><title>A page</title><h1>A page</h1><p>" + strings.Repeat("Some words of the page. ", 40) + "</p>", "A page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.stdin, "-o", t.TempDir(), "-json", "-formats", "txt", "-")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var rep report
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Title != tc.title {
				t.Errorf("title %q (%s), want %q", rep.Title, stdout, tc.title)
			}
		})
	}
}

// Saved pages named source.html give books named after their titles, so
// two of them into one folder keep both books.
func TestOutputsNamedAfterTitle(t *testing.T) {
	out := t.TempDir()
	var paths []string
	for _, page := range []string{"qq", "bbc-1"} {
		data, err := os.ReadFile("../../testdata/pages/" + page + "/source.html")
		if err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(t.TempDir(), "source.html")
		os.WriteFile(in, data, 0o644)
		code, stdout, stderr := runCLI(t, "", "-o", out, "-json", "-images=false", "-formats", "txt", in)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var rep report
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.TXT == nil {
			t.Fatalf("%s: %v", stdout, err)
		}
		if want := slug(rep.Title) + ".txt"; filepath.Base(rep.TXT.Path) != want {
			t.Errorf("output %s, want %s", rep.TXT.Path, want)
		}
		paths = append(paths, rep.TXT.Path)
	}
	if paths[0] == paths[1] {
		t.Errorf("both books written to %s", paths[0])
	}
}

func TestUsage(t *testing.T) {
	code, _, stderr := runCLI(t, "", "-h")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, w := range []string{"feed", "-serve ADDRESS [-o DIR] [-page SIZE] [-font FACE] [-writing-mode MODE]", "plain text"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("usage lacks %q:\n%s", w, stderr)
		}
	}
}
