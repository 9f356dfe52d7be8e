package epub

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/render/face"
)

// wantLines are the lines each title of TestCover sets in: the short one
// in two (全国网信办主任 / 会议在京召开) at the largest size, the long one cut
// to eight lines at the smallest, the English one in six.
var wantLines = map[string]int{
	"全国网信办主任会议在京召开":                                                         2,
	strings.Repeat("一个非常非常长的标题，", 20):                                       8,
	"A Long English Title About Typesetting Chinese and Japanese Books <&>": 6,
	"\x00\U0001F600": 1,
	"":               1, // an ellipsis stands for it
}

// titleBands counts the runs of rows holding dark pixels between the top of
// the title area and the red rule under the title: one per line drawn.
func titleBands(m image.Image) int {
	o := m.Bounds().Min
	bands, in := 0, false
	for y := 330; y < coverH; y++ {
		if r, g, _, _ := m.At(o.X+coverMargin+10, o.Y+y).RGBA(); r >= 0x8000 && g < 0x4000 {
			return bands // the rule
		}
		dark := false
		for x := coverMargin; x < coverW-coverMargin && !dark; x++ {
			r, _, _, _ := m.At(o.X+x, o.Y+y).RGBA()
			dark = r < 0x8000
		}
		if dark && !in {
			bands++
		}
		in = dark
	}
	return -1 // no rule
}

// TestCover renders each cover's SVG in Chromium and looks at what it
// shows: ink where the title goes, one band of ink per title line above
// the red rule, the page's size; and reads the SVG's glyphs back to the
// title, site and date they must spell.
func TestCover(t *testing.T) {
	covers := []CoverInfo{
		{Title: "全国网信办主任会议在京召开", Site: "中国网信网", Date: "2025年1月3日", Lang: "zh-Hans"},
		{Title: strings.Repeat("一个非常非常长的标题，", 20), Site: strings.Repeat("站点", 40)},
		{Title: "A Long English Title About Typesetting Chinese and Japanese Books <&>", Date: "3 January 2025"},
		{Title: "\x00\U0001F600"},
		{},
	}
	// One page shows them side by side: one browser run for all.
	dir := t.TempDir()
	page := `<!DOCTYPE html><html><body style="margin:0;display:flex">`
	for i, ci := range covers {
		data, err := Cover(ci)
		if err != nil {
			t.Fatalf("Cover(%q): %v", ci.Title, err)
		}
		again, err := Cover(ci)
		if err != nil || !bytes.Equal(data, again) {
			t.Errorf("cover %q: not deterministic (%v)", ci.Title, err)
		}
		if ci.Title != "" && len([]rune(ci.Title)) < 60 {
			checkGlyphs(t, data, ci)
		}
		name := "cover" + strconv.Itoa(i) + ".svg"
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		page += `<img src="` + name + `" width="1200" height="1800" style="flex:none"/>`
		t.Logf("cover %q: %d bytes", ci.Title, len(data))
	}
	p := filepath.Join(dir, "covers.html")
	if err := os.WriteFile(p, []byte(page+"</body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	shot, err := verify.Screenshot(p, coverW*len(covers), coverH)
	if err != nil {
		t.Fatal(err)
	}
	for i, ci := range covers {
		m := shot.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(image.Rect(i*coverW, 0, (i+1)*coverW, coverH))
		checkShown(t, m, ci)
	}
}

// checkShown checks a cover as Chromium shows it: ink where the title
// goes, and a band of ink for each title line above the red rule.
func checkShown(t *testing.T, m image.Image, ci CoverInfo) {
	t.Helper()
	o := m.Bounds().Min
	ink := 0
	for y := 330; y < 900; y += 2 {
		for x := coverMargin; x < coverW-coverMargin; x += 2 {
			if r, _, _, _ := m.At(o.X+x, o.Y+y).RGBA(); r < 0x8000 {
				ink++
			}
		}
	}
	if ci.Title != "" && ink < 500 {
		t.Errorf("cover %q: only %d dark pixels where the title goes", ci.Title, ink)
	}
	if got, want := titleBands(m), wantLines[ci.Title]; got != want {
		t.Errorf("cover %q: %d lines of ink above the rule, want %d title lines", ci.Title, got, want)
	}
}

var useRE = regexp.MustCompile(`<use xlink:href="#g(\d+)-(\d+)"`)

// checkGlyphs reads the glyphs the SVG places, in order, back to
// characters through each face's character map, and compares them with
// the title, site and date without their spaces.
func checkGlyphs(t *testing.T, svg []byte, ci CoverInfo) {
	t.Helper()
	want := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, ci.Title+ci.Site+ci.Date)
	var got strings.Builder
	for _, m := range useRE.FindAllSubmatch(svg, -1) {
		f, _ := strconv.Atoi(string(m[1]))
		g, _ := strconv.Atoi(string(m[2]))
		fm, err := face.Open(face.ID(f))
		if err != nil {
			t.Fatal(err)
		}
		r := rune(-1)
		for _, c := range want {
			if fm.Glyph(c) == uint16(g) {
				r = c
				break
			}
		}
		if r < 0 {
			t.Errorf("cover %q: glyph %d of face %d is none of its characters", ci.Title, g, f)
			continue
		}
		got.WriteRune(r)
	}
	if got.String() != want {
		t.Errorf("cover %q: the SVG's glyphs spell %q, want %q", ci.Title, got.String(), want)
	}
}

func BenchmarkCover(b *testing.B) {
	ci := CoverInfo{Title: "全国网信办主任会议在京召开", Site: "中国网信网", Date: "2025年1月3日"}
	if _, err := Cover(ci); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Cover(ci); err != nil {
			b.Fatal(err)
		}
	}
}
