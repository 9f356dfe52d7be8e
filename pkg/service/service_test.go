package service

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
	if c.CheckLoop("uploads") != nil || !errors.Is(c.CheckLoop("books"), ErrLoop) {
		t.Errorf("loop(uploads) %v, loop(books) %v", c.CheckLoop("uploads"), c.CheckLoop("books"))
	}
}

func TestOutBase(t *testing.T) {
	s := &Service{Cfg: &Config{InputPrefix: "inbox/", OutputPrefix: "out/"}}
	for in, want := range map[string]string{
		"inbox/a.txt":            "out/a",
		"inbox/新闻/光明网 文章.html":   "out/新闻/光明网 文章",
		"inbox/x/y.z/page.htm":   "out/x/y.z/page",
		"inbox/archive.tar.json": "out/archive.tar",
	} {
		if got := s.outBase(in); got != want {
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
		if got := Classify(tc.err); got.Status != tc.status || got.Code == "" {
			t.Errorf("Classify(%v) = %d %q, want %d", tc.err, got.Status, got.Code, tc.status)
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
