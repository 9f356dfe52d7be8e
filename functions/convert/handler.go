package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda/messages"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/storage"
)

// Presigner makes download links for outputs; storage.S3 is one.
type Presigner interface {
	PresignGet(ctx context.Context, bucket, key string, ttl time.Duration) (string, error)
}

// Handler serves every event the function receives.
type Handler struct {
	Cfg     *Config
	Store   storage.Store
	Presign Presigner
	Fetcher *fetch.Client
	Log     *slog.Logger
	Version string
	Now     func() time.Time
}

// shape holds the fields that tell the event kinds apart. encoding/json
// matches names case-insensitively, so only fields no other shape uses in
// any case are relied on.
type shape struct {
	Records        json.RawMessage `json:"Records"`
	Event          string          `json:"Event"` // s3:TestEvent
	RequestContext json.RawMessage `json:"requestContext"`
	RouteKey       string          `json:"routeKey"`
	Source         string          `json:"source"`
	DetailType     string          `json:"detail-type"`
}

type record struct {
	EventSource string `json:"eventSource"`
}

// Invoke routes an event by its shape: S3 notifications (direct, in SQS
// messages, from EventBridge), API Gateway HTTP API requests, and direct
// invokes with a job.
func (h *Handler) Invoke(ctx context.Context, payload json.RawMessage) (any, error) {
	var sh shape
	if err := json.Unmarshal(payload, &sh); err != nil {
		return nil, messages.InvokeResponse_Error{Type: "bad_request", Message: fmt.Sprintf("event is not a JSON object: %v", err)}
	}
	switch {
	case sh.Records != nil:
		var recs []record
		if err := json.Unmarshal(sh.Records, &recs); err != nil {
			return nil, messages.InvokeResponse_Error{Type: "bad_request", Message: fmt.Sprintf("Records: %v", err)}
		}
		if len(recs) == 0 {
			h.Log.InfoContext(ctx, "event without records ignored")
			return nil, nil
		}
		if recs[0].EventSource == "aws:sqs" {
			return h.sqs(ctx, payload)
		}
		if err := h.s3Event(ctx, "s3", payload); err != nil {
			return nil, invokeError(err)
		}
		return nil, nil
	case sh.Event == "s3:TestEvent":
		h.Log.InfoContext(ctx, "s3:TestEvent acknowledged")
		return nil, nil
	case sh.RequestContext != nil && sh.RouteKey != "":
		return h.api(ctx, payload), nil
	case sh.Source != "" && sh.DetailType != "":
		if err := h.eventBridge(ctx, payload); err != nil {
			return nil, invokeError(err)
		}
		return nil, nil
	}
	return h.direct(ctx, payload)
}

// invokeError reports an error to Lambda with our code as its type, so the
// caller (and the dead-letter queue's attributes) see what failed.
func invokeError(err error) error {
	ae := classify(err)
	return messages.InvokeResponse_Error{Type: ae.Code, Message: err.Error()}
}

func (h *Handler) requestID(ctx context.Context) string {
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		return lc.AwsRequestID
	}
	return ""
}

// work bounds a conversion by the invocation's deadline, keeping a reserve
// to write the error report and answer: a conversion killed by Lambda's
// timeout would leave neither.
func work(ctx context.Context) (context.Context, context.CancelFunc) {
	const reserve = 3 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		end := dl.Add(-reserve)
		if time.Until(end) < time.Second {
			end = dl.Add(-time.Until(dl) / 4)
		}
		return context.WithDeadline(ctx, end)
	}
	return context.WithCancel(ctx)
}

// direct serves an invoke whose payload is a job (the API's request body).
func (h *Handler) direct(ctx context.Context, payload json.RawMessage) (any, error) {
	payload = bytes.TrimSpace(payload)
	if len(payload) == 0 || payload[0] != '{' {
		return nil, messages.InvokeResponse_Error{Type: "bad_request", Message: "event is not a JSON object"}
	}
	resp, err := h.runJob(ctx, "invoke", payload)
	if err != nil {
		return nil, invokeError(err)
	}
	return resp, nil
}
