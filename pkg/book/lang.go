package book

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// langSample is how much of a text DetectLang reads, in bytes.
const langSample = 256 << 10

// DetectLang infers the language of a's title and text, from their start
// (see the package function DetectLang).
func (a *Article) DetectLang() string {
	return DetectLang(strings.Join(a.Sample(), "\n"))
}

// Sample returns a's title and its texts, in order, up to the first that
// starts past the bytes DetectLang and ScriptTag read: what they would
// judge a by.
func (a *Article) Sample() []string {
	out := []string{a.Title}
	n := len(a.Title)
	for t := range a.AllTexts() {
		if n > langSample {
			break
		}
		out = append(out, t)
		n += len(t)
	}
	return out
}

// DetectLang infers a language from the script of text: text with kana is
// Japanese, Han-dominant text Chinese, Hangul Korean; Latin text is English
// when common English words occur, else undetermined ("und"). A long
// text is judged by its first langSample bytes.
func DetectLang(text string) string {
	if len(text) > langSample {
		// The start of a long text speaks for it: a million characters
		// took 26 ms to count.
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var han, kana, hangul, latin, cyrillic, greek, arabic, hebrew, thai int
	for _, r := range text {
		switch {
		case r < 0x80:
			if unicode.IsLetter(r) {
				latin++
			}
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Thai, r):
			thai++
		}
	}
	cjk := han + kana + hangul
	// A CJK character carries about as much as a Latin word of five letters.
	switch {
	case cjk > 0 && cjk*4 >= latin:
		switch {
		case kana*10 >= cjk:
			return "ja"
		case hangul > han:
			return "ko"
		default:
			return "zh"
		}
	case cyrillic > latin:
		return "ru"
	case greek > latin:
		return "el"
	case arabic > latin:
		return "ar"
	case hebrew > latin:
		return "he"
	case thai > latin:
		return "th"
	}
	if latin > 0 {
		words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
		common := 0
		for _, w := range words {
			switch w {
			case "the", "and", "of", "to", "is", "in", "that", "for", "with":
				common++
			}
		}
		if common*20 >= len(words) {
			return "en"
		}
	}
	return "und"
}
