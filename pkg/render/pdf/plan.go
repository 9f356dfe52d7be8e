package pdf

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// planRunes bounds the text planGlyphs reads: the first pages of a
// book. A Chinese article of 8,000 characters draws most of the
// ideographs its next pages will.
const planRunes = 8 << 10

// A plannedGlyph is an ideograph some paragraph draws plainly: its face,
// its glyph and the character, packed to sort quickly (face, glyph,
// character, from the high bits).
type plannedGlyph uint64

func planned(f face.ID, gid uint16, r rune) plannedGlyph {
	return plannedGlyph(f)<<48 | plannedGlyph(gid)<<32 | plannedGlyph(r)
}

func (g plannedGlyph) face() face.ID { return face.ID(g >> 48) }
func (g plannedGlyph) gid() uint16   { return uint16(g >> 32) }
func (g plannedGlyph) text() string  { return string(rune(uint32(g))) }

// planGlyphs starts numbering, on a goroutine of its own, the glyphs of
// the ideographs that the first paragraphs of the first Chinese or
// Japanese chapter draw, in the order of their IDs in the face, before
// any page is drawn. A face's neighbouring glyphs share strokes: its glyf
// table, compressed as glyphs are numbered, comes out about 1.3 % smaller
// than in the order the text first draws them, and starts compressing
// while the pages are laid out rather than once the first is drawn.
// Only Han characters drawn plainly are numbered: every layout draws them
// with the glyph the face maps them to, in a line or upright in a column,
// in the face the shaper finds them in (the same spans as layout's, the
// same face.Set lookup, without shaping: a fifth of the time). The rest
// are numbered as first drawn.
func (b *pdfBuilder) planGlyphs(blocks []book.Block, fr pdfFrame) {
	if b.numberAhead == nil || !b.script.CJK() {
		return // the first chapter in Chinese or Japanese takes it
	}
	number := b.numberAhead
	b.numberAhead = nil
	// what the goroutine reads is taken here: the builder goes on
	st, em, ctx, body := b.spanStyle(), b.paraParams(b.g.body, fr).Em, b.ctx, b.fonts.Body
	paras := firstParagraphs(blocks)
	number(func() []plannedGlyph {
		fonts, seen := &face.Set{Body: body}, new(planSeen)
		var out []plannedGlyph
		for _, x := range paras {
			if ctx.Err() != nil {
				return nil
			}
			out = appendPlanned(out, st.spans(x.Content, st.base, em, pdfStyle.ink), fonts, seen)
		}
		slices.Sort(out)
		// one character for a glyph: another drawing it gets a CID of
		// its own when drawn
		return slices.CompactFunc(out, func(a, b plannedGlyph) bool { return a>>32 == b>>32 })
	})
}

// firstParagraphs returns the top-level paragraphs among blocks up to
// about planRunes characters.
func firstParagraphs(blocks []book.Block) []*book.Paragraph {
	var paras []*book.Paragraph
	n := 0
	for _, blk := range blocks {
		if x, ok := blk.(*book.Paragraph); ok && n < planRunes {
			paras = append(paras, x)
			for _, r := range x.Content {
				n += len(r.Text) / 3 // a CJK character is 3 bytes
			}
		}
	}
	return paras
}

// appendPlanned appends the Han characters of the spans that are drawn
// plainly with their face's glyph for them: in the face the shaper gives
// them (inline.Shape asks fonts, as here), each a cluster of its own (no
// invisible character before or after it, which would join its text),
// and with no vertical form.
func appendPlanned(out []plannedGlyph, spans []inline.Span, fonts *face.Set, seen *planSeen) []plannedGlyph {
	prev := rune(0)
	for k, sp := range spans {
		for i, r := range sp.Text {
			next := nextRune(spans, k, i+utf8.RuneLen(r))
			if isHan(r) && !inline.Attached(prev) && !inline.Attached(next) && seen.add(sp.Style.Face, r) {
				out = appendHan(out, fonts, sp.Style.Face, r)
			}
			prev = r
		}
	}
	return out
}

// isHan reports whether r is a Han character, the common ones first.
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// planSeen holds the characters of the Basic Multilingual Plane looked up
// so far, by the face asked for: an article repeats its characters.
type planSeen [face.NumFaces]*[1 << 10]uint64

// add reports whether r in face f is new, noting it.
func (s *planSeen) add(f inline.Face, r rune) bool {
	if r > 0xFFFF {
		return true
	}
	if s[f] == nil {
		s[f] = new([1 << 10]uint64)
	}
	w, bit := &s[f][r>>6], uint64(1)<<(r&63)
	if *w&bit != 0 {
		return false
	}
	*w |= bit
	return true
}

func appendHan(out []plannedGlyph, fonts *face.Set, want inline.Face, r rune) []plannedGlyph {
	f, _, ok := fonts.Glyph(want, r)
	if !ok {
		return out
	}
	m, err := face.Open(face.ID(f))
	if err != nil || m.Vert(r) != 0 {
		return out
	}
	if id := m.Glyph(r); id != 0 {
		out = append(out, planned(face.ID(f), id, r))
	}
	return out
}

// nextRune is the character at byte at of span k's text, or the next
// span's first; 0 at the end.
func nextRune(spans []inline.Span, k, at int) rune {
	for ; k < len(spans); k, at = k+1, 0 {
		if at < len(spans[k].Text) {
			r, _ := utf8.DecodeRuneInString(spans[k].Text[at:])
			return r
		}
	}
	return 0
}

// numberAhead numbers the glyphs plan returns, on a goroutine of its
// own; pages wait for it (waitPlan).
func (d *pdfDoc) numberAhead(plan func() []plannedGlyph) {
	done := make(chan struct{})
	d.planned = done
	go func() {
		defer close(done)
		for _, g := range plan() {
			d.fonts.font(g.face()).cid(slotKey{gid: g.gid()}, g.text())
		}
	}()
}

// waitPlan waits for numberAhead to be done with the fonts.
func (d *pdfDoc) waitPlan() {
	if d.planned != nil {
		<-d.planned
		d.planned = nil
	}
}
