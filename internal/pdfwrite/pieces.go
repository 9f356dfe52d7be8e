package pdfwrite

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"

	"github.com/bookify/article2book/internal/freelist"
)

// pieceSize is the length of the pieces a long stream (a font, most of a
// PDF's bytes) is compressed in, each on a core of its own as pigz does:
// every piece but the last ends in a sync flush, so that their deflate
// data joined is one deflate stream, and each but the first starts from
// the window of data before it as a preset dictionary, which the
// decompressor has just inflated. The pieces depend on the stream's
// length only, not on the cores, so the bytes do not either. On the
// sample's glyf table (162 KiB), pieces of 96 KiB came out 150 bytes
// larger than one, of 32 KiB 280; without the dictionary, 750 and 3,450.
const pieceSize = 96 << 10

// window is the deflate window: the most a piece's dictionary can serve.
const window = 32 << 10

// smallStream is the length under which a stream is compressed at level 6
// at most. Levels 7 to 9 clear 640 KB of hash tables on every reset,
// which costs more than compressing a page's content or a CMap: on the
// sample's first page (8 KB) level 6 takes 69 µs against 158, for 56
// bytes more (2.4 %); a conversion of the sample has ten such streams.
// Over the 19 Chinese fixture pages the PDFs grew by 27 to 152 bytes,
// the median by 97 (78,648 to 78,745; XeLaTeX's 79.3 KB).
const smallStream = 16 << 10

// compressors keeps deflate compressors between streams and documents,
// by level; buffers keeps the buffers they write to.
var (
	compressors sync.Map // level -> *freelist.List[*flate.Writer]
	buffers     = freelist.New[*bytes.Buffer](8)
)

func compressorsAt(level int) *freelist.List[*flate.Writer] {
	l, ok := compressors.Load(level)
	if !ok {
		l, _ = compressors.LoadOrStore(level, freelist.New[*flate.Writer](4))
	}
	return l.(*freelist.List[*flate.Writer])
}

// getCompressor returns a compressor at level writing to out, whose
// matches may reach into dict, the data before (nil for none).
func getCompressor(level int, out io.Writer, dict []byte) *flate.Writer {
	if f, ok := compressorsAt(level).Get(); ok {
		// Reset alone would keep the last piece's dictionary
		f.ResetDict(out, dict)
		return f
	}
	f, err := flate.NewWriter(out, level)
	if err != nil {
		f, _ = flate.NewWriter(out, flate.DefaultCompression)
	}
	// A new compressor's hash tables are fresh pages that the matcher reads
	// before it writes them: each page faults twice, mapped to the zero
	// page and then copied. Reset clears them (levels 7-9), faulting each
	// page in once; the state is that of a new compressor either way.
	f.ResetDict(out, dict)
	return f
}

// putBuffer keeps b for another stream unless it grew past what a
// document's streams need (a big font's), which would stay held.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		buffers.Put(b)
	}
}

func getBuffer() *bytes.Buffer {
	if b, ok := buffers.Get(); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// deflate compresses data as zlib (RFC 1950) does, a stream longer than
// pieceSize in pieces compressed at once on up to GOMAXPROCS cores, one
// shorter than smallStream at level 6 at most. The result is valid until
// the next call.
func (w *Writer) deflate(data []byte) []byte {
	w.zbuf.Reset()
	level := w.level
	if len(data) < smallStream && level > 6 {
		level = 6
	}
	w.zbuf.Write(zlibHeader(level))
	n := (len(data) + pieceSize - 1) / pieceSize
	if n <= 1 {
		deflatePiece(w.zbuf, nil, data, level, true)
	} else {
		out := make([]*bytes.Buffer, n)
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		var wg sync.WaitGroup
		for i := range n {
			sem <- struct{}{}
			out[i] = getBuffer()
			wg.Go(func() {
				defer func() { <-sem }()
				start, end := i*pieceSize, min(len(data), (i+1)*pieceSize)
				deflatePiece(out[i], dictBefore(data, start), data[start:end], w.level, i == n-1)
			})
		}
		wg.Wait()
		for _, b := range out {
			w.zbuf.Write(b.Bytes())
			putBuffer(b)
		}
	}
	w.zbuf.Write(binary.BigEndian.AppendUint32(nil, adler32.Checksum(data)))
	return w.zbuf.Bytes()
}

// dictBefore is the dictionary of the piece of data at start: the window
// before it.
func dictBefore(data []byte, start int) []byte {
	return data[max(0, start-window):start]
}

// deflatePiece compresses piece, which follows dict in the stream, onto
// out, ending the deflate stream when last, else with a sync flush, at a
// byte boundary, for the next piece.
func deflatePiece(out *bytes.Buffer, dict, piece []byte, level int, last bool) {
	f := getCompressor(level, out, dict)
	f.Write(piece)
	if last {
		f.Close()
	} else {
		f.Flush()
	}
	compressorsAt(level).Put(f)
}

// zlibHeader is the two bytes zlib writes first at level: the deflate
// method with a 32 KiB window, and the level's class (RFC 1950, 2.2).
func zlibHeader(level int) []byte {
	var class byte
	switch {
	case level == flate.DefaultCompression || level == 6:
		class = 2
	case level >= 7:
		class = 3
	case level >= 2:
		class = 1
	}
	h := []byte{0x78, class << 6}
	h[1] += byte(31 - (uint16(h[0])<<8+uint16(h[1]))%31)
	return h
}
