package typefigures

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"github.com/bookify/article2book/internal/pdfsyntax"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
)

// The PDF is first rewritten by qpdf in QDF form: every object on its own,
// no object streams, streams decoded. What is left to parse is plain PDF
// syntax, the same lexer (pdfsyntax) serving objects and content streams.

// The PDF syntax is pdfsyntax's, under the names this package used.
type (
	name    = pdfsyntax.Name
	keyword = pdfsyntax.Keyword
	ref     = pdfsyntax.Ref
	dict    = pdfsyntax.Dict
	lexer   = pdfsyntax.Lexer
)

var (
	errEOF   = pdfsyntax.ErrEOF
	isWhite  = pdfsyntax.IsWhite
	foldRefs = pdfsyntax.FoldRefs
)

// A document is a QDF file's objects, parsed on demand.
type document struct {
	data    []byte
	offsets map[int]int
	objs    map[int]any
	streams map[int][]byte
}

var objHeader = regexp.MustCompile(`(?m)^(\d+) 0 obj\b`)

// openPDF rewrites path with qpdf and indexes its objects.
func openPDF(path string) (*document, error) {
	dir, err := os.MkdirTemp("", "typefigures")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	qdf := filepath.Join(dir, "qdf.pdf")
	cmd := exec.Command("qpdf", "--qdf", "--object-streams=disable", "--decode-level=generalized", path, qdf)
	if out, err := cmd.CombinedOutput(); err != nil {
		// Exit status 3 means warnings; the file is still written.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			return nil, fmt.Errorf("qpdf %s: %v: %s", path, err, out)
		}
	}
	data, err := os.ReadFile(qdf)
	if err != nil {
		return nil, err
	}
	d := &document{data: data, offsets: map[int]int{}, objs: map[int]any{}, streams: map[int][]byte{}}
	for _, m := range objHeader.FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		d.offsets[n] = m[1]
	}
	return d, nil
}

// object returns object n, its stream data cached apart.
func (d *document) object(n int) (any, error) {
	if o, ok := d.objs[n]; ok {
		return o, nil
	}
	off, ok := d.offsets[n]
	if !ok {
		return nil, fmt.Errorf("no object %d", n)
	}
	l := &lexer{B: d.data, Pos: off}
	var items []any
	for {
		t, err := l.Token()
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", n, err)
		}
		if k, ok := t.(keyword); ok && (k == "endobj" || k == "stream") {
			items = foldRefs(items)
			if len(items) != 1 {
				return nil, fmt.Errorf("object %d: %d values", n, len(items))
			}
			d.objs[n] = items[0]
			if k == "stream" {
				if err := d.readStream(n, l); err != nil {
					return nil, err
				}
			}
			return items[0], nil
		}
		items = append(items, t)
	}
}

func (d *document) readStream(n int, l *lexer) error {
	if l.Pos < len(l.B) && l.B[l.Pos] == '\r' {
		l.Pos++
	}
	if l.Pos < len(l.B) && l.B[l.Pos] == '\n' {
		l.Pos++
	}
	dct, _ := d.objs[n].(dict)
	length, ok := d.resolve(dct["Length"]).(float64)
	if !ok || l.Pos+int(length) > len(l.B) {
		return fmt.Errorf("object %d: bad stream length", n)
	}
	d.streams[n] = l.B[l.Pos : l.Pos+int(length)]
	return nil
}

// resolve follows a reference.
func (d *document) resolve(v any) any {
	for i := 0; i < 32; i++ {
		r, ok := v.(ref)
		if !ok {
			return v
		}
		o, err := d.object(int(r))
		if err != nil {
			return nil
		}
		v = o
	}
	return nil
}

func (d *document) dictOf(v any) dict {
	dd, _ := d.resolve(v).(dict)
	return dd
}

// stream returns the decoded data of the stream v refers to.
func (d *document) stream(v any) []byte {
	r, ok := v.(ref)
	if !ok {
		return nil
	}
	if _, err := d.object(int(r)); err != nil {
		return nil
	}
	return d.streams[int(r)]
}

type page struct {
	resources dict
	contents  [][]byte
}

// pages walks the page tree from the trailer's root.
func (d *document) pages() ([]page, error) {
	i := bytes.LastIndex(d.data, []byte("trailer"))
	if i < 0 {
		return nil, fmt.Errorf("no trailer")
	}
	l := &lexer{B: d.data, Pos: i + len("trailer")}
	t, err := l.Token()
	if err != nil {
		return nil, fmt.Errorf("trailer: %w", err)
	}
	tr, _ := t.(dict)
	root := d.dictOf(tr["Root"])
	if root == nil {
		return nil, fmt.Errorf("no document catalog")
	}
	var out []page
	var walk func(node dict, res dict, depth int) error
	walk = func(node dict, res dict, depth int) error {
		if depth > 64 {
			return fmt.Errorf("page tree too deep")
		}
		if r := d.dictOf(node["Resources"]); r != nil {
			res = r
		}
		if kids, ok := d.resolve(node["Kids"]).([]any); ok {
			for _, k := range kids {
				if err := walk(d.dictOf(k), res, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		p := page{resources: res}
		switch c := node["Contents"].(type) {
		case ref:
			if arr, ok := d.resolve(c).([]any); ok {
				for _, s := range arr {
					p.contents = append(p.contents, d.stream(s))
				}
			} else {
				p.contents = append(p.contents, d.stream(c))
			}
		case []any:
			for _, s := range c {
				p.contents = append(p.contents, d.stream(s))
			}
		}
		out = append(out, p)
		return nil
	}
	return out, walk(d.dictOf(root["Pages"]), nil, 0)
}

// A font gives each code its width (in text space units per 1000) and its
// text.
type font struct {
	twoByte bool
	widths  map[int]float64
	dw      float64
	toUni   map[int]string
	// known is false when the font gives no widths at all (a standard 14
	// font without /Widths).
	known bool
}

func (d *document) loadFont(fd dict) *font {
	f := &font{widths: map[int]float64{}, toUni: map[int]string{}, dw: 1000}
	switch fd["Subtype"] {
	case name("Type0"):
		f.twoByte = true
		f.known = true
		if desc, ok := d.resolve(fd["DescendantFonts"]).([]any); ok && len(desc) > 0 {
			cid := d.dictOf(desc[0])
			if dw, ok := d.resolve(cid["DW"]).(float64); ok {
				f.dw = dw
			}
			w, _ := d.resolve(cid["W"]).([]any)
			for i := 0; i < len(w); {
				first, ok := d.resolve(w[i]).(float64)
				if !ok || i+1 >= len(w) {
					break
				}
				if arr, ok := d.resolve(w[i+1]).([]any); ok {
					for k, v := range arr {
						if x, ok := d.resolve(v).(float64); ok {
							f.widths[int(first)+k] = x
						}
					}
					i += 2
					continue
				}
				if i+2 >= len(w) {
					break
				}
				last, _ := d.resolve(w[i+1]).(float64)
				x, _ := d.resolve(w[i+2]).(float64)
				for c := int(first); c <= int(last) && c-int(first) < 1<<16; c++ {
					f.widths[c] = x
				}
				i += 3
			}
		}
	default:
		first, _ := d.resolve(fd["FirstChar"]).(float64)
		if ws, ok := d.resolve(fd["Widths"]).([]any); ok {
			f.known = true
			for k, v := range ws {
				if x, ok := d.resolve(v).(float64); ok {
					f.widths[int(first)+k] = x
				}
			}
		}
		f.dw = 500
	}
	if s := d.stream(fd["ToUnicode"]); s != nil {
		f.toUni = pdfsyntax.ToUnicode(s)
	}
	return f
}

func (f *font) width(code int) float64 {
	if w, ok := f.widths[code]; ok {
		return w
	}
	return f.dw
}

// text is the code's Unicode text: from ToUnicode, else the code itself
// (fpdf's Identity-H codes are code points; simple fonts are taken as
// Latin-1).
func (f *font) text(code int) string {
	if s, ok := f.toUni[code]; ok {
		return s
	}
	return string(rune(code))
}

func (f *font) codes(s []byte) []int {
	var out []int
	if f.twoByte {
		for i := 0; i+1 < len(s); i += 2 {
			out = append(out, int(binary.BigEndian.Uint16(s[i:])))
		}
		return out
	}
	for _, c := range s {
		out = append(out, int(c))
	}
	return out
}

// A glyph is one drawn code, in device space (points, y up).
type glyph struct {
	page    int
	x0, x1  float64 // left edge and left edge plus natural advance
	y       float64 // baseline
	em      float64 // font size
	text    string  // from the font's ToUnicode
	space   float64 // the font's space advance at this size, 0 if unknown
	span    int     // index of the innermost ActualText span, -1 if none
	barrier int     // count of paths painted and list labels before it on the page
}

// A span is marked content with /ActualText.
type span struct {
	text string
}

type matrix [6]float64

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

var identity = matrix{1, 0, 0, 1, 0, 0}

type gstate struct {
	ctm                        matrix
	font                       *font
	size, tc, tw, th, tl, rise float64
}

// glyphs interprets every page's content and returns the glyphs drawn, in
// content order, and the ActualText spans they refer to.
func (d *document) glyphs() ([]glyph, []span, error) {
	pages, err := d.pages()
	if err != nil {
		return nil, nil, err
	}
	r := &pageReader{d: d, fonts: map[any]*font{}}
	for pi, p := range pages {
		r.startPage(pi, p.resources)
		for _, content := range p.contents {
			l := &lexer{B: content}
			for {
				t, err := l.Token()
				if err == errEOF {
					break
				}
				if err != nil {
					return nil, nil, fmt.Errorf("page %d: %w", pi+1, err)
				}
				if op, ok := t.(keyword); ok {
					r.do(op, l)
					r.operands = r.operands[:0]
				} else {
					r.operands = append(r.operands, t)
				}
			}
		}
	}
	return r.out, r.spans, nil
}

// pageReader runs the operators of a page's content streams that place
// glyphs, collecting the glyphs and the ActualText spans.
type pageReader struct {
	d                *document
	fonts            map[any]*font
	out              []glyph
	spans            []span
	page             int // from 0
	fontRes, propRes dict
	gs               gstate
	stack            []gstate
	tm, tlm          matrix
	marks            []int  // span index or -1 per open marked-content sequence
	labels           []bool // per open sequence: a list item's label (Lbl)
	barrier          int
	operands         []any
}

func (r *pageReader) startPage(pi int, resources dict) {
	r.page = pi
	r.fontRes = r.d.dictOf(resources["Font"])
	r.propRes = r.d.dictOf(resources["Properties"])
	r.gs = gstate{ctm: identity, th: 1}
	r.stack, r.marks, r.labels, r.operands = nil, nil, nil, nil
	r.tm, r.tlm = matrix{}, matrix{}
	r.barrier = 0
}

// show places the glyphs of the string s.
func (r *pageReader) show(s []byte) {
	gs := &r.gs
	f := gs.font
	if f == nil {
		return
	}
	sp := -1
	for i := len(r.marks) - 1; i >= 0; i-- {
		if r.marks[i] >= 0 {
			sp = r.marks[i]
			break
		}
	}
	for _, c := range f.codes(s) {
		w0 := f.width(c) / 1000
		trm := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.rise}.mul(r.tm).mul(gs.ctm)
		sx := math.Hypot(trm[0], trm[1])
		sy := math.Hypot(trm[2], trm[3])
		g := glyph{page: r.page + 1, x0: trm[4], x1: trm[4] + w0*sx, y: trm[5], em: sy,
			text: f.text(c), span: sp, barrier: r.barrier}
		if f.known {
			if w, ok := f.widths[32]; ok {
				g.space = w / 1000 * sx
			}
		}
		r.out = append(r.out, g)
		tx := w0*gs.size + gs.tc
		if !f.twoByte && c == 32 {
			tx += gs.tw
		}
		r.tm = matrix{1, 0, 0, 1, tx * gs.th, 0}.mul(r.tm)
	}
}

func (r *pageReader) num(i int) float64 {
	if i < len(r.operands) {
		if f, ok := r.operands[i].(float64); ok {
			return f
		}
	}
	return 0
}

func (r *pageReader) nextLine(tx, ty float64) {
	r.tlm = matrix{1, 0, 0, 1, tx, ty}.mul(r.tlm)
	r.tm = r.tlm
}

// do runs one operator on the operands read before it; l is where the
// content stream is read, for inline image data.
func (r *pageReader) do(op keyword, l *lexer) {
	gs, num := &r.gs, r.num
	switch op {
	case "q":
		r.stack = append(r.stack, *gs)
	case "Q":
		if n := len(r.stack); n > 0 {
			*gs, r.stack = r.stack[n-1], r.stack[:n-1]
		}
	case "cm":
		gs.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(gs.ctm)
	case "BT":
		r.tm, r.tlm = identity, identity
	case "Tf":
		r.setFont()
	case "Tc":
		gs.tc = num(0)
	case "Tw":
		gs.tw = num(0)
	case "Tz":
		gs.th = num(0) / 100
	case "TL":
		gs.tl = num(0)
	case "Ts":
		gs.rise = num(0)
	case "Td":
		r.nextLine(num(0), num(1))
	case "TD":
		gs.tl = -num(1)
		r.nextLine(num(0), num(1))
	case "Tm":
		r.tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
		r.tm = r.tlm
	case "T*":
		r.nextLine(0, -gs.tl)
	case "Tj", "'", `"`:
		if op == `"` {
			gs.tw, gs.tc = num(0), num(1)
		}
		if op != "Tj" {
			r.nextLine(0, -gs.tl)
		}
		if len(r.operands) > 0 {
			if s, ok := r.operands[len(r.operands)-1].([]byte); ok {
				r.show(s)
			}
		}
	case "TJ":
		r.showArray()
	case "ID":
		skipInlineImage(l)
		r.barrier++
	case "BMC":
		r.marks, r.labels = append(r.marks, -1), append(r.labels, false)
	case "BDC":
		r.beginMarked()
	case "EMC":
		if n := len(r.marks); n > 0 {
			if r.labels[n-1] {
				r.barrier++
			}
			r.marks, r.labels = r.marks[:n-1], r.labels[:n-1]
		}
	case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do":
		r.barrier++
	}
}

// setFont runs Tf: fonts are loaded once, by their object.
func (r *pageReader) setFont() {
	if len(r.operands) < 2 {
		return
	}
	n, ok := r.operands[0].(name)
	if !ok {
		return
	}
	fd := r.d.dictOf(r.fontRes[string(n)])
	key := any(r.fontRes[string(n)])
	if _, isRef := key.(ref); !isRef {
		key = string(n) + strconv.Itoa(r.page)
	}
	if r.fonts[key] == nil && fd != nil {
		r.fonts[key] = r.d.loadFont(fd)
	}
	r.gs.font = r.fonts[key]
	r.gs.size = r.num(1)
}

// showArray runs TJ: strings shown, numbers moving the next glyph.
func (r *pageReader) showArray() {
	if len(r.operands) == 0 {
		return
	}
	arr, _ := r.operands[0].([]any)
	for _, e := range arr {
		switch v := e.(type) {
		case []byte:
			r.show(v)
		case float64:
			r.tm = matrix{1, 0, 0, 1, -v / 1000 * r.gs.size * r.gs.th, 0}.mul(r.tm)
		}
	}
}

// beginMarked runs BDC: a sequence with an ActualText opens a span. A
// list item's label (tagged Lbl) is a line of its own, whichever is drawn
// first, it or the item's text beside it: the gap after it is the list's
// indent, not a hole in a line.
func (r *pageReader) beginMarked() {
	label := len(r.operands) > 0 && r.operands[0] == name("Lbl")
	if label {
		r.barrier++
	}
	r.labels = append(r.labels, label)
	idx := -1
	if len(r.operands) == 2 {
		props, _ := r.operands[1].(dict)
		if pn, ok := r.operands[1].(name); ok {
			props = r.d.dictOf(r.propRes[string(pn)])
		}
		if at, ok := r.d.resolve(props["ActualText"]).([]byte); ok {
			r.spans = append(r.spans, span{text: pdfsyntax.TextString(at)})
			idx = len(r.spans) - 1
		}
	}
	r.marks = append(r.marks, idx)
}

// skipInlineImage moves l past inline image data: binary, up to
// whitespace, EI, whitespace.
func skipInlineImage(l *lexer) {
	i := bytes.Index(l.B[l.Pos:], []byte("EI"))
	if i < 0 {
		return
	}
	for i >= 0 && l.Pos+i+2 < len(l.B) && !isWhite(l.B[l.Pos+i+2]) {
		j := bytes.Index(l.B[l.Pos+i+2:], []byte("EI"))
		if j < 0 {
			i = -1
			break
		}
		i += 2 + j
	}
	if i >= 0 {
		l.Pos += i + 2
	} else {
		l.Pos = len(l.B)
	}
}
