package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda/messages"

	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage"
)

// FuzzInvoke routes any JSON, in the shapes of the events the function
// receives (S3, SQS, EventBridge, API Gateway, direct invokes), without a
// panic: an API event gets an API answer (a documented status, its error
// code in JSON), anything else nil, an SQS batch response or a function
// error whose type is one of our codes.
func FuzzInvoke(f *testing.F) {
	seeds, _ := filepath.Glob("../../events/*.json")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`{"Records": []}`,
		`{"Records": [{"eventSource": "aws:sqs", "messageId": "m1", "body": "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"uploads\"},\"object\":{\"key\":\"inbox/a.txt\"}}}]}"}]}`,
		`{"Records": [{"eventSource": "aws:sqs", "messageId": "m2", "body": "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":{\"name\":\"uploads\"},\"object\":{\"key\":\"inbox/%E6%96%87.txt\"}}}"}]}`,
		`{"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "uploads"}, "object": {"key": "inbox/..%2F..%2Fetc/passwd.txt", "size": -1}}}]}`,
		`{"source": "aws.s3", "detail-type": "Object Created", "detail": {"bucket": {"name": "uploads"}, "object": {"key": "inbox/a+b.txt"}}}`,
		`{"source": "aws.s3", "detail-type": "Object Created", "detail": "x"}`,
		`{"routeKey": "POST /convert", "requestContext": {"http": {"method": "POST"}}, "headers": {"Content-Type": "application/json"}, "body": "e30=", "isBase64Encoded": true}`,
		`{"routeKey": "GET /x", "rawPath": "/prod/convert", "requestContext": {}}`,
		`{"Event": "s3:TestEvent"}`,
		`{"text": "Title: 标题\n\n正文。\n"}`,
		`[]`, `null`, `"x"`, `{"url": 1}`,
	} {
		f.Add([]byte(s))
	}
	dir := &storage.Dir{Root: f.TempDir()}
	ctx := context.Background()
	// An input the S3 seeds name, so that some conversions happen.
	if err := dir.Put(ctx, "uploads", "inbox/a.txt", []byte("Title: 标题\n\n第一段正文。\n"), storage.PutOptions{}); err != nil {
		f.Fatal(err)
	}
	h := &Handler{Svc: &service.Service{
		Cfg:   &service.Config{OutputBucket: "books", InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 64 << 10, PresignTTL: time.Hour},
		Store: dir, Links: loadLinks{}, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Version: "test", Now: time.Now,
		Gate: service.NewGate(2, time.Second),
	}}
	// not_configured: the scheduled digest of events/ has no digest list
	// in this bucket, which is the configuration's doing, not the event's.
	codes := map[string]bool{}
	for _, c := range []string{"bad_request", "unsupported_input", "forbidden_address", "not_acceptable", "too_large",
		"unsupported_media_type", "unsupported_content_type", "not_an_article", "source_failed", "source_timeout", "render_timeout",
		"storage_error", "not_configured", "method_not_allowed", "not_found", "busy"} {
		codes[c] = true
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		out, err := h.Invoke(ctx, payload)
		if err != nil {
			var ie messages.InvokeResponse_Error
			if !errors.As(err, &ie) || !codes[ie.Type] || ie.Message == "" {
				t.Fatalf("function error %#v", err)
			}
			return
		}
		switch r := out.(type) {
		case nil, *service.JobResponse, events.SQSEventResponse:
		case events.APIGatewayV2HTTPResponse:
			if r.StatusCode < 200 || r.StatusCode == http.StatusInternalServerError || r.StatusCode > 504 {
				t.Fatalf("API status %d: %s", r.StatusCode, r.Body)
			}
			if r.StatusCode >= 400 {
				var e struct{ Error struct{ Code string } }
				if json.Unmarshal([]byte(r.Body), &e) != nil || !codes[e.Error.Code] {
					t.Fatalf("API answer %d %s", r.StatusCode, r.Body)
				}
			}
		default:
			t.Fatalf("answer of type %T", out)
		}
	})
}
