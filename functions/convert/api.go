package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/bookify/article2book/pkg/convert"
)

// maxResponseBytes is Lambda's limit on a synchronous response; a document
// returned inline must fit in it after base64 and the JSON around it.
const maxResponseBytes = 6 << 20

// jobResponse is the answer to a job, by the API (200) and by a direct
// invoke: the manifest and a download link for each output.
type jobResponse struct {
	RequestID string            `json:"request_id"`
	Manifest  *Manifest         `json:"manifest"`
	URLs      map[string]string `json:"urls"`
	Expires   time.Time         `json:"expires"`

	res         *convert.Result
	manifestKey string
}

type errorResponse struct {
	Error     errorBody `json:"error"`
	RequestID string    `json:"request_id"`
}

// api serves API Gateway HTTP API requests (payload format 2.0). Every
// failure is an answer, never a Lambda error: API Gateway would turn that
// into a bare 500.
func (h *Handler) api(ctx context.Context, payload []byte) events.APIGatewayV2HTTPResponse {
	start := h.Now()
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		return h.refuse(ctx, start, newAPIError(http.StatusBadRequest, "bad_request", fmt.Sprintf("request event: %v", err)))
	}
	// A named stage prefixes the path ("/prod/convert"); the $default stage
	// does not.
	if req.RouteKey != "POST /convert" && path.Base(req.RawPath) != "convert" {
		return h.refuse(ctx, start, newAPIError(http.StatusNotFound, "not_found", "no such route: "+req.RawPath))
	}
	if m := req.RequestContext.HTTP.Method; m != "" && m != http.MethodPost {
		return h.refuse(ctx, start, newAPIError(http.StatusMethodNotAllowed, "method_not_allowed", "use POST"))
	}
	ct := header(req.Headers, "content-type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return h.refuse(ctx, start, newAPIError(http.StatusUnsupportedMediaType, "unsupported_media_type",
			fmt.Sprintf("Content-Type %q: send application/json", ct)))
	}
	body := []byte(req.Body)
	if req.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(req.Body)
		if err != nil {
			return h.refuse(ctx, start, newAPIError(http.StatusBadRequest, "bad_request", "body is not valid base64"))
		}
		body = b
	}
	if int64(len(body)) > h.Cfg.MaxInputBytes {
		return h.refuse(ctx, start, newAPIError(http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("request body of %d bytes, limit %d", len(body), h.Cfg.MaxInputBytes)))
	}
	want, err := acceptDocument(header(req.Headers, "accept"))
	if err != nil {
		return h.refuse(ctx, start, err)
	}
	resp, err := h.runJob(ctx, "api", body)
	if err != nil {
		return h.apiError(ctx, start, err)
	}
	if want != "" {
		return h.document(ctx, resp, want)
	}
	return jsonResponse(http.StatusOK, resp)
}

// acceptDocument returns "pdf" or "epub" when the client asks for the
// document itself, "" for the JSON answer.
func acceptDocument(accept string) (string, error) {
	if accept == "" {
		return "", nil
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || params["q"] == "0" {
			continue
		}
		switch mt {
		case "application/pdf":
			return "pdf", nil
		case "application/epub+zip":
			return "epub", nil
		case "application/json", "application/*", "*/*":
			return "", nil
		}
	}
	return "", newAPIError(http.StatusNotAcceptable, "not_acceptable", "Accept: this API answers application/json, application/pdf or application/epub+zip")
}

// document answers with the document itself when it fits in a Lambda
// response, else with a redirect to its download link.
func (h *Handler) document(ctx context.Context, resp *jobResponse, format string) events.APIGatewayV2HTTPResponse {
	out, ok := resp.Manifest.Outputs[format]
	if !ok {
		return h.apiError(ctx, h.Now(), newAPIError(http.StatusNotAcceptable, "not_acceptable", format+" was not among the requested formats"))
	}
	var body []byte
	for _, f := range formats {
		if f.name == format {
			body = f.body(resp.res)
		}
	}
	if base64.StdEncoding.EncodedLen(len(body)) > maxResponseBytes-64<<10 {
		return events.APIGatewayV2HTTPResponse{
			StatusCode: http.StatusSeeOther,
			Headers:    map[string]string{"Location": resp.URLs[format], "Content-Type": "application/json"},
			Body:       mustJSON(resp),
		}
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers: map[string]string{
			"Content-Type":        out.ContentType,
			"Content-Disposition": contentDisposition(resp.Manifest.Title, path.Ext(out.Key)),
			"Content-Length":      strconv.Itoa(len(body)),
		},
		Body:            base64.StdEncoding.EncodeToString(body),
		IsBase64Encoded: true,
	}
}

// runJob converts a job (the API's body, or a direct invoke's payload) and
// writes its outputs under <OUTPUT_PREFIX>api/<date>/<request id>/.
func (h *Handler) runJob(ctx context.Context, trigger string, body []byte) (*jobResponse, error) {
	start := h.Now()
	id := h.requestID(ctx)
	if id == "" {
		var b [8]byte
		rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	log := h.Log.With("request_id", id, "trigger", trigger)
	resp, err := h.job(ctx, id, body, start)
	if err != nil {
		ae := classify(err)
		log.ErrorContext(ctx, "conversion", "outcome", "failed", "status", ae.Status, "code", ae.Code, "error", err.Error(),
			"duration_ms", h.Now().Sub(start).Milliseconds())
		return nil, err
	}
	log.InfoContext(ctx, "conversion", append(resp.Manifest.logAttrs(), "outcome", "ok", "manifest", resp.manifestKey)...)
	return resp, nil
}

func (h *Handler) job(ctx context.Context, id string, body []byte, start time.Time) (*jobResponse, error) {
	if h.Cfg.OutputBucket == "" {
		return nil, newAPIError(http.StatusInternalServerError, "not_configured", "OUTPUT_BUCKET is not set")
	}
	j, err := convert.ParseJob(body)
	if err != nil {
		return nil, err
	}
	opt := convert.Options{PageSize: h.Cfg.PageSize, Fetcher: h.Fetcher}
	j.Apply(&opt)
	inputs, err := j.Inputs("request")
	if err != nil {
		return nil, err
	}
	cctx, cancel := work(ctx)
	res, err := convert.Convert(cctx, inputs, opt)
	cancel()
	if err != nil {
		return nil, err
	}
	src := j.BaseURL
	if j.URL != "" {
		src = j.URL
	}
	m := h.newManifest(ctx, res, sourceOf(res, src, "request:"+id))
	m.RequestID = id
	base := fmt.Sprintf("%sapi/%s/%s/book", h.Cfg.OutputPrefix, start.UTC().Format("2006-01-02"), id)
	if err := h.writeBook(ctx, h.Cfg.OutputBucket, base, res, m, start); err != nil {
		return nil, err
	}
	resp := &jobResponse{RequestID: id, Manifest: m, URLs: map[string]string{}, Expires: h.Now().Add(h.Cfg.PresignTTL).UTC(),
		res: res, manifestKey: base + ".json"}
	keys := map[string]string{"manifest": base + ".json"}
	for name, o := range m.Outputs {
		keys[name] = o.Key
	}
	for name, key := range keys {
		u, err := h.Presign.PresignGet(ctx, h.Cfg.OutputBucket, key, h.Cfg.PresignTTL)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errStorage, err)
		}
		resp.URLs[name] = u
	}
	return resp, nil
}

// refuse answers a request turned away before any conversion, with the
// log line a conversion would have had.
func (h *Handler) refuse(ctx context.Context, start time.Time, err error) events.APIGatewayV2HTTPResponse {
	ae := classify(err)
	h.Log.InfoContext(ctx, "conversion", "request_id", h.requestID(ctx), "trigger", "api", "outcome", "refused",
		"status", ae.Status, "code", ae.Code, "error", err.Error(), "duration_ms", h.Now().Sub(start).Milliseconds())
	return h.apiError(ctx, start, err)
}

func (h *Handler) apiError(ctx context.Context, start time.Time, err error) events.APIGatewayV2HTTPResponse {
	ae := classify(err)
	msg := err.Error()
	var own *apiError
	if errors.As(err, &own) && own.Err == nil {
		msg = own.Message
	}
	if ae.Status == http.StatusInternalServerError {
		// Our faults are in the log under the request ID; their details
		// (bucket names, endpoints) are not the caller's business.
		msg = "internal error; quote the request_id when reporting it"
	}
	return jsonResponse(ae.Status, errorResponse{Error: errorBody{Code: ae.Code, Message: msg}, RequestID: h.requestID(ctx)})
}

func jsonResponse(status int, v any) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json; charset=utf-8"},
		Body:       mustJSON(v),
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":{"code":"internal_error","message":"response not encodable"}}`
	}
	return string(b)
}

// header reads a header by its lower-case name: payload 2.0 lower-cases
// them, but a hand-written test event may not.
func header(hs map[string]string, name string) string {
	if v, ok := hs[name]; ok {
		return v
	}
	for k, v := range hs {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
