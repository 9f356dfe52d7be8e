// Package firstgc lets a short process allocate its first megabytes
// without a garbage collection.
//
// The runtime starts its first collection when the heap reaches 4 MB (at
// GOGC=100), then at twice what survived. Converting the sample article
// to PDF and EPUB allocates about 9 MB from a cold start (7.8 MB the
// conversion, 0.6 MB package initialisation), so the CLI and a Lambda's
// first invocation collected three times: every collection stops the
// world to flush each P's cached spans, and on a fresh process that
// first touches hundreds of pages of the runtime's span sets (about
// 20 µs a page fault on this virtual machine), besides marking. About a
// tenth of the CPU time of a whole CLI run went to it.
package firstgc

import (
	"runtime"
	"runtime/debug"
)

// Goal is the first collection's heap goal the commands ask for: above
// what a news article allocates from a cold start (the 1,912-character
// sample: no collection), and small because every fresh page costs a
// fault: a longer article, which collects anyway, first grows the heap to
// the goal instead of reusing memory. At 16 MB a 95,000-character article
// took about 500 more page faults and 4 % more CPU than without; at 12 MB
// about 260 more faults and the same CPU, within the noise.
const Goal = 12 << 20

// minHeap is the runtime's heap goal before the first collection at
// GOGC=100 (runtime's heapMinimum).
const minHeap = 4 << 20

// Defer raises the heap goal of the first garbage collection to about
// goal bytes, by raising GOGC in proportion, and restores the GOGC in
// effect once that first collection has run: after it, the process
// collects as it would have. A process that allocates less than goal
// never collects; one that allocates more, a long book or a warm Lambda,
// is paced as before after its first collection. With GOGC=off, or a
// goal below the runtime's own, it changes nothing. GOMEMLIMIT still
// applies throughout.
//
// The returned channel is closed when GOGC is back as it was.
func Defer(goal int) <-chan struct{} {
	done := make(chan struct{})
	pct := debug.SetGCPercent(-1)
	high := pct
	if pct > 0 && goal > minHeap {
		high = int(int64(pct) * int64(goal) / minHeap)
	}
	debug.SetGCPercent(high)
	if high == pct {
		close(done)
		return done
	}
	// The sentinel is unreachable from here on: the first collection
	// finds it so and runs its cleanup. It holds a pointer so that it is
	// not packed with other small objects by the tiny allocator, which
	// would tie its life to theirs.
	sentinel := &struct {
		p *int
		_ [8]byte
	}{}
	runtime.AddCleanup(sentinel, func(pct int) {
		debug.SetGCPercent(pct)
		close(done)
	}, pct)
	return done
}
