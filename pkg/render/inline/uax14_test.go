package inline

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// uniseg's breaks over the whole text, as lineBreaks took them before
// uaxBreaks skipped the runs of ideographs.
func allSegments(s string) []uint8 {
	br := make([]uint8, utf8.RuneCountInString(s)+1)
	state, i := -1, 0
	for s != "" {
		var seg string
		var must bool
		seg, s, must, state = uniseg.FirstLineSegmentInString(s, state)
		i += utf8.RuneCountInString(seg)
		br[i] = brCan
		if must {
			br[i] = brMust
		}
	}
	return br
}

func checkUAXBreaks(t *testing.T, s string, memo between) {
	t.Helper()
	var gs []Glyph
	for _, r := range s {
		gs = append(gs, Glyph{R: r})
	}
	got := make([]uint8, len(gs)+1)
	if err := uaxBreaks(context.Background(), gs, got, memo); err != nil {
		t.Fatal(err)
	}
	if want := allSegments(s); !slices.Equal(got, want) {
		t.Fatalf("%q: breaks %v, uniseg over the whole text %v", s, got, want)
	}
}

// The runes around which UAX #14 has rules: ideographs of every range,
// kana (ID and the small ones CJ), CJK punctuation and brackets, quotes,
// numbers with prefixes and postfixes, Latin, spaces of every kind,
// hyphens and dashes, combining marks, joiners, emoji, Hangul, newlines.
var uaxAlphabet = []rune("中文字漢㐀𠀀𪜀豈あアっ。，、；：！？“”‘’「」『』（）《》〈〉【】…—–-‐ \u00a0\u3000\u200b\u200d\u0301\"'()[]{}aZé0９%$¥￥℃°.,;:!?/@#&*+=\n\tàΩж가각한😀👍🏽🇨🇳\u00ad\u2060")

func TestUAXBreaks(t *testing.T) {
	for _, s := range []string{
		"", "中", "中文", "中文字", "a中文b", "“中文”", "（中文）字", "中文。中文", "100%中文", "中文100%",
		"$100中文", "中 文", "中\u0301文字", "中\u200d文字", "中文\n中文", "中文“a”文字", "中文 “a” 文字",
		"中文字。", "字字字字字“字字”字", "a 中文字 b", "😀中文字😀", "中文字\u00a0字字",
	} {
		checkUAXBreaks(t, s, nil)
		checkUAXBreaks(t, s, between{})
	}
	// one memo for all: the text between two ideographs recurs, beside
	// other ideographs
	memo := between{}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(24) {
			if rng.IntN(3) == 0 {
				b.WriteRune(uaxAlphabet[rng.IntN(len(uaxAlphabet))])
			} else {
				b.WriteRune(uaxAlphabet[rng.IntN(4)]) // mostly ideographs
			}
		}
		checkUAXBreaks(t, b.String(), nil)
		checkUAXBreaks(t, b.String(), memo)
	}
}

func FuzzUAXBreaks(f *testing.F) {
	for _, s := range []string{"中文“a”文字", "（中文）字。", "100%中文字", "中\u0301文字😀", "a 中文字 b\n中文"} {
		f.Add(s)
	}
	memo := between{}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkUAXBreaks(t, s, nil)
		checkUAXBreaks(t, s, memo)
	})
}

// TestIdeographsAlike: every rune isIdeograph takes breaks from uniseg as
// 一 does, on either side of text of each kind UAX #14 has rules for
// (closing and opening marks, quotes, letters, digits and their affixes,
// spaces, marks, joiners, dashes, emoji): what between relies on. Every
// ideograph is tried beside a letter, a mark and two brackets, which
// tell apart the classes a rune might have instead of ID; every 29th and
// the ends of each range beside all the rest.
func TestIdeographsAlike(t *testing.T) {
	few := []string{"a", "，", "（", "\u0301"}
	all := append(few, "。", "）", "“", "”", "「", "」", "1", "12", " ", "\u00a0", "\u3000", "\u200b", "\u200d",
		"\u2060", "!", "？", "—", "……", "%", "$", "ー", "ぁ", "·", "-", "/", "😀", "가", "\n")
	want := map[string][]uint8{}
	for _, m := range all {
		want[m] = allSegments("一" + m + "一")
	}
	n := 0
	for r := rune(0x3400); r <= 0x3FFFF; r++ {
		if !isIdeograph(r) {
			continue
		}
		n++
		mids := few
		if r%29 == 0 || !isIdeograph(r-1) || !isIdeograph(r+1) {
			mids = all
		}
		for _, m := range mids {
			before, after := allSegments(string(r)+m+"一"), allSegments("一"+m+string(r))
			if !slices.Equal(before, want[m]) || !slices.Equal(after, want[m]) {
				t.Fatalf("%U beside %q: breaks %v and %v, beside 一 %v", r, m, before, after, want[m])
			}
		}
	}
	if n < 150_000 {
		t.Errorf("%d ideographs looked at, want all of them", n)
	}
}
