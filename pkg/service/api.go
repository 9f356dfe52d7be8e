package service

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/bookify/article2book/pkg/convert"
)

// maxResponseBytes is Lambda's limit on a synchronous response; a document
// returned inline must fit in it after base64 and the JSON around it. The
// local server keeps the limit, so that a client written against it works
// against the Lambda.
const maxResponseBytes = 6 << 20

// JobResponse is the answer to a job, by the API (200) and by a direct
// invoke: the manifest and a download link for each output.
type JobResponse struct {
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

// Request is a request routed to POST /convert, decoded by its shell
// (API Gateway's event, or net/http's request).
type Request struct {
	Method string // empty is taken as POST
	Header http.Header
	Body   []byte
}

// Response is the answer to a Request, for the shell to send as it is. A
// body that is not JSON is a document; API Gateway needs it base64.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// IsJSON tells a JSON answer (the result, an error, a redirect's body)
// from a document.
func (r Response) IsJSON() bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/json"
}

// ConvertRequest serves an API request: the job in its body is converted,
// its outputs written under <OUTPUT_PREFIX>api/<date>/<request id>/, and
// the answer is the manifest with download links, or the document the
// Accept header asks for. Every failure is an answer with the error JSON,
// never a Go error: API Gateway would turn that into a bare 500.
func (s *Service) ConvertRequest(ctx context.Context, req Request) Response {
	start := s.Now()
	ctx, _ = ensureRequestID(ctx)
	if req.Method != "" && req.Method != http.MethodPost {
		return s.refuse(ctx, start, NewError(http.StatusMethodNotAllowed, "method_not_allowed", "use POST"))
	}
	ct := req.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return s.refuse(ctx, start, NewError(http.StatusUnsupportedMediaType, "unsupported_media_type",
			fmt.Sprintf("Content-Type %q: send application/json", ct)))
	}
	if int64(len(req.Body)) > s.Cfg.MaxInputBytes {
		return s.refuse(ctx, start, NewError(http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("request body of %d bytes, limit %d", len(req.Body), s.Cfg.MaxInputBytes)))
	}
	want, err := acceptDocument(strings.Join(req.Header.Values("Accept"), ","))
	if err != nil {
		return s.refuse(ctx, start, err)
	}
	resp, err := s.ConvertJob(ctx, "api", req.Body)
	if err != nil {
		return ErrorResponse(ctx, err)
	}
	if want != "" {
		return s.document(ctx, resp, want)
	}
	return jsonResponse(http.StatusOK, resp)
}

// Refuse answers a request its shell turns away before the service sees
// it (no such route, an undecodable body), with the error JSON and the log
// line a conversion would have had.
func (s *Service) Refuse(ctx context.Context, err error) Response {
	ctx, _ = ensureRequestID(ctx)
	return s.refuse(ctx, s.Now(), err)
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
	return "", NewError(http.StatusNotAcceptable, "not_acceptable", "Accept: this API answers application/json, application/pdf or application/epub+zip")
}

// document answers with the document itself when it fits in a Lambda
// response, else with a redirect to its download link.
func (s *Service) document(ctx context.Context, resp *JobResponse, format string) Response {
	out, ok := resp.Manifest.Outputs[format]
	if !ok {
		return ErrorResponse(ctx, NewError(http.StatusNotAcceptable, "not_acceptable", format+" was not among the requested formats"))
	}
	var body []byte
	for _, f := range formats {
		if f.name == format {
			body = f.body(resp.res)
		}
	}
	if base64.StdEncoding.EncodedLen(len(body)) > maxResponseBytes-64<<10 {
		return Response{
			Status: http.StatusSeeOther,
			Header: http.Header{"Location": {resp.URLs[format]}, "Content-Type": {"application/json"}},
			Body:   mustJSON(resp),
		}
	}
	return Response{
		Status: http.StatusOK,
		Header: http.Header{
			"Content-Type":        {out.ContentType},
			"Content-Disposition": {contentDisposition(resp.Manifest.Title, path.Ext(out.Key))},
			"Content-Length":      {strconv.Itoa(len(body))},
		},
		Body: body,
	}
}

// ConvertJob converts a job (the API's body, or a direct invoke's
// payload) and writes its outputs under
// <OUTPUT_PREFIX>api/<date>/<request id>/; trigger names the shell's event
// kind in the log. Classify tells what an error means for the caller.
func (s *Service) ConvertJob(ctx context.Context, trigger string, body []byte) (*JobResponse, error) {
	start := s.Now()
	ctx, id := ensureRequestID(ctx)
	log := s.Log.With("request_id", id, "trigger", trigger)
	ctx, release, err := s.Admit(ctx)
	if err != nil {
		ae := Classify(err)
		log.WarnContext(ctx, "conversion", "outcome", "refused", "status", ae.Status, "code", ae.Code, "error", err.Error(),
			"duration_ms", s.Now().Sub(start).Milliseconds())
		return nil, err
	}
	defer release()
	resp, err := s.job(ctx, id, body, start)
	if err != nil {
		ae := Classify(err)
		log.Log(ctx, failureLevel(ae.Status), "conversion", "outcome", "failed", "status", ae.Status, "code", ae.Code, "error", err.Error(),
			"duration_ms", s.Now().Sub(start).Milliseconds())
		return nil, err
	}
	log.InfoContext(ctx, "conversion", append(resp.Manifest.logAttrs(), "outcome", "ok", "manifest", resp.manifestKey)...)
	return resp, nil
}

func (s *Service) job(ctx context.Context, id string, body []byte, start time.Time) (*JobResponse, error) {
	if s.Cfg.OutputBucket == "" {
		return nil, NewError(http.StatusInternalServerError, "not_configured", "OUTPUT_BUCKET is not set")
	}
	j, err := convert.ParseJob(body)
	if err != nil {
		return nil, err
	}
	opt := s.options()
	j.Apply(&opt)
	inputs, err := j.Inputs("request")
	if err != nil {
		return nil, err
	}
	// The answer, not a report, is what the reserve is kept for here.
	wctx, cancel := work(ctx)
	defer cancel()
	res, err := convert.Convert(wctx, inputs, opt)
	if err != nil {
		return nil, err
	}
	src := cmp.Or(j.URL, j.Feed, j.BaseURL)
	m := s.newManifest(ctx, res, sourceOf(res, src, "request:"+id))
	base := fmt.Sprintf("%sapi/%s/%s/book", s.Cfg.OutputPrefix, start.UTC().Format("2006-01-02"), id)
	if err := s.writeBook(wctx, s.Cfg.OutputBucket, base, res, m, start); err != nil {
		return nil, err
	}
	resp := &JobResponse{RequestID: id, Manifest: m, URLs: map[string]string{}, Expires: s.Now().Add(s.Cfg.PresignTTL).UTC(),
		res: res, manifestKey: base + ".json"}
	keys := map[string]string{"manifest": base + ".json"}
	for name, o := range m.Outputs {
		keys[name] = o.Key
	}
	for name, key := range keys {
		u, err := s.Links.PresignGet(ctx, s.Cfg.OutputBucket, key, s.Cfg.PresignTTL)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errStorage, err)
		}
		resp.URLs[name] = u
	}
	return resp, nil
}

// refuse answers a request turned away before any conversion, with the
// log line a conversion would have had.
func (s *Service) refuse(ctx context.Context, start time.Time, err error) Response {
	ae := Classify(err)
	s.Log.InfoContext(ctx, "conversion", "request_id", requestID(ctx), "trigger", "api", "outcome", "refused",
		"status", ae.Status, "code", ae.Code, "error", err.Error(), "duration_ms", s.Now().Sub(start).Milliseconds())
	return ErrorResponse(ctx, err)
}

// ErrorResponse is the API's error answer for err, for a shell's own
// failures (the local server's downloads) that are no conversion to log.
func ErrorResponse(ctx context.Context, err error) Response {
	// Every error answer carries a request ID, even a shell's own 404.
	ctx, _ = ensureRequestID(ctx)
	ae := Classify(err)
	msg := err.Error()
	var own *Error
	if errors.As(err, &own) && own.Err == nil {
		msg = own.Message
	}
	if ae.Status == http.StatusInternalServerError {
		// Our faults are in the log under the request ID; their details
		// (bucket names, endpoints) are not the caller's business.
		msg = "internal error; quote the request_id when reporting it"
	}
	r := jsonResponse(ae.Status, errorResponse{Error: errorBody{Code: ae.Code, Message: msg}, RequestID: requestID(ctx)})
	if ae.Status == http.StatusServiceUnavailable {
		r.Header.Set("Retry-After", strconv.Itoa(RetryAfter))
	}
	return r
}

// failureLevel is the log level of a failed conversion: the caller's or
// the source's doing (4xx) is a warning, ours (5xx) an error, so alerts on
// ERROR fire for what we must fix.
func failureLevel(status int) slog.Level {
	if status < http.StatusInternalServerError {
		return slog.LevelWarn
	}
	return slog.LevelError
}

func jsonResponse(status int, v any) Response {
	return Response{
		Status: status,
		Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		Body:   mustJSON(v),
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(`{"error":{"code":"internal_error","message":"response not encodable"}}`)
	}
	return b
}
