package verify

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/pdfsyntax"
)

// An Element is a structure element as a screen reader meets it: its
// role, its depth in the tree, and the text of its own marked content
// (not its children's), in the order of its /K.
type Element struct {
	Role  string
	Depth int
	Text  string
	Alt   string // a figure's alternative text
}

// Elements gives the elements one to a line, indented by depth, as
// pdfinfo -struct-text does.
func Elements(es []Element) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", e.Depth), e.Role)
		if e.Alt != "" {
			fmt.Fprintf(&b, " (alt %q)", e.Alt)
		}
		if e.Text != "" {
			fmt.Fprintf(&b, " %q", e.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// StructureText reads pdf's structure tree in its order and the text of
// each element's marked content: a glyph's ToUnicode text, or the
// ActualText of a span around it, which replaces what the span shows
// (ISO 32000-1, 14.9.4), or the element's own ActualText, which
// replaces all of it. Artifacts are left out. Poppler's pdfinfo
// -struct-text cannot serve here: it ends an element's content at the
// first EMC inside it, so a span of another language or with ActualText
// cuts the rest of a paragraph off.
func StructureText(t testing.TB, pdf []byte) []Element {
	t.Helper()
	f, err := loadPDF(tempFile(t, "doc.pdf", pdf))
	if err != nil {
		t.Fatal(err)
	}
	root := f.dict(f.trailer["/Root"])
	texts := map[string]map[int]string{} // page ref, MCID: text
	for _, ref := range f.pages(root) {
		pg := f.dict(ref)
		texts[ref] = f.markedText(f.contentOf(pg), f.fonts(pg))
	}
	var out []Element
	var walk func(ref any, depth int)
	walk = func(ref any, depth int) {
		e := f.dict(ref)
		if e == nil || depth > 64 {
			return
		}
		el := Element{Role: strings.TrimPrefix(fmt.Sprint(e["/S"]), "/"), Depth: depth, Alt: text(e["/Alt"])}
		at := len(out)
		out = append(out, el)
		var own strings.Builder
		kids := f.array(e["/K"])
		if kids == nil && e["/K"] != nil {
			kids = []any{e["/K"]}
		}
		for _, k := range kids {
			switch x := f.get(k).(type) {
			case float64:
				pg, _ := e["/Pg"].(string)
				own.WriteString(texts[pg][int(x)])
			case map[string]any:
				switch x["/Type"] {
				case "/MCR":
					pg, _ := x["/Pg"].(string)
					if pg == "" {
						pg, _ = e["/Pg"].(string)
					}
					n, _ := x["/MCID"].(float64)
					own.WriteString(texts[pg][int(n)])
				case "/StructElem":
					walk(k, depth+1)
				}
			}
		}
		out[at].Text = own.String()
		if a := text(e["/ActualText"]); a != "" {
			out[at].Text = a // it replaces the element's content
		}
	}
	str := f.dict(root["/StructTreeRoot"])
	kids := f.array(str["/K"])
	if kids == nil && str["/K"] != nil {
		kids = []any{str["/K"]}
	}
	for _, k := range kids {
		walk(k, 0)
	}
	return out
}

// markedText walks a content stream and returns the text of each MCID.
func (f *pdfFile) markedText(data []byte, fonts map[string]*pdfFont) map[int]string {
	type mark struct {
		mcid     int
		artifact bool
		actual   bool // a span with ActualText: its glyphs say nothing more
	}
	texts := map[int]*strings.Builder{}
	var stack []mark
	var ops []any
	var font *pdfFont
	current := func() (b *strings.Builder, quiet bool) {
		for _, m := range stack {
			quiet = quiet || m.artifact || m.actual
			if m.mcid >= 0 {
				b = texts[m.mcid]
			}
		}
		return b, quiet
	}
	show := func(s []byte) {
		b, quiet := current()
		if b == nil || quiet || font == nil {
			return
		}
		for c := range font.codes(s) {
			b.WriteString(font.toUni[c])
		}
	}
	l := &pdfsyntax.Lexer{B: data}
	for {
		tok, err := l.Token()
		if err != nil {
			break
		}
		op, isOp := tok.(pdfsyntax.Keyword)
		if !isOp {
			ops = append(ops, tok)
			continue
		}
		switch op {
		case "BDC", "BMC":
			m := markOf(ops)
			at := mark{mcid: m.mcid, artifact: m.artifact}
			for _, o := range ops {
				if d, ok := o.(pdfsyntax.Dict); ok {
					if s, ok := d["ActualText"].([]byte); ok {
						if b, quiet := current(); b != nil && !quiet {
							b.WriteString(pdfsyntax.TextString(s))
						}
						at.actual = true
					}
				}
			}
			if at.mcid >= 0 {
				texts[at.mcid] = &strings.Builder{}
			}
			stack = append(stack, at)
		case "EMC":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case "Tf":
			if len(ops) > 0 {
				n, _ := ops[0].(pdfsyntax.Name)
				font = fonts["/"+string(n)]
			}
		case "Tj":
			if len(ops) > 0 {
				s, _ := ops[0].([]byte)
				show(s)
			}
		case "TJ":
			if len(ops) > 0 {
				arr, _ := ops[0].([]any)
				for _, e := range arr {
					if s, ok := e.([]byte); ok {
						show(s)
					}
				}
			}
		}
		ops = ops[:0]
	}
	out := map[int]string{}
	for k, b := range texts {
		out[k] = b.String()
	}
	return out
}
