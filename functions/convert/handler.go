package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda/messages"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/bookify/article2book/pkg/service"
)

// Handler routes every event the function receives onto the service.
type Handler struct {
	Svc *service.Service
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
	Digest         json.RawMessage `json:"digest"` // a scheduled digest run
}

type record struct {
	EventSource string `json:"eventSource"`
}

// Invoke routes an event by its shape: S3 notifications (direct, in SQS
// messages, from EventBridge), API Gateway HTTP API requests, and direct
// invokes with a job, and the scheduled digest runs.
func (h *Handler) Invoke(ctx context.Context, payload json.RawMessage) (any, error) {
	ctx = withRequestID(ctx)
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
			h.Svc.Log.InfoContext(ctx, "event without records ignored")
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
		h.Svc.Log.InfoContext(ctx, "s3:TestEvent acknowledged")
		return nil, nil
	case sh.RequestContext != nil && sh.RouteKey != "":
		return h.api(ctx, payload), nil
	case sh.Source != "" && sh.DetailType != "":
		if err := h.eventBridge(ctx, payload); err != nil {
			return nil, invokeError(err)
		}
		return nil, nil
	case sh.Digest != nil:
		res, err := h.Svc.Digest(ctx, "schedule", payload)
		if err != nil {
			return nil, invokeError(err)
		}
		return map[string]any{"digests": res}, nil
	}
	return h.direct(ctx, payload)
}

// invokeError reports an error to Lambda with our code as its type, so the
// caller (and the dead-letter queue's attributes) see what failed.
func invokeError(err error) error {
	ae := service.Classify(err)
	return messages.InvokeResponse_Error{Type: ae.Code, Message: err.Error()}
}

// withRequestID hands Lambda's request ID to the service, which puts it in
// logs, manifests and answers.
func withRequestID(ctx context.Context) context.Context {
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		return service.WithRequestID(ctx, lc.AwsRequestID)
	}
	return ctx
}

// direct serves an invoke whose payload is a job (the API's request body).
func (h *Handler) direct(ctx context.Context, payload json.RawMessage) (any, error) {
	payload = bytes.TrimSpace(payload)
	if len(payload) == 0 || payload[0] != '{' {
		return nil, messages.InvokeResponse_Error{Type: "bad_request", Message: "event is not a JSON object"}
	}
	resp, err := h.Svc.ConvertJob(ctx, "invoke", payload)
	if err != nil {
		return nil, invokeError(err)
	}
	return resp, nil
}

// api serves API Gateway HTTP API requests (payload format 2.0): the route
// and the body's encoding are API Gateway's, the rest is the service's.
func (h *Handler) api(ctx context.Context, payload []byte) events.APIGatewayV2HTTPResponse {
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		return apiResponse(h.Svc.Refuse(ctx, service.NewError(http.StatusBadRequest, "bad_request", fmt.Sprintf("request event: %v", err))))
	}
	// A named stage prefixes the path ("/prod/convert"); the $default stage
	// does not.
	if req.RouteKey != "POST /convert" && path.Base(req.RawPath) != "convert" {
		return apiResponse(h.Svc.Refuse(ctx, service.NewError(http.StatusNotFound, "not_found", "no such route: "+req.RawPath)))
	}
	body := []byte(req.Body)
	if req.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(req.Body)
		if err != nil {
			return apiResponse(h.Svc.Refuse(ctx, service.NewError(http.StatusBadRequest, "bad_request", "body is not valid base64")))
		}
		body = b
	}
	// Payload 2.0 lower-cases header names, a hand-written test event may
	// not; http.Header makes them one.
	hdr := http.Header{}
	for k, v := range req.Headers {
		hdr.Set(k, v)
	}
	return apiResponse(h.Svc.ConvertRequest(ctx, service.Request{Method: req.RequestContext.HTTP.Method, Header: hdr, Body: body}))
}

// apiResponse puts an answer into API Gateway's shape, documents base64.
func apiResponse(r service.Response) events.APIGatewayV2HTTPResponse {
	out := events.APIGatewayV2HTTPResponse{StatusCode: r.Status, Headers: map[string]string{}}
	for k, v := range r.Header {
		out.Headers[k] = strings.Join(v, ", ")
	}
	if r.IsJSON() {
		out.Body = string(r.Body)
	} else {
		out.Body = base64.StdEncoding.EncodeToString(r.Body)
		out.IsBase64Encoded = true
	}
	return out
}
