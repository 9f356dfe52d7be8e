package inline

import (
	"context"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/cjk"
)

// Shape turns spans into glyphs: each character gets the face that draws
// it and its advance. Characters that draw nothing stay in the text of the
// glyph before them (variation selectors, joiners, soft hyphens, zero-width
// spaces), so the text layer keeps them; runs of spaces, ideographic ones
// included, become one word space outside preformatted text, since our
// indent and justification replace the manual spacing of web pages. It
// stops with ctx's error when ctx is done.
func Shape(ctx context.Context, spans []Span, m Metrics) ([]Glyph, error) {
	n := 0
	for _, sp := range spans {
		n += utf8.RuneCountInString(sp.Text)
	}
	s := shaping{m: m, out: make([]Glyph, 0, n)}
	s.lig, _ = m.(Ligaturer)
	s.centrer, _ = m.(Centrer)
	for _, sp := range spans {
		if err := s.span(ctx, sp); err != nil {
			return nil, err
		}
	}
	if s.pending != "" && len(s.out) > 0 {
		s.out[len(s.out)-1].Text += s.pending
	}
	if sh, ok := m.(Shaper); ok {
		return shapeRuns(ctx, s.out, sh)
	}
	return s.out, nil
}

// shaping is the state of Shape.
type shaping struct {
	m       Metrics
	lig     Ligaturer
	centrer Centrer
	out     []Glyph
	pending string // invisible text before the first glyph
}

// attach adds invisible text to the glyph before it.
func (s *shaping) attach(t string) {
	if n := len(s.out); n > 0 {
		s.out[n-1].Text += t
	} else {
		s.pending += t
	}
}

// invisible takes a character that draws nothing, and reports whether r
// was one.
func (s *shaping) invisible(r rune) bool {
	if r == '\r' {
		return true
	}
	if !Attached(r) {
		return false
	}
	n := len(s.out)
	s.attach(string(r))
	if n > 0 {
		switch r {
		case '\u00ad':
			s.out[n-1].HyphenAfter = true
		case '\u200b':
			s.out[n-1].BreakAfter = true
		}
	}
	return true
}

// Attached reports whether r draws nothing and Shape adds it to the text
// of the glyph before it (of the first glyph, at the start): a soft
// hyphen, a zero-width space, a variation selector, a joiner, a bidi
// control.
func Attached(r rune) bool {
	return r == '\u00ad' || r == '\u200b' || cjk.Invisible(r)
}

// span adds the glyphs of sp.
func (s *shaping) span(ctx context.Context, sp Span) error {
	st, text := sp.Style, sp.Text
	// an invalid byte is one rune of one byte, as ranging over the text
	// steps; a real U+FFFD one of three
	for i, at, size := 0, 0, 0; at < len(text); i, at = i+1, at+size {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var r rune
		r, size = utf8.DecodeRuneInString(text[at:])
		c := r
		if s.invisible(r) {
			continue
		}
		if r == '\t' {
			r = ' '
		}
		if !st.Pre && (r == ' ' || r == '\u3000') {
			if n := len(s.out); n == 0 || s.out[n-1].Space || s.out[n-1].Hard {
				continue
			}
			r = ' '
		}
		if r == '\n' {
			s.out = append(s.out, Glyph{R: r, Text: "\n", Style: st, Hard: true})
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		var g Glyph
		g, size = s.glyph(st, text[at:], r, textOf(text, at, c, r, s.pending))
		s.pending = ""
		s.out = append(s.out, g)
	}
	return nil
}

// glyph returns the glyph drawing r, the first character of rest (as r,
// a tab or an ideographic space set as a space), with text t, and how many
// bytes of rest it stands for: more than one character's for an emoji
// sequence drawn as one.
func (s *shaping) glyph(st *Style, rest string, r rune, t string) (Glyph, int) {
	face, adv, ok := markFace(s.m, s.out, r)
	if !ok {
		face, adv, ok = s.m.Glyph(st.Face, r)
	}
	g := Glyph{
		R: r, Text: t, Face: face, Style: st,
		Adv: adv * st.Size, Class: cjk.ClassOf(r), Missing: !ok,
		Space: r == ' ' && !st.Pre,
	}
	_, size := utf8.DecodeRuneInString(rest)
	if g.Class == cjk.Closing && ok && s.centrer != nil && s.centrer.Centred(face, r) {
		g.Class = cjk.Middle // a Traditional face's centred ，。
	}
	if s.lig != nil && ok && cjk.IsEmoji(r) {
		rs, ends := ligatureRunes(rest)
		if n, gid, ladv, found := s.lig.Ligature(face, rs); found && n > 1 {
			// a ZWJ sequence, a flag, a skin tone: one glyph
			g.GID, g.Adv = gid, ladv*st.Size
			g.Text = s.pending + string(rs[:n])
			return g, ends[n-1]
		}
	}
	return g, size
}

// ligatureRunes returns the characters at the start of rest that a
// Ligaturer may join, and the byte in rest where each ends.
func ligatureRunes(rest string) (rs []rune, ends []int) {
	for at, k := 0, 0; at < len(rest) && k <= MaxLigature; {
		r, size := utf8.DecodeRuneInString(rest[at:])
		if r != 0xFE0E && r != 0xFE0F {
			k++
		}
		at += size
		rs, ends = append(rs, r), append(ends, at)
	}
	return rs, ends
}

// textOf is the text of a glyph drawing r for the character c, which
// starts at byte at of src, after pending invisible characters: a piece of
// the source, not a copy, when there is nothing pending and c is r (not a
// tab or ideographic space set as a space) in valid UTF-8.
func textOf(src string, at int, c, r rune, pending string) string {
	if pending == "" && c == r && r != utf8.RuneError {
		return src[at : at+utf8.RuneLen(r)]
	}
	return pending + string(r)
}

// markFace returns the face of the glyph before a combining mark r, when
// that face is shaped and has r: the shaper places the mark on its base.
func markFace(m Metrics, out []Glyph, r rune) (Face, float64, bool) {
	n := len(out)
	if n == 0 || out[n-1].Hard || r >= 0x3400 && r <= 0xA4FF || !unicode.Is(unicode.Mn, r) {
		return 0, 0, false // (the Han and Yi blocks have no marks: see extends)
	}
	sh, ok := m.(Shaper)
	if !ok || !sh.Shaped(out[n-1].Face) {
		return 0, 0, false
	}
	adv, ok := sh.Has(out[n-1].Face, r)
	return out[n-1].Face, adv, ok
}
