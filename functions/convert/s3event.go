package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage"
)

// Our own S3 event types: aws-lambda-go's decodes every key while
// unmarshalling, so one malformed key would fail the whole event and hide
// the other records.
type s3Event struct {
	Records []s3Record `json:"Records"`
	Event   string     `json:"Event"`
}

type s3Record struct {
	EventSource string `json:"eventSource"`
	EventName   string `json:"eventName"`
	S3          struct {
		Bucket struct {
			Name string `json:"name"`
		} `json:"bucket"`
		Object struct {
			Key  string `json:"key"`
			Size int64  `json:"size"`
			ETag string `json:"eTag"`
		} `json:"object"`
	} `json:"s3"`
}

// s3Event processes every record of an S3 notification; one failing does
// not stop the others, and all failures are reported together.
func (h *Handler) s3Event(ctx context.Context, trigger string, payload []byte) error {
	var ev s3Event
	if err := json.Unmarshal(payload, &ev); err != nil {
		return fmt.Errorf("%w: S3 event: %v", errBadEvent, err)
	}
	if ev.Event == "s3:TestEvent" || len(ev.Records) == 0 {
		h.Svc.Log.InfoContext(ctx, "S3 event without records ignored", "event", ev.Event)
		return nil
	}
	var errs []error
	for i, r := range ev.Records {
		if r.EventSource != "" && r.EventSource != "aws:s3" {
			errs = append(errs, fmt.Errorf("record %d: %w: eventSource %q", i, errBadEvent, r.EventSource))
			continue
		}
		if !strings.HasPrefix(r.EventName, "ObjectCreated:") && !strings.HasPrefix(r.EventName, "s3:ObjectCreated:") {
			h.Svc.Log.InfoContext(ctx, "S3 record ignored", "event_name", r.EventName, "key", r.S3.Object.Key)
			continue
		}
		// Keys arrive form-encoded: "a b.txt" as "a+b.txt".
		key, err := url.QueryUnescape(r.S3.Object.Key)
		if err != nil {
			errs = append(errs, fmt.Errorf("record %d: %w: key %q: %v", i, errBadEvent, r.S3.Object.Key, err))
			continue
		}
		ref := service.Object{Bucket: r.S3.Bucket.Name, Key: key, ETag: storage.TrimETag(r.S3.Object.ETag), Size: r.S3.Object.Size}
		if err := h.Svc.ConvertObject(ctx, trigger, ref); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// errBadEvent marks an event the function cannot read: the sender's
// fault (bad_request), not ours.
var errBadEvent = service.NewError(http.StatusBadRequest, "bad_request", "malformed event")

// sqs processes S3 notifications (or EventBridge events) delivered through
// SQS, reporting the failed messages so that only they are retried and,
// after maxReceiveCount, moved to the dead-letter queue.
func (h *Handler) sqs(ctx context.Context, payload []byte) (any, error) {
	var ev events.SQSEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, invokeError(fmt.Errorf("%w: SQS event: %v", errBadEvent, err))
	}
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for _, m := range ev.Records {
		var sh shape
		err := json.Unmarshal([]byte(m.Body), &sh)
		switch {
		case err != nil:
			err = fmt.Errorf("message %s: %w: body is not JSON: %v", m.MessageId, errBadEvent, err)
		case sh.Source != "" && sh.DetailType != "":
			err = h.eventBridge(ctx, []byte(m.Body))
		default:
			err = h.s3Event(ctx, "sqs", []byte(m.Body))
		}
		if err != nil {
			h.Svc.Log.ErrorContext(ctx, "SQS message failed", "message_id", m.MessageId, "error", err.Error())
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

// eventBridgeS3 is the detail of an S3 "Object Created" EventBridge event.
type eventBridgeS3 struct {
	Bucket struct {
		Name string `json:"name"`
	} `json:"bucket"`
	Object struct {
		Key  string `json:"key"`
		Size int64  `json:"size"`
		ETag string `json:"etag"`
	} `json:"object"`
}

func (h *Handler) eventBridge(ctx context.Context, payload []byte) error {
	var ev events.CloudWatchEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return fmt.Errorf("%w: EventBridge event: %v", errBadEvent, err)
	}
	if ev.Source != "aws.s3" || ev.DetailType != "Object Created" {
		h.Svc.Log.InfoContext(ctx, "EventBridge event ignored", "source", ev.Source, "detail_type", ev.DetailType)
		return nil
	}
	var d eventBridgeS3
	if err := json.Unmarshal(ev.Detail, &d); err != nil {
		return fmt.Errorf("%w: EventBridge detail: %v", errBadEvent, err)
	}
	key := d.Object.Key
	// EventBridge keys are documented unencoded, but keys seen encoded
	// there too; an encoded-looking key that does not exist as written is
	// taken decoded.
	if strings.ContainsAny(key, "%+") {
		if dec, err := url.QueryUnescape(key); err == nil && dec != key {
			if _, err := h.Svc.Store.Head(ctx, d.Bucket.Name, key); errors.Is(err, storage.ErrNotFound) {
				key = dec
			}
		}
	}
	return h.Svc.ConvertObject(ctx, "eventbridge", service.Object{Bucket: d.Bucket.Name, Key: key, ETag: storage.TrimETag(d.Object.ETag), Size: d.Object.Size})
}
