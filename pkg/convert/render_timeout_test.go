package convert

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/testbook"
)

// A book read in time whose rendering outlasts the deadline fails as
// ErrRenderTimeout, not as a late source, within a second of the
// deadline.
func TestRenderTimeout(t *testing.T) {
	// 1.3 million characters, under the book's cap, take a few seconds
	// to set even on a fast machine; reading them takes milliseconds.
	const limit = time.Second
	in := []Input{{Name: "long.txt", Kind: KindText, Data: testbook.LongText(1_300_000)}}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	start := time.Now()
	_, err := Convert(ctx, in, Options{})
	late := time.Since(start) - limit
	if !errors.Is(err, ErrRenderTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want ErrRenderTimeout wrapping the deadline", err)
	}
	if late > time.Second {
		t.Errorf("returned %v after the deadline", late)
	}
	t.Logf("returned %v after the deadline", late)
	// Cancelled, not timed out (a signal, a client gone): not a render
	// timeout.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(limit, cancel)
	if _, err := Convert(ctx, in, Options{}); errors.Is(err, ErrRenderTimeout) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled and no ErrRenderTimeout", err)
	}
}
