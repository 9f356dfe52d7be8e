package pdf

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// frames lays b out and draws it into frames, with no PDF written.
func frames(t *testing.T, b *book.Book, opt Options) ([][]frame.Item, *frame.Elem) {
	t.Helper()
	var out [][]frame.Item
	bl, _, err := typeset(context.Background(), render.Prepare(b), opt, func(fr []frame.Item) {
		keepGlyphs(fr) // the next page's runs take them over
		out = append(out, fr)
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out, bl.root
}

// keepGlyphs gives the runs of fr glyphs of their own.
func keepGlyphs(fr []frame.Item) {
	for _, it := range fr {
		switch x := it.(type) {
		case *frame.Run:
			x.Glyphs = slices.Clone(x.Glyphs)
		case *frame.Group:
			keepGlyphs(x.Items)
		case *frame.Marked:
			keepGlyphs(x.Items)
		}
	}
}

// TestFrames checks pages as data, without a PDF or poppler: everything
// drawn belongs to a structure element or is an artifact; each line's
// glyphs carry its text, cluster by cluster; every glyph has a glyph ID;
// the figures carry their alternative text.
func TestFrames(t *testing.T) {
	for _, zh := range []bool{true, false} {
		a := pdfAllBlocks(t, zh)
		t.Run(a.Lang, func(t *testing.T) {
			pages, root := frames(t, book.Single(a, "all"), Options{})
			if len(pages) < 3 {
				t.Fatalf("%d pages", len(pages))
			}
			var runs, lines int
			var walk func(items []frame.Item, inStruct bool, span *frame.Marked)
			walk = func(items []frame.Item, inStruct bool, span *frame.Marked) {
				for _, it := range items {
					switch x := it.(type) {
					case *frame.Marked:
						switch {
						case x.Span:
							lines++
							walk(x.Items, inStruct, x)
							if got, want := spanText(x), squeezeText(x.Text); got != want {
								t.Errorf("span %q: glyphs say %q", want, got)
							}
						default:
							walk(x.Items, true, span)
						}
					case *frame.Group:
						walk(x.Items, inStruct, span)
					case *frame.Run:
						runs++
						if !inStruct {
							t.Errorf("run %+v outside structure and artifacts", x.Glyphs)
						}
						for _, g := range x.Glyphs {
							if g.ID == 0 || g.Text == "" {
								t.Errorf("glyph %+v: no glyph ID or no text", g)
							}
						}
					case *frame.Line, *frame.Rect, *frame.Image:
						if !inStruct {
							t.Errorf("%T outside structure and artifacts", x)
						}
					}
				}
			}
			for _, p := range pages {
				walk(p, false, nil)
			}
			if runs == 0 || lines == 0 {
				t.Fatalf("%d runs, %d lines", runs, lines)
			}
			var alts []string
			var roles []string
			var visit func(e *frame.Elem)
			visit = func(e *frame.Elem) {
				if e.Role == "Figure" {
					alts = append(alts, e.Alt)
				}
				if e.Role[0] == 'H' {
					roles = append(roles, e.Role)
				}
				for _, k := range e.Kids {
					if k.Elem != nil {
						visit(k.Elem)
					}
				}
			}
			visit(root)
			if want := "png jpeg gif " + w(zh, "The picture that could not be fetched", "无法获取的图片"); strings.Join(alts, " ") != want {
				t.Errorf("figures' alt %q, want %q", alts, want)
			}
			if strings.Join(roles, " ") != "H1 H2 H2 H2 H2" {
				t.Errorf("headings %q", roles)
			}
		})
	}
}

// spanText is the text of a span's glyphs, spaces and added hyphens left
// out.
func spanText(m *frame.Marked) string {
	var b strings.Builder
	var walk func(items []frame.Item)
	walk = func(items []frame.Item) {
		for _, it := range items {
			switch x := it.(type) {
			case *frame.Run:
				for _, g := range x.Glyphs {
					b.WriteString(g.Text)
				}
			case *frame.Group:
				walk(x.Items)
			case *frame.Marked:
				walk(x.Items)
			}
		}
	}
	walk(m.Items)
	return squeezeText(b.String())
}

func squeezeText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '-' || r == '\u00ad' {
			return -1
		}
		return r
	}, s)
}

// TestRunAdvances: a glyph run's advances as laid out are kept where they
// differ from the font's widths (as a shaper's kerning does), as TJ
// adjustments; a run at the font's widths is a plain Tj.
func TestRunAdvances(t *testing.T) {
	m, err := face.Open(face.Kai)
	if err != nil {
		t.Fatal(err)
	}
	const size = 10.0
	glyph := func(r rune, extra float64) frame.Glyph {
		return frame.Glyph{ID: m.Glyph(r), Adv: float64(m.Width(r))*size/1000 + extra, Text: string(r)}
	}
	var buf bytes.Buffer
	d := newPDFDoc(pdfwrite.New(&buf, 6), 600, 800)
	d.startPage()
	d.emitRun(&frame.Run{Face: face.Kai, Size: size, X: 10, Y: 20, Glyphs: []frame.Glyph{glyph('A', 0), glyph('V', 0)}})
	d.emitRun(&frame.Run{Face: face.Kai, Size: size, X: 10, Y: 40, Glyphs: []frame.Glyph{glyph('A', -1), glyph('V', 0.5), glyph('A', 0)}})
	content := string(d.content)
	if strings.Count(content, ")Tj") != 1 {
		t.Errorf("want the first run as Tj:\n%q", content)
	}
	// 1 pt narrower at 10 pt is 100 thousandths to the left; 0.5 pt wider
	// is 50 to the right
	if !strings.Contains(content, ")100(") || !strings.Contains(content, ")-50(") || !strings.Contains(content, ")]TJ") {
		t.Errorf("want the second run as TJ with 100 and -50:\n%q", content)
	}
}

// TestActualTextWhereNeeded: ToUnicode says what each glyph stands for,
// so a span with ActualText is drawn only where it cannot: around a gap
// the layout put between Han and Latin (which extractors would read as a
// space) or a proportional quote, never around Han characters alone, on
// a few lines of the sample, not all; and a hyphen the layout
// added is an artifact whose ActualText is empty.
func TestActualTextWhereNeeded(t *testing.T) {
	han := func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }
	t.Run("zh", func(t *testing.T) {
		pages, _ := frames(t, book.Single(testbook.Sample(t), "sample"), Options{})
		var spans, runs int
		walkFrames(pages, func(m *frame.Marked, inArtifact bool) {
			if !m.Span {
				return
			}
			spans++
			// Han beside Han is set solid or evenly spaced: no gap there
			// reads as a space. A gap is beside Latin or a proportional
			// quote.
			onlyHan := true
			for _, r := range m.Text {
				onlyHan = onlyHan && han(r)
			}
			if onlyHan {
				t.Errorf("span %q of Han characters only", m.Text)
			}
		}, func(*frame.Run) { runs++ })
		if spans == 0 || spans*4 > runs {
			t.Errorf("%d spans over %d runs: want a few, around the Han–Latin gaps", spans, runs)
		}
	})
	t.Run("hyphen", func(t *testing.T) {
		a := &book.Article{Title: "hyphens", Lang: "en", Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(
			strings.Repeat("Internationalization considerations notwithstanding, extraordinarily comprehensive documentation accompanies implementations. ", 6))}}}
		pages, _ := frames(t, book.Single(a, "hyphens"), Options{})
		hyphens := 0
		walkFrames(pages, func(m *frame.Marked, inArtifact bool) {
			if m.Span && m.Text == "" {
				if !inArtifact {
					t.Errorf("an empty span outside an artifact")
				}
				hyphens++
			}
		}, nil)
		if hyphens == 0 {
			t.Error("no added hyphen drawn as an artifact")
		}
	})
}

// walkFrames calls marked for every marked item and run for every run
// of pages, in order.
func walkFrames(pages [][]frame.Item, marked func(m *frame.Marked, inArtifact bool), run func(*frame.Run)) {
	var walk func(items []frame.Item, inArtifact bool)
	walk = func(items []frame.Item, inArtifact bool) {
		for _, it := range items {
			switch x := it.(type) {
			case *frame.Marked:
				marked(x, inArtifact)
				walk(x.Items, inArtifact || x.Artifact)
			case *frame.Group:
				walk(x.Items, inArtifact)
			case *frame.Run:
				if run != nil {
					run(x)
				}
			}
		}
	}
	for _, p := range pages {
		walk(p, false)
	}
}

// TestHyphenationByLanguage: a chapter's words are hyphenated by the
// patterns of its language (Tamil and Hindi between shaped clusters), and not at all in a language we have none
// for (Hungarian); the same German text tagged Hungarian gets no hyphen.
func TestHyphenationByLanguage(t *testing.T) {
	const de = "Da die Anerkennung der angeborenen Würde und der gleichen und unveräußerlichen Rechte aller Mitglieder der Gemeinschaft der Menschen die Grundlage von Freiheit, Gerechtigkeit und Frieden in der Welt bildet. "
	for _, tc := range []struct {
		lang, text string
		hyphens    bool
	}{
		{"de", de, true},
		{"ru", "Принимая во внимание, что признание достоинства, присущего всем членам человеческой семьи, и равных и неотъемлемых прав их является основой свободы, справедливости и всеобщего мира. ", true},
		{"el", "Επειδή η αναγνώριση της αξιοπρέπειας, που είναι σύμφυτη σε όλα τα μέλη της ανθρώπινης οικογένειας, καθώς και των ίσων και αναπαλλοτρίωτων δικαιωμάτων τους, αποτελεί το θεμέλιο της ελευθερίας. ", true},
		{"ta", "மனிதக் குடும்பத்தினைச் சேர்ந்த யாவரதும் உள்ளார்ந்த மரியாதையையும் அவர்களின் சமமான, பராதீனப்படுத்த முடியாத உரிமைகளையும் அங்கீகரித்தலே உலகத்தில் சுதந்திரம், நீதி, சமாதானம் என்பவற்றுக்கு அடிப்படையாகும். ", true},
		{"hi", "अविच्छिन्न स्वतन्त्रता सर्वसाधारण फलस्वरूप जन्मजात अधिकारों स्वीकृति व्यवस्था स्थापना अत्याचार बुनियाद ", true},
		{"hu", de, false},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			a := &book.Article{Title: "Silbentrennung", Lang: tc.lang, Blocks: []book.Block{&book.Paragraph{Content: testbook.Runs(strings.Repeat(tc.text, 4))}}}
			pages, _ := frames(t, book.Single(a, "hyphens"), Options{PageSize: "A5"})
			hyphens := 0
			walkFrames(pages, func(m *frame.Marked, inArtifact bool) {
				if m.Span && m.Text == "" && inArtifact {
					hyphens++
				}
			}, nil)
			if got := hyphens > 0; got != tc.hyphens {
				t.Errorf("%d hyphens added, want some: %v", hyphens, tc.hyphens)
			}
		})
	}
}
