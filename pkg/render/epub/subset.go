package epub

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/bookify/article2book/internal/cjk"

	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// embedFaces returns the faces a book of the given characters embeds: each
// character goes to the face the PDF draws it with (the body face, a
// script's Noto face, LXGW WenKai, Droid Sans Fallback for Extension A,
// the extension face, Noto Emoji, Noto Serif for what the CJK faces
// lack), each face cut to its characters, in the chain's order (the
// shaped faces keep what shaping reaches), and, in a CJK book, its curly
// quotes set full width in a face of their own. The body face also holds printable ASCII, which readers
// use for list numbers and the like. It also returns the characters no
// face has, in order. The characters of Traditional Chinese documents,
// hant, go to the body's Traditional face (face.Traditional) first; those
// of documents in Latin and the like in a CJK book, latin, to Noto Serif.
// The characters set bold, bold, go to the bold faces as well, as in the
// PDF; the bold of a face in the stack that has one stored (face.BoldOf)
// is embedded after it, under its family.
func embedFaces(runes, hant, latin, bold map[rune]bool, body face.ID, vertical bool) ([]embeddedFace, []rune, error) {
	fs := face.Set{Body: body}
	for r := rune(0x21); r < 0x7f; r++ {
		fs.Glyph(inline.Face(body), r)
	}
	// A CJK book's curly quotes go into a face of their own (below), not
	// the body's subset, which the stylesheet names under the same family;
	// in a vertical book the body keeps them too, for their vertical
	// forms.
	cjkQuotes := body == face.Kai || body == face.Song
	for _, set := range []struct {
		runes      map[rune]bool
		face, bold face.ID
	}{{runes, body, face.Bold(body)}, {hant, face.Traditional(body), face.Traditional(face.Bold(body))}, {latin, face.Serif, face.SerifBold}} {
		for r := range set.runes {
			if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r) {
				continue // nothing to draw
			}
			if cjkQuotes && !vertical && strings.ContainsRune(cjk.Quotes(), r) {
				continue
			}
			fs.Glyph(inline.Face(set.face), r)
			if bold[r] {
				fs.Glyph(inline.Face(set.bold), r)
			}
		}
	}
	if fs.Err != nil {
		return nil, nil, fs.Err
	}
	var out []embeddedFace
	ids := face.Chain(body)
	if tc := face.Traditional(body); tc != body {
		ids = append(ids, tc)
	}
	add := func(id face.ID, bold bool) error {
		if !fs.Uses(id) {
			return nil
		}
		family, file := face.Embedded(id)
		data, err := fs.Embed(id, family, vertical)
		if err != nil {
			return fmt.Errorf("font subset: %w", err)
		}
		out = append(out, embeddedFace{id: id, family: family, file: file, data: data, bold: bold})
		return nil
	}
	for _, id := range ids {
		if err := add(id, false); err != nil {
			return nil, nil, err
		}
		if b, ok := face.BoldOf(id); ok {
			if err := add(b, true); err != nil {
				return nil, nil, err
			}
		}
	}
	// The curly quotes Chinese sets full width, in a face of their own.
	if cjkQuotes {
		var qs []rune
		for _, r := range cjk.Quotes() {
			if runes[r] || hant[r] {
				qs = append(qs, r)
			}
		}
		if len(qs) > 0 {
			data, err := face.EmbedQuotes(body, qs, quotesFamily, func(r rune) bool { return cjk.ClassOf(r) == cjk.Opening })
			if err != nil {
				return nil, nil, err
			}
			out = append(out, embeddedFace{id: body, family: quotesFamily, file: "quotes-subset.ttf", data: data})
		}
	}
	return out, fs.Lacking(), nil
}
