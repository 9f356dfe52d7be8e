package render

import (
	"strings"
	"unicode"

	"github.com/bookify/article2book/pkg/book"
)

// A LangRun is a stretch of a text run, with the language to tag it with
// when that differs from its chapter's ("" when it does not).
type LangRun struct {
	Text, Lang string
}

// ForeignRuns splits s, text of a chapter in script sc, into stretches
// tagged with their language where the characters themselves say it,
// whatever the page declared: kana are Japanese and Hangul Korean in any
// chapter but their own, and Han characters outside a Chinese, Japanese
// or Korean chapter are Chinese (Korean and Japanese text use them too,
// but then with their own letters, which decide). Reading systems and
// screen readers pick voices and fonts by these tags (WCAG 3.1.2). Latin
// words in Chinese or Japanese text stay untagged: their language is
// anyone's guess (names, terms, English), and the reader's own voice
// spells them.
//
// zh is the tag of Chinese in the chapter (zh-Hans or zh-Hant as its Han
// text as a whole decides), for words too short to say their script.
func ForeignRuns(s string, sc Script, zh string) []LangRun {
	if !MayTag(s, sc) {
		// Han and everything else is the chapter's own: the common case,
		// which the word-by-word walk below made a million-character
		// book pay a quarter of a second for.
		if s == "" {
			return nil
		}
		return []LangRun{{s, ""}}
	}
	return wordRuns(s, sc, zh)
}

// MayTag reports whether ForeignRuns may tag words of s, text of a
// chapter in script sc: its chapter is Latin, or it has kana or Hangul.
func MayTag(s string, sc Script) bool { return sc == Latin || anyKanaHangul(s) }

// wordRuns is ForeignRuns word by word.
func wordRuns(s string, sc Script, zh string) []LangRun {
	var out []LangRun
	emit := func(text, lang string) {
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Lang == lang {
			out[n-1].Text += text
			return
		}
		out = append(out, LangRun{text, lang})
	}
	// A word is a stretch of ideographs, kana and Hangul; a gap between two
	// words of the same language joins them.
	rs := []rune(s)
	from := 0 // start of text not yet emitted
	gapFrom := -1
	gapLang := ""
	for i := 0; i < len(rs); {
		if !isCJKLetter(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isCJKLetter(rs[j]) && !kanaHangul(rs[i:j], rs[j]) {
			j++
		}
		lang := wordLang(string(rs[i:j]), sc, zh)
		if lang != "" && lang == gapLang && gapFrom >= 0 && onlyGap(rs[gapFrom:i]) {
			// Same language as the word before, across spaces or
			// punctuation: one span.
			emit(string(rs[from:j]), lang)
		} else {
			emit(string(rs[from:i]), "")
			emit(string(rs[i:j]), lang)
		}
		from, gapFrom, gapLang = j, j, lang
		i = j
	}
	emit(string(rs[from:]), "")
	return out
}

// wordLang returns the language of a word of CJK letters in a chapter of
// script sc, or "" when it is the chapter's own.
func wordLang(w string, sc Script, zh string) string {
	kana, hangul := false, false
	for _, r := range w {
		switch {
		case unicode.In(r, unicode.Hangul):
			hangul = true
		case isKana(r):
			kana = true
		}
	}
	switch {
	case hangul:
		if sc != Ko {
			return "ko"
		}
	case kana:
		if sc != Ja {
			return "ja"
		}
	case sc == Latin:
		if tag := book.ScriptTag("zh", w); tag != "zh" {
			return tag
		}
		return zh
	}
	return ""
}

// onlyGap reports whether rs holds only spaces and punctuation, which may
// sit inside a span of another language.
func onlyGap(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
			return false
		}
	}
	return true
}

// ChineseTag returns the tag of Chinese words in a Latin chapter of texts:
// zh-Hans or zh-Hant when its words of Han characters alone (the kanji of
// its Japanese words do not count) settle the script, else zh.
func ChineseTag(texts []string) string {
	var words []string
	for _, t := range texts {
		for _, lr := range ForeignRuns(t, Latin, "zh") {
			if lr.Lang == "zh" || strings.HasPrefix(lr.Lang, "zh-") {
				words = append(words, lr.Text)
			}
		}
	}
	return book.ScriptTag("zh", words...)
}

// kanaHangul reports whether r, after the word w, starts a word in
// another script: kana after Hangul or Hangul after kana (Han characters
// go with either).
func kanaHangul(w []rune, r rune) bool {
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	return isKana(r) && unicode.In(last, unicode.Hangul) || unicode.In(r, unicode.Hangul) && isKana(last)
}

// anyKanaHangul reports whether s holds kana or Hangul.
func anyKanaHangul(s string) bool {
	for _, r := range s {
		if r < 0x1100 || r >= 0x4e00 && r <= 0x9fff {
			continue // below Hangul Jamo, or a common ideograph
		}
		if isKana(r) || unicode.In(r, unicode.Hangul) {
			return true
		}
	}
	return false
}

func isKana(r rune) bool {
	// ー, the prolonged sound mark, is of the Common script.
	return unicode.In(r, unicode.Hiragana, unicode.Katakana) || r == 'ー'
}

func isCJKLetter(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hangul) || isKana(r) || r == '々' || r == '〆'
}
