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
	}{
		{"arb", "ar", Arabic, true}, {"pes_1", "fa", Arabic, true}, {"urd", "ur", Arabic, true},
		{"heb", "he", Hebrew, true}, {"div", "dv", Thaana, true},
		{"hin", "hi", Devanagari, false}, {"ben", "bn", Bengali, false}, {"pan", "pa", Gurmukhi, false},
		{"guj", "gu", Gujarati, false}, {"tam", "ta", Tamil, false}, {"tel", "te", Telugu, false},
		{"kan", "kn", Kannada, false}, {"mal", "ml", Malayalam, false}, {"sin", "si", Sinhala, false},
		{"tha", "th", Thai, false}, {"lao", "lo", Lao, false}, {"khm", "km", Khmer, false},
		{"mya", "my", Myanmar, false}, {"bod", "bo", Tibetan, false}, {"kat", "ka", Georgian, false},
		{"hye", "hy", Armenian, false}, {"amh", "am", Ethiopic, false},
		{"eng", "en", Serif, false}, {"vie", "vi", Serif, false}, {"rus", "ru", Serif, false},
		{"ell_monotonic", "el", Serif, false},
		{"chr_cased", "chr", Cherokee, false}, {"ike", "iu", Syllabics, false}, {"vai", "vai", Vai, false},
		{"iii", "ii", Yi, false}, {"tzm_tfng", "tzm", Tifinagh, false}, {"ory", "or", Oriya, false},
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
			faces := []ID{c.face}
			if b := bolds[c.face]; b != 0 {
				faces = append(faces, b) // the bold of the script, where stored
			}
			for _, id := range faces {
				t.Run(Family(id), func(t *testing.T) { shapeLikeHarfBuzz(t, dir, c.file, c.lang, c.rtl, id, text) })
			}
		})
	}
}

// shapeLikeHarfBuzz compares our shaping of text in face id with
// hb-shape's, run by run of the characters the face draws.
func shapeLikeHarfBuzz(t *testing.T, dir, file, lang string, rtl bool, id ID, text []rune) {
	f, err := Open(id)
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
	textFile := filepath.Join(dir, file+".txt")
	if err := os.WriteFile(textFile, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := ScriptOf(text)
	tag := strings.ToLower(string([]byte{byte(script >> 24), byte(script >> 16), byte(script >> 8), byte(script)}))
	direction := "ltr"
	if rtl {
		direction = "rtl"
	}
	out, err := exec.Command("hb-shape", "--no-glyph-names", "--output-format=json", "--font-file="+fontFile,
		"--direction="+direction, "--script="+tag, "--language="+lang, "--text-file="+textFile).Output()
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
		got := Shape(f, sg, rtl, lang)
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
				if bad++; bad <= 3 {
					t.Logf("%q glyph %d: gid %d cl %d ax %d dx %d dy %d; hb-shape %+v", string(sg), i, g.GID, g.Cluster, ax, dx, dy, w)
				}
			}
			if g.GID == 0 {
				t.Errorf("%q: glyph %d (cluster %d) is .notdef", string(sg), i, g.Cluster)
			}
		}
	}
	// Every glyph, Cherokee's, Greek's and Ethiopic's pair kerns
	// included, since third_party/typesetting's fix of the set
	// digest (go-text v0.3.5 left 61 of them out).
	if bad != 0 {
		t.Errorf("%d of %d glyphs differ from hb-shape", bad, total)
	}
}
