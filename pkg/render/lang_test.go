package render

import (
	"testing"

	"github.com/bookify/article2book/pkg/book"
)

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

// TestRunLangScript: a run's tag is kept where the page gives it another
// language, or Chinese in the other script; HasHantRuns finds the
// Traditional ones in a Simplified chapter.
func TestRunLangScript(t *testing.T) {
	for _, tt := range []struct{ run, chapter, want string }{
		{"zh-TW", "zh-CN", "zh-TW"}, {"zh-Hant", "zh", "zh-Hant"}, {"zh-HK", "zh-Hans", "zh-HK"},
		{"zh-CN", "zh-TW", "zh-CN"}, {"zh", "zh-TW", ""}, {"zh-CN", "zh", ""}, {"zh-TW", "zh-HK", ""},
		{"en-GB", "en", ""}, {"en", "zh", "en"}, {"", "zh", ""},
	} {
		if got := RunLang(book.Inline{Text: "字", Lang: tt.run}, tt.chapter); got != tt.want {
			t.Errorf("RunLang(%q in %q) = %q, want %q", tt.run, tt.chapter, got, tt.want)
		}
	}
	blocks := []book.Block{&book.List{Items: []book.ListItem{{Blocks: []book.Block{&book.Paragraph{Content: []book.Inline{{Text: "這裡", Lang: "zh-TW"}}}}}}}}
	if !HasHantRuns(blocks, "zh-CN") || HasHantRuns(blocks, "zh-TW") {
		t.Error("HasHantRuns: a zh-TW run in a list item is Traditional in a Simplified chapter only")
	}
}
