package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// composeText writes the page's text in Unicode's canonical composition
// (NFC), which the standard says is the same text. Some pages give
// letters decomposed, a base letter and a combining mark (German
// umlauts typed on a Mac or copied from a PDF: "u" + U+0308 for "ü"):
// a reader's search typed with the composed letter misses them, the
// hyphenation patterns (written composed) do not match such a word, and
// the cleanup's phrases ("Gefällt dir …") do not match either. It runs
// on the parsed page, before anything reads its text: text nodes, and
// the attributes that are text (alt, title, a meta's content), never
// addresses; 8 of the 711 tuning pages of trafilatura's benchmark
// change, 1 wanted snippet found.
//
// Composition only: a character NFC would change on its own stays as the
// page wrote it. Such are CJK compatibility ideographs, which NFC maps
// to their unified ideograph (a Japanese name may be written with one on
// purpose, for its glyph), and the characters Unicode excludes from
// composition, which NFC decomposes (Devanagari ज़ U+095B becomes ज and
// a nukta): the page's own form is what its fonts map and draw.
func composeText(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		n.Data = compose(n.Data)
	case html.ElementNode:
		if n.DataAtom == atom.Style || n.DataAtom == atom.Script && !strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
			return // code, not text; JSON-LD gives an article's text
		}
		for i, a := range n.Attr {
			switch a.Key {
			case "alt", "title", "content", "aria-label":
				n.Attr[i].Val = compose(a.Val)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		composeText(c)
	}
}

// compose returns s in NFC, the characters NFC changes on their own
// (keptAsWritten) left as they are. Text already composed (nearly all)
// is returned as it is, without a copy.
func compose(s string) string {
	if surelyComposed(s) || norm.NFC.IsNormalString(s) {
		return s
	}
	if !strings.ContainsFunc(s, keptAsWritten) {
		return norm.NFC.String(s)
	}
	// Such a character composes with nothing before it, so the text
	// between two of them composes on its own.
	var b strings.Builder
	for s != "" {
		i := strings.IndexFunc(s, keptAsWritten)
		if i < 0 {
			b.WriteString(norm.NFC.String(s))
			break
		}
		b.WriteString(norm.NFC.String(s[:i]))
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		s = s[i+size:]
	}
	return b.String()
}

// mayCompose reports a rune NFC may change in some text: false for the
// runes of most pages (Latin letters to U+02FF, general punctuation,
// CJK ideographs, kana, Hangul syllables, full-width forms), each of
// which stays as it is whatever stands beside it (TestSafeRunes). A text
// of such runes is composed without a look-up, which would cost an
// allocation a text node.
func mayCompose(r rune) bool {
	if r < 0x300 || r >= 0x4E00 && r <= 0x9FFF {
		return false // the most frequent, first
	}
	for _, rg := range safeRunes {
		if r >= rg[0] && r <= rg[1] {
			return false
		}
	}
	return true
}

// surelyComposed reports text of runes mayCompose passes. A byte under
// 0xCC is ASCII, a continuation byte or the lead of a rune under U+0300:
// Latin text is read a byte at a time, without decoding.
func surelyComposed(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < 0xCC {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if mayCompose(r) {
			return false
		}
		i += size
	}
	return true
}

// safeRunes are the ranges mayCompose passes.
var safeRunes = [][2]rune{
	{0, 0x2FF}, {0x2010, 0x2027}, {0x3000, 0x3029}, {0x3030, 0x303F}, {0x3041, 0x3096},
	{0x30A1, 0x30FA}, {0x30FC, 0x30FE}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
	{0xAC00, 0xD7A3}, {0xFF01, 0xFF5E},
}

// keptAsWritten reports a character NFC changes on its own: a
// singleton (a CJK compatibility ideograph, the Ohm sign) or one
// excluded from composition (Devanagari ज़, Bengali য়).
func keptAsWritten(r rune) bool {
	if !mayCompose(r) {
		return false
	}
	var buf [utf8.UTFMax]byte
	b := buf[:utf8.EncodeRune(buf[:], r)]
	return !norm.NFC.IsNormal(b)
}
