package ttf

import (
	"fmt"
	"slices"
	"testing"

	"github.com/bookify/article2book/fonts"
)

func faceAndCmap(t *testing.T, name string) (*Font, *Cmap) {
	t.Helper()
	data, err := fonts.Face(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Cmap()
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

// TestSingleSubst checks the alternates a renderer takes from GSUB:
// vertical forms (LXGW WenKai's are the Unicode presentation forms, Noto
// Serif SC's have no code point of their own but turn the glyph), and
// Noto Serif SC's half-width punctuation and full-width Latin.
func TestSingleSubst(t *testing.T) {
	tests := []struct {
		face, feature, script string
		from                  rune
		to                    rune // the character whose glyph it becomes, or 0
		advance               int  // its advance in 1/1000 em, when to is 0
		vertical              int  // its vertical advance in 1/1000 em, when to is 0
		minSize               int
	}{
		{"kai", "vert", "hani", '，', '\uFE10', 0, 0, 250},
		{"kai", "vert", "hani", '（', '\uFE35', 0, 0, 250},
		{"kai", "vert", "hani", '「', '\uFE41', 0, 0, 250},
		{"kai", "vert", "", '「', '\uFE41', 0, 0, 250},
		{"kai", "vert", "cyrl", '「', '\uFE41', 0, 0, 250}, // no cyrl: DFLT
		{"song", "vert", "hani", '（', 0, 1000, 1000, 350},
		{"song", "vert", "kana", 'ー', 0, 1000, 1000, 350},
		{"song", "hwid", "hani", '，', 0, 500, 0, 200},
		{"song", "hwid", "hani", '（', 0, 500, 0, 200},
		{"song", "fwid", "latn", 'A', 'Ａ', 0, 0, 200},
	}
	for _, tt := range tests {
		t.Run(tt.face+" "+tt.feature+" "+tt.script+" "+string(tt.from), func(t *testing.T) {
			f, c := faceAndCmap(t, tt.face)
			m, err := f.SingleSubst(tt.feature, tt.script)
			if err != nil {
				t.Fatal(err)
			}
			if len(m) < tt.minSize {
				t.Errorf("%d substitutions, want at least %d", len(m), tt.minSize)
			}
			from := c.Glyph(tt.from)
			got, ok := m[from]
			if !ok {
				t.Fatalf("no substitution for %q (glyph %d)", tt.from, from)
			}
			if tt.to != 0 {
				if want := c.Glyph(tt.to); got != want {
					t.Errorf("%q: glyph %d, want %d (%q)", tt.from, got, want, tt.to)
				}
				return
			}
			if got == from || int(got) >= f.NumGlyphs() {
				t.Errorf("%q: glyph %d from %d", tt.from, got, from)
			}
			upem := f.UnitsPerEm()
			if adv := f.Advance(got) * 1000 / upem; adv != tt.advance {
				t.Errorf("%q: alternate advances %d/1000 em, want %d", tt.from, adv, tt.advance)
			}
			if tt.vertical != 0 {
				if v, _, ok := f.VAdvance(got); !ok || v*1000/upem != tt.vertical {
					t.Errorf("%q: alternate's vertical advance %d (%v), want %d/1000 em", tt.from, v, ok, tt.vertical)
				}
			}
		})
	}
	// Features a font lacks, and fonts without GSUB, give nothing.
	for _, tt := range []struct{ face, feature string }{{"kai", "hwid"}, {"emoji", "vert"}, {"ext", "vert"}, {"mono", "vert"}} {
		f, _ := faceAndCmap(t, tt.face)
		if m, err := f.SingleSubst(tt.feature, "hani"); err != nil || len(m) != 0 {
			t.Errorf("%s %s: %d substitutions (%v), want none", tt.face, tt.feature, len(m), err)
		}
	}
}

// TestLigatures checks the emoji sequences Noto Emoji draws as one glyph.
// Its sequences leave out variation selectors (a renderer drops them
// before matching), and being monochrome it draws a skin-tone modifier
// as the base emoji.
func TestLigatures(t *testing.T) {
	f, c := faceAndCmap(t, "emoji")
	ligs, err := f.Ligatures("ccmp", "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		seq  string
		want string // "new" glyph, "base" (the first component's), or "none"
	}{
		{"👍🏽", "base"},
		{"👨\u200d👩\u200d👧", "new"},
		{"👩🏽\u200d💻", "new"},
		{"🇨🇳", "new"},
		{"🏳\u200d🌈", "new"},
		{"🏳\ufe0f\u200d🌈", "none"},
		{"👍👍", "none"},
	}
	for _, tt := range tests {
		var comps []uint16
		for _, r := range tt.seq {
			comps = append(comps, c.Glyph(r))
		}
		got := "none"
		if i := slices.IndexFunc(ligs, func(l Ligature) bool { return slices.Equal(l.Components, comps) }); i >= 0 {
			switch g := ligs[i].Glyph; {
			case g == comps[0]:
				got = "base"
			case g != 0 && !slices.Contains(comps, g) && int(g) < f.NumGlyphs():
				got = "new"
			default:
				got = fmt.Sprintf("glyph %d", g)
			}
		}
		if got != tt.want {
			t.Errorf("%+q (glyphs %v): %s, want %s", tt.seq, comps, got, tt.want)
		}
	}
	if len(ligs) < 3000 {
		t.Errorf("%d ligatures, want Noto Emoji's thousands", len(ligs))
	}
}

func BenchmarkSingleSubst(b *testing.B) {
	data, _ := fonts.Face("song")
	f, _ := Parse(data)
	for b.Loop() {
		if _, err := f.SingleSubst("vert", "hani"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSubsetVert: a subset asked to keep vertical forms has a GSUB whose
// vert feature takes each kept mark to its alternate, the alternate's
// outline kept, and nothing for characters left out.
func TestSubsetVert(t *testing.T) {
	f, c := faceAndCmap(t, "kai")
	vert, err := f.SingleSubst("vert", "hani")
	if err != nil {
		t.Fatal(err)
	}
	var maps []Mapping
	for _, r := range "，。「」中文" {
		maps = append(maps, Mapping{Rune: r, Glyph: c.Glyph(r)})
	}
	data, err := f.Subset(maps, Options{Vert: vert})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, script := range []string{"hani", "kana", "DFLT"} {
		got, err := sub.SingleSubst("vert", script)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Errorf("%s: %d substitutions, want 4 (，。「」): %v", script, len(got), got)
		}
		for _, r := range "，。「」" {
			g := c.Glyph(r)
			if got[g] != vert[g] || len(sub.Glyph(int(vert[g]))) == 0 {
				t.Errorf("%s: %c: glyph %d becomes %d, want %d with its outline", script, r, g, got[g], vert[g])
			}
		}
	}
	if plain, _ := f.Subset(maps, Options{}); len(plain) >= len(data) {
		t.Errorf("the subset without vertical forms is not smaller: %d, %d bytes", len(plain), len(data))
	}
	if sub.Table("GSUB") == nil {
		t.Fatal("no GSUB")
	}
	if p, _ := Parse(must(f.Subset(maps, Options{}))); p.Table("GSUB") != nil {
		t.Error("a subset without Vert has a GSUB")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
