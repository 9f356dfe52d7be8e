package service

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
)

// apiStatuses are the answers the README documents for POST /convert,
// with 500 left out: no request may make the service fail on its own
// (the store here is a local folder that does not fail).
var apiStatuses = map[int]bool{200: true, 303: true, 400: true, 403: true, 405: true, 406: true, 413: true, 415: true, 422: true, 502: true, 503: true, 504: true}

// FuzzAPIRequest sends any method, Content-Type, Accept and body to the
// API: the answer is a documented status, JSON with an error code when it
// is not a document, and quickly.
func FuzzAPIRequest(f *testing.F) {
	events, _ := filepath.Glob("../../events/*.json")
	for _, e := range events {
		var ev struct{ Body string }
		if b, err := os.ReadFile(e); err == nil && json.Unmarshal(b, &ev) == nil && ev.Body != "" {
			f.Add("POST", "application/json", "", []byte(ev.Body))
		}
	}
	f.Add("POST", "application/json; charset=utf-8", "application/pdf", []byte(`{"text": "Title: 标题\n\n第一段正文。\n"}`))
	f.Add("POST", "application/json", "application/epub+zip;q=0.5, */*;q=0", []byte(`{"text": "x\ny", "options": {"formats": ["epub"]}}`))
	f.Add("GET", "text/plain", "image/png", []byte(`{`))
	f.Add("POST", "application/json", "", []byte(`{"urls": ["https://example.com/"]}`))
	f.Add("POST", "application/json;;", "*/*", []byte(`{"html": "<p>x</p>", "base_url": "javascript:alert(1)"}`))
	s, _ := testService(f, io.Discard)
	s.Cfg.MaxInputBytes = 4 << 10
	f.Fuzz(func(t *testing.T, method, contentType, accept string, body []byte) {
		done := verify.Bounded(t, 5*time.Second, time.Minute)
		r := s.ConvertRequest(context.Background(), Request{Method: method, Header: http.Header{"Content-Type": {contentType}, "Accept": {accept}}, Body: body})
		done()
		if !apiStatuses[r.Status] {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		if r.Status == http.StatusOK && !r.IsJSON() {
			return // the document itself
		}
		var ans struct {
			RequestID string `json:"request_id"`
			Error     *errorBody
		}
		if err := json.Unmarshal(r.Body, &ans); err != nil || !r.IsJSON() || ans.RequestID == "" {
			t.Fatalf("answer %d %v %q: %v", r.Status, r.Header, r.Body, err)
		}
		if (r.Status >= 400) != (ans.Error != nil && ans.Error.Code != "" && ans.Error.Message != "") {
			t.Fatalf("answer %d without its error code: %s", r.Status, r.Body)
		}
	})
}
