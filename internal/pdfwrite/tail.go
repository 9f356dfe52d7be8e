package pdfwrite

import (
	"bytes"
	"encoding/binary"
	"hash"
	"hash/adler32"
	"sync"

	"github.com/klauspost/compress/flate"

	"github.com/bookify/article2book/internal/freelist"
)

// tailChunk is the length of the chunks a Tail hands its worker: the
// first goes early in the drawing of a book's first page, where most of
// its glyphs are first drawn.
const tailChunk = 16 << 10

// A Tail is the end of a stream, known before its head and compressed in
// the background as it is written: a font's glyf table, written glyph by
// glyph as pages are drawn, before the tables that index it. A worker
// compresses it as one deflate stream, a chunk at a time, the chunks cut
// at fixed offsets so that the same bytes give the same stream however
// they were written; StreamTail puts it after the head.
//
// One stream rather than pieces compressed at once (see pieceSize): on
// the sample's 162 KiB glyf table, 32 KiB pieces each starting from the
// window before them cost 280 bytes and a tenth more work (a compressor's
// reset and its dictionary's hashing per piece) than one stream, which
// ends, on two cores, no later: the pieces left when the last page is
// drawn share the second core with the EPUB and the rest of the PDF.
//
// A Tail that is not given to StreamTail must be stopped with Abort.
type Tail struct {
	level int
	// cur is the chunk being filled, nil before its first byte; chunks
	// those handed over, in order
	cur    []byte
	chunks [][]byte
	n      int
	// the worker's queue, and whether it is running; f, out and sum are
	// the worker's, and the caller's once it is done
	mu      sync.Mutex
	queue   [][]byte
	running bool
	stop    bool
	wg      sync.WaitGroup
	f       *flate.Writer
	out     *bytes.Buffer
	sum     hash.Hash32
}

// NewTail returns a Tail compressing as w does.
func (w *Writer) NewTail() *Tail { return &Tail{level: w.level} }

// chunks keeps the buffers chunks are filled in.
var chunks = freelist.New[[]byte](32)

// Write adds p to the stream, handing the worker every chunk it
// completes. It does not fail.
func (t *Tail) Write(p []byte) (int, error) {
	n := len(p)
	t.n += n
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
			t.push(t.cur)
			t.cur = nil
		}
	}
	return n, nil
}

// Len is the number of bytes written.
func (t *Tail) Len() int { return t.n }

// push queues c for the worker, starting it when it is not running.
func (t *Tail) push(c []byte) {
	t.chunks = append(t.chunks, c)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.queue = append(t.queue, c)
	if !t.running {
		t.running = true
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
			t.work()
		}()
	}
}

// work compresses queued chunks until none is left or the Tail is
// stopped; the next push starts it again.
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
			t.out, t.sum = getBuffer(), adler32.New()
			t.f = getCompressor(t.level, t.out, nil)
		}
		t.f.Write(c)
		t.sum.Write(c)
	}
}

// finish hands the worker the last chunk, waits for it and ends the
// deflate stream.
func (t *Tail) finish() {
	if len(t.cur) > 0 {
		t.push(t.cur)
		t.cur = nil
	}
	t.wg.Wait()
	t.f.Close()
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
	if t.f != nil {
		compressorsAt(t.level).Put(t.f)
		putBuffer(t.out)
		t.f, t.out = nil, nil
	}
	for _, c := range t.chunks {
		chunks.Put(c[:0])
	}
	if t.cur != nil {
		chunks.Put(t.cur[:0])
	}
	t.chunks, t.queue, t.cur = nil, nil, nil
}

// StreamTail writes r as Stream does, compressed, its data head followed
// by tail's, which may still be compressing in the background: the stream
// goes in the file at Close, after what is written meanwhile. The Tail is
// done with after.
func (w *Writer) StreamTail(r Ref, dict []byte, head []byte, tail *Tail) {
	if len(tail.chunks) == 0 {
		// all of it is here: one piece, as Stream would
		w.Stream(r, dict, append(head, tail.cur...), true)
		tail.release()
		return
	}
	s := &tailStream{r: r, dict: dict, tail: tail, head: getBuffer(), sum: adler32.Checksum(head)}
	s.head.Write(zlibHeader(w.level))
	deflatePiece(s.head, nil, head, w.level, false)
	w.tails = append(w.tails, s)
}

// tailStream is a stream StreamTail was given: its head compressed, its
// tail maybe not yet.
type tailStream struct {
	r    Ref
	dict []byte
	tail *Tail
	head *bytes.Buffer
	sum  uint32 // the head's Adler-32
}

// writeTails writes the streams StreamTail was given, once their tails
// are compressed.
func (w *Writer) writeTails() {
	for _, s := range w.tails {
		t := s.tail
		t.finish()
		sum := adler32Combine(s.sum, t.sum.Sum32(), t.Len())
		w.rawStream(s.r, s.dict, [][]byte{s.head.Bytes(), t.out.Bytes(), binary.BigEndian.AppendUint32(nil, sum)}, true)
		putBuffer(s.head)
		t.release()
	}
	w.tails = nil
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
