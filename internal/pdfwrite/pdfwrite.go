// Package pdfwrite writes PDF 1.7 files object by object: each object goes
// out as it is made, dictionaries and arrays packed into compressed object
// streams, streams Flate-compressed with compressors kept between
// documents, and a cross-reference stream at the end. Nothing depends on
// the clock or on map order, so the same calls give the same bytes.
//
// It knows PDF syntax, not documents: the caller says what the objects
// are (see the Append functions for the values inside them).
package pdfwrite

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
)

var castagnoliTable = crc32.MakeTable(crc32.Castagnoli)

// Ref is an indirect object's number.
type Ref int

// perObjStm is how many objects an object stream holds: enough to share
// the compressor's dictionary, few enough that a reader finds an object
// without inflating much.
const perObjStm = 100

// Writer writes one PDF file.
type Writer struct {
	out io.Writer
	// the two CRC-32s of every byte written, and off, the count, are the
	// file identifier
	ieee, castagnoli uint32
	off              int64
	err              error
	level            int
	// xref holds, by object number, where each object is: kind 1 at an
	// offset, kind 2 at an index in an object stream.
	xref []xrefEntry
	// pending objects for the next object stream
	pend    bytes.Buffer
	pendIdx []pendObj
	zbuf    *bytes.Buffer
	hdr     []byte
	tails   []*tailStream // for Close
}

type xrefEntry struct {
	kind byte
	a    uint32 // offset, or the object stream's number
	b    uint16 // index in the object stream
}

type pendObj struct {
	num Ref
	off int
}

// New starts a PDF 1.7 file on out, Flate-compressing at level (1 to 9,
// as compress/flate).
func New(out io.Writer, level int) *Writer {
	w := &Writer{out: out, level: level, xref: make([]xrefEntry, 1, 256)}
	w.zbuf = getBuffer()
	// The comment of bytes above 127 tells transfer programs the file is
	// binary (PDF 32000-1, 7.5.2).
	w.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
	return w
}

func (w *Writer) write(b []byte) {
	if w.err != nil {
		return
	}
	n, err := w.out.Write(b)
	w.ieee = crc32.Update(w.ieee, crc32.IEEETable, b[:n])
	w.castagnoli = crc32.Update(w.castagnoli, castagnoliTable, b[:n])
	w.off += int64(n)
	w.err = err
}

// Alloc reserves an object number, to be written later: objects that
// refer to each other (a page and its parent) are allocated first.
func (w *Writer) Alloc() Ref {
	w.xref = append(w.xref, xrefEntry{})
	return Ref(len(w.xref) - 1)
}

// Object writes r as the dictionary, array or other value body (not a
// stream) into the current object stream.
func (w *Writer) Object(r Ref, body []byte) {
	w.pendIdx = append(w.pendIdx, pendObj{r, w.pend.Len()})
	w.pend.Write(body)
	w.pend.WriteByte('\n')
	if len(w.pendIdx) == perObjStm {
		w.flushObjStm()
	}
}

// Plain writes r as Object does but outside any object stream, readable
// in the file as it is: for the catalog and the document information,
// which simple tools look for.
func (w *Writer) Plain(r Ref, body []byte) {
	w.xref[r] = xrefEntry{kind: 1, a: uint32(w.off)}
	h := strconv.AppendInt(w.hdr[:0], int64(r), 10)
	h = append(h, " 0 obj\n"...)
	w.write(h)
	w.write(body)
	w.write([]byte("\nendobj\n"))
	w.hdr = h
}

// Stream writes r as a stream with the entries dict (without << >>,
// /Length and /Filter, which Stream adds) and data, Flate-compressed when
// compress is set. data is not kept.
func (w *Writer) Stream(r Ref, dict []byte, data []byte, compress bool) {
	if compress {
		data = w.deflate(data)
	}
	w.rawStream(r, dict, [][]byte{data}, compress)
}

// rawStream writes r as a stream of the parts joined, Flate-compressed
// already when flate is set.
func (w *Writer) rawStream(r Ref, dict []byte, parts [][]byte, flate bool) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	w.xref[r] = xrefEntry{kind: 1, a: uint32(w.off)}
	h := w.hdr[:0]
	h = strconv.AppendInt(h, int64(r), 10)
	h = append(h, " 0 obj\n<<"...)
	h = append(h, dict...)
	h = append(h, "/Length "...)
	h = strconv.AppendInt(h, int64(n), 10)
	if flate {
		h = append(h, "/Filter/FlateDecode"...)
	}
	h = append(h, ">>\nstream\n"...)
	w.write(h)
	for _, p := range parts {
		w.write(p)
	}
	w.write([]byte("\nendstream\nendobj\n"))
	w.hdr = h
}

func (w *Writer) flushObjStm() {
	if len(w.pendIdx) == 0 {
		return
	}
	r := w.Alloc()
	var head []byte
	for i, p := range w.pendIdx {
		head = strconv.AppendInt(head, int64(p.num), 10)
		head = append(head, ' ')
		head = strconv.AppendInt(head, int64(p.off), 10)
		head = append(head, ' ')
		w.xref[p.num] = xrefEntry{kind: 2, a: uint32(r), b: uint16(i)}
	}
	head[len(head)-1] = '\n'
	dict := fmt.Appendf(nil, "/Type/ObjStm/N %d/First %d", len(w.pendIdx), len(head))
	body := append(head, w.pend.Bytes()...)
	w.Stream(r, dict, body, true)
	w.pend.Reset()
	w.pendIdx = w.pendIdx[:0]
}

// Close writes the pending objects and the cross-reference stream naming
// root as the catalog and info (when not 0) as the document information,
// and releases the compressor. It returns the first write error.
func (w *Writer) Close(root, info Ref) error {
	w.writeTails()
	w.flushObjStm()
	r := w.Alloc()
	w.xref[r] = xrefEntry{kind: 1, a: uint32(w.off)}
	for i, e := range w.xref[1:] {
		if e.kind == 0 && w.err == nil {
			w.err = fmt.Errorf("pdfwrite: object %d allocated but never written", i+1)
		}
	}
	data, wa, wb := xrefData(w.xref)
	// The identifier sums the file up to here: the same content gives the
	// same identifier, as PDF 32000-1 14.4 allows, and other content
	// another. Two CRC-32s and the length are as wide as the MD5 the
	// standard suggests, which cost 0.3 ms of a 130 KB file's 8 ms; the
	// CRCs take 0.015 (instructions of their own on amd64 and arm64).
	var sum [16]byte
	binary.BigEndian.PutUint32(sum[0:], w.ieee)
	binary.BigEndian.PutUint32(sum[4:], w.castagnoli)
	binary.BigEndian.PutUint64(sum[8:], uint64(w.off))
	id := fmt.Sprintf("%X", sum)
	dict := fmt.Appendf(nil, "/Type/XRef/Size %d/W[1 %d %d]/Root %d 0 R", len(w.xref), wa, wb, root)
	if info != 0 {
		dict = fmt.Appendf(dict, "/Info %d 0 R", info)
	}
	dict = fmt.Appendf(dict, "/ID[<%s><%s>]", id, id)
	start := w.off
	w.Stream(r, dict, data, true)
	w.write(fmt.Appendf(nil, "startxref\n%d\n%%%%EOF\n", start))
	putBuffer(w.zbuf)
	w.zbuf = nil
	return w.err
}

// xrefData returns the cross-reference stream's rows, each field as
// wide as its largest value needs: wa and wb bytes for the second and
// third. (The PNG Up predictor cost more than it saved on a news page's
// forty objects.)
func xrefData(xref []xrefEntry) (data []byte, wa, wb int) {
	wa, wb = 1, 1
	for _, e := range xref[1:] {
		for e.a>>(8*wa) != 0 {
			wa++
		}
		for e.b>>(8*wb) != 0 {
			wb++
		}
	}
	data = make([]byte, 0, (1+wa+wb)*len(xref))
	for i, e := range xref {
		a, b := uint64(e.a), uint64(e.b)
		if i == 0 { // the head of the free list: generation 65535
			a, b = 0, 1<<(8*wb)-1
		}
		data = append(data, e.kind)
		for k := wa - 1; k >= 0; k-- {
			data = append(data, byte(a>>(8*k)))
		}
		for k := wb - 1; k >= 0; k-- {
			data = append(data, byte(b>>(8*k)))
		}
	}
	return data, wa, wb
}

// Err returns the first write error.
func (w *Writer) Err() error { return w.err }
