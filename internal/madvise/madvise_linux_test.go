package madvise

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"
)

// TestRandom maps a file as the program's image is mapped (private,
// file-backed) and checks that the kernel took the advice for the whole
// pages inside the slice and for nothing beside them.
func TestRandom(t *testing.T) {
	page := os.Getpagesize()
	path := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(path, make([]byte, 8*page), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := syscall.Mmap(int(f.Fd()), 0, 8*page, syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)

	// From the middle of page 1 to the middle of page 6: pages 2 to 5
	// are whole inside it.
	Random(m[page+page/2 : 6*page+page/2])

	for i, want := range []bool{false, false, true, true, true, true, false, false} {
		addr := uintptr(unsafe.Pointer(&m[i*page]))
		got, err := advisedAt(addr)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("page %d: random-read advice %v, want %v", i, got, want)
		}
	}
}

// TestRandomEmpty checks that slices holding no whole page are left alone
// rather than rounded out to the pages around them.
func TestRandomEmpty(t *testing.T) {
	Random(nil)
	b := make([]byte, 100)
	Random(b)
	if got, err := advisedAt(uintptr(unsafe.Pointer(&b[0]))); err != nil || got {
		t.Errorf("a 100-byte slice's page advised random (%v, %v)", got, err)
	}
}
