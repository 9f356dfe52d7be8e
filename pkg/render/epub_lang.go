package render

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/language"
)

// epubScript names a writing system as the stylesheet treats it: the class of
// a chapter's body.
type epubScript string

const (
	epubZh    epubScript = "zh"
	epubJa    epubScript = "ja"
	epubKo    epubScript = "ko"
	epubLatin epubScript = "latin"
)

// resolveLang returns the BCP 47 tag to write for text in the language
// tagged lang (possibly empty or vague), and how to style it. A Chinese tag
// without a epubScript gets Hans or Hant when the text settles it, so that
// readers pick a font of the right epubScript.
func resolveLang(lang string, texts []string) (string, epubScript) {
	lang = strings.TrimSpace(lang)
	tag, err := language.Parse(lang)
	if lang == "" || err != nil || tag == language.Und {
		lang = epubGuessLang(texts)
		if lang == "und" {
			return lang, epubLatin
		}
		tag = language.Make(lang)
	}
	base, _ := tag.Base()
	switch base.String() {
	case "ja":
		return tag.String(), epubJa
	case "ko":
		return tag.String(), epubKo
	case "zh", "yue", "wuu", "cmn":
		if _, conf := tag.Script(); conf == language.Exact {
			return tag.String(), epubZh
		}
		var sc string
		switch chineseScript(texts) {
		case "Hans":
			sc = "Hans"
		case "Hant":
			sc = "Hant"
		default:
			return tag.String(), epubZh
		}
		// Keep the region (zh-HK stays Hong Kong) and put the epubScript
		// where BCP 47 wants it.
		reg, rconf := tag.Region()
		s := base.String() + "-" + sc
		if rconf == language.Exact {
			s += "-" + reg.String()
		}
		return s, epubZh
	}
	return tag.String(), epubLatin
}

// epubGuessLang names the language of untagged text by its letters: kana mean
// Japanese, Hangul Korean, Han alone Chinese. Latin text is left
// undetermined rather than called English.
func epubGuessLang(texts []string) string {
	// A Han character weighs as much as four Latin words: Chinese text quotes
	// English names and terms, and is still Chinese.
	var han, kana, hangul, words int
	for _, t := range texts {
		inWord := false
		for _, r := range t {
			latin := false
			switch {
			case unicode.Is(unicode.Han, r):
				han++
			case unicode.In(r, unicode.Hiragana, unicode.Katakana):
				kana++
			case unicode.Is(unicode.Hangul, r):
				hangul++
			case unicode.IsLetter(r):
				latin = true
				if !inWord {
					words++
				}
			}
			inWord = latin
		}
	}
	switch {
	case kana > 0 && kana*20 >= han:
		return "ja"
	case hangul > han && hangul > words:
		return "ko"
	case han > 0 && 4*han >= words:
		return "zh"
	}
	return "und"
}

// chineseScript decides between simplified ("Hans") and traditional
// ("Hant") Chinese, or "" when the text does not tell. It counts distinct
// Han characters that GB 2312 (the simplified set) can encode and Big5 (the
// traditional one) cannot, and the other way round: characters shared by
// both scripts, the majority, say nothing.
func chineseScript(texts []string) string {
	seen := map[rune]bool{}
	gb := simplifiedchinese.HZGB2312.NewEncoder()
	big5 := traditionalchinese.Big5.NewEncoder()
	var hans, hant int
	for _, t := range texts {
		for _, r := range t {
			if seen[r] || !unicode.Is(unicode.Han, r) {
				continue
			}
			seen[r] = true
			_, errGB := gb.String(string(r))
			_, errBig5 := big5.String(string(r))
			switch {
			case errGB == nil && errBig5 != nil:
				hans++
			case errGB != nil && errBig5 == nil:
				hant++
			}
		}
	}
	// A few characters of the other epubScript turn up in any text (names,
	// quotations, characters the encoders disagree on): ask for a clear
	// majority.
	switch {
	case hans >= 3 && hans > 3*hant:
		return "Hans"
	case hant >= 3 && hant > 3*hans:
		return "Hant"
	}
	return ""
}
