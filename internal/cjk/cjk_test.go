package cjk

import (
	"testing"
	"unicode"
)

func TestClassOf(t *testing.T) {
	for _, tt := range []struct {
		r    rune
		want Class
	}{
		{'汉', Ideographic}, {'か', Ideographic}, {'한', Ideographic}, {'𠮷', Ideographic},
		{0x2EBF0, Ideographic}, {0x2EE5D, Ideographic}, {0x31350, Ideographic}, // Extensions I (Unicode 15.1) and H
		{'a', Letter}, {'9', Letter}, {'é', Letter}, {'Ж', Letter},
		{'（', Opening}, {'“', Opening}, {'「', Opening},
		{'。', Closing}, {'，', Closing}, {'」', Closing}, {'”', Closing},
		{'：', Middle}, {'·', Middle},
		{' ', Space}, {'😀', Emoji}, {'-', Other}, {'ー', Other},
	} {
		if got := ClassOf(tt.r); got != tt.want {
			t.Errorf("ClassOf(%q) = %d, want %d", tt.r, got, tt.want)
		}
	}
}

func TestProhibitions(t *testing.T) {
	for _, r := range "。，、）」』”’ぁっー々" {
		if !NoStart(r) || NoEnd(r) {
			t.Errorf("%q: NoStart %v NoEnd %v", r, NoStart(r), NoEnd(r))
		}
	}
	for _, r := range "（「『“‘《【" {
		if !NoEnd(r) || NoStart(r) {
			t.Errorf("%q: NoStart %v NoEnd %v", r, NoStart(r), NoEnd(r))
		}
	}
	if !Inseparable('—', '—') || !Inseparable('…', '…') || !Inseparable('１', '２') || Inseparable('一', '一') {
		t.Error("Inseparable")
	}
	for _, r := range []rune{0xFE0F, 0xE0100, 0x200D, 0x1F3FD} {
		if !Invisible(r) {
			t.Errorf("%U should draw nothing", r)
		}
	}
	if Unspaced('한') || !Unspaced('汉') || !Unspaced('。') {
		t.Error("Unspaced: Korean is written with spaces, Chinese without")
	}
	if got := CSSRange("“”"); got != "U+201C, U+201D" {
		t.Errorf("CSSRange = %q", got)
	}
}

func TestCombines(t *testing.T) {
	for _, tt := range []struct {
		prev, next rune
		n          int
		want       bool
	}{
		{'第', '届', 1, true}, {'立', '周', 2, true}, {'有', '位', 3, true}, {0, '月', 1, true}, {'，', 0, 2, true},
		{'\n', '日', 2, true}, {'“', '”', 3, true},
		{'至', '年', 4, false},                       // 2024年: along the column
		{'是', '.', 1, false}, {'.', '、', 2, false}, // 3.14
		{'、', '%', 2, false},                       // 50%
		{'o', ' ', 1, false}, {' ', '人', 2, false}, // beside Latin
		{'第', '届', 0, false},
	} {
		if got := Combines(tt.prev, tt.next, tt.n); got != tt.want {
			t.Errorf("Combines(%q, %q, %d) = %v, want %v", tt.prev, tt.next, tt.n, got, tt.want)
		}
	}
}

func TestTurnsInColumn(t *testing.T) {
	for _, r := range "—⸺…～〜－_‖（）「」《》“”‘’【】" {
		if !TurnsInColumn(r) {
			t.Errorf("TurnsInColumn(%q) = false, want true", r)
		}
	}
	for _, r := range "，。、．！？中あA1·：" {
		if TurnsInColumn(r) {
			t.Errorf("TurnsInColumn(%q) = true, want false", r)
		}
	}
}

// TestSetsOutsideHan: in rejects U+3400–U+F8FF without a search, which
// holds only while no set has a character there.
func TestSetsOutsideHan(t *testing.T) {
	for _, set := range []string{NoStartChars, NoEndChars, closingChars, openingChars, middleChars, hangingChars, quoteChars, alongChars, pauseChars} {
		for _, r := range set {
			if r >= 0x3400 && r < 0xF900 {
				t.Errorf("%q holds %U: in would miss it", set, r)
			}
			if !in(set, r) {
				t.Errorf("in(%q, %q) is false", set, r)
			}
		}
	}
}

// TestIdeographicFastPath: the ranges IsIdeographic answers without the
// Unicode tables are Han to the last code point in them.
func TestIdeographicFastPath(t *testing.T) {
	for r := rune(0x3400); r <= 0x9FFF; r++ {
		if (r <= 0x4DBF || r >= 0x4E00) && !unicode.Is(unicode.Han, r) {
			t.Fatalf("%U is not Han", r)
		}
	}
}
