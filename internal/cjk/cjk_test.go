package cjk

import "testing"

func TestClassOf(t *testing.T) {
	for _, tt := range []struct {
		r    rune
		want Class
	}{
		{'汉', Ideographic}, {'か', Ideographic}, {'한', Ideographic}, {'𠮷', Ideographic},
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
