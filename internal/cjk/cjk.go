// Package cjk is the one table of character classes that Chinese and
// Japanese layout needs: which characters sit on the em grid, which
// punctuation has a blank half to give, and which characters may not start
// or end a line (clreq "basic" level plus jlreq's small kana). The PDF line
// layout, the EPUB cover, the EPUB stylesheet, the HTML reader and the
// tests' checker all read it, so they cannot disagree.
//
// See shared/notes/cjk-layout.md for the rules restated, and the W3C notes
// clreq and jlreq for the originals.
package cjk

import (
	"strings"
	"unicode"
)

// The sets, as strings so that a reader can see them whole.
const (
	// NoStartChars may not start a line: pause and stop marks, closing
	// brackets and quotes, interpuncts, connectors, and for Japanese the
	// small kana, the prolonged sound mark and the iteration marks.
	NoStartChars = "。．，、：；！‼？⁇”’」』）］｝〕〉》】〗·・‧～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々ゝゞヽヾ"
	// NoEndChars may not end a line: opening brackets and quotes.
	NoEndChars = "“‘「『（［｛〔〈《【〖"
	// closingChars are full-width marks whose ink sits in the left half of
	// the em box: the right half is blank and may go at a line end or
	// before another mark (clreq 3.1.6).
	closingChars = "。．，、！？」』）］｝〕〉》】〗”’"
	// openingChars sit in the right half of the em box: the left half may
	// go at a line start or after another opening mark.
	openingChars = "（〔［｛〈《「『【〖“‘"
	// middleChars keep their centred position; a quarter em on each side
	// may go only when a line must shrink.
	middleChars = "·・：；"
	// hangingChars may hang past the right margin when hanging punctuation
	// is asked for.
	hangingChars = "，。、．"
	// quoteChars are the curly quotes, whose width is ambiguous: Chinese
	// fonts draw them full width or proportional, and Chinese text sets
	// them full width (GB/T 15834).
	quoteChars = "“”‘’"
	// alongChars run along the line, whatever their width: dashes, the
	// ellipsis, wave dashes, the double bar. In a vertical column they
	// turn with it.
	alongChars = "—⸺…～〜－_‖"
	// pauseChars are the pause and stop marks. In a vertical column they
	// keep their place in the upper right of the cell instead of turning,
	// as the brackets and quotes of their classes do.
	pauseChars = "，。、．！？"
)

// in reports whether set holds r. No set holds a character of the range
// of Han, Hangul and the other scripts between U+3400 and U+F8FF
// (TestSetsOutsideHan), which is most of a Chinese text: those are told
// apart without a search.
func in(set string, r rune) bool {
	if r >= 0x3400 && r < 0xF900 {
		return false
	}
	return strings.ContainsRune(set, r)
}

// Class is what layout needs to know of a character.
type Class uint8

const (
	Other       Class = iota
	Ideographic       // Han, kana, Hangul: set on the em grid, breakable on both sides
	Letter            // a letter or digit of an alphabetic script
	Opening           // full-width opening bracket or quote
	Closing           // full-width closing bracket, quote, stop or pause mark
	Middle            // centred full-width mark
	Space             // a word space
	Emoji             // pictographs: on the em grid like ideographs
)

// ClassOf returns the class of r.
func ClassOf(r rune) Class {
	switch {
	case r == ' ':
		return Space
	case in(openingChars, r):
		return Opening
	case in(closingChars, r):
		return Closing
	case in(middleChars, r):
		return Middle
	case IsIdeographic(r):
		return Ideographic
	case IsEmoji(r):
		return Emoji
	case r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		return Letter
	}
	return Other
}

// IsPunct reports whether c is one of the full-width punctuation classes.
func (c Class) IsPunct() bool { return c == Opening || c == Closing || c == Middle }

// NoStart reports whether r may not start a line.
func NoStart(r rune) bool { return in(NoStartChars, r) }

// NoEnd reports whether r may not end a line.
func NoEnd(r rune) bool { return in(NoEndChars, r) }

// Hanging reports whether r may hang past the right margin.
func Hanging(r rune) bool { return in(hangingChars, r) }

// TurnsInColumn reports whether r is a mark that runs along the line, so
// that set in a vertical column without a vertical form of its own it must
// turn with the column: the dashes and the like, and the brackets and
// quotes other than pause and stop marks.
func TurnsInColumn(r rune) bool {
	if in(alongChars, r) {
		return true
	}
	c := ClassOf(r)
	return (c == Opening || c == Closing) && !in(pauseChars, r)
}

// IsQuote reports whether r is a curly quote, whose width depends on the
// font and the text around it.
func IsQuote(r rune) bool { return in(quoteChars, r) }

// IsIdeographic reports whether r is a Han character, kana or Hangul: the
// side of a Han–Latin pair that gets a quarter em of space, and a
// character a line may break before or after.
func IsIdeographic(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF {
		return true // the unified ideographs and Extension A, all Han: most text of a Chinese book
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) && r != 'ー' && r != '・' || isExtI(r)
}

// isExtI reports whether r is in CJK Extension I (Unicode 15.1), Han that
// Go's unicode tables (Unicode 15.0) do not have yet.
func isExtI(r rune) bool { return r >= 0x2EBF0 && r <= 0x2EE5D }

// IsEmoji reports whether r is a pictograph of the emoji blocks.
func IsEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r >= 0x2B00 && r <= 0x2BFF
}

// IsWide reports whether r is set on the full-width em grid: between two
// such characters a source line break is no space, and justification may
// widen the gap beside one.
func IsWide(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, // radicals, CJK punctuation, kana, Han
		r >= 0xAC00 && r <= 0xD7AF, // Hangul
		r >= 0xF900 && r <= 0xFAFF, // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // vertical forms
		r >= 0xFF01 && r <= 0xFF60, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFF, // CJK extensions B and later
		IsEmoji(r),
		r == '—', r == '…', r == '·':
		return true
	}
	return false
}

// Unspaced reports whether r belongs to writing written without spaces
// between words (Han, kana, CJK punctuation, full-width forms): between
// two such characters a line break in the source is no space. Hangul is
// not one: Korean separates words with spaces.
func Unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || isExtI(r) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// IsFullDigit reports whether r is a full-width digit, which UAX #14 lets
// a line split between but Chinese practice keeps together.
func IsFullDigit(r rune) bool { return r >= '０' && r <= '９' }

// Inseparable reports whether a line may never break between a and b:
// the two halves of —— and …….
func Inseparable(a, b rune) bool {
	return a == b && (a == '—' || a == '…' || a == '⸺') || IsFullDigit(a) && IsFullDigit(b)
}

// Invisible reports whether r draws nothing but belongs to the text:
// variation selectors, joiners, tags, emoji skin-tone modifiers (a
// monochrome face cannot show a skin colour) and other default-ignorable
// code points. They stay in the text layer and are not drawn.
func Invisible(r rune) bool {
	switch {
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF, // variation selectors
		r == 0x200C, r == 0x200D, // ZWNJ, ZWJ
		r >= 0x200E && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, // bidi controls
		r == 0x2060, r == 0xFEFF, r == 0x034F, r == 0x180E, r >= 0x180B && r <= 0x180D,
		r >= 0xE0000 && r <= 0xE007F, // tags
		r >= 0x1F3FB && r <= 0x1F3FF: // skin-tone modifiers
		return true
	}
	return false
}

// CSSRange returns the characters of s as a CSS unicode-range value, for a
// stylesheet that must name the same characters as the table.
func CSSRange(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("U+")
		b.WriteString(strings.ToUpper(hex(r)))
	}
	return b.String()
}

func hex(r rune) string {
	const digits = "0123456789abcdef"
	var buf [8]byte
	i := len(buf)
	for {
		i--
		buf[i] = digits[r&0xF]
		r >>= 4
		if r == 0 {
			break
		}
	}
	for len(buf)-i < 4 {
		i--
		buf[i] = '0'
	}
	return string(buf[i:])
}

// Quotes returns the curly quotes, for a stylesheet that sets them full
// width in Chinese text.
func Quotes() string { return quoteChars }

// Pauses returns the pause and stop marks: set in the lower left of the
// em in Simplified Chinese and Japanese, centred in it in Traditional
// Chinese as Taiwan and Hong Kong set it, as the face draws them.
func Pauses() string { return pauseChars }

// MaxCombined is the most digits a vertical line sets upright side by side
// in one cell (tate-chu-yoko, 縦中横); longer numbers lie along the line,
// turned as Latin words are.
const MaxCombined = 3

// Combines reports whether a number of n ASCII digits, between the
// characters prev and next (0 at the edge of a paragraph), stands upright
// in one cell of a vertical line: one to MaxCombined digits among
// full-width characters, not part of a Latin word, a decimal number, a
// time or a percentage, which lie along the line whole. Curly quotes count
// as full width here: a vertical line sets them as corner brackets.
func Combines(prev, next rune, n int) bool {
	alone := func(r rune) bool { return r == 0 || r == '\n' || IsWide(r) || IsQuote(r) }
	return n >= 1 && n <= MaxCombined && alone(prev) && alone(next)
}
