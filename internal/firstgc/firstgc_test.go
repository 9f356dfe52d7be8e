package firstgc

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// Tests here change the process's GOGC; they restore it and do not run
// in parallel.

// TestDeferRaisesThenRestores: GOGC is raised so that the first
// collection comes at the goal, in proportion to the GOGC set, and put
// back once that collection has run.
func TestDeferRaisesThenRestores(t *testing.T) {
	for _, tc := range []struct {
		gogc, goal, want int
	}{
		{100, 16 << 20, 400}, // 16 MB against the runtime's 4 MB
		{50, 32 << 20, 400},  // GOGC=50 with a 32 MB goal
	} {
		orig := debug.SetGCPercent(tc.gogc)
		done := Defer(tc.goal)
		if got := debug.SetGCPercent(-1); got != tc.want {
			t.Errorf("GOGC=%d, goal %d MB: %d before the first collection, want %d", tc.gogc, tc.goal>>20, got, tc.want)
		}
		debug.SetGCPercent(tc.want)
		runtime.GC()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("GOGC not restored 10 s after a collection")
		}
		if got := debug.SetGCPercent(orig); got != tc.gogc {
			t.Errorf("GOGC after the first collection: %d, want %d", got, tc.gogc)
		}
	}
}

func TestDeferLeavesOffAndSmallGoals(t *testing.T) {
	orig := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(orig)
	for _, tc := range []struct {
		gogc, goal, want int
	}{
		{-1, 16 << 20, -1}, // GOGC=off stays off
		{100, 2 << 20, 100},
		{100, 4 << 20, 100},
	} {
		debug.SetGCPercent(tc.gogc)
		done := Defer(tc.goal)
		select {
		case <-done:
		default:
			t.Errorf("GOGC=%d, goal %d: done not closed though nothing changed", tc.gogc, tc.goal)
		}
		if got := debug.SetGCPercent(-1); got != tc.want {
			t.Errorf("GOGC=%d, goal %d: %d, want %d", tc.gogc, tc.goal, got, tc.want)
		}
	}
}
