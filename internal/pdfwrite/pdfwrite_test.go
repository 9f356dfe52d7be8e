package pdfwrite

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

// TestWriter checks a file qpdf finds sound, with objects in several
// object streams, the same bytes every time, and an unwritten object
// reported.
func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf, 9)
	root, pages, page, content := w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc()
	extra := make([]Ref, 250)
	for i := range extra {
		extra[i] = w.Alloc()
	}
	w.Stream(content, nil, []byte("0 0 1 rg 100 100 200 50 re f\n"), true)
	w.Object(page, fmt.Appendf(nil, "<</Type/Page/Parent %d 0 R/MediaBox[0 0 400 400]/Contents %d 0 R>>", pages, content))
	w.Object(pages, fmt.Appendf(nil, "<</Type/Pages/Kids[%d 0 R]/Count 1>>", page))
	for i, r := range extra {
		b := AppendText([]byte("<</T"), fmt.Sprintf("entry %d (%s) 文字 𠮷", i, strings.Repeat("\\", i%3)))
		w.Object(r, append(b, ">>"...))
	}
	info := w.Alloc()
	w.Plain(info, append(AppendText([]byte("<< /Title "), "标题"), " >>"...))
	w.Plain(root, fmt.Appendf(nil, "<< /Type /Catalog /Pages %d 0 R >>", pages))
	if err := w.Close(root, info); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "w.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("qpdf", "--show-object=8", "--filtered-stream-data", p).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "<feff0065006e00740072007900200033002000280029002065875b570020d842dfb7>") {
		t.Errorf("object 8: %s (%v)", out, err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("/Type/ObjStm")); n != 3 {
		t.Errorf("%d object streams, want 3", n)
	}
	// offsets under 64 KB, indexes in object streams under 256
	if !bytes.Contains(buf.Bytes(), []byte("/W[1 2 1]")) {
		t.Errorf("cross-reference stream's fields not as narrow as the file allows (/W[1 2 1])")
	}

	var again bytes.Buffer
	w = New(&again, 9)
	r := w.Alloc()
	w.Alloc() // never written
	w.Plain(r, []byte("<< /Type /Catalog >>"))
	if err := w.Close(r, 0); err == nil || !strings.Contains(err.Error(), "object 2") {
		t.Errorf("Close with object 2 unwritten: %v", err)
	}
}

func TestAppendNum(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		prec int
		want string
	}{
		{0, 2, "0"}, {1, 2, "1"}, {-3, 2, "-3"}, {0.5, 2, ".5"}, {-0.25, 2, "-.25"},
		{12.3456, 2, "12.35"}, {1.10, 3, "1.1"}, {0.0001, 2, "0"}, {-0.0001, 2, "0"}, {0.21256, 5, ".21256"},
	} {
		if got := string(AppendNumBare(nil, tc.x, tc.prec)); got != tc.want {
			t.Errorf("AppendNumBare(%v, %d) = %q, want %q", tc.x, tc.prec, got, tc.want)
		}
	}
}

// A stream longer than a piece is compressed in pieces on several cores:
// zlib reads it back whole, with its checksum, and the bytes are the same
// on one core as on four.
func TestDeflatePieces(t *testing.T) {
	data := make([]byte, 3*pieceSize+12345)
	for i := range data {
		data[i] = byte(i*i>>7) ^ byte(i>>11)
	}
	var got [][]byte
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		w := New(io.Discard, 6)
		got = append(got, bytes.Clone(w.deflate(data)))
		runtime.GOMAXPROCS(prev)
	}
	if !bytes.Equal(got[0], got[1]) {
		t.Fatalf("on four cores %d bytes, on one %d: not the same", len(got[1]), len(got[0]))
	}
	r, err := zlib.NewReader(bytes.NewReader(got[0]))
	if err != nil {
		t.Fatal(err)
	}
	back, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("zlib: %v", err)
	}
	if !bytes.Equal(back, data) {
		t.Fatalf("read back %d bytes, not the %d written", len(back), len(data))
	}
	for level := 1; level <= 9; level++ {
		var ref bytes.Buffer
		zw, _ := kzlib.NewWriterLevel(&ref, level)
		zw.Close()
		if h := zlibHeader(level); !bytes.Equal(h, ref.Bytes()[:2]) {
			t.Errorf("level %d: header % x, zlib writes % x", level, h, ref.Bytes()[:2])
		}
	}
}

// The file identifier is the same for the same content and another for
// content one byte apart.
func TestFileID(t *testing.T) {
	id := func(title string) string {
		var buf bytes.Buffer
		w := New(&buf, 7)
		root, info := w.Alloc(), w.Alloc()
		w.Object(info, AppendText([]byte("<</Title"), title))
		w.Plain(root, []byte("<</Type/Catalog>>"))
		if err := w.Close(root, info); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`/ID\[<([0-9A-F]{32})><([0-9A-F]{32})>\]`).FindSubmatch(buf.Bytes())
		if m == nil || !bytes.Equal(m[1], m[2]) {
			t.Fatalf("no /ID of two equal 16-byte strings in %q", buf.Bytes())
		}
		return string(m[1])
	}
	a, again, b := id("一本书"), id("一本书"), id("一本昼")
	if a != again || a == b {
		t.Errorf("identifiers %s, %s for the same file, %s for another", a, again, b)
	}
}
