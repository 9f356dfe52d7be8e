package pdf

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// TestPlannedGlyphs: the ideographs of a chapter's paragraphs take the
// first CIDs of the face that draws them (LXGW WenKai or its TC cut), in
// the order of their glyph IDs, whatever order the text draws them in,
// each once; the punctuation's come after, as drawn. Horizontal and
// vertical books alike.
func TestPlannedGlyphs(t *testing.T) {
	m, err := face.Open(face.Kai)
	if err != nil {
		t.Fatal(err)
	}
	han := []rune(hanText(t, m, 0x4E00, 600))
	slices.Reverse(han) // drawn from the highest glyph ID down
	a := &book.Article{Title: "标题", Lang: "zh"}
	for i := 0; i < len(han); i += 100 {
		text := string(han[i:i+100]) + "，" + string(han[i:i+10]) + "。"
		a.Blocks = append(a.Blocks, &book.Paragraph{Content: testbook.Runs(text)})
	}
	for _, vertical := range []bool{false, true} {
		var buf bytes.Buffer
		d := newPDFDoc(pdfwrite.New(&buf, flateLevel), 595, 842)
		d.ctx = context.Background()
		_, _, err := typeset(d.ctx, render.Prepare(book.Single(a, "标题")), Options{Vertical: vertical}, d.emitPage, d.numberAhead)
		d.waitPlan()
		d.fonts.abort()
		if err != nil {
			t.Fatal(err)
		}
		// each face's first CIDs: the paragraphs' ideographs it draws
		seen := map[string]bool{}
		for _, f := range d.fonts.order {
			fm, _ := face.Open(f.id)
			k := 0
			for k < len(f.text) && inText(han, f.text[k]) {
				if seen[f.text[k]] {
					t.Errorf("vertical %v: %q planned twice", vertical, f.text[k])
				}
				seen[f.text[k]] = true
				if k > 0 && f.slots[k].gid <= f.slots[k-1].gid {
					t.Errorf("vertical %v: %s CID %d draws glyph %d after %d", vertical, face.Family(f.id), k+1, f.slots[k].gid, f.slots[k-1].gid)
				}
				if r := []rune(f.text[k])[0]; f.slots[k].gid != fm.Glyph(r) {
					t.Errorf("vertical %v: %s CID %d draws glyph %d for %q, the face's is %d", vertical, face.Family(f.id), k+1, f.slots[k].gid, r, fm.Glyph(r))
				}
				k++
			}
			for _, text := range f.text[k:] {
				if inText(han, text) && !seen[text] {
					t.Errorf("vertical %v: %q numbered as drawn, not planned", vertical, text)
				}
			}
		}
		if len(seen) != len(han) {
			t.Errorf("vertical %v: %d ideographs planned, want %d", vertical, len(seen), len(han))
		}
	}
}

// inText reports whether s is one of the runes.
func inText(runes []rune, s string) bool {
	r := []rune(s)
	return len(r) == 1 && slices.Contains(runes, r[0])
}

// TestPlanAsDrawn: on the sample and the Chinese and Japanese fixture
// pages, in lines and in columns, every glyph planned is drawn, as
// planned (its face, glyph and character); and every Han character the
// chapter's paragraphs draw plainly was planned (for it, or for another
// character the face draws with the same glyph), when the paragraphs are
// within planRunes.
func TestPlanAsDrawn(t *testing.T) {
	articles := map[string]*book.Article{"sample": testbook.Sample(t)}
	metas, err := filepath.Glob(filepath.Join(testbook.Root, "testdata", "pages", "*", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, meta := range metas {
		m, err := os.ReadFile(meta)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(m, []byte(`"lang": "zh`)) || bytes.Contains(m, []byte(`"lang": "ja`)) {
			name := filepath.Base(filepath.Dir(meta))
			articles[name] = testbook.Page(t, name, nil)
		}
	}
	if len(articles) < 15 {
		t.Fatalf("%d articles", len(articles))
	}
	whole := 0
	for name, a := range articles {
		for _, vertical := range []bool{false, true} {
			planned, drawn, paras := planAndDraw(t, a, Options{Vertical: vertical})
			if len(planned) == 0 {
				t.Errorf("%s (vertical %v): nothing planned", name, vertical)
			}
			for _, g := range planned {
				if !drawn[g] {
					t.Errorf("%s (vertical %v): %q (%s glyph %d) planned, not drawn", name, vertical, g.text(), face.Family(g.face()), g.gid())
				}
			}
			if runes(a) > planRunes {
				continue // the paragraphs after the first planRunes are not planned
			}
			whole++
			for g := range paras {
				// a glyph two characters share is planned for one
				if !slices.ContainsFunc(planned, func(p plannedGlyph) bool { return p>>32 == g>>32 }) {
					t.Errorf("%s (vertical %v): %q (%s glyph %d) drawn in a paragraph, not planned", name, vertical, g.text(), face.Family(g.face()), g.gid())
				}
			}
		}
	}
	if whole < 20 {
		t.Errorf("%d renderings with every paragraph planned; want 20 or more", whole)
	}
}

// runes counts the characters of a's top-level paragraphs.
func runes(a *book.Article) int {
	n := 0
	for _, b := range a.Blocks {
		if p, ok := b.(*book.Paragraph); ok {
			for _, r := range p.Content {
				n += utf8.RuneCountInString(r.Text)
			}
		}
	}
	return n
}

// planAndDraw lays a out and draws it, and returns the glyphs planned,
// every glyph drawn plainly, and those a top-level paragraph draws whose
// text is a Han character.
func planAndDraw(t *testing.T, a *book.Article, opt Options) (plan []plannedGlyph, drawn, paras map[plannedGlyph]bool) {
	t.Helper()
	drawn, paras = map[plannedGlyph]bool{}, map[plannedGlyph]bool{}
	d := newPDFDoc(pdfwrite.New(io.Discard, flateLevel), 595, 842)
	d.ctx = context.Background()
	number := func(p func() []plannedGlyph) {
		d.numberAhead(func() []plannedGlyph {
			plan = p()
			return plan
		})
	}
	emit := func(items []frame.Item) {
		walkDrawn(items, nil, func(r *frame.Run, g frame.Glyph, e *frame.Elem) {
			rs := []rune(g.Text)
			if g.Shift != 0 || g.Cell != 0 || g.Missing != 0 || len(rs) != 1 {
				return
			}
			k := planned(r.Face, g.ID, rs[0])
			drawn[k] = true
			// a top-level paragraph's, not the grey line of the byline
			// and date under the title
			if e != nil && e.Role == "P" && e.Parent != nil && e.Parent.Role == "Art" && r.Color != pdfStyle.grey && unicode.Is(unicode.Han, rs[0]) {
				paras[k] = true
			}
		})
		d.emitPage(items)
	}
	_, _, err := typeset(d.ctx, render.Prepare(book.Single(a, a.Title)), opt, emit, number)
	d.waitPlan()
	d.fonts.abort()
	if err != nil {
		t.Fatal(err)
	}
	return plan, drawn, paras
}

// walkDrawn calls fn for each glyph items draw, with the element whose
// marked content holds it.
func walkDrawn(items []frame.Item, e *frame.Elem, fn func(*frame.Run, frame.Glyph, *frame.Elem)) {
	for _, it := range items {
		switch x := it.(type) {
		case *frame.Run:
			for _, g := range x.Glyphs {
				fn(x, g, e)
			}
		case *frame.Group:
			walkDrawn(x.Items, e, fn)
		case *frame.Marked:
			in := e
			if x.Elem != nil {
				in = x.Elem
			}
			walkDrawn(x.Items, in, fn)
		}
	}
}
