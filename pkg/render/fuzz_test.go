package render_test

// Fuzz targets for the public entry points, render.Prepare then pdf.Write
// and epub.Write. They use nothing else of the renderers, so that the
// layout engine can change under them.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/epub"
	"github.com/bookify/article2book/pkg/render/pdf"
)

// fuzzTexts are the hostile strings the generator draws from, besides the
// fuzzer's own text: every class the issue names.
var fuzzTexts = []string{
	"",
	"全国网信办主任会议在京召开。",
	"「引号」『嵌套』——破折号……省略号",
	"𠮷野家𩸽𪚥 𰻝",                                                                      // astral CJK (Extension B, G)
	"👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇨🇳🇯🇵 1️⃣",                                                     // emoji sequences
	"e\u0301 a\u0308\u0323 Z\u0351\u0352\u0357\u0358",                              // combining marks
	"\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd abc \u202eevil\u202c", // RTL, bidi override
	"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\u0085\u2028\u2029",                           // controls
	"\ufffd\ufffd bad \ufffd",
	"\ufeff\u200b\u200c\u200d\u2060\u00ad", // invisible
	strings.Repeat("supercalifragilistic", 60),
	strings.Repeat("长", 400),
	"https://example.com/" + strings.Repeat("a/b-c_d", 80),
	"line\nbreak\n\n\nand \t tabs",
	"<script>alert(1)</script> & &amp; ]]> <![CDATA[ x ]]>",
	"\uE000\uF8FF \U000F0000 \U0010FFFD", // private use
	"\uFDD0\uFFFE\uFFFF",                 // noncharacters
	"ｶﾀｶﾅ ﾟﾞ ㌀㍿ ㋿",
	"한국어 텍스트 ᄀᄁ",
}

// fuzzGen turns the fuzzer's bytes into a book: each byte read picks a
// block kind, a count, a style or a string.
type fuzzGen struct {
	b    []byte
	text []rune
	png  []byte
}

func (g *fuzzGen) next() int {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return int(c)
}

// str is one of fuzzTexts, a piece of the fuzzer's text, or runes made
// from the next bytes, in the classes above.
func (g *fuzzGen) str() string {
	switch k := g.next(); {
	case k < 96:
		return fuzzTexts[k%len(fuzzTexts)]
	case k < 192 && len(g.text) > 0:
		i := g.next() * 7 % len(g.text)
		n := 1 + g.next()*g.next()%600
		return string(g.text[i:min(len(g.text), i+n)])
	default:
		var sb strings.Builder
		for n := g.next() % 24; n >= 0; n-- {
			c := g.next()<<8 | g.next()
			bases := []rune{0, 0x4E00, 0x20000, 0x1F300, 0x0300, 0x0590, 0x0600, 0xFFF0, 0x3000, 0xAC00, 0x2000, 0xE0000}
			r := bases[c%len(bases)] + rune(c>>4)%0x400
			if !utf8.ValidRune(r) {
				r = utf8.RuneError
			}
			sb.WriteRune(r)
		}
		return sb.String()
	}
}

func (g *fuzzGen) inlines() []book.Inline {
	var out []book.Inline
	for n := g.next() % 5; n > 0; n-- {
		in := book.Inline{Text: g.str(), Style: book.Style(g.next() % 8)}
		if g.next()%4 == 0 {
			in.Href = []string{"https://example.com/x?a=1&b=2", "mailto:a@example.com", "javascript:alert(1)", "#frag", "", "http://[::1"}[g.next()%6]
		}
		out = append(out, in)
	}
	return out
}

func (g *fuzzGen) blocks(depth int) []book.Block {
	var out []book.Block
	for n := g.next() % 7; n > 0; n-- {
		k := g.next() % 9
		if depth > 6 && (k == 2 || k == 3) {
			k = 1
		}
		switch k {
		case 0:
			out = append(out, &book.Heading{Level: 1 + g.next()%6, Content: g.inlines()})
		case 1, 8:
			out = append(out, &book.Paragraph{Content: g.inlines()})
		case 2:
			l := &book.List{Ordered: g.next()%2 == 0, Start: int(int8(g.next()))}
			for m := g.next() % 4; m > 0; m-- {
				l.Items = append(l.Items, book.ListItem{Blocks: g.blocks(depth + 1)})
			}
			out = append(out, l)
		case 3:
			out = append(out, &book.Quote{Blocks: g.blocks(depth + 1)})
		case 4:
			out = append(out, &book.Code{Text: g.str(), Lang: []string{"", "go", "<x>"}[g.next()%3]})
		case 5:
			img := &book.Image{Src: "https://example.com/i.png", Alt: g.str(), Caption: g.inlines()}
			if g.next()%2 == 0 {
				img.Data, img.MediaType, img.Width, img.Height = g.png, "image/png", 3, 2
			}
			out = append(out, img)
		case 6:
			tb := &book.Table{Caption: g.inlines()}
			for r := g.next() % 5; r > 0; r-- {
				row := book.TableRow{Header: g.next()%3 == 0}
				for c := g.next() % 5; c > 0; c-- {
					row.Cells = append(row.Cells, book.TableCell{Header: g.next()%2 == 0, ColSpan: 1 + g.next()%3, Content: g.inlines()})
				}
				tb.Rows = append(tb.Rows, row)
			}
			out = append(out, tb)
		case 7:
			out = append(out, &book.Rule{})
		}
	}
	return out
}

func (g *fuzzGen) book() *book.Book {
	langs := []string{"zh", "zh-CN", "zh-TW", "ja", "en", "ko", "ar", "he", "", "x-bogus", "zh-Hant-HK"}
	b := &book.Book{ID: "fuzz", Lang: langs[g.next()%len(langs)]}
	for n := 1 + g.next()%3; n > 0; n-- {
		a := &book.Article{
			Title: g.str(), Byline: g.str(), SiteName: g.str(), Source: g.str(),
			Lang: langs[g.next()%len(langs)], SourceURL: "https://example.com/a",
			Blocks: g.blocks(0),
		}
		if g.next()%2 == 0 {
			a.Published = time.Date(1900+g.next()*2, time.Month(1+g.next()%12), 1+g.next()%28, 0, 0, 0, 0, time.UTC)
		}
		b.Chapters = append(b.Chapters, a)
	}
	if len(b.Chapters) > 1 || g.next()%2 == 0 {
		b.Title = g.str()
	} else {
		b.Title = b.Chapters[0].Title
	}
	return b
}

func fuzzPNG(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA{200, 30, 30, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fuzzSeeds: structure bytes and texts from the fixtures.
func fuzzSeeds(f *testing.F) {
	f.Helper()
	sample, err := os.ReadFile("../../testdata/sample-zh.txt")
	if err != nil {
		f.Fatal(err)
	}
	structures := [][]byte{
		{},
		{3, 0, 6, 10, 1, 3, 0, 4, 2, 2, 150, 1, 9, 200, 3, 1, 5, 7},
		[]byte("\x02\x05\x01\x00\x03\x00\x04\x01\x02\x03\x00\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d"),
		bytes.Repeat([]byte{6, 2, 3, 6, 4, 5, 0, 1, 2, 3, 99, 200, 255, 17}, 8),
		bytes.Repeat([]byte{5, 2, 2, 3, 3, 2, 3, 2, 3}, 12), // nested lists and quotes
	}
	for i, s := range structures {
		f.Add(s, fuzzCut(string(sample[i*fuzzSeedText:])))
	}
	// Real pages' bytes, markup and all, as text: scripts, entities,
	// whatever the sites put there.
	pages, _ := filepath.Glob("../../testdata/pages/*/source.html")
	for i, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			// from the middle of the page, past the head
			f.Add(structures[i%len(structures)], fuzzCut(string(b[len(b)/2:])))
		}
	}
	for i, s := range fuzzTexts {
		f.Add([]byte{byte(i), 200, 1, 3, byte(i), 8, 0, 1, 4, byte(200 + i)}, s)
	}
}

// Seeds' texts are cut to fuzzSeedText bytes, and the targets read at
// most fuzzMaxText runes of text and fuzzMaxStructure bytes of structure:
// a render and its checks take a tenth of a second, and the engine
// minimises every new input it keeps by trying it shorter and shorter,
// so that inputs of kilobytes held it a minute at a time and FuzzPDF ran
// 145 inputs in 4 minutes. A book from 1 KB of text and 256 structure
// bytes still has every kind of block, nested, in every script.
const (
	fuzzSeedText     = 600
	fuzzMaxText      = 1 << 10
	fuzzMaxStructure = 256
)

// fuzzCut is s cut to at most fuzzSeedText bytes, on a rune boundary,
// as valid UTF-8.
func fuzzCut(s string) string {
	s = s[:min(len(s), fuzzSeedText)]
	return strings.ToValidUTF8(strings.TrimRightFunc(s, func(r rune) bool { return r == utf8.RuneError }), "\ufffd")
}

// newFuzzGen reads the fuzzer's input, up to the limits above.
func newFuzzGen(structure []byte, text string, png []byte) *fuzzGen {
	runes := []rune(text)
	return &fuzzGen{b: structure[:min(len(structure), fuzzMaxStructure)], text: runes[:min(len(runes), fuzzMaxText)], png: png}
}

// One render may take this much CPU time (the sample takes tens of
// milliseconds); past fuzzWall of the clock the process is crashed, so the
// engine keeps the input.
const (
	fuzzCPU  = 2 * time.Second
	fuzzWall = time.Minute
)

// FuzzPDF: any book renders, in bounded time, to a PDF qpdf --check
// accepts.
func FuzzPDF(f *testing.F) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		f.Fatal("qpdf not found (make deps installs it)")
	}
	fuzzSeeds(f)
	pngData := fuzzPNG(f)
	f.Fuzz(func(t *testing.T, structure []byte, text string) {
		g := newFuzzGen(structure, text, pngData)
		b := g.book()
		sizes := []string{"A4", "A5", "Letter", "6x9"}
		var buf bytes.Buffer
		done := verify.Bounded(t, fuzzCPU, fuzzWall)
		info, err := pdf.Write(&buf, render.Prepare(b), pdf.Options{PageSize: sizes[len(structure)%4], HangingPunct: len(structure)%3 == 1})
		done()
		if err != nil {
			t.Fatalf("pdf.Write: %v", err)
		}
		// qpdf --check, warnings included, and the tags' checks.
		verify.TaggedPDF(t, buf.Bytes(), info.Standards)
	})
}

// FuzzEPUB: any book renders to a ZIP whose first entry is an uncompressed
// mimetype, whose XML documents (XHTML, package, NCX) are well formed.
func FuzzEPUB(f *testing.F) {
	fuzzSeeds(f)
	pngData := fuzzPNG(f)
	f.Fuzz(func(t *testing.T, structure []byte, text string) {
		g := newFuzzGen(structure, text, pngData)
		b := g.book()
		var buf bytes.Buffer
		done := verify.Bounded(t, fuzzCPU, fuzzWall)
		_, err := epub.Write(&buf, render.Prepare(b), epub.Options{EmbedFont: len(structure)%5 == 1, NoCover: len(structure)%7 == 3})
		done()
		if err != nil {
			t.Fatalf("epub.Write: %v", err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("not a ZIP: %v", err)
		}
		if len(zr.File) == 0 || zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store {
			t.Fatalf("first entry is not a stored mimetype")
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatalf("%s: %v", zf.Name, err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatalf("%s: %v", zf.Name, err)
			}
			switch {
			case zf.Name == "mimetype":
				if string(data) != "application/epub+zip" {
					t.Fatalf("mimetype %q", data)
				}
			case strings.HasSuffix(zf.Name, ".xhtml"), strings.HasSuffix(zf.Name, ".opf"), strings.HasSuffix(zf.Name, ".ncx"), strings.HasSuffix(zf.Name, ".xml"):
				if err := wellFormed(data); err != nil {
					t.Fatalf("%s is not well-formed XML: %v\n%s", zf.Name, err, data)
				}
			}
		}
	})
}

// wellFormed decodes every token of an XML document, strictly, with the
// entities XHTML files may use declared by nothing: our documents use
// none but XML's own.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}
