package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// hanText returns n distinct Han characters the face has, from start.
func hanText(t *testing.T, m *face.Font, start rune, n int) string {
	t.Helper()
	var b strings.Builder
	for r := start; n > 0 && r < 0x9FFF; r++ {
		if m.Glyph(r) != 0 {
			b.WriteRune(r)
			n--
		}
	}
	if n > 0 {
		t.Fatalf("%d Han characters short", n)
	}
	return b.String()
}

// TestFontGlyphsAsDrawn: the subset is made as its glyphs are first
// drawn, its glyf table compressed meanwhile. A composite glyph drawn
// after enough glyphs for the compression to have started takes its
// components in as hidden CIDs, which ToUnicode leaves out until a
// component is drawn for its own text, which then takes its CID; the
// font program in the PDF inflates to a TrueType font whose tables are
// those SubsetGlyphs makes of the same glyphs.
func TestFontGlyphsAsDrawn(t *testing.T) {
	m, err := face.Open(face.Serif)
	if err != nil {
		t.Fatal(err)
	}
	var composite rune
	var comps []ttf.Component
	for r := rune(0xC0); r < 0x180 && composite == 0; r++ {
		if c, _ := ttf.Components(m.TTF().Glyph(int(m.Glyph(r)))); len(c) > 1 && m.Glyph(r) != 0 {
			composite, comps = r, c
		}
	}
	if composite == 0 {
		t.Fatal("no composite glyph of two components in Noto Serif")
	}
	// the first component drawn for its own text: its character
	var base rune
	for r := rune(0x20); r < 0x180 && base == 0; r++ {
		if m.Glyph(r) == comps[0].Glyph {
			base = r
		}
	}
	if base == 0 {
		t.Fatalf("no character draws component %d", comps[0].Glyph)
	}
	var buf bytes.Buffer
	w := pdfwrite.New(&buf, flateLevel)
	d := newPDFDoc(w, 600, 800)
	d.startPage()
	run := func(id face.ID, text string) {
		fm, _ := face.Open(id)
		var gs []frame.Glyph
		for _, r := range text {
			gs = append(gs, frame.Glyph{ID: fm.Glyph(r), Adv: float64(fm.Width(r)) / 100, Text: string(r)})
		}
		d.emitRun(&frame.Run{Face: id, Size: 10, X: 10, Y: 20, Glyphs: gs})
	}
	// Noto Serif's simple Greek, Cyrillic and Latin outlines, none the
	// composite's: more than a chunk
	var many strings.Builder
	for r := rune(0x21); r < 0x500; r++ {
		g := m.Glyph(r)
		c, _ := ttf.Components(m.TTF().Glyph(int(g)))
		if g != 0 && len(c) == 0 && !slices.ContainsFunc(comps, func(c ttf.Component) bool { return c.Glyph == g }) {
			many.WriteRune(r)
		}
	}
	run(face.Serif, many.String())
	f := d.fonts.fonts[face.Serif]
	if f.glyf.Len() < 2*32<<10 { // two chunks (pdfwrite.tailChunk): compressing
		t.Fatalf("glyf of %d bytes: too short for the test", f.glyf.Len())
	}
	before := len(f.slots)
	run(face.Serif, string(composite))
	cid := f.cids[cidKey{slotKey{gid: m.Glyph(composite)}, string(composite)}]
	if cid != uint16(before+1) || len(f.slots) != before+1+len(comps) || len(f.hidden) != len(comps) {
		t.Fatalf("composite's CID %d, %d CIDs, %d hidden; want %d, %d, %d", cid, len(f.slots), len(f.hidden), before+1, before+1+len(comps), len(comps))
	}
	uni := string(f.toUnicode())
	for i := range comps {
		if strings.Contains(uni, "<"+strconv.FormatUint(uint64(before+2+i), 16)) {
			t.Errorf("ToUnicode maps hidden CID %d", before+2+i)
		}
	}
	run(face.Serif, string(base))
	if got := f.cids[cidKey{slotKey{gid: m.Glyph(base)}, string(base)}]; got != uint16(before+2) || len(f.slots) != before+1+len(comps) || f.hidden[got] {
		t.Errorf("%q drawn: CID %d, %d CIDs; want the hidden %d, no new one", base, got, len(f.slots), before+2)
	}
	d.endPage()
	if err := f.write(w); err != nil {
		t.Fatal(err)
	}
	d.writeResources()
	w.Object(d.pagesRef, []byte("<</Type/Pages/Kids[]/Count 0>>"))
	root := w.Alloc()
	w.Plain(root, []byte("<</Type/Catalog>>"))
	if err := w.Close(root, 0); err != nil {
		t.Fatal(err)
	}
	prog := fontProgram(t, buf.Bytes())
	if _, err := ttf.Parse(prog); err != nil {
		t.Fatal(err)
	}
	if ttf.Checksum(prog) != 0xB1B0AFBA {
		t.Errorf("font checksum %#x, want 0xB1B0AFBA", ttf.Checksum(prog))
	}
	slots := make([]ttf.Slot, len(f.slots))
	for i, k := range f.slots {
		slots[i] = ttf.Slot{Glyph: k.gid, Shift: int(k.shift), Advance: int(k.adv)}
	}
	ref, err := m.TTF().SubsetGlyphs(slots)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := ttf.Parse(prog)
	want, _ := ttf.Parse(ref)
	for _, tag := range []string{"glyf", "loca", "hmtx", "hhea", "maxp", "cmap", "post", "name"} {
		if !bytes.Equal(got.Table(tag), want.Table(tag)) {
			t.Errorf("table %q differs from SubsetGlyphs' for the same glyphs", tag)
		}
	}
}

// countingContext counts its Err calls.
type countingContext struct {
	context.Context
	n atomic.Int64
}

func (c *countingContext) Err() error {
	c.n.Add(1)
	return c.Context.Err()
}

var fontFileRE = regexp.MustCompile(`/Length1 (\d+)/Length (\d+)/Filter/FlateDecode>>\nstream\n`)

// fontProgram returns the first FontFile2 stream of a PDF, inflated.
func fontProgram(t *testing.T, pdf []byte) []byte {
	t.Helper()
	m := fontFileRE.FindSubmatchIndex(pdf)
	if m == nil {
		t.Fatal("no font program")
	}
	n, _ := strconv.Atoi(string(pdf[m[4]:m[5]]))
	r, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("zlib: %v", err)
	}
	if size, _ := strconv.Atoi(string(pdf[m[2]:m[3]])); size != len(data) {
		t.Errorf("/Length1 %d, font program of %d bytes", size, len(data))
	}
	return data
}

// TestStoppedWriteStopsFonts: a PDF stopped while its pages are drawn,
// the compression of its fonts' glyf tables started, leaves no worker
// compressing them, and no planner numbering glyphs, once WriteContext
// has returned.
func TestStoppedWriteStopsFonts(t *testing.T) {
	m, err := face.Open(face.Kai)
	if err != nil {
		t.Fatal(err)
	}
	a := &book.Article{Title: "字", Lang: "zh"}
	start := rune(0x4E00)
	for range 40 {
		text := hanText(t, m, start, 120)
		start = []rune(text)[119] + 1
		a.Blocks = append(a.Blocks, &book.Paragraph{Content: testbook.Runs(text)})
	}
	doc := render.Prepare(book.Single(a, "字"))
	// stopped three quarters through: by its checks of its context
	count := &countingContext{Context: context.Background()}
	if _, err := WriteContext(count, io.Discard, doc, Options{}); err != nil {
		t.Fatal(err)
	}
	_, err = WriteContext(verify.EndAt(int(3*count.n.Load()/4), context.Canceled), io.Discard, doc, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	for _, fn := range []string{"pdfwrite.(*tailPiece).work", "pdf.(*pdfDoc).numberAhead"} {
		if strings.Contains(stacks, fn) {
			t.Errorf("%s still at work after WriteContext returned:\n%s", fn, stacks)
		}
	}
}
