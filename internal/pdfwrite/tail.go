package pdfwrite

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"sync"

	"github.com/klauspost/compress/flate"

	"github.com/bookify/article2book/internal/freelist"
)

// tailChunk is how much of a Tail is handed to a compressor at a time.
const tailChunk = 32 << 10

// tailPieceSize is the length of a Tail's pieces. At the levels a glyf
// table is compressed at (1 to 6), klauspost's compressor primes a
// piece's dictionary by compressing it again, about 0.4 ms of the
// sample's; its glyf (165 KiB) in one piece rather than two of 96 KiB
// took 0.8 ms less CPU and was faster in 13 of 16 paired runs; the
// million's peak RSS fell from about 120 to 107 MB.
const tailPieceSize = 192 << 10

// A Tail is the end of a stream, known before its head and compressed in
// the background as it is written: a font's glyf table, written glyph by
// glyph as they are numbered, before the tables that index it. It is
// compressed in pieces of tailPieceSize, each on a goroutine of its own
// as its bytes come, as deflate does a long stream (see pieceSize), so
// that the cores share the glyf of a long book. The pieces fall at fixed
// offsets, and a compressor's blocks where its window fills: the bytes
// depend neither on how the writes were cut nor on the cores. StreamTail
// joins the pieces after the head. A Tail that is not given to
// StreamTail must be stopped with Abort.
type Tail struct {
	level int
	// cur is the chunk being filled, nil before its first byte; sent is
	// how many bytes were handed on before it
	cur    []byte
	sent   int
	pieces []*tailPiece
	wg     sync.WaitGroup
}

// A tailPiece is compressed by one goroutine at a time, chunk by chunk,
// in order; stop ends its work.
type tailPiece struct {
	level int
	// dict is the window before the piece, the last chunk of the piece
	// before, which the piece owns; last is the piece's own last chunk,
	// which the next one owns
	dict, last []byte
	mu         sync.Mutex
	queue      [][]byte
	running    bool
	stop       bool
	// end is set once the last chunk is queued (finish)
	end int
	// what the compressing goroutine keeps: the compressor, the deflate
	// data so far, the Adler-32 and length of the bytes it took
	f   *flate.Writer
	out *bytes.Buffer
	sum uint32
	n   int
}

// NewTail returns a Tail compressing at level.
func (w *Writer) NewTail(level int) *Tail { return &Tail{level: level} }

// chunks keeps the buffers chunks are filled in.
var chunks = freelist.New[[]byte](16)

// Write adds p to the stream, handing every chunk it fills to the
// compressor of its piece. It does not fail.
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

// send hands c to the compressor of the piece it falls in, starting a
// goroutine for it when none is at work.
func (t *Tail) send(c []byte) {
	if t.sent%tailPieceSize == 0 {
		p := &tailPiece{level: t.level, sum: 1}
		if n := len(t.pieces); n > 0 {
			// the piece before's last chunk, as long as the window
			p.dict = t.pieces[n-1].last
			// the piece before ends, and lets go of its compressor
			t.end(t.pieces[n-1], endFlush)
		}
		t.pieces = append(t.pieces, p)
	}
	t.sent += len(c)
	p := t.pieces[len(t.pieces)-1]
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.sent%tailPieceSize == 0 {
		p.last = c
	}
	p.queue = append(p.queue, c)
	t.start(p)
}

// start starts a goroutine for p when none is at work; p.mu is held.
func (t *Tail) start(p *tailPiece) {
	if !p.running {
		p.running = true
		t.wg.Go(p.work)
	}
}

// end has p ended as end says once its queued chunks are compressed.
func (t *Tail) end(p *tailPiece, end int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.end = end
	t.start(p)
}

// work compresses the piece's queued chunks, in order, until none is
// left or the Tail is stopped.
func (p *tailPiece) work() {
	for {
		p.mu.Lock()
		if !p.stop && len(p.queue) == 0 && p.end != 0 {
			p.mu.Unlock()
			p.finish()
			p.mu.Lock()
		}
		if p.stop || len(p.queue) == 0 {
			p.running = false
			p.mu.Unlock()
			return
		}
		c := p.queue[0]
		p.queue = p.queue[1:]
		owned := p.owned(c)
		p.mu.Unlock()
		if p.f == nil {
			p.out = getBuffer()
			p.f = getCompressor(p.level, p.out, p.dict)
		}
		p.f.Write(c)
		p.sum = adler32Combine(p.sum, adler32.Checksum(c), len(c))
		p.n += len(c)
		if !owned {
			chunks.Put(c[:0])
		}
	}
}

// owned reports whether c is the piece's last chunk, which the next
// piece owns; p.mu is held.
func (p *tailPiece) owned(c []byte) bool {
	return len(p.last) > 0 && &c[0] == &p.last[0]
}

// finish compresses what is left: the caller waits for the pieces, then
// ends each with a sync flush, the last with the end of the stream.
func (t *Tail) finish() {
	if t.cur != nil {
		t.send(t.cur)
		t.cur = nil
	}
	if n := len(t.pieces); n > 0 {
		t.end(t.pieces[n-1], endClose)
	}
	t.wg.Wait()
}

// How a piece ends, once its last chunk is compressed: with a sync
// flush, for the next piece's deflate data to follow, or with the end of
// the stream.
const (
	endFlush = 1 + iota
	endClose
)

// finish ends the piece as p.end says, on the goroutine that compressed
// it: the compressor holds the last block (up to 64 KiB) until then, and
// each piece's is compressed on a core of its own. The compressor goes
// back to the pool, so that a long book's pieces do not hold one each.
func (p *tailPiece) finish() {
	if p.end == endClose {
		p.f.Close()
	} else {
		p.f.Flush()
	}
	compressorsAt(p.level).Put(p.f)
	p.f, p.end = nil, 0
}

// Abort stops the compression, waits for the chunks under way and
// releases what the Tail holds. The Tail is not to be used after.
func (t *Tail) Abort() {
	for _, p := range t.pieces {
		p.mu.Lock()
		p.stop = true
		p.mu.Unlock()
	}
	t.wg.Wait()
	t.release()
}

func (t *Tail) release() {
	for _, p := range t.pieces {
		for _, c := range p.queue {
			if !p.owned(c) {
				chunks.Put(c[:0])
			}
		}
		if p.dict != nil {
			chunks.Put(p.dict[:0])
		}
		if p.out != nil {
			putBuffer(p.out)
		}
	}
	if t.cur != nil {
		chunks.Put(t.cur[:0])
	}
	t.pieces, t.cur = nil, nil
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
		parts := [][]byte{s.head.Bytes()}
		sum := s.sum
		for _, p := range t.pieces {
			parts = append(parts, p.out.Bytes())
			sum = adler32Combine(sum, p.sum, p.n)
		}
		parts = append(parts, binary.BigEndian.AppendUint32(nil, sum))
		w.rawStream(s.r, s.dict, parts, true)
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
