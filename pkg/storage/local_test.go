package storage

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
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
