package face

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bookify/article2book/fonts"
)

// TestShapeLikeHarfBuzz shapes the first paragraph of each page of the
// script corpus (testdata/scripts, the UDHR in Unicode) with our shaper
// and with HarfBuzz's own hb-shape (Debian libharfbuzz-bin), same font
// file, text, script, direction and language: glyph IDs, clusters,
// advances and offsets must be equal.
func TestShapeLikeHarfBuzz(t *testing.T) {
	if _, err := exec.LookPath("hb-shape"); err != nil {
		t.Fatal("hb-shape is needed (Debian libharfbuzz-bin; make deps installs it)")
	}
	cases := []struct {
		file, lang string
		face       ID
		rtl        bool
		// known is how many glyphs differ from Debian's hb-shape 6.0.0,
		// listed by the log; any other count fails. Every one is a
		// lookup go-text v0.3.5 never tries on the glyph: its
		// setDigest.addRange (harfbuzz/set_digest.go) returns as soon as
		// any of its three bit-pattern masks is full, where HarfBuzz's
		// digest combiner adds the range to each mask that is not. The
		// shift-0 mask fills once a format 2 coverage's ranges have
		// touched all 64 residues, so the ranges after that are missing
		// from the other two masks and mayHave rejects their glyphs before
		// the coverage is read. Cherokee's 24: the kern lookup's PairPos
		// format 1 subtable covers glyphs 15-272 in 16 ranges; after
		// 127-182 the shift-0 mask is full, and every pair whose first
		// glyph is a lower-case letter (193 and up: ꮒ then ᏻ, U+AB92
		// U+13FB, -4 units) is skipped. The same loss makes the counts of
		// Kannada, Tibetan, Ethiopic, Vietnamese, Russian and Greek:
		// with that early return removed (go-text patched locally, for
		// the measurement only) all of them are 0. go-text issue #278;
		// the module proxy serves v0.2.1, v0.3.0 and v0.3.5, nothing
		// later, and the digest is internal to its harfbuzz package, so
		// nothing on our side reaches it.
		known int
	}{
		{"arb", "ar", Arabic, true, 0}, {"pes_1", "fa", Arabic, true, 0}, {"urd", "ur", Arabic, true, 0},
		{"heb", "he", Hebrew, true, 0}, {"div", "dv", Thaana, true, 0},
		{"hin", "hi", Devanagari, false, 0}, {"ben", "bn", Bengali, false, 0}, {"pan", "pa", Gurmukhi, false, 0},
		{"guj", "gu", Gujarati, false, 0}, {"tam", "ta", Tamil, false, 0}, {"tel", "te", Telugu, false, 0},
		{"kan", "kn", Kannada, false, 5}, {"mal", "ml", Malayalam, false, 0}, {"sin", "si", Sinhala, false, 0},
		{"tha", "th", Thai, false, 0}, {"lao", "lo", Lao, false, 0}, {"khm", "km", Khmer, false, 0},
		{"mya", "my", Myanmar, false, 0}, {"bod", "bo", Tibetan, false, 2}, {"kat", "ka", Georgian, false, 0},
		{"hye", "hy", Armenian, false, 0}, {"amh", "am", Ethiopic, false, 11},
		{"eng", "en", Serif, false, 0}, {"vie", "vi", Serif, false, 1}, {"rus", "ru", Serif, false, 2},
		{"ell_monotonic", "el", Serif, false, 16},
		{"chr_cased", "chr", Cherokee, false, 24}, {"ike", "iu", Syllabics, false, 0}, {"vai", "vai", Vai, false, 0},
		{"iii", "ii", Yi, false, 0}, {"tzm_tfng", "tzm", Tifinagh, false, 0},
	}
	dir := t.TempDir()
	para := regexp.MustCompile(`<p>([^<]*)</p>`)
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "scripts", c.file+".html"))
			if err != nil {
				t.Fatal(err)
			}
			m := para.FindSubmatch(page)
			if m == nil {
				t.Fatal("no paragraph")
			}
			text := []rune(strings.TrimSpace(string(m[1])))
			f, err := Open(c.face)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := fonts.Face(f.face)
			fontFile := filepath.Join(dir, f.family+".ttf")
			if err := os.WriteFile(fontFile, data, 0o644); err != nil {
				t.Fatal(err)
			}
			// the runs of characters the face draws, one a line: hb-shape
			// shapes each line of its text file alone
			var segs [][]rune
			cur := []rune{}
			for _, r := range text {
				if f.Has(r) && r != '\n' {
					cur = append(cur, r)
					continue
				}
				if len(cur) > 0 {
					segs, cur = append(segs, cur), []rune{}
				}
			}
			if len(cur) > 0 {
				segs = append(segs, cur)
			}
			var lines []string
			for _, sg := range segs {
				lines = append(lines, string(sg))
			}
			textFile := filepath.Join(dir, c.file+".txt")
			if err := os.WriteFile(textFile, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			script := ScriptOf(text)
			tag := strings.ToLower(string([]byte{byte(script >> 24), byte(script >> 16), byte(script >> 8), byte(script)}))
			direction := "ltr"
			if c.rtl {
				direction = "rtl"
			}
			out, err := exec.Command("hb-shape", "--no-glyph-names", "--output-format=json", "--font-file="+fontFile,
				"--direction="+direction, "--script="+tag, "--language="+c.lang, "--text-file="+textFile).Output()
			if err != nil {
				t.Fatalf("hb-shape: %v", err)
			}
			outs := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(outs) != len(segs) {
				t.Fatalf("hb-shape gave %d lines for %d", len(outs), len(segs))
			}
			upem := float64(f.UnitsPerEm())
			bad, total := 0, 0
			for k, sg := range segs {
				var want []struct{ G, Cl, Dx, Dy, Ax int }
				if err := json.Unmarshal([]byte(outs[k]), &want); err != nil {
					t.Fatalf("hb-shape output: %v", err)
				}
				got := Shape(f, sg, c.rtl, c.lang)
				if len(got) != len(want) {
					t.Errorf("%q: %d glyphs, hb-shape %d", string(sg), len(got), len(want))
					bad += len(want)
					continue
				}
				total += len(want)
				for i, w := range want {
					g := got[i]
					ax, dx, dy := int(math.Round(g.Adv*upem)), int(math.Round(g.DX*upem)), int(math.Round(g.DY*upem))
					if int(g.GID) != w.G || g.Cluster != w.Cl || ax != w.Ax || dx != w.Dx || dy != w.Dy {
						if bad++; bad <= c.known+2 {
							t.Logf("%q glyph %d: gid %d cl %d ax %d dx %d dy %d; hb-shape %+v", string(sg), i, g.GID, g.Cluster, ax, dx, dy, w)
						}
					}
					if g.GID == 0 {
						t.Errorf("%q: glyph %d (cluster %d) is .notdef", string(sg), i, g.Cluster)
					}
				}
			}
			if bad != c.known {
				t.Errorf("%d of %d glyphs differ from hb-shape, want %d", bad, total, c.known)
			}
		})
	}
}
