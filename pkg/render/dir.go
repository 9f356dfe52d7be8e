package render

import (
	"strings"

	"golang.org/x/text/unicode/bidi"

	"github.com/bookify/article2book/pkg/book"
)

// RTL reports whether text in the language tagged lang runs right to
// left: Arabic, Hebrew, Persian, Urdu, Dhivehi, Yiddish, Pashto, Sindhi,
// Uyghur, Central Kurdish, Syriac, or any language in Arabic, Hebrew or
// Thaana script.
func RTL(lang string) bool {
	l := strings.ToLower(lang)
	if strings.Contains(l, "-arab") || strings.Contains(l, "-hebr") || strings.Contains(l, "-thaa") {
		return true
	}
	primary, _, _ := strings.Cut(l, "-")
	switch primary {
	case "ar", "he", "iw", "fa", "ur", "dv", "yi", "ps", "sd", "ug", "ckb", "syr", "arc":
		return true
	}
	return false
}

// SameLang reports whether the language tags a and b name one language:
// their primary subtags are the same ("zh" and "zh-Hans", "en" and
// "en-GB").
func SameLang(a, b string) bool {
	pa, _, _ := strings.Cut(a, "-")
	pb, _, _ := strings.Cut(b, "-")
	return strings.EqualFold(pa, pb)
}

// RunLang returns the language to tag a run with in a chapter in the
// language chapter: the one the page gives it when that is another, else
// "" (the chapter's, or one its characters say: ForeignRuns). Chinese in
// the other script is another: a run tagged zh-TW or zh-Hant in a
// Simplified chapter is set in the Traditional face (zh-CN in a
// Traditional chapter is tagged too); a bare "zh" is the chapter's.
func RunLang(run book.Inline, chapter string) string {
	if run.Lang == "" || SameLang(run.Lang, chapter) && !otherScript(run.Lang, chapter) {
		return ""
	}
	return run.Lang
}

// otherScript reports whether Chinese tagged run names the other script
// than Chinese tagged chapter: by a script or region subtag of its own.
func otherScript(run, chapter string) bool {
	return strings.Contains(run, "-") && IsHant(run) != IsHant(chapter)
}

// RTL reports whether the book runs right to left: every chapter is in a
// right-to-left language, so it binds on the right.
func (d *Doc) RTL() bool {
	for _, l := range d.Langs {
		if !RTL(l) {
			return false
		}
	}
	return len(d.Langs) > 0
}

// BlocksRTL reports whether blocks run right to left as a paragraph does
// (UAX #9, P2 and P3): their first strong character, in the text of the
// first paragraph or heading that has one, is right to left. A list or a
// block quote is mirrored as a whole by it.
func BlocksRTL(bs []book.Block) bool {
	found, rtl := false, false
	book.Walk(bs, func(b book.Block) {
		if found {
			return
		}
		var in []book.Inline
		switch x := b.(type) {
		case *book.Paragraph:
			in = x.Content
		case *book.Heading:
			in = x.Content
		default:
			return
		}
		for _, r := range in {
			if d, ok := firstStrong(r.Text); ok {
				found, rtl = true, d
				return
			}
		}
	})
	return rtl
}

// firstStrong returns whether the first strong character of s is right
// to left, and whether s has one.
func firstStrong(s string) (rtl, ok bool) {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false, true
		case bidi.R, bidi.AL:
			return true, true
		}
	}
	return false, false
}
