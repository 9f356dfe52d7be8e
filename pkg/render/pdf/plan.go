package pdf

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// planRunes bounds the text numberAhead shapes: the first pages of a
// book. A Chinese article of 8,000 characters draws most of the
// ideographs its next pages will; shaping them costs about 2 ms.
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
// Shaping gives the paragraphs' glyphs as layout will (the same spans, a
// face.Set of its own). Only Han characters drawn plainly are numbered:
// every layout draws them with the glyph the face maps them to, in a line
// or upright in a column. The rest are numbered as first drawn.
func (b *pdfBuilder) planGlyphs(blocks []book.Block, fr pdfFrame) {
	if b.numberAhead == nil || !b.script.CJK() {
		return // the first chapter in Chinese or Japanese takes it
	}
	number := b.numberAhead
	b.numberAhead = nil
	st, p, ctx, body := b.spanStyle(), b.paraParams(b.g.body, fr), b.ctx, b.fonts.Body
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
	number(func() []plannedGlyph {
		fonts := &face.Set{Body: body}
		var out []plannedGlyph
		for _, x := range paras {
			gs, err := inline.Shape(ctx, st.spans(x.Content, st.base, p.Em, pdfStyle.ink), fonts)
			if err != nil {
				return nil
			}
			out = appendPlanned(out, gs)
		}
		slices.Sort(out)
		// one character for a glyph: another drawing it gets a CID of
		// its own when drawn
		return slices.CompactFunc(out, func(a, b plannedGlyph) bool { return a>>32 == b>>32 })
	})
}

// appendPlanned appends the Han characters among gs that are drawn
// plainly with their face's glyph for them.
func appendPlanned(out []plannedGlyph, gs []inline.Glyph) []plannedGlyph {
	for i := range gs {
		g := &gs[i]
		if g.GID != 0 || g.Missing || g.Subs != nil || len(g.Text) != utf8.RuneLen(g.R) || !unicode.Is(unicode.Han, g.R) {
			continue
		}
		m, err := face.Open(face.ID(g.Face))
		if err != nil || m.Vert(g.R) != 0 {
			continue
		}
		if id := m.Glyph(g.R); id != 0 {
			out = append(out, planned(face.ID(g.Face), id, g.R))
		}
	}
	return out
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
