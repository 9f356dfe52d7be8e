package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/storage"
)

func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadConfig(t *testing.T) {
	c, err := LoadConfig(env())
	if err != nil {
		t.Fatal(err)
	}
	if c.InputPrefix != "inbox/" || c.OutputPrefix != "out/" || c.OutputBucket != "" || c.MaxInputBytes != convert.MaxInputBytes || c.PathStyle {
		t.Errorf("defaults %+v", c)
	}
	for _, tc := range []struct {
		kv      []string
		wantErr string
	}{
		{[]string{"INPUT_PREFIX", "inbox/", "OUTPUT_PREFIX", "inbox/out/"}, "overlap"},
		{[]string{"INPUT_PREFIX", "", "OUTPUT_PREFIX", "out/"}, "overlap"},
		{[]string{"OUTPUT_PREFIX", ""}, "overlap"},
		{[]string{"INPUT_PREFIX", "", "OUTPUT_BUCKET", "other"}, ""},
		{[]string{"PAGE_SIZE", "B7"}, "PAGE_SIZE"},
		{[]string{"WRITING_MODE", "diagonal"}, "WRITING_MODE"},
		{[]string{"WRITING_MODE", "vertical"}, ""},
		{[]string{"PDF_STANDARD", "pdf/x"}, "PDF_STANDARD"},
		{[]string{"PDF_STANDARD", "UA1"}, ""},
		{[]string{"MAX_INPUT_BYTES", "lots"}, "MAX_INPUT_BYTES"},
		{[]string{"FETCH_TIMEOUT", "-1s"}, "FETCH_TIMEOUT"},
		{[]string{"S3_FORCE_PATH_STYLE", "yes please"}, "S3_FORCE_PATH_STYLE"},
		{[]string{"MAX_CONVERSIONS", "0"}, "MAX_CONVERSIONS"},
		{[]string{"MAX_CONVERSIONS", "8"}, ""},
		{[]string{"S3_FORCE_PATH_STYLE", "true", "PAGE_SIZE", "a4", "FETCH_ALLOW", "127.0.0.1:8080"}, ""},
		{[]string{"AWS_LAMBDA_LOG_LEVEL", "TRACE"}, ""},
		{[]string{"AWS_LAMBDA_LOG_LEVEL", "fatal"}, ""},
		{[]string{"AWS_LAMBDA_LOG_LEVEL", "warn"}, ""},
		{[]string{"AWS_LAMBDA_LOG_LEVEL", "LOUD"}, "AWS_LAMBDA_LOG_LEVEL"},
	} {
		_, err := LoadConfig(env(tc.kv...))
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("%q: error %v, want %q", tc.kv, err, tc.wantErr)
		}
	}
	// With another output bucket the prefixes may overlap, but an event
	// from the output bucket itself is refused.
	c, err = LoadConfig(env("OUTPUT_BUCKET", "books", "INPUT_PREFIX", ""))
	if err != nil {
		t.Fatal(err)
	}
	if c.CheckLoop("uploads") != nil || !errors.Is(c.CheckLoop("books"), ErrLoop) {
		t.Errorf("loop(uploads) %v, loop(books) %v", c.CheckLoop("uploads"), c.CheckLoop("books"))
	}
}

func TestContentDisposition(t *testing.T) {
	for title, want := range map[string]string{
		"全国网信办主任会议在京召开":               "全国网信办主任会议在京召开.pdf",
		"Go 1.26: what's \"new\"":     "Go 1.26_ what's _new_.pdf",
		"a/b\\c":                      "a_b_c.pdf",
		"  ":                          "book.pdf",
		"100% 真实":                     "100% 真实.pdf",
		"Invoice \u202egpj.exe\u202c": "Invoice gpj.exe.pdf",
		"a\u200b\u2066b\ufeff":        "ab.pdf",
	} {
		cd := contentDisposition(title, ".pdf")
		for _, r := range cd {
			if r > 0x7e || r < 0x20 {
				t.Errorf("%q: header %q is not printable ASCII", title, cd)
				break
			}
		}
		disp, params, err := mime.ParseMediaType(cd)
		if err != nil || disp != "attachment" || params["filename"] != want {
			t.Errorf("%q: %q parses as %q %q (%v), want file name %q", title, cd, disp, params["filename"], err, want)
		}
		// The plain filename parameter alone (old clients) is ASCII and
		// keeps the extension.
		plain := cd[strings.Index(cd, `filename="`)+10:]
		plain = plain[:strings.Index(plain, `"`)]
		if !strings.HasSuffix(plain, ".pdf") || strings.ContainsAny(plain, "\"\\%") {
			t.Errorf("%q: fallback file name %q", title, plain)
		}
	}
}

func TestClassify(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("inbox/a.html: %w", err) }
	for _, tc := range []struct {
		err    error
		status int
	}{
		{wrap(convert.ErrBadJob), 400},
		{wrap(fetch.ErrScheme), 400},
		{wrap(fetch.ErrForbiddenAddress), 403},
		{wrap(convert.ErrTooLarge), 413},
		{wrap(storage.ErrTooLarge), 413},
		{fmt.Errorf("%w: %w", errStorage, storage.ErrTooLarge), 413},
		{wrap(fetch.ErrContentType), 415},
		{wrap(extract.ErrNotText), 415},
		{wrap(extract.ErrBadText), 422},
		{wrap(extract.ErrNotArticle), 422},
		{wrap(extract.ErrEmpty), 422},
		{wrap(&fetch.HTTPStatusError{URL: "https://x.example/", StatusCode: 500, Status: "500 Internal Server Error"}), 502},
		{wrap(fetch.ErrConnection), 502},
		{wrap(fetch.ErrTimeout), 504},
		{fmt.Errorf("no article of the book could be read: %w", convert.ErrBudget), 504},
		{wrap(context.DeadlineExceeded), 504},
		{fmt.Errorf("%w: put: %w", errStorage, errors.New("connection reset")), 500},
		{errors.New("render PDF: index out of range"), 500},
	} {
		if got := Classify(tc.err); got.Status != tc.status || got.Code == "" {
			t.Errorf("Classify(%v) = %d %q, want %d", tc.err, got.Status, got.Code, tc.status)
		}
	}
	if got := Classify(nil); got != nil {
		t.Errorf("Classify(nil) = %+v, want nil", got)
	}
}

func TestAcceptDocument(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                   "",
		"application/json":                   "",
		"*/*":                                "",
		"application/pdf":                    "pdf",
		"application/epub+zip, */*;q=0.1":    "epub",
		"text/html, application/pdf;q=0.9":   "pdf",
		"application/pdf;q=0, application/*": "",
	} {
		got, err := acceptDocument(accept)
		if err != nil || got != want {
			t.Errorf("acceptDocument(%q) = %q, %v; want %q", accept, got, err, want)
		}
	}
	if _, err := acceptDocument("image/png"); Classify(err).Status != http.StatusNotAcceptable {
		t.Errorf("image/png: %v, want 406", err)
	}
}

func TestDocumentResponse(t *testing.T) {
	s := &Service{Cfg: &Config{}, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: time.Now}
	resp := func(n int) *JobResponse {
		return &JobResponse{
			Manifest: &Manifest{Title: "全国网信办主任会议在京召开", Outputs: map[string]Output{"pdf": {Key: "out/api/x/book.pdf", ContentType: "application/pdf"}}},
			URLs:     map[string]string{"pdf": "https://bucket.example/out/api/x/book.pdf?X-Amz-Signature=abc"},
			res:      &convert.Result{PDF: append([]byte("%PDF-"), make([]byte, n)...)},
		}
	}
	small := s.document(context.Background(), resp(1000), "pdf")
	if small.Status != 200 || small.IsJSON() || small.Header.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(small.Header.Get("Content-Disposition"), "filename*=UTF-8''") || len(small.Body) != 1005 {
		t.Errorf("small document: %d %v", small.Status, small.Header)
	}
	// Past Lambda's 6 MB response, the client is sent to the download link.
	big := s.document(context.Background(), resp(5<<20), "pdf")
	if big.Status != http.StatusSeeOther || big.Header.Get("Location") != resp(0).URLs["pdf"] || !big.IsJSON() || len(big.Body) > 1<<20 {
		t.Errorf("big document: %d %v, %d-byte body", big.Status, big.Header, len(big.Body))
	}
	if r := s.document(context.Background(), resp(10), "epub"); r.Status != http.StatusNotAcceptable || !r.IsJSON() {
		t.Errorf("format not produced: %d", r.Status)
	}
}

type fakeLinks struct{}

func (fakeLinks) PresignGet(_ context.Context, bucket, key string, _ time.Duration) (string, error) {
	return "https://" + bucket + ".example/" + key + "?X-Amz-Signature=x", nil
}

// testClock is the services' clock in tests: no test depends on the day
// it runs.
func testClock() time.Time { return time.Date(2027, 3, 14, 9, 26, 53, 0, time.UTC) }

func testService(t testing.TB, logs io.Writer) (*Service, *storage.Dir) {
	t.Helper()
	dir := &storage.Dir{Root: t.TempDir()}
	return &Service{
		Cfg:   &Config{OutputBucket: "books", InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 10, PresignTTL: time.Hour},
		Store: dir, Links: fakeLinks{}, Log: slog.New(slog.NewJSONHandler(logs, nil)), Version: "test", Now: testClock,
	}, dir
}

func TestConvertRequest(t *testing.T) {
	s, dir := testService(t, io.Discard)
	ctx := WithRequestID(context.Background(), "req-1")
	job := `{"text": "Title: 标题\n\n第一段正文。\n"}`
	jsonCT := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	for _, tc := range []struct {
		name   string
		req    Request
		status int
		code   string
	}{
		{"ok", Request{Method: "POST", Header: jsonCT, Body: []byte(job)}, 200, ""},
		{"no method given", Request{Header: jsonCT, Body: []byte(job)}, 200, ""},
		{"GET", Request{Method: "GET", Header: jsonCT}, 405, "method_not_allowed"},
		{"text/plain", Request{Method: "POST", Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(job)}, 415, "unsupported_media_type"},
		{"too large", Request{Method: "POST", Header: jsonCT, Body: []byte(`{"text": "` + strings.Repeat("x", 2<<10) + `"}`)}, 413, "too_large"},
		{"Accept image", Request{Method: "POST", Header: http.Header{"Content-Type": {"application/json"}, "Accept": {"image/png"}}, Body: []byte(job)}, 406, "not_acceptable"},
		{"malformed", Request{Method: "POST", Header: jsonCT, Body: []byte(`{"text": `)}, 400, "bad_request"},
		{"two inputs", Request{Method: "POST", Header: jsonCT, Body: []byte(`{"text": "x", "url": "https://example.com/"}`)}, 400, "bad_request"},
		{"empty text", Request{Method: "POST", Header: jsonCT, Body: []byte(`{"text": ""}`)}, 422, "not_an_article"},
		{"unknown conversion", Request{Method: "POST", Header: jsonCT, Body: []byte(`{"text": "x", "options": {"convert": "s2x"}}`)}, 400, "bad_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.ConvertRequest(ctx, tc.req)
			var body struct {
				RequestID string            `json:"request_id"`
				URLs      map[string]string `json:"urls"`
				Error     *errorBody        `json:"error"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil || !r.IsJSON() {
				t.Fatalf("%d %q: %v", r.Status, r.Body, err)
			}
			if r.Status != tc.status || body.RequestID != "req-1" {
				t.Errorf("%d %s, want %d", r.Status, r.Body, tc.status)
			}
			if tc.code == "" && (body.URLs["pdf"] == "" || body.URLs["epub"] == "" || body.URLs["manifest"] == "") {
				t.Errorf("urls %v", body.URLs)
			}
			if tc.code != "" && (body.Error == nil || body.Error.Code != tc.code || body.Error.Message == "") {
				t.Errorf("error %s, want %s", r.Body, tc.code)
			}
		})
	}
	// The book the requests made (both under request id req-1) is valid.
	epubs, _ := filepath.Glob(filepath.Join(dir.Root, "*", "out", "api", "*", "req-1", "book.epub"))
	if len(epubs) != 1 {
		t.Fatalf("EPUBs written: %v, want one", epubs)
	}
	for _, p := range epubs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		verify.EPUBCheck(t, data)
	}
}

// A failure the caller can fix is logged as a warning, ours as an error,
// and every error answer, even one no conversion logged, has a request ID.
func TestFailureLogLevel(t *testing.T) {
	var logs bytes.Buffer
	s, _ := testService(t, &logs)
	jsonCT := http.Header{"Content-Type": {"application/json"}}
	r := s.ConvertRequest(context.Background(), Request{Method: "POST", Header: jsonCT, Body: []byte(`{"text": "   "}`)})
	if r.Status != 422 {
		t.Fatalf("%d %s, want 422", r.Status, r.Body)
	}
	var line struct{ Level, Outcome string }
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil || line.Outcome != "failed" || line.Level != "WARN" {
		t.Errorf("log %q: want one WARN line of a failed conversion", logs.String())
	}
	logs.Reset()
	s.Cfg.OutputBucket = ""
	r = s.ConvertRequest(context.Background(), Request{Method: "POST", Header: jsonCT, Body: []byte(`{"text": "x"}`)})
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil || r.Status != 500 || line.Level != "ERROR" {
		t.Errorf("%d, log %q: want one ERROR line", r.Status, logs.String())
	}
	r = ErrorResponse(context.Background(), NewError(http.StatusNotFound, "not_found", "no such file"))
	var body struct {
		RequestID string `json:"request_id"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.RequestID == "" {
		t.Errorf("404 answer %s: want a request_id", r.Body)
	}
}

// A redelivered upload is not converted twice; a new version that fails
// leaves an error report, and no manifest vouching for the old book.
func TestConvertObjectOnce(t *testing.T) {
	var logs strings.Builder
	s, dir := testService(t, &logs)
	s.Cfg.OutputBucket = ""
	ctx := context.Background()
	put := func(body string) string {
		if err := dir.Put(ctx, "b", "inbox/a.txt", []byte(body), storage.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		info, err := dir.Head(ctx, "b", "inbox/a.txt")
		if err != nil {
			t.Fatal(err)
		}
		return info.ETag
	}
	etag := put("Title: 标题\n\n第一段正文。\n")
	obj := Object{Bucket: "b", Key: "inbox/a.txt", ETag: etag}
	for i, want := range []string{`"outcome":"ok"`, `"outcome":"skipped"`} {
		logs.Reset()
		if err := s.ConvertObject(ctx, "s3", obj); err != nil || !strings.Contains(logs.String(), want) {
			t.Fatalf("conversion %d: %v, want %s:\n%s", i, err, want, logs.String())
		}
	}
	m, err := dir.Get(ctx, "b", "out/files/a.txt.json", 0)
	if err != nil || !strings.Contains(string(m.Body), etag) {
		t.Fatalf("manifest: %v", err)
	}
	pdf, err := dir.Head(ctx, "b", "out/files/a.txt.pdf")
	if err != nil || pdf.ContentType != "application/pdf" || !strings.Contains(pdf.ContentDisposition, "filename*=UTF-8''%E6%A0%87%E9%A2%98.pdf") {
		t.Errorf("pdf %+v, %v", pdf, err)
	}
	book := []string{"标题", "第一段正文。"}
	if doc, err := dir.Get(ctx, "b", "out/files/a.txt.pdf", 0); err != nil {
		t.Error(err)
	} else {
		verify.InOrder(t, "pdf", book, verify.PDFText(t, doc.Body))
		verify.PDFFonts(t, doc.Body)
	}
	if doc, err := dir.Get(ctx, "b", "out/files/a.txt.epub", 0); err != nil {
		t.Error(err)
	} else {
		verify.InOrder(t, "epub", book, verify.EPUBText(t, doc.Body))
		verify.EPUBCheck(t, doc.Body)
	}

	obj.ETag = put("")
	if err := s.ConvertObject(ctx, "s3", obj); Classify(err).Code != "not_an_article" {
		t.Fatalf("empty upload: %v, want not_an_article", err)
	}
	rep, err := dir.Get(ctx, "b", "out/files/a.txt.error.json", 0)
	if err != nil || !strings.Contains(string(rep.Body), `"code": "not_an_article"`) {
		t.Errorf("error report: %v", err)
	}
	if _, err := dir.Head(ctx, "b", "out/files/a.txt.json"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("manifest of the old version: %v, want it gone", err)
	}
}

// A job's convert option rewrites the book, and the manifest tells the
// language written.
func TestConvertJobChinese(t *testing.T) {
	s, _ := testService(t, io.Discard)
	s.Cfg.MaxInputBytes = 1 << 20
	ctx := WithRequestID(context.Background(), "req-zh")
	resp, err := s.ConvertJob(ctx, "api", []byte(`{"text": "Title: 软件与网络\n\n这个软件的用户界面很好用，鼠标和键盘都能操作。\n", "options": {"convert": "s2twp", "formats": ["txt"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Manifest.Language != "zh-Hant-TW" || resp.Manifest.Title != "軟體與網路" {
		t.Errorf("manifest language %q, title %q; want zh-Hant-TW, 軟體與網路", resp.Manifest.Language, resp.Manifest.Title)
	}
}

// WRITING_MODE is the default; a job's writing_mode wins.
func TestConvertJobWritingMode(t *testing.T) {
	s, _ := testService(t, io.Discard)
	s.Cfg.MaxInputBytes = 1 << 20
	s.Cfg.WritingMode = "vertical"
	r2l := []byte("/Direction /R2L")
	for _, tc := range []struct {
		options string
		r2l     bool
	}{
		{`{"formats": ["pdf"]}`, true},
		{`{"formats": ["pdf"], "writing_mode": "horizontal"}`, false},
	} {
		resp, err := s.ConvertJob(WithRequestID(context.Background(), "req-wm"), "api", []byte(`{"text": "Title: 竖排\n\n第一段正文。\n", "options": `+tc.options+`}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(resp.res.PDF, r2l); got != tc.r2l {
			t.Errorf("options %s: right-to-left %v, want %v", tc.options, got, tc.r2l)
		}
	}
}
