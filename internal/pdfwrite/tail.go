package pdfwrite

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"runtime"
	"sync"

	"github.com/bookify/article2book/internal/freelist"
)

// tailPiece is the length of the pieces a Tail compresses as they fill.
// Pieces let both cores share what is left of a font's glyf table when
// the last page is drawn, with the EPUB and the rest of the PDF; each
// costs a compressor's reset and the hashing of its dictionary. Measured
// on the sample (interleaved, two busy cores), against one stream that a
// worker compresses as the glyphs come: 15.2 ms per conversion, pieces of
// 32 KiB 13.5, of 64 KiB 12.7. But with 64 KiB pieces two of the 19
// Chinese fixture pages came out larger than before the pieces (by 21 and
// 75 bytes: a font left whole, or in one piece and a short rest), the
// median page among them; with 32 KiB none did.
const tailPiece = 32 << 10

// A Tail is the end of a stream, known before its head and compressed in
// the background as it is written: a font's glyf table, written glyph by
// glyph as pages are drawn, before the tables that index it. Every
// tailPiece bytes go to a worker as a piece of their own (see pieceSize),
// the same pieces for the same bytes however they were written, and
// StreamTail joins them after the head. A Tail that is not given to
// StreamTail must be stopped with Abort.
type Tail struct {
	level int
	// cur is the piece being filled, nil before its first byte; pieces
	// those started, in order, each the dictionary of the next
	cur    []byte
	pieces []*piece
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

// chunks keeps the buffers pieces are filled in.
var chunks = freelist.New[[]byte](16)

// Write adds p to the stream, starting the compression of every piece it
// completes. It does not fail.
func (t *Tail) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if t.cur == nil {
			t.cur, _ = chunks.Get()
			if t.cur == nil {
				t.cur = make([]byte, 0, tailPiece)
			}
		}
		k := min(len(p), tailPiece-len(t.cur))
		t.cur = append(t.cur, p[:k]...)
		p = p[k:]
		if len(t.cur) == tailPiece {
			t.start(&piece{dict: t.last(), data: t.cur})
			t.cur = nil
		}
	}
	return n, nil
}

// last is the data of the last piece started, nil for none.
func (t *Tail) last() []byte {
	if len(t.pieces) == 0 {
		return nil
	}
	return t.pieces[len(t.pieces)-1].data
}

// Len is the number of bytes written.
func (t *Tail) Len() int { return len(t.pieces)*tailPiece + len(t.cur) }

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
		chunks.Put(p.data[:0])
	}
	if t.cur != nil {
		chunks.Put(t.cur[:0])
	}
	t.pieces, t.queue, t.cur = nil, nil, nil
}

// StreamTail writes r as Stream does, compressed, its data head followed
// by tail's, which may still be compressing in the background: the stream
// goes in the file at Close, after what is written meanwhile. The Tail is
// done with after.
func (w *Writer) StreamTail(r Ref, dict []byte, head []byte, tail *Tail) {
	if len(tail.pieces) == 0 {
		// all of it is here: one piece, as Stream would
		w.Stream(r, dict, append(head, tail.cur...), true)
		tail.release()
		return
	}
	s := &tailStream{r: r, dict: dict, tail: tail, head: getBuffer(), rest: getBuffer()}
	s.head.Write(zlibHeader(w.level))
	deflatePiece(s.head, nil, head, w.level, false)
	deflatePiece(s.rest, tail.last(), tail.cur, w.level, true)
	s.sum = adler32.Checksum(head)
	s.restSum = adler32.Checksum(tail.cur)
	w.tails = append(w.tails, s)
}

// tailStream is a stream StreamTail was given: its head and the rest of
// its tail compressed, the tail's pieces maybe not yet.
type tailStream struct {
	r            Ref
	dict         []byte
	tail         *Tail
	head, rest   *bytes.Buffer
	sum, restSum uint32 // Adler-32s of the head's data and the rest's
}

// writeTails writes the streams StreamTail was given, once their pieces
// are compressed: the caller helps.
func (w *Writer) writeTails() {
	for _, s := range w.tails {
		t := s.tail
		t.finish()
		parts := [][]byte{s.head.Bytes()}
		sum := s.sum
		for _, p := range t.pieces {
			parts = append(parts, p.out.Bytes())
			sum = adler32Combine(sum, p.sum, len(p.data))
		}
		sum = adler32Combine(sum, s.restSum, len(t.cur))
		parts = append(parts, s.rest.Bytes(), binary.BigEndian.AppendUint32(nil, sum))
		w.rawStream(s.r, s.dict, parts, true)
		putBuffer(s.head)
		putBuffer(s.rest)
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
