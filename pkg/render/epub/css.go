package epub

import (
	_ "embed"
	"strings"

	"github.com/bookify/article2book/internal/cjk"
)

//go:embed book.css
var bookCSS string

// verticalCSS is added for a vertical book: it sets a chapter
// (html.vertical) in columns, top to bottom and right to left, with the
// -epub- and -webkit- forms that Kindle and older reading systems read.
// Margins that separate blocks move from top and bottom to right and left,
// since blocks now follow one another leftwards; Latin words lie along the
// column (text-orientation: mixed), and short numbers, wrapped in span.tcy
// by the writer, stand upright in one cell.
//
//go:embed vertical.css
var verticalCSS string

// latinFonts and cjkFonts are the reading system's own faces, after any
// embedded ones.
const (
	latinFonts = `Georgia, "Times New Roman", "Liberation Serif"`
	cjkFonts   = `"Songti SC", "Source Han Serif SC", "Noto Serif CJK SC", "Source Han Serif", serif`
)

// embeddedFace is a font subset stored in the book. Its family name avoids
// the original's (LXGW is a Reserved Font Name of the OFL, which modified
// versions, a subset among them, may not carry).
type embeddedFace struct {
	family, file string
	data         []byte
}

// epubCSS returns the stylesheet (book.css) for a book embedding faces,
// which come before the reading system's CJK faces, in order, and set
// vertically or not. The quotes that Chinese sets full width are cjk's.
func epubCSS(faces []embeddedFace, vertical bool) string {
	var decl strings.Builder
	cjkStack := cjkFonts
	var names []string
	for _, f := range faces {
		decl.WriteString("@font-face {\n  font-family: \"" + f.family + "\";\n  font-style: normal;\n  font-weight: normal;\n  src: url(\"../fonts/" + f.file + "\") format(\"truetype\");\n}\n\n")
		names = append(names, `"`+f.family+`"`)
	}
	if len(names) > 0 {
		cjkStack = strings.Join(names, ", ") + ", " + cjkStack
	}
	css := strings.NewReplacer(
		"FONT_FACES\n", decl.String(),
		"LATIN_FONTS", latinFonts,
		"CJK_FONTS", cjkStack,
		"QUOTE_CHARS", cjk.CSSRange(cjk.Quotes()),
	).Replace(bookCSS)
	if vertical {
		css += "\n" + verticalCSS
	}
	return css
}
