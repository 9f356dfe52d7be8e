package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// No output of a run may replace one of its inputs, whatever the path
// spelling: the reported case (-o . in the input's folder), symbolic and
// hard links, and another input's output.
func TestOutputNeverReplacesInput(t *testing.T) {
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile("../../testdata/pages/bbc-1/source.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// setup prepares the working folder (holding s.txt) and returns the
		// arguments.
		setup func(t *testing.T, dir string) []string
		// written are the files the run may add to the working folder.
		written []string
	}{
		{"reported case: -o . in the input's folder", func(t *testing.T, dir string) []string {
			return []string{"-formats", "txt,pdf", "-o", ".", "s.txt"}
		}, nil},
		{"absolute paths", func(t *testing.T, dir string) []string {
			return []string{"-formats", "txt", "-o", dir, filepath.Join(dir, "s.txt")}
		}, nil},
		{"input spelled another way", func(t *testing.T, dir string) []string {
			os.Mkdir("sub", 0o755)
			return []string{"-formats", "txt", "-o", "sub/..", "./sub/../s.txt"}
		}, []string{"sub"}},
		{"output folder is a link to the input's", func(t *testing.T, dir string) []string {
			os.Symlink(dir, "link")
			return []string{"-formats", "pdf,txt", "-o", "link", "s.txt"}
		}, []string{"link"}},
		{"output name is a link to the input", func(t *testing.T, dir string) []string {
			os.Mkdir("out", 0o755)
			os.Symlink("../s.txt", "out/s.txt")
			return []string{"-formats", "txt", "-o", "out", "s.txt"}
		}, []string{"out"}},
		{"output name is a hard link of the input", func(t *testing.T, dir string) []string {
			os.Mkdir("out", 0o755)
			if err := os.Link("s.txt", "out/s.txt"); err != nil {
				t.Fatal("hard link:", err)
			}
			return []string{"-formats", "txt", "-o", "out", "s.txt"}
		}, []string{"out"}},
		{"input given through a link", func(t *testing.T, dir string) []string {
			os.Mkdir("in", 0o755)
			os.Symlink("../s.txt", "in/a.txt")
			return []string{"-formats", "txt", "-o", ".", "-book", "s", "in/a.txt", "s.txt"}
		}, []string{"in"}},
		{"another input's output", func(t *testing.T, dir string) []string {
			os.WriteFile("s.html", page, 0o644)
			// s.html comes first and would write s.txt; s.txt itself then
			// gets the next free stem.
			return []string{"-formats", "txt", "-images=false", "-o", ".", "s.html", "s.txt"}
		}, []string{"s.html", "s-2.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if err := os.WriteFile("s.txt", raw, 0o644); err != nil {
				t.Fatal(err)
			}
			args := tt.setup(t, dir)
			code, _, stderr := runCLI(t, "", args...)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 1 || len(lines) != 1 || !strings.Contains(stderr, "refusing to write") || !strings.Contains(stderr, "s.txt: it is the input") {
				t.Errorf("exit %d, stderr %q; want 1 and one line naming output and input", code, stderr)
			}
			if got, _ := os.ReadFile(filepath.Join(dir, "s.txt")); string(got) != string(raw) {
				t.Errorf("the input was changed: %.80q", got)
			}
			entries, _ := os.ReadDir(dir)
			want := map[string]bool{"s.txt": true}
			for _, w := range tt.written {
				want[w] = true
			}
			for _, e := range entries {
				if !want[e.Name()] {
					t.Errorf("the run left %s in the folder", e.Name())
				}
			}
		})
	}
}

// Outputs are renamed into place: one that cannot be (a folder holds its
// name) fails the input and leaves no temporary file; an earlier output is
// replaced whole.
func TestOutputsWrittenWhole(t *testing.T) {
	dir := t.TempDir()
	old := []byte("an older PDF")
	os.WriteFile(filepath.Join(dir, "sample-zh.pdf"), old, 0o644)
	// A reader of the old PDF (a hard link elsewhere stands for it) keeps
	// it whole: the new one is another file renamed over the name, never
	// the old one truncated and rewritten in place.
	reader := filepath.Join(t.TempDir(), "reader.pdf")
	if err := os.Link(filepath.Join(dir, "sample-zh.pdf"), reader); err != nil {
		t.Fatal("hard link:", err)
	}
	os.Mkdir(filepath.Join(dir, "sample-zh.txt"), 0o755)
	code, _, stderr := runCLI(t, "", "-o", dir, "-formats", "pdf,txt", sample)
	if code != 1 || !strings.Contains(stderr, "sample-zh.txt") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	pdf, _ := os.ReadFile(filepath.Join(dir, "sample-zh.pdf"))
	if !strings.HasPrefix(string(pdf), "%PDF-") || !strings.HasSuffix(strings.TrimSpace(string(pdf)), "%%EOF") {
		t.Errorf("the PDF is not whole: %.40q", pdf)
	}
	if got, _ := os.ReadFile(reader); string(got) != string(old) {
		t.Errorf("the old PDF was rewritten in place: %.40q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		for _, e := range entries {
			t.Errorf("folder holds %s", e.Name())
		}
	}
}
