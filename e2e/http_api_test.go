package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleHTML is the page in events/api-convert.json, which the loopback
// origin also serves.
var sampleHTML string

func loadSampleHTML() error {
	b, err := os.ReadFile(filepath.Join(env.repo, "events", "api-convert.json"))
	if err != nil {
		return err
	}
	var ev struct{ Body string }
	if err := json.Unmarshal(b, &ev); err != nil {
		return err
	}
	var body struct{ HTML string }
	if err := json.Unmarshal([]byte(ev.Body), &body); err != nil || body.HTML == "" {
		return fmt.Errorf("events/api-convert.json: no html in the body: %v", err)
	}
	sampleHTML = body.HTML
	return nil
}

type apiResponse struct {
	StatusCode      int               `json:"statusCode"`
	Headers         map[string]string `json:"headers"`
	Body            string            `json:"body"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`

	logStart int
}

// apiEvent returns events/api-convert.json with the body (and headers)
// replaced where given.
func apiEvent(t *testing.T, body *string, headers map[string]string) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(readEvent(t, "api-convert.json"), &ev); err != nil {
		t.Fatal(err)
	}
	if body != nil {
		ev["body"] = *body
	}
	hs := ev["headers"].(map[string]any)
	for k, v := range headers {
		hs[k] = v
	}
	b, _ := json.Marshal(ev)
	return b
}

func callAPI(t *testing.T, event []byte) apiResponse {
	t.Helper()
	r := invoke(t, event)
	var resp apiResponse
	if err := json.Unmarshal(r.Body, &resp); err != nil || resp.StatusCode == 0 {
		t.Fatalf("not an HTTP API response: %s (%v)\n%s", r.Body, err, env.logs.Since(r.LogStart))
	}
	resp.logStart = r.LogStart
	return resp
}

type jobResponse struct {
	RequestID string            `json:"request_id"`
	Manifest  manifest          `json:"manifest"`
	URLs      map[string]string `json:"urls"`
}

func TestAPIConvert(t *testing.T) {
	freshS3(t)
	resp := callAPI(t, readEvent(t, "api-convert.json"))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Headers["Content-Type"], "application/json") {
		t.Fatalf("status %d %v: %s", resp.StatusCode, resp.Headers, resp.Body)
	}
	var jr jobResponse
	if err := json.Unmarshal([]byte(resp.Body), &jr); err != nil {
		t.Fatal(err)
	}
	if jr.RequestID == "" || jr.Manifest.Title != "全国网信办主任会议在京召开" || jr.Manifest.Pages < 1 {
		t.Errorf("response %s", resp.Body)
	}
	// The links work without credentials: a plain GET, as a browser would.
	for _, f := range []struct{ name, ctype, magic string }{
		{"pdf", "application/pdf", "%PDF-"}, {"epub", "application/epub+zip", "PK\x03\x04"}, {"manifest", "application/json", "{"},
	} {
		u := jr.URLs[f.name]
		if !strings.Contains(u, "X-Amz-Signature=") {
			t.Errorf("%s URL %q is not presigned", f.name, u)
			continue
		}
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), f.ctype) || !bytes.HasPrefix(b, []byte(f.magic)) {
			t.Errorf("GET %s: %s %q, %d bytes", f.name, res.Status, res.Header.Get("Content-Type"), len(b))
		}
		if out, ok := jr.Manifest.Outputs[f.name]; ok && out.Size != len(b) {
			t.Errorf("%s: downloaded %d bytes, manifest says %d", f.name, len(b), out.Size)
		}
		if f.name == "pdf" {
			checkDisposition(t, res.Header.Get("Content-Disposition"), jr.Manifest.Title+".pdf")
		}
	}
}

func TestAPIAcceptPDF(t *testing.T) {
	freshS3(t)
	resp := callAPI(t, apiEvent(t, nil, map[string]string{"accept": "application/pdf"}))
	if resp.StatusCode != http.StatusOK || resp.Headers["Content-Type"] != "application/pdf" || !resp.IsBase64Encoded {
		t.Fatalf("status %d %v base64 %v", resp.StatusCode, resp.Headers, resp.IsBase64Encoded)
	}
	pdf, err := base64.StdEncoding.DecodeString(resp.Body)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("body is not a base64 PDF: %v", err)
	}
	checkDisposition(t, resp.Headers["Content-Disposition"], "全国网信办主任会议在京召开.pdf")
}

// A direct invoke takes the API's body as its event.
func TestDirectInvoke(t *testing.T) {
	freshS3(t)
	r := invoke(t, readEvent(t, "invoke-text.json"))
	var jr jobResponse
	if err := json.Unmarshal(r.Body, &jr); err != nil || jr.URLs["pdf"] == "" || jr.Manifest.Title != "全国网信办主任会议在京召开" {
		t.Fatalf("direct invoke: %s (%v)", r.Body, err)
	}
	r = invoke(t, []byte(`{"url":"https://a.example/","text":"x"}`))
	if fe := r.FunctionError(); fe != "bad_request" {
		t.Errorf("ambiguous direct invoke: %s", r.Body)
	}
}

func TestAPIErrors(t *testing.T) {
	freshS3(t)
	str := func(s string) *string { return &s }
	job := func(v any) *string { b, _ := json.Marshal(v); return str(string(b)) }
	big := strings.Repeat("<p>"+strings.Repeat("长", 300)+"</p>", maxInputBytes/900+10)
	cases := []struct {
		name    string
		body    *string
		headers map[string]string
		status  int
		code    string
	}{
		{"malformed", str(`{"html": `), nil, 400, "bad_request"},
		{"ambiguous", job(map[string]string{"url": env.origin + "/a", "text": "正文"}), nil, 400, "bad_request"},
		{"unknown field", job(map[string]string{"htm": "<p>x</p>"}), nil, 400, "bad_request"},
		{"forbidden address", job(map[string]string{"url": env.denied + "/article"}), nil, 403, "forbidden_address"},
		{"too large", job(map[string]string{"html": "<html><body>" + big + "</body></html>"}), nil, 413, "too_large"},
		{"content type", nil, map[string]string{"content-type": "text/plain"}, 415, "unsupported_media_type"},
		{"not an article", job(map[string]string{"html": `<html><head><title>首页</title></head><body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav><script>var a = 1;</script></body></html>`}), nil, 422, "not_an_article"},
		{"source failed", job(map[string]string{"url": env.origin + "/error"}), nil, 502, "source_failed"},
		{"source timed out", job(map[string]string{"url": env.origin + "/slow"}), nil, 504, "source_timeout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := callAPI(t, apiEvent(t, c.body, c.headers))
			var e struct {
				Error     struct{ Code, Message string } `json:"error"`
				RequestID string                         `json:"request_id"`
			}
			if err := json.Unmarshal([]byte(resp.Body), &e); err != nil {
				t.Fatalf("body %q: %v", resp.Body, err)
			}
			if resp.StatusCode != c.status || e.Error.Code != c.code || e.Error.Message == "" || e.RequestID == "" {
				t.Errorf("got %d %s, want %d %s with a message and request_id", resp.StatusCode, resp.Body, c.status, c.code)
			}
			// One log line for the request, with what the caller was told.
			lines := conversionLines(t, resp.logStart)
			if len(lines) != 1 || lines[0]["code"] != c.code || lines[0]["status"] != float64(c.status) || lines[0]["request_id"] != e.RequestID {
				t.Errorf("log lines %v: want one for %d %s", lines, c.status, c.code)
			}
		})
	}
	// Our own fault, here S3 refusing the PDF, is the only 500, and its
	// message does not leak our bucket or endpoint.
	env.failPUT.Store(".pdf")
	resp := callAPI(t, readEvent(t, "api-convert.json"))
	env.failPUT.Store("")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(resp.Body, `"storage_error"`) ||
		strings.Contains(resp.Body, bucket) || strings.Contains(resp.Body, "127.0.0.1") {
		t.Errorf("S3 failing: %d %s, want 500 storage_error without internals", resp.StatusCode, resp.Body)
	}

	// A URL fetched from the allowed origin converts: the 502 and 504
	// above are the site's doing, not a blanket refusal.
	resp = callAPI(t, apiEvent(t, job(map[string]any{"url": env.origin + "/article", "options": map[string]any{"formats": []string{"epub"}}}), nil))
	if resp.StatusCode != http.StatusOK {
		t.Errorf("URL from the allowed origin: %d %s", resp.StatusCode, resp.Body)
	}
}
