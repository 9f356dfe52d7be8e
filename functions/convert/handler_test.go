package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda/messages"

	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage"
)

// One malformed key does not hide the other records of the event.
func TestS3EventBadKey(t *testing.T) {
	var logs strings.Builder
	h := &Handler{Svc: &service.Service{
		Cfg:   &service.Config{InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 20},
		Store: &storage.Dir{Root: t.TempDir()},
		Log:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Now:   time.Now,
	}}
	ev := `{"Records":[
		{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"inbox/%zz.txt"}}},
		{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"out/a+b.pdf"}}}]}`
	_, err := h.Invoke(context.Background(), []byte(ev))
	if err == nil || !strings.Contains(err.Error(), "%zz") {
		t.Errorf("error %v: want the malformed key reported", err)
	}
	if !strings.Contains(logs.String(), `"key":"out/a b.pdf"`) || !strings.Contains(logs.String(), "under the output prefix") {
		t.Errorf("second record not processed:\n%s", logs.String())
	}
}

// EventBridge keys are taken as written when such an object exists, and
// decoded otherwise.
func TestEventBridgeKeys(t *testing.T) {
	var logs strings.Builder
	dir := &storage.Dir{Root: t.TempDir()}
	h := &Handler{Svc: &service.Service{
		Cfg:   &service.Config{InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 20},
		Store: dir,
		Log:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Now:   time.Now,
	}}
	ctx := context.Background()
	text := []byte("Title: 标题\n\n第一段正文。\n")
	for _, key := range []string{"inbox/c++ notes.txt", "inbox/文.txt"} {
		if err := dir.Put(ctx, "b", key, text, storage.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for sent, want := range map[string]string{
		"inbox/c++ notes.txt":     "inbox/c++ notes.txt",
		"inbox/%E6%96%87.txt":     "inbox/文.txt",
		"inbox/c%2B%2B+notes.txt": "inbox/c++ notes.txt",
	} {
		logs.Reset()
		ev := fmt.Sprintf(`{"version":"0","source":"aws.s3","detail-type":"Object Created","detail":{"bucket":{"name":"b"},"object":{"key":%q,"etag":"x%d"}}}`, sent, len(sent))
		if _, err := h.Invoke(ctx, []byte(ev)); err != nil {
			t.Fatalf("%s: %v\n%s", sent, err, logs.String())
		}
		// Converted, or skipped as the same object converted before.
		if !strings.Contains(logs.String(), fmt.Sprintf(`"key":%q`, want)) ||
			!strings.Contains(logs.String(), `"outcome":"ok"`) && !strings.Contains(logs.String(), `"outcome":"skipped"`) {
			t.Errorf("%s: want %s converted:\n%s", sent, want, logs.String())
		}
	}
}

// The scheduled digest event reaches the digest run: without its list in
// the bucket it fails as not_configured, so the scheduler retries it.
func TestDigestEvent(t *testing.T) {
	var logs strings.Builder
	h := &Handler{Svc: &service.Service{
		Cfg:   &service.Config{OutputBucket: "b", InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 20},
		Store: &storage.Dir{Root: t.TempDir()},
		Log:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Now:   time.Now,
	}}
	ev, err := os.ReadFile("../../events/schedule-digest.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.Invoke(context.Background(), ev)
	var ie messages.InvokeResponse_Error
	if !errors.As(err, &ie) || ie.Type != "not_configured" || !strings.Contains(ie.Message, "digests/feeds.json") {
		t.Errorf("error %v, want not_configured naming the list\n%s", err, logs.String())
	}
}
