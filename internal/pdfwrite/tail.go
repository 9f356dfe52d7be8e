package pdfwrite

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"runtime"
	"sync"
)

// tailPiece is the length of the pieces a Tail compresses as they fill:
// small enough that the first starts early in the drawing of a book's
// first page, where most of its glyphs are first drawn; each costs about
// 50 bytes over one piece (see pieceSize).
const tailPiece = 32 << 10

// A Tail is the end of a stream, known before its head and compressed in
// the background as it is written: a font's glyf table, written glyph by
// glyph as pages are drawn, before the tables that index it. Every
// tailPiece bytes go to a worker as a piece of their own (see pieceSize),
// the same pieces for the same bytes however they were written, and
// StreamTail joins them after the head. A Tail that is not given to
// StreamTail must be stopped with Abort.
type Tail struct {
	level  int
	data   []byte
	pieces []*piece // started, in order
	// the workers' queue, and how many workers are running
	mu      sync.Mutex
	queue   []*piece
	running int
	stop    bool
	wg      sync.WaitGroup
}

// piece is a piece of a Tail's data, compressed by a worker into out;
// sum is its Adler-32.
type piece struct {
	dict, data []byte
	out        *bytes.Buffer
	sum        uint32
}

// NewTail returns a Tail compressing as w does.
func (w *Writer) NewTail() *Tail { return &Tail{level: w.level} }

// Write adds p to the stream, starting the compression of every piece it
// completes. It does not fail.
func (t *Tail) Write(p []byte) (int, error) {
	t.data = append(t.data, p...)
	for done := len(t.pieces) * tailPiece; len(t.data)-done >= tailPiece; done += tailPiece {
		// the slices stay valid as data grows: appending copies, it does
		// not write over what is there
		t.start(&piece{dict: dictBefore(t.data, done), data: t.data[done : done+tailPiece]})
	}
	return len(p), nil
}

// Len is the number of bytes written.
func (t *Tail) Len() int { return len(t.data) }

// start queues p, and starts a worker when fewer are running than the
// cores less one: the drawing that writes the Tail keeps a core.
func (t *Tail) start(p *piece) {
	t.pieces = append(t.pieces, p)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.queue = append(t.queue, p)
	if t.running < max(1, runtime.GOMAXPROCS(0)-1) {
		t.running++
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
			t.work()
		}()
	}
}

// work compresses queued pieces until none is left or the Tail is
// stopped.
func (t *Tail) work() {
	for {
		t.mu.Lock()
		if t.stop || len(t.queue) == 0 {
			t.running--
			t.mu.Unlock()
			return
		}
		p := t.queue[0]
		t.queue = t.queue[1:]
		t.mu.Unlock()
		p.out = getBuffer()
		deflatePiece(p.out, p.dict, p.data, t.level, false)
		p.sum = adler32.Checksum(p.data)
	}
}

// finish waits for the pieces started: the caller works through the
// queue too.
func (t *Tail) finish() {
	t.mu.Lock()
	t.running++
	t.mu.Unlock()
	t.work()
	t.wg.Wait()
}

// Abort stops the compression, waits for the pieces under way and
// releases what they hold. The Tail is not to be used after.
func (t *Tail) Abort() {
	t.mu.Lock()
	t.stop = true
	t.mu.Unlock()
	t.wg.Wait()
	t.release()
}

func (t *Tail) release() {
	for _, p := range t.pieces {
		if p.out != nil {
			putBuffer(p.out)
		}
	}
	t.pieces, t.queue, t.data = nil, nil, nil
}

// StreamTail writes r as Stream does, compressed, its data head followed
// by tail's. The Tail is done with after.
func (w *Writer) StreamTail(r Ref, dict []byte, head []byte, tail *Tail) {
	if len(tail.pieces) == 0 {
		// all of it is here: one piece, as Stream would
		w.Stream(r, dict, append(head, tail.data...), true)
		tail.release()
		return
	}
	w.zbuf.Reset()
	w.zbuf.Write(zlibHeader(w.level))
	deflatePiece(w.zbuf, nil, head, w.level, false)
	done := len(tail.pieces) * tailPiece
	rest := getBuffer()
	deflatePiece(rest, dictBefore(tail.data, done), tail.data[done:], w.level, true)
	tail.finish()
	sum := adler32.Checksum(head)
	for _, p := range tail.pieces {
		w.zbuf.Write(p.out.Bytes())
		sum = adler32Combine(sum, p.sum, len(p.data))
	}
	w.zbuf.Write(rest.Bytes())
	putBuffer(rest)
	sum = adler32Combine(sum, adler32.Checksum(tail.data[done:]), len(tail.data)-done)
	w.zbuf.Write(binary.BigEndian.AppendUint32(nil, sum))
	w.rawStream(r, dict, w.zbuf.Bytes(), true)
	tail.release()
}

// adler32Combine returns the Adler-32 of a+b from a's, b's and the length
// of b, as zlib's adler32_combine does: a's sums carried over b's bytes.
func adler32Combine(a, b uint32, lenB int) uint32 {
	const mod = 65521
	rem := uint32(lenB % mod)
	s1 := a & 0xffff
	s2 := rem * s1 % mod
	s1 += (b & 0xffff) + mod - 1
	s2 += (a >> 16) + (b >> 16) + mod - rem
	if s1 >= mod {
		s1 -= mod
	}
	if s1 >= mod {
		s1 -= mod
	}
	if s2 >= 2*mod {
		s2 -= 2 * mod
	}
	if s2 >= mod {
		s2 -= mod
	}
	return s2<<16 | s1
}
