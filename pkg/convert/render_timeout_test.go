package convert

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
)

// A book read in time whose rendering outlasts the deadline fails as
// ErrRenderTimeout, not as a late source, within a second of the
// deadline.
func TestRenderTimeout(t *testing.T) {
	// The context ends at its 300th look: after the book is read (reading
	// has a context of its own), inside the layout (one look a block),
	// whatever the machine's speed.
	in := []Input{{Name: "long.txt", Kind: KindText, Data: testbook.LongText(1_300_000)}}
	ctx := verify.EndAt(300, context.DeadlineExceeded)
	_, err := Convert(ctx, in, Options{})
	late := time.Since(ctx.At())
	if !errors.Is(err, ErrRenderTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want ErrRenderTimeout wrapping the deadline", err)
	}
	if late > time.Second {
		t.Errorf("returned %v after the deadline", late)
	}
	t.Logf("returned %v after the deadline", late)
	// Cancelled, not timed out (a signal, a client gone): not a render
	// timeout.
	if _, err := Convert(verify.EndAt(300, context.Canceled), in, Options{}); errors.Is(err, ErrRenderTimeout) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled and no ErrRenderTimeout", err)
	}
}
