package extract

import (
	"strings"
	"unicode"

	"github.com/bookify/article2book/pkg/book"
)

const nbsp = '\u00a0'

// unglue turns the page's stray no-break spaces into spaces. Editors
// write &nbsp; between ordinary words ("Beiträgen&nbsp;die") and beside a
// typed space; in a book such a space glues words into runs a justified
// line cannot break, and a reader's search for the phrase, typed with a
// space, does not find it. Typographic ones stay: beside a short word
// ("w&nbsp;domu", "z.&nbsp;B."), a number or a unit ("1.&nbsp;Januar",
// "180&nbsp;°C"), French punctuation ("virus&nbsp;?", "«&nbsp;mot"),
// dashes, and runs that set space apart (indents, table padding). Text
// in writing without spaces between words (Han, kana, Hangul, Thai, …)
// is left as the page wrote it, and so is code.
func unglue(runs []book.Inline) []book.Inline {
	if !hasNBSP(runs) {
		return runs
	}
	var text []rune
	var code []bool // the rune is in a monospaced (code) run
	for _, r := range runs {
		for _, ch := range r.Text {
			if unspacedScript(ch) {
				return runs
			}
			text = append(text, ch)
			code = append(code, r.Style&book.Mono != 0)
		}
	}
	changed := false
	for i, ch := range text {
		if ch == nbsp && !code[i] && unglueAt(text, i) {
			changed = true
		}
	}
	if !changed {
		return runs
	}
	out := runs[:0]
	k := 0
	for _, r := range runs {
		var b strings.Builder
		for range r.Text {
			if text[k] != dropped {
				b.WriteRune(text[k])
			}
			k++
		}
		if r.Text = b.String(); r.Text != "" {
			out = append(out, r)
		}
	}
	return out
}

func hasNBSP(runs []book.Inline) bool {
	for _, r := range runs {
		if strings.ContainsRune(r.Text, nbsp) {
			return true
		}
	}
	return false
}

// dropped marks a rune unglue leaves out.
const dropped = -1

// unglueAt makes the no-break space text[i] a space, or drops it or a
// typed space beside it, when it is a stray, and reports whether it did.
func unglueAt(text []rune, i int) bool {
	at := func(j int) rune {
		if j < 0 || j >= len(text) {
			return '\n'
		}
		return text[j]
	}
	prev, next := at(i-1), at(i+1)
	if prev == nbsp || next == nbsp ||
		prev == ' ' && at(i-2) == nbsp || next == ' ' && at(i+2) == nbsp {
		return false // a run of space set on purpose
	}
	if prev == ' ' && next == ' ' {
		text[i+1] = dropped
		next = at(i + 2)
	}
	switch {
	case prev == ' ' && next == '\n':
		// Space at a line's end or start, which collapsing drops when
		// typed: both go.
		text[i-1], text[i] = dropped, dropped
		return true
	case next == ' ' && prev == '\n':
		text[i], text[i+1] = dropped, dropped
		return true
	case prev == ' ':
		// A typed space, then a no-break one: the editor's double space,
		// unless the no-break space holds French punctuation to its word.
		if strings.ContainsRune(frenchBefore, next) {
			text[i-1] = dropped
		} else {
			text[i] = dropped
		}
		return true
	case next == ' ':
		if strings.ContainsRune(frenchAfter, prev) {
			text[i+1] = dropped
		} else {
			text[i] = dropped
		}
		return true
	}
	if wordBefore(text, i) < minGluedWord {
		return false
	}
	// A short word after a long one is bound to it only by particles
	// ("сказал бы"); in Latin script a lower-case one is a stray's
	// ("Girls&nbsp;so", "Shapewear&nbsp;ab"), an upper-case one a
	// numeral or a name's part ("Elizabeth&nbsp;II").
	if n, lower := wordAfter(text, i); n < minGluedWord && !(n == 2 && lower) {
		return false
	}
	text[i] = ' '
	return true
}

// minGluedWord is the shortest word on both sides of a no-break space
// that makes it a stray: shorter words are the ones typography binds to
// their neighbour (Polish and Czech one-letter words, "z. B.", "Mr",
// Russian two-letter prepositions).
const minGluedWord = 3

const (
	// frenchBefore and frenchAfter are the marks French sets off with a
	// no-break space, before and after it.
	frenchBefore = "?!:;»›%"
	frenchAfter  = "«‹"
	// closers may end a word before a stray no-break space
	// ("Kalifornien,&nbsp;die"), openers start one after it.
	closers = `,;:.!?)]"”’'`
	openers = `("„“‘'[`
)

// wordBefore counts the letters of the word ending just before text[i],
// after up to two closing marks; 0 when it is not a word of letters of
// a spaced script (a number, a mark).
func wordBefore(text []rune, i int) int {
	j := i - 1
	for k := 0; k < 2 && j >= 0 && strings.ContainsRune(closers, text[j]); k++ {
		j--
	}
	n := 0
	for ; j >= 0; j-- {
		switch r := text[j]; {
		case unicode.IsLetter(r):
			n++
		case inWord(r):
		case joinsWord(r) && n > 0 && j > 0 && unicode.IsLetter(text[j-1]):
		case unicode.IsDigit(r):
			return 0 // "3D", "COVID-19": not a word of letters
		default:
			return n
		}
	}
	return n
}

// wordAfter counts the letters of the word starting just after text[i],
// after up to two opening marks, and tells whether they are all lower-case
// Latin letters.
func wordAfter(text []rune, i int) (n int, lowerLatin bool) {
	j := i + 1
	for k := 0; k < 2 && j < len(text) && strings.ContainsRune(openers, text[j]); k++ {
		j++
	}
	lowerLatin = true
	for ; j < len(text); j++ {
		switch r := text[j]; {
		case unicode.IsLetter(r):
			n++
			lowerLatin = lowerLatin && unicode.IsLower(r) && unicode.Is(unicode.Latin, r)
		case inWord(r):
		case joinsWord(r) && n > 0 && j+1 < len(text) && unicode.IsLetter(text[j+1]):
		case unicode.IsDigit(r):
			return 0, false
		default:
			return n, lowerLatin
		}
	}
	return n, lowerLatin
}

// inWord reports whether r belongs to a word without being a letter of
// its own: combining marks (Indic vowel signs, decomposed accents), soft
// hyphens, joiners.
func inWord(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Mc) || r == '\u00ad' || r == '\u200c' || r == '\u200d'
}

// joinsWord reports whether r joins two parts of one word ("don't",
// "l’article", "E-Mail").
func joinsWord(r rune) bool {
	return r == '\'' || r == '’' || r == '-' || r == '\u2010'
}

// unspacedScript reports whether r is a letter of writing that does not
// separate words with spaces, or Hangul, whose pages are left as they
// are: there a no-break space may be all that parts two words.
func unspacedScript(r rune) bool {
	return r >= 0x0E00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
}
