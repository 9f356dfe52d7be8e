package service

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

// A request waits in the queue for at most the gate's wait; past the
// queue it is turned away at once; an upload waits as long as its context.
func TestGate(t *testing.T) {
	// In the bubble time is fake: it moves only when every goroutine is
	// blocked, so the waits below are exact and the test takes no time.
	synctest.Test(t, func(t *testing.T) {
		g := NewGate(1, 100*time.Millisecond)
		ctx := context.Background()
		release, err := g.enter(ctx)
		if err != nil {
			t.Fatal(err)
		}
		queued := make(chan error, 1)
		start := time.Now()
		go func() { _, err := g.enter(ctx); queued <- err }()
		synctest.Wait() // the second request waits in the queue
		if n := g.Waiting(); n != 1 {
			t.Errorf("%d waiting, want the queued request", n)
		}
		if _, err := g.enter(ctx); err != ErrBusy || time.Since(start) != 0 {
			t.Errorf("queue full: %v after %v, want ErrBusy at once", err, time.Since(start))
		}
		if err := <-queued; err != ErrBusy || time.Since(start) != 100*time.Millisecond {
			t.Errorf("queued: %v after %v, want ErrBusy after the wait", err, time.Since(start))
		}
		cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := g.await(cctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("upload waiting past its deadline: %v", err)
		}
		waited := make(chan func())
		go func() {
			r, err := g.await(ctx)
			if err != nil {
				t.Errorf("upload after release: %v", err)
			}
			waited <- r
		}()
		synctest.Wait() // the upload waits for the slot
		if n := g.Waiting(); n != 1 {
			t.Errorf("%d waiting, want the upload", n)
		}
		select {
		case <-waited:
			t.Fatal("upload got a taken slot")
		default:
		}
		release()
		release() // a second call releases nothing
		r2 := <-waited
		if n := g.Waiting(); n != 0 {
			t.Errorf("%d waiting after the upload took its slot", n)
		}
		if n, peak := g.Stats(); n != 1 || peak != 1 {
			t.Errorf("in flight %d, peak %d; want 1, 1", n, peak)
		}
		r2()
		if n, _ := g.Stats(); n != 0 {
			t.Errorf("in flight %d after release", n)
		}
	})
	if got := Classify(ErrBusy); got.Status != 503 || got.Code != "busy" {
		t.Errorf("Classify(ErrBusy) = %d %s", got.Status, got.Code)
	}
	if r := ErrorResponse(context.Background(), ErrBusy); r.Status != 503 || r.Header.Get("Retry-After") != "2" {
		t.Errorf("busy answer %d %v", r.Status, r.Header)
	}
}
