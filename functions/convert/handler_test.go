package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/pkg/article"
	"github.com/bookify/article2book/pkg/convert"
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
		{[]string{"MAX_INPUT_BYTES", "lots"}, "MAX_INPUT_BYTES"},
		{[]string{"FETCH_TIMEOUT", "-1s"}, "FETCH_TIMEOUT"},
		{[]string{"S3_FORCE_PATH_STYLE", "yes please"}, "S3_FORCE_PATH_STYLE"},
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
	if c.loop("uploads") != nil || !errors.Is(c.loop("books"), errLoop) {
		t.Errorf("loop(uploads) %v, loop(books) %v", c.loop("uploads"), c.loop("books"))
	}
}

func TestOutBase(t *testing.T) {
	h := &Handler{Cfg: &Config{InputPrefix: "inbox/", OutputPrefix: "out/"}}
	for in, want := range map[string]string{
		"inbox/a.txt":            "out/a",
		"inbox/新闻/光明网 文章.html":   "out/新闻/光明网 文章",
		"inbox/x/y.z/page.htm":   "out/x/y.z/page",
		"inbox/archive.tar.json": "out/archive.tar",
	} {
		if got := h.outBase(in); got != want {
			t.Errorf("outBase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	for title, want := range map[string]string{
		"全国网信办主任会议在京召开":           "全国网信办主任会议在京召开.pdf",
		"Go 1.26: what's \"new\"": "Go 1.26_ what's _new_.pdf",
		"a/b\\c":                  "a_b_c.pdf",
		"  ":                      "book.pdf",
		"100% 真实":                 "100% 真实.pdf",
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
		{wrap(article.ErrNotArticle), 422},
		{wrap(article.ErrEmpty), 422},
		{wrap(&fetch.HTTPStatusError{URL: "https://x.example/", StatusCode: 500, Status: "500 Internal Server Error"}), 502},
		{wrap(fetch.ErrTimeout), 504},
		{wrap(context.DeadlineExceeded), 504},
		{fmt.Errorf("%w: put: %w", errStorage, errors.New("connection reset")), 500},
		{errors.New("render PDF: index out of range"), 500},
	} {
		if got := classify(tc.err); got.Status != tc.status || got.Code == "" {
			t.Errorf("classify(%v) = %d %q, want %d", tc.err, got.Status, got.Code, tc.status)
		}
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
	if _, err := acceptDocument("image/png"); classify(err).Status != http.StatusNotAcceptable {
		t.Errorf("image/png: %v, want 406", err)
	}
}

func TestDocumentResponse(t *testing.T) {
	h := &Handler{Cfg: &Config{}, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: time.Now}
	resp := func(n int) *jobResponse {
		return &jobResponse{
			Manifest: &Manifest{Title: "全国网信办主任会议在京召开", Outputs: map[string]Output{"pdf": {Key: "out/api/x/book.pdf", ContentType: "application/pdf"}}},
			URLs:     map[string]string{"pdf": "https://bucket.example/out/api/x/book.pdf?X-Amz-Signature=abc"},
			res:      &convert.Result{PDF: append([]byte("%PDF-"), make([]byte, n)...)},
		}
	}
	small := h.document(context.Background(), resp(1000), "pdf")
	if small.StatusCode != 200 || !small.IsBase64Encoded || small.Headers["Content-Type"] != "application/pdf" || !strings.Contains(small.Headers["Content-Disposition"], "filename*=UTF-8''") {
		t.Errorf("small document: %d %v", small.StatusCode, small.Headers)
	}
	// Past Lambda's 6 MB response, the client is sent to the download link.
	big := h.document(context.Background(), resp(5<<20), "pdf")
	if big.StatusCode != http.StatusSeeOther || big.Headers["Location"] != resp(0).URLs["pdf"] || len(big.Body) > 1<<20 {
		t.Errorf("big document: %d %v, %d-byte body", big.StatusCode, big.Headers, len(big.Body))
	}
	if r := h.document(context.Background(), resp(10), "epub"); r.StatusCode != http.StatusNotAcceptable {
		t.Errorf("format not produced: %d", r.StatusCode)
	}
}

// One malformed key does not hide the other records of the event.
func TestS3EventBadKey(t *testing.T) {
	var logs strings.Builder
	h := &Handler{
		Cfg:   &Config{InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 20},
		Store: &storage.Dir{Root: t.TempDir()},
		Log:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Now:   time.Now,
	}
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
	h := &Handler{
		Cfg:   &Config{InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 20},
		Store: dir,
		Log:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Now:   time.Now,
	}
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
