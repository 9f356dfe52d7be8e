package verify

import (
	"context"
	"sync"
	"time"
)

// CancelWriter is an io.Writer that cancels a conversion's context at the
// first write it is given, so that a test can measure how a writer stops
// mid-document: when it cancelled (At) and how many bytes came after
// (After). OnCancel, when set, runs just before the cancel.
type CancelWriter struct {
	Cancel   context.CancelFunc
	OnCancel func()
	At       time.Time
	After    int
}

func (w *CancelWriter) Write(p []byte) (int, error) {
	if w.At.IsZero() {
		w.At = time.Now()
		if w.OnCancel != nil {
			w.OnCancel()
		}
		w.Cancel()
	} else {
		w.After += len(p)
	}
	return len(p), nil
}

// EndingContext is a context that ends at its n-th Err call, with the
// error it was given (context.DeadlineExceeded for a deadline that
// passes, context.Canceled for a cancel): a test stops a conversion at a
// point of its progress, whatever the machine's speed, where a timer
// would stop a fast machine's conversion after it was done. Its Deadline
// is an hour away, so that what budgets its time by the deadline leaves
// it alone.
type EndingContext struct {
	mu   sync.Mutex
	n    int
	err  error
	done chan struct{}
	at   time.Time
}

// EndAt returns a context that ends with err at its n-th Err call.
func EndAt(n int, err error) *EndingContext {
	return &EndingContext{n: n, err: err, done: make(chan struct{})}
}

func (c *EndingContext) Deadline() (time.Time, bool) { return time.Now().Add(time.Hour), true }
func (c *EndingContext) Value(any) any               { return nil }
func (c *EndingContext) Done() <-chan struct{}       { return c.done }

func (c *EndingContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		if c.n--; c.n > 0 {
			return nil
		}
		c.at = time.Now()
		close(c.done)
	}
	return c.err
}

// At returns when the context ended, zero while it has not.
func (c *EndingContext) At() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}
