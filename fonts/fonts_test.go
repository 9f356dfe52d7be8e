package fonts

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/ttf"
)

// TestFaces opens every face as a TrueType-outline font and checks what
// the renderers rely on it for.
func TestFaces(t *testing.T) {
	tests := []struct {
		name          string
		family        string // in the name table
		minRunes      int
		minAstral     int
		has           string // characters it must draw
		fullWidthQuot bool   // “ advances a whole em
	}{
		{"kai", "LXGW WenKai", 28000, 1300, "永和“中”𠮷", false},
		{"kai-bold", "LXGW WenKai", 28000, 1300, "永和“中”𠮷", false},
		{"song", "Noto Serif SC", 30000, 400, "永和“中”䶮", true},
		{"song-bold", "Noto Serif SC", 30000, 400, "永和“中”䶮", true},
		{"mono", "DejaVu Sans Mono", 3000, 0, "{}<>aé", false},
		{"fallback", "Droid Sans Fallback", 28000, 0, "㐀䶵", false},
		{"emoji", "Noto Emoji", 1500, 1300, "😀👍☀🇨", false},
		{"ext", "A2BExt", 17000, 17000, "𠀀𪚥", false},
		{"kai-tc", "LXGW WenKai TC", 10000, 20, "說黃骨這，。「」裏𠕇爲説産", false},
		{"kai-tc-bold", "LXGW WenKai TC", 2400, 0, "，。、！？「」（）《》說黃這國灣體", false},
	}
	if len(tests)+len(notoNames()) != len(Names) {
		t.Errorf("%d faces tested, %d in Names", len(tests), len(Names))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Face(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := Face(tt.name)
			if &again[0] != &data[0] {
				t.Error("a second call returned a new copy")
			}
			f, err := ttf.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if f.Glyph(1) == nil && f.Glyph(2) == nil {
				t.Error("no glyf outlines")
			}
			if !bytes.Contains(f.Table("name"), utf16be(tt.family)) {
				t.Errorf("name table lacks %q", tt.family)
			}
			cmap, err := f.Cmap()
			if err != nil {
				t.Fatal(err)
			}
			astral := 0
			for r := range cmap.All() {
				if r > 0xFFFF {
					astral++
				}
			}
			t.Logf("%d code points, %d above U+FFFF, %d glyphs, %d bytes", cmap.Len(), astral, f.NumGlyphs(), len(data))
			if cmap.Len() < tt.minRunes || astral < tt.minAstral {
				t.Errorf("%d code points (%d astral), want at least %d (%d)", cmap.Len(), astral, tt.minRunes, tt.minAstral)
			}
			for _, r := range tt.has {
				if cmap.Glyph(r) == 0 {
					t.Errorf("no glyph for %q %U", r, r)
				}
			}
			quote := f.Advance(cmap.Glyph('“'))
			if full := quote == f.UnitsPerEm(); full != tt.fullWidthQuot && tt.name != "mono" && tt.name != "emoji" && tt.name != "ext" && tt.name != "fallback" && !strings.HasPrefix(tt.name, "kai-tc") {
				t.Errorf("“ advances %d of %d units", quote, f.UnitsPerEm())
			}
		})
	}
	if _, err := Face("comic"); err == nil {
		t.Error(`Face("comic") gave no error`)
	}
}

// TestExtCoversWhatKaiLacks checks that the ext face was cut to the
// characters LXGW WenKai lacks, and draws the rare names the issue
// names.
func TestExtCoversWhatKaiLacks(t *testing.T) {
	kai, ext := cmapOf(t, "kai"), cmapOf(t, "ext")
	both := 0
	for r := range ext.All() {
		if kai.Glyph(r) != 0 {
			both++
		}
	}
	if both > 0 {
		t.Errorf("%d characters in both kai and ext", both)
	}
	for _, r := range "𠮷𨱑𡘙𪚥" {
		if kai.Glyph(r) == 0 && ext.Glyph(r) == 0 {
			t.Errorf("neither kai nor ext draws %q %U", r, r)
		}
	}
}

func cmapOf(t testing.TB, name string) *ttf.Cmap {
	t.Helper()
	c, err := parsed(t, name).Cmap()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func utf16be(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

// BenchmarkDecompress measures what a process pays the first time a
// document needs a compressed face.
func BenchmarkDecompress(b *testing.B) {
	for _, bc := range []struct {
		name string
		zst  []byte
	}{{"song", songZst}, {"song-bold", songBoldZst}, {"emoji", emojiZst}, {"ext", extZst}, {"kai-tc", kaiTCZst}, {"kai-tc-bold", kaiTCBoldZst}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				out, err := decompress(bc.zst)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(out)))
			}
		})
	}
}

// TestNotoFaces opens every Noto face as a TrueType-outline font with a
// character map.
func TestNotoFaces(t *testing.T) {
	names := notoNames()
	if len(names) < 26 {
		t.Fatalf("%d Noto faces, want 26", len(names))
	}
	for _, name := range names {
		data, err := Face(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ttf.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Table("glyf") == nil {
			t.Errorf("%s: no glyf table", name)
		}
		if _, err := f.Cmap(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Face("noto/../kai"); err == nil {
		t.Error("a face outside noto/ opened")
	}
}

// TestKaiTCPunctuationCentred checks what the Traditional face is stored
// for beside LXGW WenKai: its pause and stop marks sit in the middle of
// the em, as Taiwan sets them, where LXGW WenKai's sit in the lower left.
func TestKaiTCPunctuationCentred(t *testing.T) {
	for _, tt := range []struct {
		name    string
		centred bool
	}{{"kai-tc", true}, {"kai-tc-bold", true}, {"kai", false}} {
		data, err := Face(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ttf.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		cmap, err := f.Cmap()
		if err != nil {
			t.Fatal(err)
		}
		em := f.UnitsPerEm()
		for _, r := range "，。、！？．；：" {
			g := cmap.Glyph(r)
			x0, y0, x1, y1, ok := f.Bounds(g)
			if !ok || f.Advance(g) != em {
				t.Errorf("%s %q: no outline or not full width", tt.name, r)
				continue
			}
			cx, cy := (x0+x1)/2, (y0+y1)/2
			centred := abs(2*cx-em) < em/10 && abs(2*cy-em*7/10) < em/4
			if centred != tt.centred && !(r == '；' || r == '：') {
				t.Errorf("%s %q: ink centre (%d, %d) of %d: centred %v, want %v", tt.name, r, cx, cy, em, centred, tt.centred)
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestNotoBoldsPairRegulars checks each stored Noto Bold against its
// Regular: a bold weight of the same family and version (so a heading
// set in it matches its text) that maps every character the Regular
// maps, so that setting text bold never loses a glyph.
func TestNotoBoldsPairRegulars(t *testing.T) {
	bolds := 0
	for _, name := range notoNames() {
		stem, ok := strings.CutSuffix(name, "-Bold")
		if !ok {
			continue
		}
		bolds++
		t.Run(name, func(t *testing.T) {
			reg, bold := cmapOf(t, stem+"-Regular"), cmapOf(t, name)
			lost := 0
			for r := range reg.All() {
				if bold.Glyph(r) == 0 {
					lost++
				}
			}
			if lost != 0 {
				t.Errorf("%d characters of the Regular unmapped", lost)
			}
			rf, bf := parsed(t, stem+"-Regular"), parsed(t, name)
			if w := binary.BigEndian.Uint16(bf.Table("OS/2")[4:]); w != 700 {
				t.Errorf("weight class %d, want 700", w)
			}
			// head's fontRevision, 16.16 fixed
			if rv, bv := binary.BigEndian.Uint32(rf.Table("head")[4:]), binary.BigEndian.Uint32(bf.Table("head")[4:]); rv != bv {
				t.Errorf("revision %#x, the Regular's %#x", bv, rv)
			}
		})
	}
	// Naskh Arabic, Noto Serif and the 11 script faces that fitted the
	// package (see Noto)
	if bolds != 13 {
		t.Errorf("%d Noto bolds stored, want 13", bolds)
	}
}

func parsed(t testing.TB, name string) *ttf.Font {
	t.Helper()
	data, err := Face(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ttf.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
