package service

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/testbook"
)

// A book read in time whose rendering outlasts the invocation's deadline
// (less the reserve) fails with render_timeout, in the upload's error
// report and in the API's error body, within the reserve.
func TestRenderTimeoutReported(t *testing.T) {
	// 1.38 million characters, under a book's cap, take over two
	// seconds of CPU to set, a tenth of one to read. An
	// upload of 4.05 s keeps 3 s to write its report: 1.05 s of work. A
	// request's body takes time to parse before work starts, and with
	// under a second left work keeps a quarter of what remains instead:
	// a request of 1 s has 0.75 s of work. The setting outlasts both.
	// (The service sets its own deadlines from the invocation's, so a
	// context ending at a point of progress, as the CLI's and convert's
	// tests use, cannot stand in here.)
	// On one core: the layout has grown fast enough to set such a book in
	// about a second on two cores at a good moment of this machine, and a
	// Lambda function of 1,024 MB has less than one vCPU anyway. On one
	// core it takes over twice its 1.05 s here.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	// And with the collector run at every 1 % of growth: total fit now
	// starts from the first-fit lines (session 7), and the book, as long
	// as a book's cap lets it be, was set in 1.29 s on one core at a good
	// hour, a fifth over the 1.05 s; collecting that often makes it 2.3 s.
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	long := testbook.LongText(1_380_000)
	const deadline, requestDeadline = 4050 * time.Millisecond, time.Second
	t.Run("upload", func(t *testing.T) {
		s, _, c := s3Service(t, io.Discard)
		s.Cfg.MaxInputBytes = 8 << 20
		in := upload(t, c, "inbox/long.txt", long)
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		start := time.Now()
		err := s.ConvertObject(ctx, "s3", in)
		if took := time.Since(start); took >= deadline {
			t.Errorf("returned after %v, past the invocation's deadline", took)
		}
		if err == nil || Classify(err).Code != "render_timeout" {
			t.Fatalf("error %v, want render_timeout", err)
		}
		checkReport(t, c, "out/files/long.txt", "render_timeout")
	})
	t.Run("api", func(t *testing.T) {
		s, _, _ := s3Service(t, io.Discard)
		s.Cfg.MaxInputBytes, s.Cfg.OutputBucket = 8<<20, faultBucket
		body, _ := json.Marshal(map[string]string{"text": string(long)})
		ctx, cancel := context.WithTimeout(context.Background(), requestDeadline)
		defer cancel()
		resp := s.ConvertRequest(ctx, Request{Header: http.Header{"Content-Type": {"application/json"}}, Body: body})
		var e errorResponse
		if err := json.NewDecoder(bytes.NewReader(resp.Body)).Decode(&e); err != nil {
			t.Fatal(err)
		}
		if resp.Status != http.StatusGatewayTimeout || e.Error.Code != "render_timeout" || !strings.Contains(e.Error.Message, "rendering stopped") || e.RequestID == "" {
			t.Errorf("answer %d %s, want 504 render_timeout", resp.Status, resp.Body)
		}
	})
}
