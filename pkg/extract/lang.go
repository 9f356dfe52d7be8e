package extract

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/bookify/article2book/pkg/book"
)

// normalizeLang returns the declared language as a canonical BCP 47 tag,
// or, when the page declares none (or an invalid one), the language
// inferred from the script of a's text.
func normalizeLang(declared string, a *book.Article) string {
	if t, err := language.Parse(strings.TrimSpace(declared)); err == nil && t != language.Und {
		return t.String()
	}
	return a.DetectLang()
}
