package pdfwrite

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"sync"

	"github.com/klauspost/compress/flate"

	"github.com/bookify/article2book/internal/freelist"
)

// tailChunk is how much of a Tail is handed to its compressor at a time.
const tailChunk = 32 << 10

// A Tail is the end of a stream, known before its head and compressed in
// the background as it is written: a font's glyf table, written glyph by
// glyph as they are numbered, before the tables that index it. One
// goroutine at a time compresses it, as one deflate stream, in the order
// written: the bytes do not depend on how the writes were cut or on the
// cores (the compressor's blocks fall where its window fills), and a
// stream in one piece needs no dictionary at the start of each piece,
// which at levels 1 to 6 klauspost's compressor makes by compressing the
// dictionary again. StreamTail joins it after the head. A Tail that is
// not given to StreamTail must be stopped with Abort.
type Tail struct {
	level int
	// cur is the chunk being filled, nil before its first byte; sent is
	// how many bytes went to the compressor before it
	cur  []byte
	sent int
	// the compressor's queue, and whether a goroutine is at it; stop
	// ends its work
	mu      sync.Mutex
	queue   [][]byte
	running bool
	stop    bool
	wg      sync.WaitGroup
	// what the compressing goroutine keeps: the compressor, the deflate
	// data so far and the Adler-32 of the bytes it took
	f   *flate.Writer
	out *bytes.Buffer
	sum uint32
}

// NewTail returns a Tail compressing at level.
func (w *Writer) NewTail(level int) *Tail { return &Tail{level: level, sum: 1} }

// chunks keeps the buffers chunks are filled in.
var chunks = freelist.New[[]byte](16)

// Write adds p to the stream, handing every chunk it fills to the
// compressor. It does not fail.
func (t *Tail) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if t.cur == nil {
			t.cur, _ = chunks.Get()
			if t.cur == nil {
				t.cur = make([]byte, 0, tailChunk)
			}
		}
		k := min(len(p), tailChunk-len(t.cur))
		t.cur = append(t.cur, p[:k]...)
		p = p[k:]
		if len(t.cur) == tailChunk {
			t.send(t.cur)
			t.cur = nil
		}
	}
	return n, nil
}

// Len is the number of bytes written.
func (t *Tail) Len() int { return t.sent + len(t.cur) }

// send queues c for the compressor, starting a goroutine for it when
// none is at work.
func (t *Tail) send(c []byte) {
	t.sent += len(c)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.queue = append(t.queue, c)
	if !t.running {
		t.running = true
		t.wg.Go(t.work)
	}
}

// work compresses queued chunks, in order, until none is left or the
// Tail is stopped.
func (t *Tail) work() {
	for {
		t.mu.Lock()
		if t.stop || len(t.queue) == 0 {
			t.running = false
			t.mu.Unlock()
			return
		}
		c := t.queue[0]
		t.queue = t.queue[1:]
		t.mu.Unlock()
		if t.f == nil {
			t.out = getBuffer()
			t.f = getCompressor(t.level, t.out, nil)
		}
		t.f.Write(c)
		t.sum = adler32Update(t.sum, c)
		chunks.Put(c[:0])
	}
}

// finish compresses what is left and ends the deflate stream: the caller
// waits for the chunks queued.
func (t *Tail) finish() {
	if t.cur != nil {
		t.send(t.cur)
		t.cur = nil
	}
	t.wg.Wait()
	t.f.Close()
	compressorsAt(t.level).Put(t.f)
	t.f = nil
}

// Abort stops the compression, waits for the chunk under way and
// releases what the Tail holds. The Tail is not to be used after.
func (t *Tail) Abort() {
	t.mu.Lock()
	t.stop = true
	t.mu.Unlock()
	t.wg.Wait()
	t.release()
}

func (t *Tail) release() {
	for _, c := range t.queue {
		chunks.Put(c[:0])
	}
	if t.cur != nil {
		chunks.Put(t.cur[:0])
	}
	if t.out != nil {
		putBuffer(t.out)
	}
	t.queue, t.cur, t.out = nil, nil, nil
}

// StreamTail writes r as Stream does, compressed, its data head followed
// by tail's, which may still be compressing in the background: the stream
// goes in the file at Close, after what is written meanwhile. The Tail is
// done with after.
func (w *Writer) StreamTail(r Ref, dict []byte, head []byte, tail *Tail) {
	if tail.sent == 0 {
		// all of it is here: one piece, as Stream would
		w.Stream(r, dict, append(head, tail.cur...), true)
		tail.release()
		return
	}
	s := &tailStream{r: r, dict: dict, tail: tail, head: getBuffer()}
	s.head.Write(zlibHeader(tail.level))
	deflatePiece(s.head, nil, head, min(tail.level, 6), false)
	s.sum = adler32.Checksum(head)
	w.tails = append(w.tails, s)
}

// tailStream is a stream StreamTail was given: its head compressed, its
// tail maybe not yet.
type tailStream struct {
	r    Ref
	dict []byte
	tail *Tail
	head *bytes.Buffer
	sum  uint32 // the Adler-32 of the head's data
}

// writeTails writes the streams StreamTail was given, once their tails
// are compressed.
func (w *Writer) writeTails() {
	for _, s := range w.tails {
		t := s.tail
		t.finish()
		sum := adler32Combine(s.sum, t.sum, t.sent)
		parts := [][]byte{s.head.Bytes(), t.out.Bytes(), binary.BigEndian.AppendUint32(nil, sum)}
		w.rawStream(s.r, s.dict, parts, true)
		putBuffer(s.head)
		t.release()
	}
	w.tails = nil
}

// adler32Update returns the Adler-32 of the bytes whose sum is sum
// followed by p.
func adler32Update(sum uint32, p []byte) uint32 {
	return adler32Combine(sum, adler32.Checksum(p), len(p))
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
