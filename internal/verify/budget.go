package verify

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// Bounded brackets one call of a test or fuzz target: the returned func
// fails t when the call took more than cpu of the process's CPU time
// (robust on a loaded machine, unlike the clock), and a call still running
// after wall crashes the process, which makes the fuzzing engine keep the
// input (a hang would otherwise end with the fuzz time and be lost).
func Bounded(t testing.TB, cpu, wall time.Duration) (done func()) {
	t.Helper()
	name := t.Name()
	start := cpuTime()
	timer := time.AfterFunc(wall, func() { panic(fmt.Sprintf("%s: still running after %v", name, wall)) })
	return func() {
		t.Helper()
		timer.Stop()
		if d := cpuTime() - start; d > cpu {
			t.Fatalf("took %v of CPU time, budget %v", d.Round(time.Millisecond), cpu)
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
