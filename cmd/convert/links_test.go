package main

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// Links expire at their time, a key linked again keeps its later expiry,
// and expired links are forgotten.
func TestLocalLinksExpire(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	now := t0
	l := &localLinks{expiry: map[string]time.Time{}, now: func() time.Time { return now }}
	ctx := context.WithValue(context.Background(), baseURLKey{}, "http://127.0.0.1:1")
	link := func(at time.Duration, key string) {
		now = t0.Add(at)
		if _, err := l.PresignGet(ctx, serveBucket, key, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	link(0, "a")
	link(30*time.Minute, "b")
	link(50*time.Minute, "a")
	for _, tc := range []struct {
		at    time.Duration
		valid map[string]bool
		live  int // links remembered after a link to "c" at that time
	}{
		{61 * time.Minute, map[string]bool{"a": true, "b": true}, 3},
		{95 * time.Minute, map[string]bool{"a": true, "b": false}, 2},
		{200 * time.Minute, map[string]bool{"a": false, "b": false}, 1},
	} {
		now = t0.Add(tc.at)
		for k, want := range tc.valid {
			if got := l.valid(k); got != want {
				t.Errorf("at %v: %s valid %v, want %v", tc.at, k, got, want)
			}
		}
		link(tc.at, "c")
		if len(l.expiry) != tc.live || len(l.queue) > 4 {
			t.Errorf("at %v: %d links remembered (%d queued), want %d", tc.at, len(l.expiry), len(l.queue), tc.live)
		}
	}
}

// BenchmarkPresignGet links with a million live links: the cost of a
// request's link must not grow with them.
func BenchmarkPresignGet(b *testing.B) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	l := &localLinks{expiry: map[string]time.Time{}, now: func() time.Time { return now }}
	ctx := context.WithValue(context.Background(), baseURLKey{}, "http://127.0.0.1:1")
	for i := range 1_000_000 {
		l.PresignGet(ctx, serveBucket, fmt.Sprintf("api/2026-12-01/%d/book.pdf", i), time.Hour)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		now = now.Add(time.Microsecond)
		l.PresignGet(ctx, serveBucket, fmt.Sprintf("api/2026-12-01/x%d/book.pdf", i), time.Hour)
	}
}
