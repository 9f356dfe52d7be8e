package verify

import (
	"bytes"
	"testing"

	"github.com/bookify/article2book/internal/pdfsyntax"
	"github.com/bookify/article2book/internal/ttf"
)

// NotdefGlyphs counts the glyphs pdf draws as .notdef, reading the PDF
// itself rather than its text layer (which copies a boxed character
// correctly, so pdftotext-based checks miss the box): every code that a
// Tj or TJ of a page shows in a composite font whose CIDToGIDMap
// (Identity, or a stream) takes it to glyph 0 of the embedded font, or to
// a copy of glyph 0's outline (a subset gives each missing character a
// glyph of its own, so that its ToUnicode entry can say what it is).
func NotdefGlyphs(t testing.TB, pdf []byte) int {
	t.Helper()
	f, err := loadPDF(tempFile(t, "doc.pdf", pdf))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ref := range f.pages(f.dict(f.trailer["/Root"])) {
		pg := f.dict(ref)
		gids := f.cidToGID(pg)
		content := f.contentOf(pg)
		n += notdefIn(content, gids)
	}
	return n
}

// cidFont is what NotdefGlyphs needs of a composite font.
type cidFont struct {
	gids   []byte    // the CIDToGIDMap stream; nil for Identity
	glyphs *ttf.Font // the embedded font; nil when it cannot be read
}

// notdef reports whether CID cid draws .notdef.
func (c *cidFont) notdef(cid int) bool {
	gid := cid
	if c.gids != nil {
		gid = 0
		if 2*cid+1 < len(c.gids) {
			gid = int(c.gids[2*cid])<<8 | int(c.gids[2*cid+1])
		}
	}
	return c.drawsNotdef(gid, 0)
}

// drawsNotdef reports whether glyph gid draws glyph 0 and nothing else.
func (c *cidFont) drawsNotdef(gid, depth int) bool {
	if gid == 0 {
		return true
	}
	if c.glyphs == nil || gid >= c.glyphs.NumGlyphs() || depth > 8 {
		return false
	}
	g, box := c.glyphs.Glyph(gid), c.glyphs.Glyph(0)
	if len(box) > 0 && bytes.Equal(g, box) {
		return true
	}
	comps, err := ttf.Components(g)
	if err != nil || len(comps) == 0 {
		return false
	}
	for _, k := range comps {
		if !c.drawsNotdef(int(k.Glyph), depth+1) {
			return false
		}
	}
	return true
}

// cidToGID returns the composite fonts of page pg by resource name
// ("/F1").
func (f *pdfFile) cidToGID(pg map[string]any) map[string]*cidFont {
	out := map[string]*cidFont{}
	for name, ref := range f.dict(f.dict(pg["/Resources"])["/Font"]) {
		fd := f.dict(ref)
		if fd["/Subtype"] != "/Type0" {
			continue
		}
		ds := f.array(fd["/DescendantFonts"])
		if len(ds) == 0 {
			continue
		}
		c := &cidFont{}
		desc := f.dict(ds[0])
		if s, ok := f.get(desc["/CIDToGIDMap"]).(*stream); ok {
			c.gids = s.data
		}
		if s, ok := f.get(f.dict(desc["/FontDescriptor"])["/FontFile2"]).(*stream); ok {
			c.glyphs, _ = ttf.Parse(s.data)
		}
		out[name] = c
	}
	return out
}

// notdefIn counts the codes of content shown in a font of fonts that
// draw .notdef.
func notdefIn(content []byte, fonts map[string]*cidFont) int {
	n := 0
	var font *cidFont
	shown := func(s []byte) {
		if font == nil {
			return
		}
		for i := 0; i+1 < len(s); i += 2 {
			if font.notdef(int(s[i])<<8 | int(s[i+1])) {
				n++
			}
		}
	}
	var ops []any
	l := &pdfsyntax.Lexer{B: content}
	for {
		tok, err := l.Token()
		if err != nil {
			return n
		}
		op, isOp := tok.(pdfsyntax.Keyword)
		if !isOp {
			ops = append(ops, tok)
			continue
		}
		switch {
		case op == "Tf" && len(ops) > 0:
			name, _ := ops[0].(pdfsyntax.Name)
			font = fonts["/"+string(name)]
		case (op == "Tj" || op == "'") && len(ops) > 0:
			s, _ := ops[len(ops)-1].([]byte)
			shown(s)
		case op == "TJ" && len(ops) > 0:
			arr, _ := ops[0].([]any)
			for _, e := range arr {
				if s, ok := e.([]byte); ok {
					shown(s)
				}
			}
		}
		ops = ops[:0]
	}
}
