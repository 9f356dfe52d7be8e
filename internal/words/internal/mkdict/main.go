// Command mkdict copies ICU's word-break dictionaries for Thai, Lao, Khmer
// and Burmese out of ICU's common data (a .dat file, or a library or
// program that holds one, such as Debian's libicudata.so.72), each as the
// .dict file ICU itself reads: a data header, eight indexes and a
// BytesTrie of the words (see package words, dictionary.go).
//
//	go run ./internal/words/internal/mkdict -icu /usr/lib/x86_64-linux-gnu/libicudata.so.72 -out internal/words/dict
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

// names are the dictionaries copied: ICU's item name, and the file
// written.
var names = []struct{ item, file string }{
	{"brkitr/thaidict.dict", "th.dict"},
	{"brkitr/laodict.dict", "lo.dict"},
	{"brkitr/khmerdict.dict", "km.dict"},
	{"brkitr/burmesedict.dict", "my.dict"},
}

func main() {
	icu := flag.String("icu", "/usr/lib/x86_64-linux-gnu/libicudata.so.72", "ICU common data, or a file holding it")
	out := flag.String("out", "dict", "folder to write the dictionaries to")
	flag.Parse()
	b, err := os.ReadFile(*icu)
	if err != nil {
		log.Fatal(err)
	}
	items, err := commonData(b)
	if err != nil {
		log.Fatalf("%s: %v", *icu, err)
	}
	for _, n := range names {
		d, ok := items[n.item]
		if !ok {
			log.Fatalf("%s: no %s", *icu, n.item)
		}
		d, err := dictionary(d)
		if err != nil {
			log.Fatalf("%s: %s: %v", *icu, n.item, err)
		}
		if err := os.WriteFile(filepath.Join(*out, n.file), d, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s\t%s\t%d bytes\n", n.item, n.file, len(d))
	}
}

// commonData finds the first little-endian ICU common data package in b
// (a data header whose format is "CmnD") and returns its items by name,
// the package prefix ("icudt72l/") taken off. Each item runs to the next
// one's start, padding included.
func commonData(b []byte) (map[string][]byte, error) {
	le := binary.LittleEndian
	for off := 0; ; {
		k := bytes.Index(b[off:], []byte("CmnD"))
		if k < 0 {
			return nil, errors.New("no ICU common data (CmnD) found")
		}
		h := off + k - 12
		off += k + 4
		// magic 0xda27, then UDataInfo: little-endian, ASCII, 2-byte UChar
		if h < 0 || b[h+2] != 0xda || b[h+3] != 0x27 || b[h+8] != 0 || b[h+9] != 0 {
			continue
		}
		toc := h + int(le.Uint16(b[h:]))
		n := int(le.Uint32(b[toc:]))
		if toc+4+8*n > len(b) {
			return nil, errors.New("table of contents past the end")
		}
		items := make(map[string][]byte, n)
		for i := range n {
			name := b[toc+int(le.Uint32(b[toc+4+8*i:])):]
			name = name[:bytes.IndexByte(name, 0)]
			start := toc + int(le.Uint32(b[toc+8+8*i:]))
			end := len(b)
			if i+1 < n {
				end = toc + int(le.Uint32(b[toc+8+8*(i+1):]))
			}
			if _, rest, ok := bytes.Cut(name, []byte("/")); ok {
				items[string(rest)] = b[start:end]
			}
		}
		return items, nil
	}
}

// dictionary checks that d is a dictionary of bytes without values (the
// kind package words reads) and cuts off the padding after it.
func dictionary(d []byte) ([]byte, error) {
	le := binary.LittleEndian
	if len(d) < 4 || d[2] != 0xda || d[3] != 0x27 || string(d[12:16]) != "Dict" {
		return nil, errors.New("not an ICU dictionary")
	}
	hs := int(le.Uint16(d))
	const ixTotalSize, ixTrieType, ixTransform = 3, 4, 5
	ix := func(i int) int { return int(int32(le.Uint32(d[hs+4*i:]))) }
	if ix(ixTrieType) != 0 {
		return nil, fmt.Errorf("trie type %#x, want bytes without values", ix(ixTrieType))
	}
	if ix(ixTransform)&0x7f000000 != 0x01000000 {
		return nil, fmt.Errorf("transform %#x, want an offset", ix(ixTransform))
	}
	total := hs + ix(ixTotalSize)
	if total > len(d) {
		return nil, fmt.Errorf("size %d past the item's end %d", total, len(d))
	}
	return d[:total], nil
}
