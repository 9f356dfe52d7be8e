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
	r := markedReader{texts: map[int]*strings.Builder{}}
	var ops []any
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
		r.do(op, ops, fonts)
		ops = ops[:0]
	}
	out := map[int]string{}
	for k, b := range r.texts {
		out[k] = b.String()
	}
	return out
}

// markedReader gathers the text of a content stream's marked content.
type markedReader struct {
	texts map[int]*strings.Builder // by MCID
	stack []readMark
	font  *pdfFont
}

// readMark is marked content open in a content stream.
type readMark struct {
	mcid     int
	artifact bool
	actual   bool // a span with ActualText: its glyphs say nothing more
}

// do carries out operator op with its operands ops.
func (r *markedReader) do(op pdfsyntax.Keyword, ops []any, fonts map[string]*pdfFont) {
	switch op {
	case "BDC", "BMC":
		r.begin(ops)
	case "EMC":
		if len(r.stack) > 0 {
			r.stack = r.stack[:len(r.stack)-1]
		}
	case "Tf":
		if len(ops) > 0 {
			n, _ := ops[0].(pdfsyntax.Name)
			r.font = fonts["/"+string(n)]
		}
	case "Tj":
		if len(ops) > 0 {
			s, _ := ops[0].([]byte)
			r.show(s)
		}
	case "TJ":
		if len(ops) > 0 {
			arr, _ := ops[0].([]any)
			for _, e := range arr {
				if s, ok := e.([]byte); ok {
					r.show(s)
				}
			}
		}
	}
}

// begin opens marked content; a span's ActualText is its text.
func (r *markedReader) begin(ops []any) {
	m := markOf(ops)
	at := readMark{mcid: m.mcid, artifact: m.artifact}
	for _, o := range ops {
		if d, ok := o.(pdfsyntax.Dict); ok {
			if s, ok := d["ActualText"].([]byte); ok {
				if b, quiet := r.current(); b != nil && !quiet {
					b.WriteString(pdfsyntax.TextString(s))
				}
				at.actual = true
			}
		}
	}
	if at.mcid >= 0 {
		r.texts[at.mcid] = &strings.Builder{}
	}
	r.stack = append(r.stack, at)
}

// current is where shown text goes: the innermost MCID's text, quiet
// inside an artifact or a span with ActualText.
func (r *markedReader) current() (b *strings.Builder, quiet bool) {
	for _, m := range r.stack {
		quiet = quiet || m.artifact || m.actual
		if m.mcid >= 0 {
			b = r.texts[m.mcid]
		}
	}
	return b, quiet
}

// show adds the text of the codes s shows.
func (r *markedReader) show(s []byte) {
	b, quiet := r.current()
	if b == nil || quiet || r.font == nil {
		return
	}
	for c := range r.font.codes(s) {
		b.WriteString(r.font.toUni[c])
	}
}
