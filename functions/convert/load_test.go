package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage"
)

type loadLinks struct{}

func (loadLinks) PresignGet(_ context.Context, bucket, key string, _ time.Duration) (string, error) {
	return "https://" + bucket + ".example/" + key, nil
}

// The handler called by 64 at once (a runtime that multiplexes, or the
// tests) keeps to its gate: API requests past the slots and the queue get
// 503 busy with Retry-After in API Gateway's shape, uploads wait for a
// slot and all convert; goroutines settle afterwards.
func TestHandlerUnderLoad(t *testing.T) {
	const clients, slots = 64, 4
	origin := verify.NewHeldOrigin(t)
	fetcher, err := fetch.New(fetch.Options{Allow: []string{origin.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	dir := &storage.Dir{Root: t.TempDir()}
	// Queued requests wait as long as the test needs: the queue's own
	// wait is TestGate's.
	gate := service.NewGate(slots, time.Hour)
	h := &Handler{Svc: &service.Service{
		Cfg:   &service.Config{OutputBucket: "books", InputPrefix: "inbox/", OutputPrefix: "out/", MaxInputBytes: 1 << 20, PresignTTL: time.Hour},
		Store: dir, Links: loadLinks{}, Fetcher: fetcher, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Version: "test", Now: func() time.Time { return time.Date(2027, 3, 14, 9, 26, 53, 0, time.UTC) }, Gate: gate,
	}}
	ctx := context.Background()
	baseline := runtime.NumGoroutine()

	t.Run("API", func(t *testing.T) {
		origin.Hold()
		body, _ := json.Marshal(map[string]string{"url": origin.URL + "/article"})
		ev, _ := json.Marshal(events.APIGatewayV2HTTPRequest{
			Version: "2.0", RouteKey: "POST /convert", RawPath: "/convert",
			Headers:        map[string]string{"content-type": "application/json"},
			RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST"}},
			Body:           string(body),
		})
		answers := make(chan events.APIGatewayV2HTTPResponse, clients)
		for range clients {
			go func() {
				out, err := h.Invoke(ctx, ev)
				if err != nil {
					t.Errorf("invoke: %v", err)
				}
				r, _ := out.(events.APIGatewayV2HTTPResponse)
				answers <- r
			}()
		}
		counts := map[int]int{}
		for i := range clients {
			if i == clients-2*slots {
				origin.Let()
			}
			r := <-answers
			counts[r.StatusCode]++
			if r.StatusCode == http.StatusServiceUnavailable {
				var e struct{ Error struct{ Code string } }
				if json.Unmarshal([]byte(r.Body), &e); e.Error.Code != "busy" || r.Headers["Retry-After"] != "2" {
					t.Errorf("503 %v %s, want busy with Retry-After: 2", r.Headers, r.Body)
				}
			}
		}
		if counts[200] != 2*slots || counts[503] != clients-2*slots {
			t.Errorf("answers %v, want %d 200 and %d 503", counts, 2*slots, clients-2*slots)
		}
		if _, peak := gate.Stats(); peak > slots || origin.Peak.Load() > slots {
			t.Errorf("%d conversions in flight (%d at the origin), want at most %d", peak, origin.Peak.Load(), slots)
		}
	})

	t.Run("uploads", func(t *testing.T) {
		origin.Hold()
		errs := make(chan error, clients)
		for i := range clients {
			key := fmt.Sprintf("inbox/u%d.url", i)
			if err := dir.Put(ctx, "uploads", key, []byte("[InternetShortcut]\nURL="+origin.URL+"/article\n"), storage.PutOptions{}); err != nil {
				t.Fatal(err)
			}
			ev := fmt.Sprintf(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"uploads"},"object":{"key":%q}}}]}`, key)
			go func() {
				_, err := h.Invoke(ctx, []byte(ev))
				errs <- err
			}()
		}
		// Once the slots are at the origin and every other upload waits
		// at the gate, nothing moves until the origin answers.
		verify.Await(t, "uploads waiting, slots at the origin", func() bool {
			return gate.Waiting() >= clients-slots && origin.InFlight.Load() >= slots
		})
		if n, _ := gate.Stats(); n != slots || origin.InFlight.Load() != slots {
			t.Errorf("%d conversions in flight (%d at the origin) while held, want %d", n, origin.InFlight.Load(), slots)
		}
		origin.Let()
		for range clients {
			if err := <-errs; err != nil {
				t.Errorf("upload: %v", err)
			}
		}
		for i := range clients {
			if _, err := dir.Head(ctx, "books", fmt.Sprintf("out/files/u%d.url.json", i)); err != nil {
				t.Errorf("upload %d: %v", i, err)
			}
		}
		if origin.Peak.Load() > slots {
			t.Errorf("%d conversions in flight at the origin, want at most %d", origin.Peak.Load(), slots)
		}
	})

	fetcher.CloseIdleConnections()
	after := verify.Settle(baseline)
	t.Logf("goroutines %d before, %d after; test process peak RSS %d MiB", baseline, after, verify.PeakRSS())
	if after > baseline {
		t.Errorf("goroutines: %d after the load, %d before", after, baseline)
	}
}
