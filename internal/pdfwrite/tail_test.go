package pdfwrite

import (
	"bytes"
	"compress/zlib"
	"hash/adler32"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"testing"
)

// tailData is compressible and unlike itself from piece to piece, as a
// glyf table is.
func tailData(n int) []byte {
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i*i>>9) ^ byte(i>>13)
	}
	return data
}

// A stream whose tail is compressed in the background as it is written
// reads back as its head and tail, its checksum right, the bytes the same
// whether the tail came in one write or in small ones, on one core or
// four; a tail shorter than a chunk makes the stream Stream would.
func TestStreamTail(t *testing.T) {
	head := []byte("the head, known last")
	for _, n := range []int{100, tailChunk, 3*tailChunk + 777, tailPieceSize, 2*tailPieceSize + 5, 5 * tailPieceSize} {
		data := tailData(n)
		var files [][]byte
		for _, run := range []struct{ chunk, procs int }{{n, 1}, {7, 4}, {1000, 2}} {
			prev := runtime.GOMAXPROCS(run.procs)
			var buf bytes.Buffer
			w := New(&buf, 7)
			r := w.Alloc()
			tail := w.NewTail(7)
			for at := 0; at < n; at += run.chunk {
				tail.Write(data[at:min(n, at+run.chunk)])
			}
			w.StreamTail(r, []byte("/Length1 1"), bytes.Clone(head), tail)
			closeFile(t, w)
			runtime.GOMAXPROCS(prev)
			files = append(files, buf.Bytes())
		}
		for i, f := range files[1:] {
			if !bytes.Equal(f, files[0]) {
				t.Errorf("%d bytes: run %d wrote %d bytes, not the same as the first's %d", n, i+1, len(f), len(files[0]))
			}
		}
		want := append(bytes.Clone(head), data...)
		if got := inflateStream(t, files[0]); !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read back %d bytes, not the %d written", n, len(got), len(want))
		}
		var ref bytes.Buffer
		w := New(&ref, 7)
		w.Stream(w.Alloc(), []byte("/Length1 1"), want, true)
		closeFile(t, w)
		if n < tailChunk && !bytes.Equal(files[0], ref.Bytes()) {
			t.Errorf("%d bytes: not the stream Stream writes", n)
		}
		if n > tailChunk && len(files[0]) > len(ref.Bytes())+400 {
			t.Errorf("%d bytes: %d compressed, %d in one piece", n, len(files[0]), len(ref.Bytes()))
		}
	}
}

// closeFile closes w's file with a catalog: the streams StreamTail was
// given go in first.
func closeFile(t *testing.T, w *Writer) {
	t.Helper()
	root := w.Alloc()
	w.Plain(root, []byte("<</Type/Catalog>>"))
	if err := w.Close(root, 0); err != nil {
		t.Fatal(err)
	}
}

var streamRE = regexp.MustCompile(`/Length (\d+)/Filter/FlateDecode>>\nstream\n`)

// inflateStream returns the data of the first stream in file, inflated and
// its Adler-32 checked by compress/zlib.
func inflateStream(t *testing.T, file []byte) []byte {
	t.Helper()
	m := streamRE.FindSubmatchIndex(file)
	if m == nil {
		t.Fatalf("no stream in %q", file[:min(len(file), 80)])
	}
	n, _ := strconv.Atoi(string(file[m[2]:m[3]]))
	r, err := zlib.NewReader(bytes.NewReader(file[m[1] : m[1]+n]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("zlib: %v", err)
	}
	return data
}

// Abort stops the compressors: once it returns, none is at work and the
// chunks they had not taken are back for the next stream.
func TestTailAbort(t *testing.T) {
	w := New(io.Discard, 7)
	tail := w.NewTail(7)
	tail.Write(tailData(20*tailChunk + 5))
	if tail.Len() != 20*tailChunk+5 {
		t.Fatalf("Len %d, want %d", tail.Len(), 20*tailChunk+5)
	}
	pieces := tail.pieces
	if len(pieces) != 20*tailChunk/tailPieceSize+1 {
		t.Fatalf("%d pieces, want %d", len(pieces), 20*tailChunk/tailPieceSize+1)
	}
	tail.Abort()
	for i, p := range pieces {
		p.mu.Lock()
		running := p.running
		p.mu.Unlock()
		if running {
			t.Errorf("piece %d compressing after Abort", i)
		}
	}
	if tail.pieces != nil || tail.cur != nil {
		t.Errorf("Abort kept %d pieces, %d bytes", len(tail.pieces), len(tail.cur))
	}
	// the chunks back are each another's: two tails filled side by side
	// read back as written
	data := [2][]byte{tailData(5 * tailPieceSize), tailData(5*tailPieceSize + 1)[1:]}
	var bufs [2]bytes.Buffer
	var ws [2]*Writer
	var tails [2]*Tail
	for i := range 2 {
		ws[i] = New(&bufs[i], 5)
		tails[i] = ws[i].NewTail(5)
	}
	for at := 0; at < len(data[0]); at += 1000 {
		for i := range 2 {
			tails[i].Write(data[i][at:min(len(data[i]), at+1000)])
		}
	}
	for i := range 2 {
		ws[i].StreamTail(ws[i].Alloc(), nil, []byte("head"), tails[i])
		closeFile(t, ws[i])
		if got := inflateStream(t, bufs[i].Bytes()); !bytes.Equal(got, append([]byte("head"), data[i]...)) {
			t.Errorf("tail %d after an Abort: read back other bytes than written", i)
		}
	}
}

func TestAdler32Combine(t *testing.T) {
	data := tailData(200_000)
	for _, cut := range []int{0, 1, 5552, 65521, 65522, 131042, 199_999, 200_000} {
		a, b := adler32.Checksum(data[:cut]), adler32.Checksum(data[cut:])
		if got, want := adler32Combine(a, b, len(data)-cut), adler32.Checksum(data); got != want {
			t.Errorf("cut at %d: %#x, want %#x", cut, got, want)
		}
	}
}
