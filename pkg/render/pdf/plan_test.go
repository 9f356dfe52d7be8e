package pdf

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
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
