package service

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"
)

// DefaultConversions is how many conversions run at once by default: a
// conversion is mostly CPU (layout, subsetting, compression) with some
// waiting on sites, so two per core keep the cores busy without holding
// the memory of many documents at once.
func DefaultConversions() int { return max(2, 2*runtime.GOMAXPROCS(0)) }

// Gate bounds the conversions in flight. An API request past the bound
// waits in a short queue, as many places as there are slots, for at most
// the gate's wait; past the queue it is turned away at once with 503
// busy. An uploaded object waits for a slot as long as its invocation
// lets it: its event has nowhere else to go.
type Gate struct {
	slots    chan struct{}
	queue    chan struct{}
	wait     time.Duration
	mu       sync.Mutex
	inFlight int
	peak     int
	waiting  int
}

// DefaultQueueWait is how long a request waits in the queue: well within
// API Gateway's 30 s, and long enough for a few conversions to end.
const DefaultQueueWait = 10 * time.Second

// NewGate makes a gate of n slots (n < 1: DefaultConversions), n queue
// places and the given wait in the queue.
func NewGate(n int, wait time.Duration) *Gate {
	if n < 1 {
		n = DefaultConversions()
	}
	return &Gate{slots: make(chan struct{}, n), queue: make(chan struct{}, n), wait: wait}
}

// RetryAfter is what a busy answer tells the client to wait, in seconds:
// about one conversion.
const RetryAfter = 2

// ErrBusy is the answer of a full gate.
var ErrBusy = NewError(http.StatusServiceUnavailable, "busy",
	fmt.Sprintf("the server is converting as many books as it can; retry in %d s", RetryAfter))

// Stats reports the conversions in flight now and the most there were.
func (g *Gate) Stats() (inFlight, peak int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.inFlight, g.peak
}

// Waiting reports the requests and uploads waiting for a slot now.
func (g *Gate) Waiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waiting
}

// waiter counts a caller waiting for a slot until the returned func is
// called.
func (g *Gate) waiter() (done func()) {
	g.mu.Lock()
	g.waiting++
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
	}
}

// enter takes a slot for a request: at once, or after waiting in the
// queue; ErrBusy when the queue is full or the wait ends first.
func (g *Gate) enter(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.taken(), nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-g.queue }()
	defer g.waiter()()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.taken(), nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for a conversion slot: %w", ctx.Err())
	}
}

// await takes a slot for an uploaded object, waiting until ctx ends.
func (g *Gate) await(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.taken(), nil
	default:
	}
	defer g.waiter()()
	select {
	case g.slots <- struct{}{}:
		return g.taken(), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for a conversion slot: %w", ctx.Err())
	}
}

func (g *Gate) taken() func() {
	g.mu.Lock()
	g.inFlight++
	g.peak = max(g.peak, g.inFlight)
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.inFlight--
			g.mu.Unlock()
			<-g.slots
		})
	}
}

type admittedKey struct{}

// Admit takes a slot of the service's gate for a request before its shell
// reads the body, so that a full server holds no more request bodies than
// it has slots and queue places; the conversions run with the returned
// context then use that slot. Call release when the answer is sent.
func (s *Service) Admit(ctx context.Context) (_ context.Context, release func(), err error) {
	if s.Gate == nil || ctx.Value(admittedKey{}) != nil {
		return ctx, func() {}, nil
	}
	release, err = s.Gate.enter(ctx)
	if err != nil {
		return ctx, nil, err
	}
	return context.WithValue(ctx, admittedKey{}, true), release, nil
}

// admitObject takes a slot for an uploaded object.
func (s *Service) admitObject(ctx context.Context) (func(), error) {
	if s.Gate == nil || ctx.Value(admittedKey{}) != nil {
		return func() {}, nil
	}
	return s.Gate.await(ctx)
}
