package madvise

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
	"unsafe"
)

func random(b []byte) {
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + page - 1) &^ (page - 1)
	end := (p + uintptr(len(b))) &^ (page - 1)
	if len(b) == 0 || end <= start {
		return
	}
	whole := b[start-p : end-p]
	_ = syscall.Madvise(whole, syscall.MADV_RANDOM) // a hint: see Random
}

// Advised reports whether the kernel holds the random-read advice for the
// first whole page inside b, for tests of the packages that give it.
func Advised(b []byte) (bool, error) {
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + page - 1) &^ (page - 1)
	if len(b) == 0 || start+page > p+uintptr(len(b)) {
		return false, fmt.Errorf("madvise: %d bytes hold no whole page", len(b))
	}
	return advisedAt(start)
}

// advisedAt reports whether the mapping holding addr carries the
// random-read advice ("rr" in its VmFlags, proc(5)).
func advisedAt(addr uintptr) (bool, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return false, err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.Contains(" "+line[len("VmFlags:"):]+" ", " rr "), nil
		}
	}
	if err := sc.Err(); err != nil {
		return false, err
	}
	return false, fmt.Errorf("madvise: no mapping holds %#x", addr)
}
