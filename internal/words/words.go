// Package words says where a line of Chinese or Japanese may break
// between words rather than inside one: what titles need, which are set
// in few, large lines that a reader takes in at a glance
// ("全国网信办主任 / 会议在京召开", not "全国网信办主任会 / 议在京召开").
//
// Chinese is cut into words as jieba does (dict/: its dictionary of
// 349,046 words and their frequencies, MIT; the cut with the greatest
// product of word probabilities), text not tagged Simplified through its
// Simplified characters; a run of characters the dictionary knows only
// one by one (a name, a new word such as 网信办) is kept whole. Japanese is
// cut into phrases by BudouX (budoux.go). Body text keeps breaking between
// any two ideographs, as clreq has it.
//
// Thai, Lao, Khmer and Burmese, written without spaces between words, are
// cut into words as ICU cuts them, with ICU's dictionaries
// (DictionaryBreaks): where a browser breaks their lines, body text and
// titles alike.
package words

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"github.com/bookify/article2book/internal/opencc"
)

// Break is what falls between two characters.
type Break uint8

const (
	None Break = iota // inside a word
	// Weak is a break between words of which the dictionary is not sure:
	// a cut with a word across it is nearly as likely (明|年度 against
	// 明年|度). A title takes it only to balance its lines better.
	Weak
	Word // between two words
)

// Breaks says, for each i in 1..len(text)-1, what falls before text[i]:
// where both sides are Han or kana, None inside a word (Chinese) or
// phrase (Japanese); where both are Thai, Lao, Khmer or Myanmar letters,
// None inside a word (DictionaryBreaks); anywhere else Word, leaving the
// other scripts' breaks and the rules of punctuation to the line breaker.
// lang is the text's BCP 47 language: ja, or kana in the text, picks
// Japanese.
func Breaks(lang string, text []rune) ([]Break, error) {
	out := make([]Break, len(text))
	for i := 1; i < len(out); i++ {
		out[i] = Word
	}
	if err := dictionaryWords(text, out); err != nil {
		return nil, err
	}
	if strings.HasPrefix(strings.ToLower(lang), "ja") || hasKana(text) {
		m, err := japanese()
		if err != nil {
			return nil, err
		}
		b := m.boundaries(text)
		for i := 1; i < len(text); i++ {
			if isJapanese(text[i-1]) && isJapanese(text[i]) && !b[i] {
				out[i] = None
			}
		}
		return out, nil
	}
	// Text tagged Simplified skips the conversion's tables.
	l := strings.ToLower(lang)
	hans := strings.Contains(l, "hans") || l == "zh-cn" || l == "zh-sg"
	for s := 0; s < len(text); {
		if !isHan(text[s]) {
			s++
			continue
		}
		e := s
		for e < len(text) && isHan(text[e]) {
			e++
		}
		run := text[s:e]
		if !hans {
			run = simplified(run)
		}
		ends, unsure := cut(run)
		// Breaks after each word, except between two words of one
		// character each.
		for k := s + 1; k < e; k++ {
			out[k] = None
		}
		for k, prev := 0, 0; k < len(ends)-1; k++ {
			switch {
			case ends[k]-prev == 1 && ends[k+1]-ends[k] == 1:
			case unsure[ends[k]]:
				out[s+ends[k]] = Weak
			default:
				out[s+ends[k]] = Word
			}
			prev = ends[k]
		}
		s = e
	}
	return out, nil
}

// dictionaryWords sets None between two letters of the dictionary scripts
// but where a word ends.
func dictionaryWords(text []rune, out []Break) error {
	ends, err := DictionaryBreaks(text)
	if err != nil {
		return err
	}
	for i := 1; i < len(text); i++ {
		if Dictionary(text[i-1]) && Dictionary(text[i]) {
			out[i] = None
		}
	}
	for _, i := range ends {
		out[i] = Word
	}
	return nil
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// isJapanese reports whether r is of the text BudouX's model was made
// for: Han, kana, and the marks of Japanese text.
func isJapanese(r rune) bool {
	return isHan(r) || r >= 0x3000 && r <= 0x30FF || r >= 0xFF00 && r <= 0xFFEF
}

// t2s is OpenCC's Traditional to Simplified conversion, read on first
// use.
var t2s = sync.OnceValue(func() func(string) string {
	c, err := opencc.New("t2s")
	if err != nil {
		return func(s string) string { return s } // the words known as they are
	}
	return c.Convert
})

// simplified returns s with each Traditional character replaced by its
// Simplified one, one for one, for the dictionary (whose words are
// Simplified).
func simplified(s []rune) []rune {
	conv := t2s()
	out := make([]rune, len(s))
	for i, r := range s {
		out[i] = r
		if c := []rune(conv(string(r))); len(c) == 1 {
			out[i] = c[0]
		}
	}
	return out
}
