package words

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode"
)

// ICU's word-break dictionaries (dict/*.dict, copied out of ICU's data by
// ./internal/mkdict; dict/LICENSE-ICU): Thai 126 KB, Lao 163 KB, Khmer
// 446 KB, Burmese 254 KB. They are embedded as they are, read in place,
// and looked at only when a text has the script.
var (
	//go:embed dict/th.dict
	thDict []byte
	//go:embed dict/lo.dict
	loDict []byte
	//go:embed dict/km.dict
	kmDict []byte
	//go:embed dict/my.dict
	myDict []byte
)

// An engine breaks runs of one script into words, as ICU's
// DictionaryBreakEngine of the script does (dictbe.cpp): at each place,
// of the words of the dictionary that start there the longest one that
// two more words follow (or, failing that, one more; or the longest);
// where no word starts, the text is skipped to a likely word start and
// joined to the word before when that is short; a word never ends before
// a combining mark.
type engine struct {
	dict      func() (*trie, error)
	in        func(rune) bool // the characters the engine breaks
	beginWord func(rune) bool // may start a word, where text is skipped
	endWord   func(rune) bool // may end a word, where text is skipped
	// minSpan is the shortest run broken at all; thai adds ICU's Thai
	// suffix rules (ฯ and ๆ stay with the word before).
	minSpan int
	thai    bool
}

// How ICU's engines weigh words (the same for the four scripts).
const (
	lookahead      = 3 // words in a row that are good enough
	rootCombine    = 3 // a non-word joins a word before it shorter than this
	prefixCombine  = 3 // ... unless it starts this much like a word
	paiyannoi      = 0x0E2F
	maiyamok       = 0x0E46
	thaiMinSpan    = 5 // ICU: more than two words of two characters
	defaultMinSpan = 4
)

func dictionary(name string, b []byte) func() (*trie, error) {
	return sync.OnceValues(func() (*trie, error) {
		t, err := readDict(b)
		if err != nil {
			return nil, fmt.Errorf("words: dict/%s.dict: %w", name, err)
		}
		return t, nil
	})
}

func between(lo, hi rune) func(rune) bool { return func(r rune) bool { return r >= lo && r <= hi } }

var engines = []*engine{
	{
		dict: dictionary("th", thDict), in: isThai, minSpan: thaiMinSpan, thai: true,
		beginWord: func(r rune) bool { return r >= 0x0E01 && r <= 0x0E2E || r >= 0x0E40 && r <= 0x0E44 },
		endWord:   func(r rune) bool { return isThai(r) && r != 0x0E31 && (r < 0x0E40 || r > 0x0E44) },
	},
	{
		dict: dictionary("lo", loDict), in: isLao, minSpan: defaultMinSpan,
		beginWord: func(r rune) bool {
			return r >= 0x0E81 && r <= 0x0EAE || r >= 0x0EDC && r <= 0x0EDD || r >= 0x0EC0 && r <= 0x0EC4
		},
		endWord: func(r rune) bool { return isLao(r) && (r < 0x0EC0 || r > 0x0EC4) },
	},
	{
		dict: dictionary("km", kmDict), in: isKhmer, minSpan: defaultMinSpan,
		beginWord: between(0x1780, 0x17B3),
		endWord:   func(r rune) bool { return isKhmer(r) && r != 0x17D2 },
	},
	{
		dict: dictionary("my", myDict), in: isMyanmar, minSpan: defaultMinSpan,
		beginWord: between(0x1000, 0x102A),
		endWord:   isMyanmar,
	},
}

// The characters of each script of line-break class SA (Complex_Context),
// the letters and marks that only a dictionary can break between: not
// digits, not punctuation (Unicode 15).
func isThai(r rune) bool { return r >= 0x0E01 && r <= 0x0E3A || r >= 0x0E40 && r <= 0x0E4E }

func isLao(r rune) bool {
	return r >= 0x0E81 && r <= 0x0EDF && !(r >= 0x0ED0 && r <= 0x0ED9) && unicode.Is(unicode.Lao, r) && r != 0x0EC5 && r != 0x0EC7 && r != 0x0ECF
}

func isKhmer(r rune) bool {
	return r >= 0x1780 && r <= 0x17D3 || r == 0x17D7 || r == 0x17DC || r == 0x17DD
}

func isMyanmar(r rune) bool {
	return r >= 0x1000 && r <= 0x103F || r >= 0x1050 && r <= 0x108F || r >= 0x109A && r <= 0x109F ||
		r >= 0xA9E0 && r <= 0xA9EF || r >= 0xA9FA && r <= 0xA9FE || r >= 0xAA60 && r <= 0xAA7F
}

// Dictionary reports whether r is a letter or mark of Thai, Lao, Khmer
// or Myanmar (line-break class SA): text in these scripts is written
// without spaces between words, and DictionaryBreaks finds them.
func Dictionary(r rune) bool {
	return r >= 0x0E01 && r <= 0x0EDF && (isThai(r) || isLao(r)) || r >= 0x1000 && r <= 0x109F && isMyanmar(r) ||
		r >= 0x1780 && r <= 0x17DD && isKhmer(r) || r >= 0xA9E0 && isMyanmar(r)
}

// DictionaryBreaks returns the offsets i in text, in increasing order,
// before which a word of Thai, Lao, Khmer or Burmese ends inside a run of
// the script's letters and marks, as ICU (and so a browser) finds them
// with its dictionaries. The ends of the runs are not among them: what
// falls between a run and the text around it is the line breaker's
// business. A text without these scripts costs a scan and no dictionary
// is read.
func DictionaryBreaks(text []rune) ([]int, error) {
	var out []int
	for i := 0; i < len(text); {
		e := engineOf(text[i])
		if e == nil {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && e.in(text[j]) {
			j++
		}
		if j-i >= e.minSpan {
			t, err := e.dict()
			if err != nil {
				return nil, err
			}
			out = e.divide(t, text, i, j, out)
		}
		i = j
	}
	return out, nil
}

func engineOf(r rune) *engine {
	if !Dictionary(r) {
		return nil
	}
	for _, e := range engines {
		if e.in(r) {
			return e
		}
	}
	return nil
}
