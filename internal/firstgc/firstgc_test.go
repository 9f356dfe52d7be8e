package firstgc

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// Tests here change the process's GOGC; they restore it and do not run
// in parallel.

func TestDeferRaisesThenRestores(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)

	done := Defer(16 << 20)
	if got := debug.SetGCPercent(-1); got != 400 {
		t.Errorf("GOGC before the first collection: %d, want 400 (16 MB against the runtime's 4 MB)", got)
	}
	debug.SetGCPercent(400)
	runtime.GC()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("GOGC not restored 10 s after a collection")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after the first collection: %d, want 100", got)
	}
}

func TestDeferScalesGOGC(t *testing.T) {
	orig := debug.SetGCPercent(50)
	defer debug.SetGCPercent(orig)

	done := Defer(32 << 20)
	if got := debug.SetGCPercent(-1); got != 400 {
		t.Errorf("GOGC=50 with a 32 MB goal: %d, want 400", got)
	}
	debug.SetGCPercent(400)
	runtime.GC()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("GOGC not restored 10 s after a collection")
	}
	if got := debug.SetGCPercent(orig); got != 50 {
		t.Errorf("GOGC after the first collection: %d, want 50", got)
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
