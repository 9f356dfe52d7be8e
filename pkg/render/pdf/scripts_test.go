package pdf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
	"github.com/bookify/article2book/pkg/render/inline"
)

// rtlPages are the corpus pages in right-to-left scripts.
var rtlPages = map[string]bool{"arb": true, "pes_1": true, "urd": true, "heb": true, "div": true}

// TestScriptPages renders each page of the script corpus (the UDHR in 34
// languages and 31 scripts, Odia from GTK's translation and a Chinese
// page quoting English and Arabic, testdata/scripts) as an article: every
// character drawn with a real glyph (0 .notdef in our report and in the
// PDF itself), the text copied back in logical
// order by pdftotext (default and -raw), with no space inside a word
// (left-to-right pages), right-to-left paragraphs flush right.
func TestScriptPages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testbook.Root, "testdata", "scripts", "*.html"))
	if err != nil || len(files) < 34 {
		t.Fatalf("corpus: %d pages, %v", len(files), err)
	}
	g, _ := newPageGeometry("A4")
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		t.Run(name, func(t *testing.T) {
			a := scriptPage(t, file)
			pdf, info := renderPDF(t, book.Single(a, name), Options{})
			if info.MissingGlyphs != 0 {
				t.Errorf("%d characters drawn as .notdef, warnings %q", info.MissingGlyphs, info.Warnings)
			}
			// counted in the PDF itself too: glyph 0 through each font's
			// CIDToGIDMap, which the copied text would hide
			if n := verify.NotdefGlyphs(t, pdf); n != 0 {
				t.Errorf("the PDF draws %d .notdef glyphs", n)
			}
			// the heading in its script's bold (TestScriptBold looks
			// glyph by glyph)
			if bold := boldFaces[name]; bold != "" && !slices.Contains(verify.PDFFonts(t, pdf), bold) {
				t.Errorf("fonts %q: no %s", verify.PDFFonts(t, pdf), bold)
			}
			// -raw reads the content in drawing order: right-to-left
			// lines are drawn in logical order for it (bidiPieces). Its
			// bidi reordering (left to right, neutrals kept in place)
			// still puts a vowel sign that ends a stretch of Thaana
			// before it, which no span text avoids: Dhivehi is held to
			// the default mode only.
			for _, raw := range []bool{false, true} {
				if raw && name == "div" {
					continue
				}
				out := pdfTextMode(t, pdf, raw)
				got := squeezeAll(out)
				for _, p := range a.Texts() {
					switch {
					case rtlPages[name] || !strings.ContainsFunc(p, isRTLLetter):
						if !strings.Contains(got, squeezeAll(p)) {
							t.Errorf("pdftotext (raw %v) lacks, in logical order, %q", raw, p)
						}
					case raw:
						if !strings.Contains(lettersOnly(out), lettersOnly(p)) {
							t.Errorf("pdftotext -raw lacks the letters of %q in logical order", p)
						}
					default:
						for _, w := range bidiWords(p) {
							if !strings.Contains(got, w) {
								t.Errorf("pdftotext lacks the word %q of %q", w, p)
							}
						}
					}
				}
			}
			if !rtlPages[name] {
				noFalseSpaces(t, a, pdfTextMode(t, pdf, false))
				return
			}
			right := g.left + g.width
			for _, ln := range pdfBBoxLines(t, pdf) {
				if !strings.ContainsFunc(ln.text, func(r rune) bool { return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Thaana) }) {
					continue // the title from <title>, in Latin; the page number
				}
				if d := right - ln.xMax; d > 1.5 || d < -1.5 {
					t.Errorf("line %q ends %.1f pt from the right margin", ln.text, d)
				}
			}
		})
	}
}

// boldFaces are the bold faces of the corpus pages whose script has one
// stored, by PostScript name; the other scripts' bold text is set in
// their regular weight (package fonts says which fitted the package).
var boldFaces = map[string]string{
	"arb": "NotoNaskhArabic-Bold", "pes_1": "NotoNaskhArabic-Bold", "urd": "NotoNaskhArabic-Bold",
	"heb": "NotoSerifHebrew-Bold", "hin": "NotoSerifDevanagari-Bold", "ben": "NotoSerifBengali-Bold",
	"tam": "NotoSerifTamil-Bold", "tha": "NotoSerifThai-Bold", "guj": "NotoSerifGujarati-Bold",
	"pan": "NotoSerifGurmukhi-Bold", "tel": "NotoSerifTelugu-Bold", "kan": "NotoSerifKannada-Bold",
	"mal": "NotoSerifMalayalam-Bold", "kat": "NotoSerifGeorgian-Bold",
	"eng": "NotoSerif-Bold", "vie": "NotoSerif-Bold", "rus": "NotoSerif-Bold", "ell_monotonic": "NotoSerif-Bold",
}

// TestScriptBold sets each page of the script corpus with a word of its
// first paragraph also in <strong>, and checks, glyph by glyph of the
// frames, that the letters of the page's headings and of the strong word
// are drawn in the script's bold face where one is stored (boldFaces),
// the other letters of the page in a regular face, and none as .notdef.
func TestScriptBold(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testbook.Root, "testdata", "scripts", "*.html"))
	if err != nil || len(files) < 34 {
		t.Fatalf("corpus: %d pages, %v", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		want, ok := boldFaces[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			a := scriptPage(t, file)
			strong := firstWord(t, a)
			a.Blocks = append(a.Blocks, &book.Paragraph{Content: []book.Inline{{Text: strong, Style: book.Bold}}})
			pages, _ := frames(t, book.Single(a, name), Options{})
			script := scriptOf([]rune(strong)[0])
			var bold, regular, headings int
			walkRoles(pages, func(role string, r *frame.Run) {
				for _, g := range r.Glyphs {
					if g.ID == 0 {
						t.Errorf("%q drawn as .notdef in %s", g.Text, face.Family(r.Face))
					}
					if !strings.ContainsFunc(g.Text, func(r rune) bool { return unicode.IsLetter(r) && unicode.Is(script, r) }) {
						continue // the title from <title>, in Latin; digits, punctuation
					}
					heading := len(role) == 2 && role[0] == 'H'
					if heading {
						headings++
					}
					switch fam := face.Family(r.Face); {
					case fam == want:
						bold++
						if !heading && !strings.Contains(strong, g.Text) {
							t.Errorf("%q of %s drawn bold", g.Text, role)
						}
					case heading:
						t.Errorf("%q of %s drawn in %s, want %s", g.Text, role, fam, want)
					default:
						regular++
					}
				}
			})
			if headings == 0 || bold < headings+len([]rune(strong))/4 || regular == 0 {
				t.Errorf("%d glyphs bold, %d of them in headings, %d regular; strong %q", bold, headings, regular, strong)
			}
		})
	}
}

// firstWord returns the first word of a's first paragraph that is all
// letters and marks of a script other than Latin's ASCII.
func firstWord(t *testing.T, a *book.Article) string {
	t.Helper()
	for _, p := range a.Texts() {
		for _, w := range strings.Fields(p) {
			if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) < 0 && utf8.RuneCountInString(w) > 2 {
				return w
			}
		}
	}
	t.Fatal("no word")
	return ""
}

// scriptOf returns the table of r's script.
func scriptOf(r rune) *unicode.RangeTable {
	for name, tab := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(tab, r) {
			return tab
		}
	}
	return unicode.Common
}

// walkRoles calls run for every run of pages with the role of the
// structure element it is drawn in ("" in an artifact).
func walkRoles(pages [][]frame.Item, run func(role string, r *frame.Run)) {
	var walk func(items []frame.Item, role string)
	walk = func(items []frame.Item, role string) {
		for _, it := range items {
			switch x := it.(type) {
			case *frame.Marked:
				r := role
				switch {
				case x.Artifact:
					r = ""
				case x.Elem != nil:
					r = x.Elem.Role
				}
				walk(x.Items, r)
			case *frame.Group:
				walk(x.Items, role)
			case *frame.Run:
				run(role, x)
			}
		}
	}
	for _, p := range pages {
		walk(p, "")
	}
}

// noFalseSpaces checks that every line of the copied text got that is
// the article's text holds it with its spaces where the article has them:
// no space read into a word where a cluster's box ends short of the next
// (clusterEnd).
func noFalseSpaces(t *testing.T, a *book.Article, got string) {
	t.Helper()
	src := strings.Join(strings.Fields(strings.Join(a.Texts(), " ")), " ")
	squeezed := squeezeAll(src)
	for _, ln := range strings.Split(got, "\n") {
		ln = strings.Join(strings.Fields(ln), " ")
		if len([]rune(ln)) < 8 || !strings.Contains(squeezed, squeezeAll(ln)) {
			continue // the page number, the title from <title>
		}
		if !strings.Contains(src, ln) {
			t.Errorf("copied line %q has its spaces where the article has not", ln)
		}
	}
}

// isRTLLetter reports whether r is a letter of a right-to-left script.
func isRTLLetter(r rune) bool {
	return unicode.IsLetter(r) && unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Thaana, unicode.Syriac, unicode.Nko)
}

// bidiWords cuts s into its words: stretches of letters, marks and
// digits, cut again where right-to-left letters meet others.
func bidiWords(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(lettersOnlyKeepSpace(s), unicode.IsSpace) {
		rs := []rune(f)
		start := 0
		for i := 1; i <= len(rs); i++ {
			if i == len(rs) || unicode.IsLetter(rs[i]) && isRTLLetter(rs[i]) != isRTLLetter(rs[start]) {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
	}
	return out
}

// lettersOnlyKeepSpace is s with every character but letters, marks and
// digits made a space.
func lettersOnlyKeepSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s)
}

// lettersOnly keeps the letters, marks and digits of s. A paragraph with
// right-to-left words on a page poppler takes to run left to right (more
// L than R characters: the Chinese page quoting Arabic) copies in logical
// order but for its punctuation: poppler's reorderText reverses a
// right-to-left stretch up to the next left-to-right letter or digit,
// taking in the marks that follow it, so "…الإنسان。宣言" copies as
// "。الإنسان…宣言" (-raw and default). In the default mode it also orders a
// right-to-left paragraph's pieces left to right on such a page, so only
// its words are checked there. Chromium's PDF of that page copies the
// same way.
func lettersOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// squeezeAll drops white space, which pdftotext puts at line ends, and
// the bidi embedding controls it wraps right-to-left lines and the
// numbers and punctuation in them with (U+202A-202E).
func squeezeAll(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r >= 0x202A && r <= 0x202E {
			return -1
		}
		return r
	}, s)
}

// TestEnglishTypography checks what an English reader expects of Noto
// Serif through the shaper: AV and To kerned closer than their advances,
// fi and fl drawn as ligatures that copy back as the letters, <em> in the
// true italic (no slant), an em dash at its Latin width.
func TestEnglishTypography(t *testing.T) {
	text := "AVAST To the office, flowers fill the field — Tom said."
	a := &book.Article{Title: "Typography", Lang: "en", Blocks: []book.Block{
		&book.Paragraph{Content: []book.Inline{{Text: text + " "}, {Text: "emphasised", Style: book.Italic}}},
	}}
	b := &pdfBuilder{fonts: face.Set{Body: face.Serif}, ctx: context.Background()}
	gs := b.shape(b.spans(a.Blocks[0].(*book.Paragraph).Content, face.Serif, 10, pdfStyle.ink))
	m, _ := face.Open(face.Serif)
	kerned := map[string]bool{}
	ligs := map[string]bool{}
	for i, g := range gs {
		if utf8.RuneCountInString(g.Text) > 1 && g.Subs == nil {
			ligs[g.Text] = true
		}
		if i+1 < len(gs) && g.Subs != nil && len(g.Subs) == 1 {
			if own := float64(m.GlyphWidth(g.GID)) / 100; g.Adv < own-0.05 {
				kerned[g.Text+gs[i+1].Text] = true
			}
		}
	}
	for _, pair := range []string{"AV", "To"} {
		if !kerned[pair] {
			t.Errorf("%s not kerned (kerned: %v)", pair, kerned)
		}
	}
	for _, l := range []string{"ffi", "fl", "fi"} {
		if !ligs[l] {
			t.Logf("ligatures drawn: %v", ligs)
		}
	}
	if !ligs["fl"] || !(ligs["fi"] || ligs["ffi"]) {
		t.Errorf("no fi/fl ligatures: %v", ligs)
	}
	for _, g := range gs {
		if g.R == '—' && (g.Face != inline.Face(face.Serif) || g.Adv > 10.01) {
			t.Errorf("em dash in face %d, %.2f pt wide", g.Face, g.Adv)
		}
	}
	pdf, _ := renderPDF(t, book.Single(a, "typo"), Options{})
	for _, raw := range []bool{false, true} {
		if got := squeezeAll(pdfTextMode(t, pdf, raw)); !strings.Contains(got, squeezeAll(text+" emphasised")) {
			t.Errorf("pdftotext (raw %v): %q", raw, got)
		}
	}
	if fonts := verify.PDFFonts(t, pdf); !slices.Contains(fonts, "NotoSerif-Italic") {
		t.Errorf("fonts %q: no true italic", fonts)
	}
	if bytes.Contains(qdf(t, pdf), []byte("1 0 .21256 1 ")) {
		t.Error("the true italic is slanted as well")
	}
}

// scriptPage reads a page of the script corpus.
func scriptPage(t *testing.T, file string) *book.Article {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := extract.FromHTML(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// paragraphTexts returns the texts of a's paragraphs, the blocks set
// justified.
func paragraphTexts(a *book.Article) map[string]bool {
	body := map[string]bool{}
	book.Walk(a.Blocks, func(b book.Block) {
		if p, ok := b.(*book.Paragraph); ok {
			body[book.PlainText(p.Content)] = true
		}
	})
	return body
}
