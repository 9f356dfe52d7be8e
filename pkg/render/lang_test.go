package render

import "testing"

func TestResolveLang(t *testing.T) {
	for _, tc := range []struct {
		lang, text, want string
		sc               Script
	}{
		{"zh", "这是简体中文，我们说的话。", "zh-Hans", Zh},
		{"zh", "這是繁體中文，我們說的話。", "zh-Hant", Zh},
		{"zh-TW", "這是繁體中文，我們說的話。", "zh-Hant-TW", Zh},
		{"zh-CN", "的是在", "zh-CN", Zh},
		{"zh-Hant", "这是简体中文，我们说的话。", "zh-Hant", Zh},
		{"zh", "的是在了", "zh", Zh},
		{"", "这是简体中文，我们说的话。", "zh-Hans", Zh},
		{"", "これは日本語の文章です。", "ja", Ja},
		{"", "한국어 문장입니다.", "ko", Ko},
		{"", "Plain English text.", "und", Latin},
		{"ja-JP", "日本語", "ja-JP", Ja},
		{"EN-us", "x", "en-US", Latin},
		{"not a tag!", "这是简体中文，我们说的话。", "zh-Hans", Zh},
	} {
		got := langTag(tc.lang, []string{tc.text})
		if sc := ScriptOf(got); got != tc.want || sc != tc.sc {
			t.Errorf("langTag(%q, %q), ScriptOf = %q, %q; want %q, %q", tc.lang, tc.text, got, sc, tc.want, tc.sc)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain 中文":          "plain 中文",
		"a\x00b\x1fc\td\ne": "abc\td\ne",
		"a\r\nb\rc":         "a\nb\nc",
		"\ufffe\uffffx":     "x",
		"bad\xffbyte":       "bad\ufffdbyte",
		"\xed\xa0\x80":      "\ufffd\ufffd\ufffd",
		"\U0001F600":        "\U0001F600",
	} {
		if got := XMLSafe(in); got != want {
			t.Errorf("XMLSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsHant(t *testing.T) {
	for tag, want := range map[string]bool{
		"zh-Hant": true, "zh-Hant-TW": true, "zh-TW": true, "zh-HK": true, "zh-MO": true, "yue": true,
		"zh": false, "zh-Hans": false, "zh-CN": false, "zh-SG": false, "ja": false, "ko-KR": false, "en": false, "": false, "x-?": false,
	} {
		if got := IsHant(tag); got != want {
			t.Errorf("IsHant(%q) = %v, want %v", tag, got, want)
		}
	}
}
