package storage

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDir(t *testing.T) {
	ctx := context.Background()
	var s Store = &Dir{Root: t.TempDir()}
	if _, err := s.Get(ctx, "b", "inbox/none.txt", 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing object: %v, want ErrNotFound", err)
	}
	opt := PutOptions{ContentType: "application/pdf", ContentDisposition: "attachment; filename=\"a.pdf\"", Metadata: map[string]string{"Source": "https://x.example/"}}
	if err := s.Put(ctx, "b", "out/新闻/a b.pdf", []byte("%PDF-1.7"), opt); err != nil {
		t.Fatal(err)
	}
	o, err := s.Get(ctx, "b", "out/新闻/a b.pdf", 100)
	if err != nil {
		t.Fatal(err)
	}
	// The ETag is the MD5 of the content, as S3 gives for single-part uploads.
	if string(o.Body) != "%PDF-1.7" || o.Size != 8 || o.ETag != fmt.Sprintf("%x", md5.Sum(o.Body)) ||
		o.ContentType != opt.ContentType || o.ContentDisposition != opt.ContentDisposition || o.Metadata["source"] != "https://x.example/" {
		t.Errorf("got %+v", o.Info)
	}
	if _, err := s.Get(ctx, "b", "out/新闻/a b.pdf", 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v, want ErrTooLarge", err)
	}
	for _, key := range []string{"../escape", "out/../../escape", "", "dir/", "x.meta.json"} {
		if err := s.Put(ctx, "b", key, nil, PutOptions{}); err == nil {
			t.Errorf("key %q accepted", key)
		}
	}
	if err := s.Delete(ctx, "b", "out/新闻/a b.pdf"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Head(ctx, "b", "out/新闻/a b.pdf"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := s.Delete(ctx, "b", "out/新闻/a b.pdf"); err != nil {
		t.Errorf("deleting a missing object: %v", err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	// The mode is the one os.WriteFile gives (perm through the umask), not
	// os.CreateTemp's 0600.
	ref := filepath.Join(t.TempDir(), "ref")
	os.WriteFile(ref, nil, 0o644)
	fi, _ := os.Stat(p)
	ri, _ := os.Stat(ref)
	if fi.Mode() != ri.Mode() {
		t.Errorf("mode %v, want %v", fi.Mode(), ri.Mode())
	}

	// A rename that fails (a folder holds the name) leaves the folder as it
	// was and no temporary file behind.
	busy := filepath.Join(dir, "busy.epub")
	os.Mkdir(busy, 0o755)
	os.WriteFile(filepath.Join(busy, "x"), nil, 0o644)
	if err := WriteFile(busy, []byte("data"), 0o644); err == nil || !strings.Contains(err.Error(), busy) {
		t.Errorf("writing over a folder: %v", err)
	}
	// A folder that does not exist: nothing created.
	if err := WriteFile(filepath.Join(dir, "none", "a.pdf"), []byte("data"), 0o644); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "a.pdf busy.epub" {
		t.Errorf("folder holds %s", got)
	}
}

// Put leaves no temporary files beside the objects.
func TestDirPutLeavesNoTemp(t *testing.T) {
	root := t.TempDir()
	d := &Dir{Root: root}
	for i := range 3 {
		if err := d.Put(context.Background(), "b", "out/a.pdf", []byte(fmt.Sprint(i)), PutOptions{ContentType: "application/pdf"}); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(root, "b", "out"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "a.pdf a.pdf.meta.json" {
		t.Errorf("folder holds %s", got)
	}
}
