package epub

import (
	_ "embed"
	"strings"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/pkg/render/face"
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

// latinFonts and cjkFonts are the reading system's own faces, after ours:
// for the characters none of ours has.
const (
	latinFonts = `Georgia, "Times New Roman", "Liberation Serif"`
	cjkFonts   = `"Songti SC", "Source Han Serif SC", "Noto Serif CJK SC", "Source Han Serif", serif`
	// cjkFontsTC are the reading system's Traditional faces, first for
	// Traditional Chinese.
	cjkFontsTC = `"Songti TC", "Source Han Serif TC", "Noto Serif CJK TC"`
	// quoteFonts are faces that draw the curly quotes full width.
	quoteFonts = `local("Noto Serif SC"), local("Songti SC"), local("Source Han Serif SC"), local("Noto Serif CJK SC"), local("Source Han Serif")`
)

// embeddedFace is a font subset stored in the book. Its family name avoids
// the original's (LXGW is a Reserved Font Name of the OFL, which modified
// versions, a subset among them, may not carry).
type embeddedFace struct {
	id           face.ID
	family, file string
	data         []byte
	bold         bool // the family's bold, for bold text
}

// quotesFamily is the family of the embedded curly quotes, set full
// width (face.EmbedQuotes).
const quotesFamily = "Bookify Quotes"

// epubCSS returns the stylesheet (book.css) of a book in body face body
// (as the PDF's), embedding faces (none without -embed-font), set
// vertically or not.
//
// Its font stacks follow the order in which the PDF takes its faces
// (face.Chain): the body face, the faces of the other scripts, the CJK
// fallbacks, so that a reading system, which takes each character from
// the first face of the stack that has it, draws what the PDF draws. Each
// face is named by its embedded subset's family first, when there is one,
// then by the family it is installed under; the reading system's own
// faces come last. Text in a language with a face of its own (Arabic,
// Hindi, Thai, …) puts that face first. A document in Latin (or another
// script Noto Serif leads) takes Noto Serif's stack whatever the body, as
// the PDF sets such a chapter. The quotes that Chinese sets full
// width are cjk's, from the embedded quotes when there are. A book with
// Traditional Chinese text (hant) puts the body's Traditional face first
// for it, when the body face has one; one with right-to-left text (rtl)
// gets rtlCSS.
func epubCSS(body face.ID, faces []embeddedFace, vertical, hant, rtl bool) string {
	var decl strings.Builder
	embedded := map[face.ID]string{}
	quotes := ""
	for _, f := range faces {
		if f.family == quotesFamily {
			quotes = f.file
			continue
		}
		if !f.bold {
			embedded[f.id] = f.family
		}
	}
	cjkFirst := `"CJK Quotes", `
	if quotes != "" && embedded[body] != "" {
		// The embedded quotes are a face of the body's own family, for
		// the quote characters only, which the body's subset leaves out:
		// a browser takes them from it, and a reading system that reads
		// one face of a family, the last (MuPDF), or only the first
		// family of a stack still draws the body face.
		decl.WriteString("/* Curly quotes in Chinese text are set full width, as GB/T 15834 asks\n   and the PDF sets them: the book's own quotes. */\n")
		decl.WriteString("@font-face {\n  font-family: \"" + embedded[body] + "\";\n  src: url(\"../fonts/" + quotes + "\") format(\"truetype\");\n  unicode-range: " + cjk.CSSRange(cjk.Quotes()) + ";\n}\n\n")
		cjkFirst = ""
	} else {
		decl.WriteString("/* Curly quotes in Chinese text are set full width, as GB/T 15834 asks\n   and the PDF sets them: from a CJK face that draws them so. */\n")
		decl.WriteString("@font-face {\n  font-family: \"CJK Quotes\";\n  src: " + quoteFonts + ";\n  unicode-range: " + cjk.CSSRange(cjk.Quotes()) + ";\n}\n\n")
	}
	for _, f := range faces {
		// a family's bold, under its name, so that a reading system draws
		// bold text with it rather than thickening the regular
		weight := "normal"
		if f.bold {
			weight = "bold"
		}
		if f.family != quotesFamily {
			decl.WriteString("@font-face {\n  font-family: \"" + f.family + "\";\n  font-style: normal;\n  font-weight: " + weight + ";\n  src: url(\"../fonts/" + f.file + "\") format(\"truetype\");\n}\n\n")
		}
	}
	stack := fontStack(face.Chain(body), embedded)
	// The rules are written into builders grown once to their size: in a
	// cold process every fresh page costs a fault, and the rule per
	// language and the stylesheet built by concatenation and doubling
	// took about 330 KB to make 41 KB.
	var langs strings.Builder
	names, byLang := face.LangFaces()
	langs.Grow(len(names) * (len(stack) + len(latinFonts) + len(cjkFonts) + 96))
	for _, l := range names {
		first := fontStack([]face.ID{byLang[l]}, embedded)
		for _, s := range []string{":lang(", l, ") {\n  font-family: ", first, ", ", stack, ", ", latinFonts, ", ", cjkFonts, ";\n}\n\n"} {
			langs.WriteString(s)
		}
	}
	if tc := face.Traditional(body); hant && tc != body {
		langs.WriteString(hantRule(tc, embedded, cjkFirst, stack))
	}
	r := strings.NewReplacer(
		"FONT_FACES\n", decl.String(),
		"LANG_FONTS\n", langs.String(),
		"LATIN_STACK", fontStack(face.Chain(face.Serif), embedded)+", "+latinFonts+", "+cjkFonts,
		"CJK_STACK", cjkFirst+stack+", "+cjkFonts,
		"MONO_FONTS", fontStack([]face.ID{face.Mono}, embedded),
	)
	var css strings.Builder
	stacks := strings.Count(bookCSS, "_STACK") + strings.Count(bookCSS, "MONO_FONTS")
	css.Grow(len(bookCSS) + decl.Len() + langs.Len() + stacks*(len(cjkFirst)+len(stack)+len(latinFonts)+len(cjkFonts)+4) + 1 + len(verticalCSS) + len(rtlCSS))
	r.WriteString(&css, bookCSS)
	if rtl {
		css.WriteString(rtlCSS)
	}
	if vertical {
		css.WriteString("\n" + verticalCSS)
	}
	return css.String()
}

// rtlCSS mirrors block quotes and lists that run right to left, as the
// PDF sets them: the quote's rule and the indents at the right. It is
// written only in a book with right-to-left text, so that the stylesheet
// of every other book stays as it was; physical properties, not logical
// ones, for the reading systems that know only those.
const rtlCSS = `
[dir="rtl"] blockquote, blockquote[dir="rtl"] {
  padding-left: 0;
  padding-right: 0.8em;
  border-left: none;
  border-right: 0.2em solid #bbb;
}

[dir="rtl"] ul, [dir="rtl"] ol, ul[dir="rtl"], ol[dir="rtl"] {
  padding-left: 0;
  padding-right: 2em;
}
`

// hantRule is the rule that sets Traditional Chinese in face tc, then
// stack, as the PDF does: its Taiwan standard forms, and ，。、！？ centred.
// Embedded, tc's subset comes first (it leaves the quotes to the body's
// family, which holds them full width); otherwise the installed face,
// after the full-width quotes (cjkFirst).
func hantRule(tc face.ID, embedded map[face.ID]string, cjkFirst, stack string) string {
	first := cjkFirst + `"` + face.Local(tc) + `"`
	if family := embedded[tc]; family != "" {
		first = `"` + family + `"`
	}
	return "/* Traditional Chinese in its own face: Taiwan's standard forms, and\n   pause and stop marks centred in the em, as the PDF sets them. */\n" +
		":lang(zh-Hant), :lang(zh-TW), :lang(zh-HK), :lang(zh-MO) {\n  font-family: " + first + ", " + stack + ", " + cjkFontsTC + ", " + cjkFonts + ";\n}\n\n"
}

// fontStack names faces ids, each by its embedded family if it has one,
// then by its installed one, without repeats.
func fontStack(ids []face.ID, embedded map[face.ID]string) string {
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, `"`+n+`"`)
		}
	}
	for _, id := range ids {
		add(embedded[id])
		add(face.Local(id))
	}
	return strings.Join(names, ", ")
}
