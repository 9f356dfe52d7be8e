package freelist

import (
	"runtime"
	"testing"
)

func TestList(t *testing.T) {
	l := New[*int](2)
	if _, ok := l.Get(); ok {
		t.Fatal("a new list gave a value")
	}
	a, b, c := new(int), new(int), new(int)
	l.Put(a)
	l.Put(b)
	l.Put(c) // over capacity: dropped
	runtime.GC()
	runtime.GC() // a sync.Pool would be empty now
	got := map[*int]bool{}
	for {
		v, ok := l.Get()
		if !ok {
			break
		}
		got[v] = true
	}
	if len(got) != 2 || !got[a] || !got[b] {
		t.Errorf("after two collections got %d values (a %v, b %v), want a and b", len(got), got[a], got[b])
	}
}

func ExampleList() {
	buffers := New[[]byte](4)
	buf, ok := buffers.Get()
	if !ok {
		buf = make([]byte, 0, 64<<10)
	}
	buf = append(buf[:0], "work"...)
	buffers.Put(buf)
	// Output:
}
