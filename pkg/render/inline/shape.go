package inline

import (
	"unicode"

	"github.com/bookify/article2book/internal/cjk"
)

// Shape turns spans into glyphs: each character gets the face that draws
// it and its advance. Characters that draw nothing stay in the text of the
// glyph before them (variation selectors, joiners, soft hyphens, zero-width
// spaces), so the text layer keeps them; runs of spaces, ideographic ones
// included, become one word space outside preformatted text, since our
// indent and justification replace the manual spacing of web pages.
func Shape(spans []Span, m Metrics) []Glyph {
	var out []Glyph
	pending := "" // invisible text before the first glyph
	attach := func(s string) {
		if n := len(out); n > 0 {
			out[n-1].Text += s
		} else {
			pending += s
		}
	}
	lig, _ := m.(Ligaturer)
	for _, sp := range spans {
		st := sp.Style
		rs := []rune(sp.Text)
		for i := 0; i < len(rs); i++ {
			r := rs[i]
			switch {
			case r == '\r':
				continue
			case r == '\u00ad':
				attach(string(r))
				if n := len(out); n > 0 {
					out[n-1].HyphenAfter = true
				}
				continue
			case r == '\u200b':
				attach(string(r))
				if n := len(out); n > 0 {
					out[n-1].BreakAfter = true
				}
				continue
			case cjk.Invisible(r):
				attach(string(r))
				continue
			case r == '\t':
				r = ' '
			}
			if !st.Pre && (r == ' ' || r == '\u3000') {
				if n := len(out); n == 0 || out[n-1].Space || out[n-1].Hard {
					continue
				}
				r = ' '
			}
			if r == '\n' {
				out = append(out, Glyph{R: r, Text: "\n", Style: st, Hard: true})
				continue
			}
			if unicode.IsControl(r) {
				continue
			}
			face, adv, ok := markFace(m, out, r)
			if !ok {
				face, adv, ok = m.Glyph(st.Face, r)
			}
			g := Glyph{
				R: r, Text: pending + string(r), Face: face, Style: st,
				Adv: adv * st.Size, Class: cjk.ClassOf(r), Missing: !ok,
				Space: r == ' ' && !st.Pre,
			}
			if lig != nil && ok && cjk.IsEmoji(r) {
				if n, gid, ladv, found := lig.Ligature(face, rs[i:]); found && n > 1 {
					// a ZWJ sequence, a flag, a skin tone: one glyph
					g.GID, g.Adv = gid, ladv*st.Size
					g.Text = pending + string(rs[i:i+n])
					i += n - 1
				}
			}
			pending = ""
			out = append(out, g)
		}
	}
	if pending != "" && len(out) > 0 {
		out[len(out)-1].Text += pending
	}
	if sh, ok := m.(Shaper); ok {
		out = shapeRuns(out, sh)
	}
	return out
}

// markFace returns the face of the glyph before a combining mark r, when
// that face is shaped and has r: the shaper places the mark on its base.
func markFace(m Metrics, out []Glyph, r rune) (Face, float64, bool) {
	n := len(out)
	if n == 0 || out[n-1].Hard || !unicode.Is(unicode.Mn, r) {
		return 0, 0, false
	}
	sh, ok := m.(Shaper)
	if !ok || !sh.Shaped(out[n-1].Face) {
		return 0, 0, false
	}
	adv, ok := sh.Has(out[n-1].Face, r)
	return out[n-1].Face, adv, ok
}
