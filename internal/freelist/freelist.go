// Package freelist keeps a few costly values, compressors and their
// buffers, between uses. Unlike a sync.Pool, which every garbage
// collection empties, it keeps them for the life of the process: a
// deflate compressor costs more to allocate and clear than the PDF of a
// short article, and a process converts one article after another
// (-serve, a warm Lambda) with collections in between.
package freelist

// A List holds at most its capacity of values; what it cannot hold is
// left to the garbage collector.
type List[T any] struct {
	c chan T
}

// New returns a list holding at most n values.
func New[T any](n int) *List[T] {
	return &List[T]{c: make(chan T, n)}
}

// Get takes a value from the list, and reports false when it is empty.
func (l *List[T]) Get() (T, bool) {
	select {
	case v := <-l.c:
		return v, true
	default:
		var zero T
		return zero, false
	}
}

// Put gives v back to the list, or drops it when the list is full.
func (l *List[T]) Put(v T) {
	select {
	case l.c <- v:
	default:
	}
}
