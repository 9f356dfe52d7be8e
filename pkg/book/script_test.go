package book

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func TestScriptTag(t *testing.T) {
	const (
		hans = "这是简体中文，我们说的话。"
		hant = "這是繁體中文，我們說的話。"
	)
	for _, tc := range []struct {
		lang  string
		texts []string
		want  string
	}{
		{"zh", []string{hans}, "zh-Hans"},
		{"zh", []string{hant}, "zh-Hant"},
		{"zh-TW", []string{hant}, "zh-Hant-TW"},
		{"zh-HK", []string{hant}, "zh-Hant-HK"},
		{"zh-CN", []string{hans}, "zh-Hans-CN"},
		{"yue", []string{hant}, "yue-Hant"},
		// Characters both scripts share do not settle it.
		{"zh-CN", []string{"的是在"}, "zh-CN"},
		{"zh", []string{"的是在了"}, "zh"},
		{"zh", nil, "zh"},
		// A declared script wins over the text.
		{"zh-Hant", []string{hans}, "zh-Hant"},
		{"zh-Hans-CN", []string{hant}, "zh-Hans-CN"},
		// The evidence may be spread over several texts...
		{"zh", []string{"这是", "简体中文，", "我们说的话。"}, "zh-Hans"},
		// ...and a few characters of the other script are outvoted.
		{"zh", []string{hans + "說"}, "zh-Hans"},
		// Other languages are only canonicalised, whatever their text.
		{"ja", []string{hans}, "ja"},
		{"ja-JP", []string{"日本語"}, "ja-JP"},
		{"EN-us", []string{"x"}, "en-US"},
		{" ko ", []string{"한국어"}, "ko"},
		{"und", []string{hans}, "und"},
		// Not a tag: left for the caller, trimmed.
		{"", []string{hans}, ""},
		{" not a tag! ", []string{hans}, "not a tag!"},
	} {
		if got := ScriptTag(tc.lang, tc.texts...); got != tc.want {
			t.Errorf("ScriptTag(%q, %q) = %q, want %q", tc.lang, tc.texts, got, tc.want)
		}
	}
}

// TestRepertoire: the allocation-free test of what GB 2312 and Big5
// encode answers as Encoder.String does, over the CJK Unified Ideographs
// and Extension A.
func TestRepertoire(t *testing.T) {
	for _, enc := range []struct {
		name string
		new  func() *repertoire
		ref  func(string) error
	}{
		{"GB 2312", func() *repertoire { return &repertoire{e: simplifiedchinese.HZGB2312.NewEncoder()} },
			func(s string) error { _, err := simplifiedchinese.HZGB2312.NewEncoder().String(s); return err }},
		{"Big5", func() *repertoire { return &repertoire{e: traditionalchinese.Big5.NewEncoder()} },
			func(s string) error { _, err := traditionalchinese.Big5.NewEncoder().String(s); return err }},
	} {
		c, n := enc.new(), 0
		for r := rune(0x3400); r <= 0x9FFF; r++ {
			want := enc.ref(string(r)) == nil
			if got := c.has(r); got != want {
				t.Errorf("%s: %U encodable %v, Encoder.String says %v", enc.name, r, got, want)
			}
			if want {
				n++
			}
		}
		if n < 6000 {
			t.Errorf("%s encodes %d ideographs: the test reads nothing", enc.name, n)
		}
	}
}
