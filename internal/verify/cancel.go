package verify

import (
	"context"
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
