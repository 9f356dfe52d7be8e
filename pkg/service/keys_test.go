package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/bookify/article2book/pkg/storage"
)

func TestOutBase(t *testing.T) {
	s := &Service{Cfg: &Config{InputPrefix: "inbox/", OutputPrefix: "out/"}}
	for in, want := range map[string]string{
		"inbox/a.txt":            "out/files/a.txt",
		"inbox/a.html":           "out/files/a.html",
		"inbox/新闻/光明网 文章.html":   "out/files/新闻/光明网 文章.html",
		"inbox/x/y.z/page.htm":   "out/files/x/y.z/page.htm",
		"inbox/archive.tar.json": "out/files/archive.tar.json",
		"inbox/api/x/book.txt":   "out/files/api/x/book.txt",
	} {
		if got := s.outBase(in); got != want {
			t.Errorf("outBase(%q) = %q, want %q", in, got, want)
		}
	}
	// Keys at S3's limit: the error report's key fits, and two keys that
	// differ only past the cut keep distinct bases.
	long := "inbox/" + strings.Repeat("长标题/", 100)
	seen := map[string]string{}
	for _, k := range []string{long + "a.txt", long + "b.txt", long + "abcd.htm", long + "abcd.html"} {
		b := s.outBase(k)
		if len(b+reportSuffix) > maxKeyBytes || !strings.HasPrefix(b, "out/files/") || !cleanKey(b) {
			t.Errorf("outBase of a %d-byte key: %d bytes, %q…", len(k), len(b), b[:20])
		}
		if o, dup := seen[b]; dup {
			t.Errorf("%q and %q share the base %q", o, k, b)
		}
		seen[b] = k
	}
}

// s3Limits refuses what S3 refuses: keys over 1,024 bytes and more than
// 2 KB of user metadata.
type s3Limits struct{ storage.Store }

func (l s3Limits) Put(ctx context.Context, bucket, key string, body []byte, opt storage.PutOptions) error {
	n := 0
	for k, v := range opt.Metadata {
		n += len(k) + len(v)
	}
	if len(key) > maxKeyBytes {
		return fmt.Errorf("KeyTooLongError: %d bytes", len(key))
	}
	if n > 2048 {
		return fmt.Errorf("MetadataTooLarge: %d bytes", n)
	}
	return l.Store.Put(ctx, bucket, key, body, opt)
}

// putUpload stores an upload and returns the object its event names.
func putUpload(t *testing.T, st storage.Store, key, body string) Object {
	t.Helper()
	ctx := context.Background()
	if err := st.Put(ctx, "b", key, []byte(body), storage.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	info, err := st.Head(ctx, "b", key)
	if err != nil {
		t.Fatal(err)
	}
	return Object{Bucket: "b", Key: key, ETag: info.ETag, Size: info.Size}
}

// checkManifest checks that the manifest of an upload names it and
// describes the documents stored.
func checkManifest(t *testing.T, st storage.Store, s *Service, in Object) {
	t.Helper()
	ctx := context.Background()
	obj, err := st.Get(ctx, "b", s.outBase(in.Key)+".json", 0)
	if err != nil {
		t.Fatalf("%s: manifest: %v", in.Key, err)
	}
	var m Manifest
	if err := json.Unmarshal(obj.Body, &m); err != nil || m.Input == nil || m.Input.Key != in.Key || m.Input.ETag != in.ETag {
		t.Fatalf("%s: manifest %s (%v)", in.Key, obj.Body, err)
	}
	for name, o := range m.Outputs {
		doc, err := st.Get(ctx, o.Bucket, o.Key, 0)
		if err != nil {
			t.Errorf("%s: %s: %v", in.Key, name, err)
			continue
		}
		if sum := sha256.Sum256(doc.Body); hex.EncodeToString(sum[:]) != o.SHA256 {
			t.Errorf("%s: the manifest's %s is not the stored %s", in.Key, name, o.Key)
		}
	}
}

// Uploads never write where the service keeps its state, digests and API
// results, nor where another upload's outputs are.
func TestUploadKeysCollide(t *testing.T) {
	s, dir := testService(t, io.Discard)
	s.Cfg.OutputBucket, s.Cfg.MaxInputBytes = "", 1<<20
	ctx := context.Background()
	own := []string{"out/digests/harbour/state.json", "out/digests/harbour/2026-12-01.pdf", "out/api/2026-12-01/req/book.pdf"}
	for _, k := range own {
		if err := dir.Put(ctx, "b", k, []byte("ours"), storage.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	text := "Title: 标题%d\n\n第%d段正文。\n"
	var ins []Object
	for i, k := range []string{"inbox/a.txt", "inbox/a.html", "inbox/digests/harbour/state.txt",
		"inbox/digests/harbour/2026-12-01.txt", "inbox/api/2026-12-01/req/book.txt"} {
		body := fmt.Sprintf(text, i, i)
		if strings.HasSuffix(k, ".html") {
			para := "<p>" + strings.Repeat("这是一段足够长的正文，读者可以读到它的内容。", 8) + "</p>"
			body = fmt.Sprintf("<html><head><title>标题%d</title></head><body><article><h1>标题%d</h1>%s%s%s</article></body></html>", i, i, para, para, para)
		}
		ins = append(ins, putUpload(t, dir, k, body))
	}
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			if err := s.ConvertObject(ctx, "s3", in); err != nil {
				t.Errorf("%s: %v", in.Key, err)
			}
		})
	}
	wg.Wait()
	for _, in := range ins {
		checkManifest(t, dir, s, in)
	}
	for _, k := range own {
		if obj, err := dir.Get(ctx, "b", k, 0); err != nil || string(obj.Body) != "ours" {
			t.Errorf("%s replaced by an upload's output", k)
		}
	}
}

// An upload whose key is near S3's limit gets its book, or its error
// report, under a shortened key.
func TestLongUploadKey(t *testing.T) {
	s, dir := testService(t, io.Discard)
	s.Cfg.OutputBucket, s.Cfg.MaxInputBytes = "", 1<<20
	s.Store = s3Limits{dir}
	long := "inbox/" + strings.Repeat("长标题/", 100)
	ok := putUpload(t, dir, long+"a.txt", "Title: 标题\n\n第一段正文。\n")
	if err := s.ConvertObject(context.Background(), "s3", ok); err != nil {
		t.Fatalf("%d-byte key: %v", len(ok.Key), err)
	}
	checkManifest(t, dir, s, ok)

	bad := putUpload(t, dir, long+"b.txt", "")
	err := s.ConvertObject(context.Background(), "s3", bad)
	if Classify(err).Code != "not_an_article" || strings.Contains(err.Error(), "report was not written") {
		t.Fatalf("empty upload: %v, want not_an_article with its report", err)
	}
	rep, err := dir.Get(context.Background(), "b", s.outBase(bad.Key)+reportSuffix, 0)
	if err != nil || !strings.Contains(string(rep.Body), `"code": "not_an_article"`) {
		t.Errorf("error report: %v", err)
	}
}

// replacer stands in for a conversion of another version of the same
// upload: right after the PDF is written, it writes its own.
type replacer struct {
	storage.Store
	once sync.Once
}

func (r *replacer) Put(ctx context.Context, bucket, key string, body []byte, opt storage.PutOptions) error {
	if err := r.Store.Put(ctx, bucket, key, body, opt); err != nil {
		return err
	}
	if strings.HasSuffix(key, ".pdf") {
		r.once.Do(func() {
			opt.Metadata = map[string]string{"source-etag": "other-version"}
			r.Store.Put(ctx, bucket, key, []byte("%PDF-other"), opt)
		})
	}
	return nil
}

// A manifest never vouches for documents another conversion replaced.
func TestManifestDescribesStored(t *testing.T) {
	s, dir := testService(t, io.Discard)
	s.Cfg.OutputBucket, s.Cfg.MaxInputBytes = "", 1<<20
	s.Store = &replacer{Store: dir}
	in := putUpload(t, dir, "inbox/a.txt", "Title: 标题\n\n第一段正文。\n")
	err := s.ConvertObject(context.Background(), "s3", in)
	if !errors.Is(err, errReplaced) || Classify(err).Code != "storage_error" {
		t.Fatalf("error %v, want the replaced document named", err)
	}
	if _, err := dir.Head(context.Background(), "b", s.outBase(in.Key)+".json"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("manifest written over another version's PDF: %v", err)
	}
	// The retry, with no one else writing, completes.
	s.Store = dir
	if err := s.ConvertObject(context.Background(), "s3", in); err != nil {
		t.Fatal(err)
	}
	checkManifest(t, dir, s, in)
}
