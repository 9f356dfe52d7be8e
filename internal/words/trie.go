package words

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// An ICU dictionary file (dict/*.dict, as ICU's own data has them): a data
// header, eight 32-bit indexes, and a BytesTrie of the words, each
// character c a byte c-offset (offset in the transform index). The trie is
// read in place, as ICU reads it: nothing is built at run time.
//
// The BytesTrie format (ICU's bytestrie.h): a node is
//   - 0x00-0x0f a branch on the next input byte, of node+1 edges (0: the
//     count minus one is the next byte), as a binary search down to at
//     most five edges, then a list of (byte, value or jump) pairs and a
//     last byte whose target follows it;
//   - 0x10-0x1f a linear match of node-0x0f bytes;
//   - 0x20-0xff a value, final when odd (no longer word goes on from it).
type trie struct {
	b      []byte
	offset rune // the first character of the script; it maps to byte 0
}

// Indexes of a dictionary file.
const (
	ixStringTrieOffset = 0
	ixTotalSize        = 3
	ixTrieType         = 4
	ixTransform        = 5
	ixCount            = 8
)

// readDict checks an ICU dictionary file and returns its trie.
func readDict(d []byte) (*trie, error) {
	le := binary.LittleEndian
	if len(d) < 32 || d[2] != 0xda || d[3] != 0x27 || d[8] != 0 || string(d[12:16]) != "Dict" {
		return nil, errors.New("not a little-endian ICU dictionary")
	}
	hs := int(le.Uint16(d))
	if hs+4*ixCount > len(d) {
		return nil, errors.New("truncated")
	}
	ix := func(i int) int { return int(int32(le.Uint32(d[hs+4*i:]))) }
	tr := ix(ixTransform)
	switch {
	case ix(ixTrieType) != 0:
		return nil, fmt.Errorf("trie type %#x, want bytes without values", ix(ixTrieType))
	case tr&0x7f000000 != 0x01000000:
		return nil, fmt.Errorf("transform %#x, want an offset", tr)
	case hs+ix(ixTotalSize) > len(d) || ix(ixStringTrieOffset) >= ix(ixTotalSize):
		return nil, errors.New("truncated")
	}
	return &trie{b: d[hs+ix(ixStringTrieOffset) : hs+ix(ixTotalSize)], offset: rune(tr & 0x1fffff)}, nil
}

// transform is the byte of c in the trie: joiners have their own, and a
// character outside the script's 254 maps to 0xff, as in ICU.
func (t *trie) transform(c rune) byte {
	switch c {
	case 0x200D:
		return 0xff
	case 0x200C:
		return 0xfe
	}
	if d := c - t.offset; d >= 0 && d <= 0xfd {
		return byte(d)
	}
	return 0xff
}

// step is what a byte leads to.
type step uint8

const (
	noMatch step = iota
	noValue      // a prefix of a word
	final        // a word, and no longer one begins with it
	inWord       // a word, and a prefix of longer ones
)

// walk is a position in the trie: pos is the next node (-1 once nothing
// matches), rem what is left of a linear match, less one (-1 outside one).
type walk struct {
	t        []byte
	pos, rem int
}

// node lead bytes and value and delta encodings
const (
	minLinear   = 0x10
	minValue    = 0x20
	maxLinearBr = 5 // a branch of this many edges or fewer is a list
)

func (w *walk) first(t []byte, in byte) step {
	w.t, w.pos, w.rem = t, 0, -1
	return w.nextAt(0, in)
}

func (w *walk) next(in byte) step {
	if w.pos < 0 {
		return noMatch
	}
	if w.rem >= 0 {
		if in != w.t[w.pos] {
			w.pos = -1
			return noMatch
		}
		w.pos++
		w.rem--
		if w.rem >= 0 {
			return noValue
		}
		return w.valueAt(w.pos)
	}
	return w.nextAt(w.pos, in)
}

// valueAt is what reaching node pos means.
func (w *walk) valueAt(pos int) step {
	if n := w.t[pos]; n >= minValue {
		if n&1 != 0 {
			return final
		}
		return inWord
	}
	return noValue
}

func (w *walk) nextAt(pos int, in byte) step {
	t := w.t
	for {
		node := int(t[pos])
		pos++
		switch {
		case node < minLinear:
			return w.branch(pos, node, in)
		case node < minValue:
			if in != t[pos] {
				w.pos = -1
				return noMatch
			}
			pos++
			w.pos, w.rem = pos, node-minLinear-1
			if w.rem >= 0 {
				return noValue
			}
			return w.valueAt(pos)
		case node&1 != 0: // a final value: nothing goes on
			w.pos = -1
			return noMatch
		default:
			pos = skipValue(t, pos, node)
		}
	}
}

func (w *walk) branch(pos, n int, in byte) step {
	t := w.t
	if n == 0 {
		n = int(t[pos])
		pos++
	}
	n++
	for n > maxLinearBr {
		if in < t[pos] {
			n >>= 1
			pos = jump(t, pos+1)
		} else {
			n -= n >> 1
			pos = skipDelta(t, pos+1)
		}
	}
	for ; n > 1; n-- {
		if in == t[pos] {
			pos++
			node := int(t[pos])
			if node&1 != 0 {
				w.pos = pos // the value is final: nothing goes on
				return final
			}
			d, p := readValue(t, pos+1, node>>1)
			w.pos = p + d
			return w.valueAt(w.pos)
		}
		pos = skipValue(t, pos+2, int(t[pos+1]))
	}
	if in == t[pos] {
		w.pos = pos + 1
		return w.valueAt(w.pos)
	}
	w.pos = -1
	return noMatch
}

// readValue reads a value whose lead byte, shifted right by one, is lead,
// from pos (after the lead byte), and returns it and the position after
// it.
func readValue(t []byte, pos, lead int) (int, int) {
	switch {
	case lead < 0x51:
		return lead - 0x10, pos
	case lead < 0x6c:
		return (lead-0x51)<<8 | int(t[pos]), pos + 1
	case lead < 0x7e:
		return (lead-0x6c)<<16 | int(t[pos])<<8 | int(t[pos+1]), pos + 2
	case lead == 0x7e:
		return int(t[pos])<<16 | int(t[pos+1])<<8 | int(t[pos+2]), pos + 3
	}
	return int(t[pos])<<24 | int(t[pos+1])<<16 | int(t[pos+2])<<8 | int(t[pos+3]), pos + 4
}

// skipValue returns the position after the value whose lead byte (not
// shifted) is lead, pos being just after the lead byte.
func skipValue(t []byte, pos, lead int) int {
	switch {
	case lead < 0x51<<1:
		return pos
	case lead < 0x6c<<1:
		return pos + 1
	case lead < 0x7e<<1:
		return pos + 2
	}
	return pos + 3 + (lead>>1)&1
}

// jump reads the delta at pos and returns where it leads.
func jump(t []byte, pos int) int {
	d := int(t[pos])
	pos++
	switch {
	case d < 0xc0:
	case d < 0xf0:
		d = (d-0xc0)<<8 | int(t[pos])
		pos++
	case d < 0xfe:
		d = (d-0xf0)<<16 | int(t[pos])<<8 | int(t[pos+1])
		pos += 2
	case d == 0xfe:
		d = int(t[pos])<<16 | int(t[pos+1])<<8 | int(t[pos+2])
		pos += 3
	default:
		d = int(t[pos])<<24 | int(t[pos+1])<<16 | int(t[pos+2])<<8 | int(t[pos+3])
		pos += 4
	}
	return pos + d
}

// skipDelta returns the position after the delta at pos.
func skipDelta(t []byte, pos int) int {
	d := int(t[pos])
	switch {
	case d < 0xc0:
		return pos + 1
	case d < 0xf0:
		return pos + 2
	case d < 0xfe:
		return pos + 3
	}
	return pos + 4 + d&1
}

// maxWords is the most words found starting at one place, as in ICU.
const maxWords = 20

// matches finds the words of the dictionary that text starts with, no
// longer than max characters: their lengths, shortest first (at most
// maxWords), and how many characters the trie read (the longest prefix of
// a word, plus the character that matched none).
func (t *trie) matches(text []rune, max int, lengths *[maxWords]int) (n, read int) {
	var w walk
	for i, c := range text {
		var s step
		if i == 0 {
			s = w.first(t.b, t.transform(c))
		} else {
			s = w.next(t.transform(c))
		}
		read++
		if s >= final {
			if n < maxWords {
				lengths[n] = i + 1
				n++
			}
			if s == final {
				break
			}
		} else if s == noMatch {
			break
		}
		if i+1 >= max {
			break
		}
	}
	return n, read
}
