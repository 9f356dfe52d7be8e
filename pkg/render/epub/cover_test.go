package epub

import (
	"bytes"
	"github.com/bookify/article2book/pkg/render/face"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"
)

// wantLines are the lines each title of TestCover sets in: the short one
// in two of eight ideographs at the largest size, the long one cut to
// eight lines at the smallest, the English one in six ("<&>" alone).
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
	bands, in := 0, false
	for y := 330; y < coverH; y++ {
		if r, g, _, _ := m.At(coverMargin+10, y).RGBA(); r >= 0x8000 && g < 0x4000 {
			return bands // the rule
		}
		dark := false
		for x := coverMargin; x < coverW-coverMargin && !dark; x++ {
			r, _, _, _ := m.At(x, y).RGBA()
			dark = r < 0x8000
		}
		if dark && !in {
			bands++
		}
		in = dark
	}
	return -1 // no rule
}

func TestCover(t *testing.T) {
	for _, ci := range []CoverInfo{
		{Title: "全国网信办主任会议在京召开", Site: "中国网信网", Date: "2025年1月3日"},
		{Title: strings.Repeat("一个非常非常长的标题，", 20), Site: strings.Repeat("站点", 40)},
		{Title: "A Long English Title About Typesetting Chinese and Japanese Books <&>", Date: "3 January 2025"},
		{Title: "\x00\U0001F600"},
		{},
	} {
		start := time.Now()
		data, err := Cover(ci)
		if err != nil {
			t.Fatalf("Cover(%q): %v", ci.Title, err)
		}
		t.Logf("cover %q: %d bytes in %v", ci.Title, len(data), time.Since(start))
		m, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("cover %q: %v", ci.Title, err)
		}
		if m.Bounds() != image.Rect(0, 0, coverW, coverH) {
			t.Errorf("cover %q: bounds %v", ci.Title, m.Bounds())
		}
		// The title area must hold ink, not just paper.
		ink := 0
		for y := 330; y < 900; y += 2 {
			for x := coverMargin; x < coverW-coverMargin; x += 2 {
				if r, _, _, _ := m.At(x, y).RGBA(); r < 0x8000 {
					ink++
				}
			}
		}
		if ci.Title != "" && strings.Trim(ci.Title, "\x00\U0001F600") != "" && ink < 500 {
			t.Errorf("cover %q: only %d dark pixels where the title goes", ci.Title, ink)
		}
		if got, want := titleBands(m), wantLines[ci.Title]; got != want {
			t.Errorf("cover %q: %d lines of ink above the rule, want %d title lines", ci.Title, got, want)
		}
		again, err := Cover(ci)
		if err != nil || !bytes.Equal(data, again) {
			t.Errorf("cover %q: not deterministic (%v)", ci.Title, err)
		}
	}
}

func TestCoverLines(t *testing.T) {
	if err := face.Load(); err != nil {
		t.Fatal(err)
	}
	const size, width = 100, 540 // five or six ideographs
	for _, tc := range []struct{ in, want string }{
		{"全国网信办主任会议在京召开", "全国网信办|主任会议在|京召开"},
		{"一二三四，五六七八", "一二三四，|五六七八"},
		{"一二三四五，六七八", "一二三四|五，六七八"},
		{"一二三四五“六七”八", "一二三四五|“六七”八"},
		{"Hello wonderful world", "Hello|wonderful|world"},
		// A word longer than the line is cut where it must be.
		{"Supercalifragilistic", "Supercalifr|agilistic"},
	} {
		lines := coverLines(face.KaiBold, size, tc.in, width)
		var got []string
		for _, l := range lines {
			got = append(got, l.Text)
			if l.Width > width+1e-6 {
				t.Errorf("line %q too wide: %.1f", l.Text, l.Width)
			}
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("coverLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
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
