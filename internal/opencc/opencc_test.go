package opencc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReference converts each testdata/CASE/in.txt by every conversion
// that has a CASE/NAME.want beside it: the output of OpenCC's own opencc
// command (Debian's 1.1.6, the release whose tables dict/ holds) on the
// same file.
func TestReference(t *testing.T) {
	wants, err := filepath.Glob("testdata/*/*.want")
	if err != nil || len(wants) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, want := range wants {
		dir, name := filepath.Split(want)
		conv := strings.TrimSuffix(name, ".want")
		t.Run(filepath.Base(dir)+"/"+conv, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, "in.txt"))
			if err != nil {
				t.Fatal(err)
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			c, err := New(conv)
			if err != nil {
				t.Fatal(err)
			}
			got := c.Convert(string(in))
			if got != string(exp) {
				g, e := []rune(got), []rune(string(exp))
				i := 0
				for i < len(g) && i < len(e) && g[i] == e[i] {
					i++
				}
				t.Errorf("differs from OpenCC at rune %d: got %q, want %q", i, string(g[i:min(i+20, len(g))]), string(e[i:min(i+20, len(e))]))
			}
		})
	}
}

// TestRoundTrip: Traditional text made by s2t gives the Simplified text
// back through t2s, but for the characters OpenCC maps many-to-one: the
// Simplified variants below (锺 beside 钟, 馀 beside 余, …) become a
// Traditional character whose t2s default is the other form. The sample
// article and the phrase case hold none of them and come back whole.
func TestRoundTrip(t *testing.T) {
	s2t, _ := New("s2t")
	t2s, _ := New("t2s")
	for _, dir := range []string{"testdata/sample-zh", "testdata/phrases"} {
		in, err := os.ReadFile(filepath.Join(dir, "in.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if back := t2s.Convert(s2t.Convert(string(in))); back != string(in) {
			t.Errorf("%s: t2s(s2t(text)) is not the text", dir)
		}
	}
	// Each Simplified character of OpenCC's table, its Traditional form and
	// what t2s makes of it.
	oneToMany := map[string]string{
		"醖": "醞>酝", "輼": "轀>辒", "緼": "縕>缊", "縆": "緪>緪", "䩄": "靦>腼",
		"𫫇": "噁>恶", "𬞟": "蘋>苹", "𢧐": "戰>战", "𢭏": "擣>捣", "锺": "鍾>钟",
		"钜": "鉅>巨", "镟": "鏇>旋", "馀": "餘>余", "麹": "麴>曲", "麺": "麪>面",
		"麽": "麼>么", "谘": "諮>咨", "讬": "託>托", "藴": "蘊>蕴", "缐": "線>线",
		"稆": "穭>穞", "渖": "瀋>沈", "昵": "暱>暱", "䌽": "綵>彩", "侭": "儘>尽",
		"䦆": "钁>镢", "䙓": "襬>摆", "㳽": "瀰>弥", "㓰": "劃>划", "𫍝": "諫>谏",
		"𫍿": "譾>谫", "𫛲": "鵰>雕", "𫔀": "鍊>炼", "𫔭": "開>开", "𫔮": "閒>闲",
		"𫗫": "餬>糊", "𫗭": "餵>喂", "𫗯": "餱>糇", "𫖕": "韝>鞲", "𫖸": "願>愿",
		"𫜩": "齧>啮", "𪠽": "噹>当", "𪨧": "崙>仑", "𪪏": "廬>庐", "𩨂": "驄>骢",
		"𧹒": "買>买", "𧹔": "賬>账",
	}
	data, err := os.ReadFile("dict/STCharacters.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		s, _, _ := strings.Cut(line, "\t")
		trad := s2t.Convert(s)
		back := t2s.Convert(trad)
		want, listed := oneToMany[s]
		switch {
		case listed && trad+">"+back != want:
			t.Errorf("%s: s2t %s, t2s %s; listed as %s", s, trad, back, want)
		case !listed && back != s:
			t.Errorf("%s: s2t %s, t2s %s, not listed", s, trad, back)
		}
		n++
	}
	if n < 3900 {
		t.Errorf("only %d characters in STCharacters", n)
	}
}

// BenchmarkConvert converts 100,000 characters of the sample article.
func BenchmarkConvert(b *testing.B) {
	in, err := os.ReadFile("testdata/sample-zh/in.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := []rune(strings.Repeat(string(in), 100000/len([]rune(string(in)))+1))[:100000]
	for _, name := range []string{"s2t", "s2twp", "t2s"} {
		c, err := New(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(string(text))))
			for b.Loop() {
				c.Convert(string(text))
			}
		})
	}
}

// BenchmarkNew is the start-up cost of a conversion: reading its tables,
// as the first conversion in a process (a Lambda's first s2t request)
// pays it.
func BenchmarkNew(b *testing.B) {
	for _, name := range []string{"s2t", "s2twp", "t2s"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				tables, converters = map[string]*table{}, map[string]*Converter{}
				if _, err := New(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
