package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/bookify/article2book/pkg/storage"
	"github.com/bookify/article2book/pkg/storage/s3store"
)

// faultyS3 is an S3 protocol server (gofakes3) on loopback behind a switch
// that injects one fault into the requests it matches.
type faultyS3 struct {
	mu     sync.Mutex
	method string // GET or PUT; empty: any
	suffix string // of the request path
	times  int    // requests still to spoil; negative: all of them
	fault  func(w http.ResponseWriter, r *http.Request, next http.Handler)
	faker  http.Handler
}

func (f *faultyS3) set(method, suffix string, times int, fault func(http.ResponseWriter, *http.Request, http.Handler)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.method, f.suffix, f.times, f.fault = method, suffix, times, fault
}

func (f *faultyS3) heal() { f.set("", "", 0, nil) }

func (f *faultyS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	fault := f.fault
	if fault == nil || f.times == 0 || f.method != "" && r.Method != f.method || !strings.HasSuffix(r.URL.Path, f.suffix) {
		fault = nil
	} else if f.times > 0 {
		f.times--
	}
	f.mu.Unlock()
	if fault == nil {
		f.faker.ServeHTTP(w, r)
		return
	}
	fault(w, r, f.faker)
}

// serverError answers S3's 500, which the SDK retries.
func serverError(w http.ResponseWriter, r *http.Request, _ http.Handler) {
	io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected failure</Message></Error>`)
}

// cut drops the connection without an answer.
func cut(w http.ResponseWriter, r *http.Request, _ http.Handler) { panic(http.ErrAbortHandler) }

// answer runs the real server and returns its answer, for a fault to spoil.
func answer(r *http.Request, next http.Handler) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	return rec
}

// truncated sends the object's headers, its true Content-Length
// included, then half the body, and drops the connection.
func truncated(w http.ResponseWriter, r *http.Request, next http.Handler) {
	rec := answer(r, next)
	body := rec.Body.Bytes()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	w.Write(body[:len(body)/2])
	w.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}

// shortLength answers a complete-looking response of the wrong length:
// Content-Length and body agree on half the object. withChecksum adds the
// object's CRC32, which S3 sends for objects stored with one.
func shortLength(withChecksum bool) func(http.ResponseWriter, *http.Request, http.Handler) {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := answer(r, next)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		if withChecksum {
			sum := binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(body))
			w.Header().Set("x-amz-checksum-crc32", base64.StdEncoding.EncodeToString(sum))
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)/2))
		w.WriteHeader(rec.Code)
		w.Write(body[:len(body)/2])
	}
}

// slow holds every matching request for d (or until the client gives up).
func slow(d time.Duration) func(http.ResponseWriter, *http.Request, http.Handler) {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		select {
		case <-time.After(d):
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}
}

const faultBucket = "uploads"

// s3Service is a Service on a real S3 protocol server behind faults, as
// the Lambda runs it: outputs beside the inputs, in the same bucket.
func s3Service(t *testing.T, logs io.Writer) (*Service, *faultyS3, *s3.Client) {
	t.Helper()
	f := &faultyS3{faker: gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)).Server()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: f, ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	client := s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String("http://" + ln.Addr().String()),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		// The SDK's own retries stay on (3 attempts), as in the function.
		DisableLogOutputChecksumValidationSkipped: true,
	})
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(faultBucket)}); err != nil {
		t.Fatal(err)
	}
	store := s3store.New(client)
	return &Service{
		Cfg:   &Config{InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 20, PresignTTL: time.Hour},
		Store: store, Links: store, Log: slog.New(slog.NewJSONHandler(logs, nil)), Version: "test", Now: time.Now,
	}, f, client
}

// upload stores an input and returns the object as its event names it.
func upload(t *testing.T, c *s3.Client, key string, body []byte) Object {
	t.Helper()
	out, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(faultBucket), Key: aws.String(key), Body: bytes.NewReader(body)})
	if err != nil {
		t.Fatal(err)
	}
	return Object{Bucket: faultBucket, Key: key, ETag: storage.TrimETag(aws.ToString(out.ETag)), Size: int64(len(body))}
}

// outputs lists the keys under prefix.
func outputs(t *testing.T, c *s3.Client, prefix string) []string {
	t.Helper()
	out, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(faultBucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	sort.Strings(keys)
	return keys
}

func readS3(t *testing.T, c *s3.Client, key string) []byte {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(faultBucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sampleText(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/sample-zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkReport checks <base>.error.json names code.
func checkReport(t *testing.T, c *s3.Client, base, code string) {
	t.Helper()
	var rep errorReport
	if err := json.Unmarshal(readS3(t, c, base+".error.json"), &rep); err != nil || rep.Error.Code != code || rep.Error.Message == "" {
		t.Errorf("error report %+v (%v), want code %s", rep, err, code)
	}
}

// checkComplete checks the book under base is complete: manifest, both
// documents as the manifest records them, no error report. (The books
// themselves are checked by the tests that do not break S3.)
func checkComplete(t *testing.T, c *s3.Client, base string, in Object) {
	t.Helper()
	want := []string{base + ".epub", base + ".json", base + ".pdf"}
	if got := outputs(t, c, base); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("outputs %v, want %v", got, want)
	}
	var m Manifest
	if err := json.Unmarshal(readS3(t, c, base+".json"), &m); err != nil {
		t.Fatal(err)
	}
	if m.Input == nil || m.Input.ETag != in.ETag || m.Input.Size != in.Size {
		t.Errorf("manifest input %+v, want %+v", m.Input, in)
	}
	for name, o := range m.Outputs {
		sum := sha256.Sum256(readS3(t, c, o.Key))
		if hex.EncodeToString(sum[:]) != o.SHA256 {
			t.Errorf("%s: SHA-256 %x, the manifest says %s", name, sum, o.SHA256)
		}
	}
}

// A failed PutObject, whether S3 answers 500 or cuts the connection: no
// manifest, an error report, the error returned for the retry; the retry
// then completes cleanly. A single transient failure is absorbed by the
// SDK's own retries.
func TestS3PutFaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(http.ResponseWriter, *http.Request, http.Handler)
		times int
	}{
		{"500 on every attempt", serverError, -1},
		{"connection cut on every attempt", cut, -1},
		{"one 500", serverError, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			s, f, c := s3Service(t, &logs)
			ctx := context.Background()
			in := upload(t, c, "inbox/a.txt", sampleText(t))
			f.set("PUT", "/out/files/a.txt.epub", tc.times, tc.fault)
			err := s.ConvertObject(ctx, "s3", in)
			if tc.times > 0 {
				if err != nil {
					t.Fatalf("transient failure not retried by the SDK: %v", err)
				}
				checkComplete(t, c, "out/files/a.txt", in)
				return
			}
			if Classify(err).Code != "storage_error" {
				t.Fatalf("error %v, want storage_error", err)
			}
			if got := outputs(t, c, "out/"); strings.Join(got, " ") != "out/files/a.txt.error.json out/files/a.txt.pdf" {
				t.Errorf("after the failure: %v, want the PDF and the error report, no manifest", got)
			}
			checkReport(t, c, "out/files/a.txt", "storage_error")

			f.heal()
			if err := s.ConvertObject(ctx, "s3", in); err != nil {
				t.Fatalf("retry: %v\n%s", err, logs.String())
			}
			checkComplete(t, c, "out/files/a.txt", in)
		})
	}
}

// A GetObject whose body is cut short or of the wrong length fails the
// conversion: nothing but the error report is written, and the retry
// converts.
func TestS3GetFaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(http.ResponseWriter, *http.Request, http.Handler)
		size  bool // the event states the size
	}{
		// net/http sees fewer bytes than Content-Length.
		{"connection cut mid-body", truncated, true},
		// The SDK checks the CRC32 S3 sends.
		{"short, with the object's checksum", shortLength(true), false},
		// Only the event's size tells.
		{"short, without a checksum", shortLength(false), true},
		{"connection cut before the answer", cut, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			s, f, c := s3Service(t, &logs)
			ctx := context.Background()
			in := upload(t, c, "inbox/a.txt", sampleText(t))
			ev := in
			if !tc.size {
				ev.Size = 0
			}
			f.set("GET", "/inbox/a.txt", -1, tc.fault)
			err := s.ConvertObject(ctx, "s3", ev)
			if Classify(err).Code != "storage_error" {
				t.Fatalf("error %v, want storage_error\n%s", err, logs.String())
			}
			if got := outputs(t, c, "out/"); strings.Join(got, " ") != "out/files/a.txt.error.json" {
				t.Errorf("after the failure: %v, want only the error report", got)
			}
			checkReport(t, c, "out/files/a.txt", "storage_error")
			f.heal()
			if err := s.ConvertObject(ctx, "s3", ev); err != nil {
				t.Fatalf("retry: %v", err)
			}
			checkComplete(t, c, "out/files/a.txt", in)
		})
	}
}

// A slow S3: the conversion gives up before the invocation's deadline,
// with time left to log it and, when S3 still takes writes, to write the
// error report.
func TestS3Slow(t *testing.T) {
	for _, tc := range []struct {
		name, method, suffix string
		report               bool
	}{
		{"input read hangs", "GET", "/inbox/a.txt", true},
		{"document write hangs", "PUT", "/out/files/a.txt.pdf", true},
		{"every request hangs", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			s, f, c := s3Service(t, &logs)
			in := upload(t, c, "inbox/a.txt", sampleText(t))
			// What aws-lambda-go hands the handler: the invocation's deadline.
			const timeout = 5 * time.Second
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			f.set(tc.method, tc.suffix, -1, slow(time.Minute))
			start := time.Now()
			err := s.ConvertObject(ctx, "s3", in)
			took := time.Since(start)
			if took >= timeout-100*time.Millisecond {
				t.Errorf("returned after %v, at the invocation's deadline of %v", took, timeout)
			}
			if err == nil || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "gave up before the invocation's deadline") {
				t.Fatalf("error %v, want the deadline named", err)
			}
			if !strings.Contains(logs.String(), `"outcome":"failed"`) {
				t.Errorf("no failure logged:\n%s", logs.String())
			}
			f.heal()
			if tc.report {
				checkReport(t, c, "out/files/a.txt", "storage_error")
			}
			if keys := outputs(t, c, "out/"); strings.Contains(strings.Join(keys, " "), "out/files/a.txt.json") {
				t.Errorf("manifest written: %v", keys)
			}
		})
	}
}
