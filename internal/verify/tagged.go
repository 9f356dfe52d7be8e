package verify

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/pdfsyntax"
)

// TaggedPDF checks pdf against the machine-checkable conditions of the
// Matterhorn Protocol (PDF/UA-1) that our PDFs can break, and the outline:
//
//   - the catalog: MarkInfo Marked, a StructTreeRoot, Lang,
//     ViewerPreferences DisplayDocTitle; every page Tabs /S;
//   - every painting operator inside marked content with an MCID or an
//     Artifact (01-004, 01-005), and each MCID filed in the ParentTree
//     under its page, for an element whose K names it (01-?, 06-?);
//   - every font embedded with a ToUnicode entry for every code shown
//     (31-001, 31-009, 31-027);
//   - link annotations in a Link element through an OBJR, with Contents
//     (28-011, 28-008);
//   - elements: Figure with Alt (13-004), headings from H1 with no level
//     skipped (14-002, 14-003), TR/TH/TD, L/LI/Lbl/LBody and TOC/TOCI
//     nesting (09-004 to 09-008), each element's P its parent;
//   - the XMP metadata naming the standards claims (claims, e.g.
//     "PDF/UA-1"), dc:title for PDF/UA (06-002, 06-003), an output
//     intent for PDF/A;
//   - the outline, walked from /First, reaching every item once, its
//     /Parent, /Prev and /Count consistent.
//
// It reads the file through qpdf's JSON, after qpdf --check finds neither
// error nor warning.
func TaggedPDF(t testing.TB, pdf []byte, claims []string) {
	t.Helper()
	path := tempFile(t, "doc.pdf", pdf)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	c, err := loadPDF(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.check(claims) {
		t.Error("tagged PDF: " + e)
	}
}

type pdfFile struct {
	objs    map[string]any // "n 0 R" to a value, or a *stream
	trailer map[string]any
	errs    []string
}

type stream struct {
	dict map[string]any
	data []byte
}

func loadPDF(path string) (*pdfFile, error) {
	out, err := exec.Command("qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", "--json-key=qpdf", path).Output()
	if err != nil {
		return nil, fmt.Errorf("qpdf --json: %v", err)
	}
	var doc struct {
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.QPDF) < 2 {
		return nil, fmt.Errorf("qpdf --json: %v", err)
	}
	var objs map[string]struct {
		Value  any `json:"value"`
		Stream *struct {
			Dict map[string]any `json:"dict"`
			Data string         `json:"data"`
		} `json:"stream"`
	}
	if err := json.Unmarshal(doc.QPDF[1], &objs); err != nil {
		return nil, err
	}
	f := &pdfFile{objs: map[string]any{}}
	for k, o := range objs {
		if k == "trailer" {
			f.trailer, _ = o.Value.(map[string]any)
			continue
		}
		k = strings.TrimPrefix(k, "obj:")
		if o.Stream != nil {
			data, _ := base64.StdEncoding.DecodeString(o.Stream.Data)
			f.objs[k] = &stream{o.Stream.Dict, data}
			continue
		}
		f.objs[k] = o.Value
	}
	return f, nil
}

var refRE = regexp.MustCompile(`^\d+ \d+ R$`)

// get follows a reference.
func (f *pdfFile) get(v any) any {
	if s, ok := v.(string); ok && refRE.MatchString(s) {
		return f.objs[s]
	}
	return v
}

func (f *pdfFile) dict(v any) map[string]any {
	switch x := f.get(v).(type) {
	case map[string]any:
		return x
	case *stream:
		return x.dict
	}
	return nil
}

func (f *pdfFile) array(v any) []any {
	a, _ := f.get(v).([]any)
	return a
}

func (f *pdfFile) errorf(format string, args ...any) {
	if len(f.errs) < 20 {
		f.errs = append(f.errs, fmt.Sprintf(format, args...))
	}
}

// text is a qpdf JSON string's text.
func text(v any) string {
	s, _ := v.(string)
	if t, ok := strings.CutPrefix(s, "u:"); ok {
		return t
	}
	if h, ok := strings.CutPrefix(s, "b:"); ok {
		b, _ := hex.DecodeString(h)
		return string(b)
	}
	return ""
}

func (f *pdfFile) check(claims []string) []string {
	root := f.dict(f.trailer["/Root"])
	if root == nil {
		return []string{"no catalog"}
	}
	if mi := f.dict(root["/MarkInfo"]); mi == nil || mi["/Marked"] != true {
		f.errorf("catalog: MarkInfo /Marked is not true")
	}
	if text(root["/Lang"]) == "" {
		f.errorf("catalog: no /Lang")
	}
	if vp := f.dict(root["/ViewerPreferences"]); vp == nil || vp["/DisplayDocTitle"] != true {
		f.errorf("catalog: ViewerPreferences /DisplayDocTitle is not true")
	}
	str := f.dict(root["/StructTreeRoot"])
	if str == nil {
		f.errorf("catalog: no StructTreeRoot")
		return f.errs
	}
	parents := f.parentTree(str["/ParentTree"])
	f.checkPages(root, parents)
	f.checkElements(str, claims)
	f.checkMetadata(root, claims)
	f.checkOutline(root)
	return f.errs
}

// parentTree reads a flat number tree (Nums, no Kids).
func (f *pdfFile) parentTree(v any) map[int]any {
	out := map[int]any{}
	var walk func(n map[string]any, depth int)
	walk = func(n map[string]any, depth int) {
		nums := f.array(n["/Nums"])
		for i := 0; i+1 < len(nums); i += 2 {
			k, _ := nums[i].(float64)
			out[int(k)] = nums[i+1]
		}
		for _, k := range f.array(n["/Kids"]) {
			if depth < 16 {
				walk(f.dict(k), depth+1)
			}
		}
	}
	if n := f.dict(v); n != nil {
		walk(n, 0)
	} else {
		f.errorf("StructTreeRoot: no ParentTree")
	}
	return out
}

func (f *pdfFile) pages(root map[string]any) []string {
	var out []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		n := f.dict(v)
		if n == nil || depth > 32 {
			return
		}
		if n["/Type"] == "/Page" {
			s, _ := v.(string)
			out = append(out, s)
			return
		}
		for _, k := range f.array(n["/Kids"]) {
			walk(k, depth+1)
		}
	}
	walk(root["/Pages"], 0)
	return out
}

func (f *pdfFile) checkPages(root map[string]any, parents map[int]any) {
	for i, ref := range f.pages(root) {
		pg := f.dict(ref)
		if pg["/Tabs"] != "/S" {
			f.errorf("page %d: /Tabs is not /S", i+1)
		}
		sp, ok := pg["/StructParents"].(float64)
		if !ok {
			f.errorf("page %d: no /StructParents", i+1)
		}
		fonts := f.fonts(pg)
		content := f.contentOf(pg)
		mcids := f.content(i+1, content, fonts)
		arr := f.array(parents[int(sp)])
		if len(arr) != mcids {
			f.errorf("page %d: %d MCIDs in the content, %d in the ParentTree", i+1, mcids, len(arr))
		}
		for k, e := range arr {
			if !f.names(e, ref, k) {
				f.errorf("page %d: MCID %d's element does not name it in /K", i+1, k)
			}
		}
		for _, a := range f.array(pg["/Annots"]) {
			f.checkAnnot(i+1, a, parents)
		}
	}
}

// names reports whether element e's K holds MCID mcid of page pg.
func (f *pdfFile) names(e any, pg string, mcid int) bool {
	d := f.dict(e)
	if d == nil {
		return false
	}
	kids := f.array(d["/K"])
	if kids == nil {
		kids = []any{d["/K"]}
	}
	for _, k := range kids {
		switch x := f.get(k).(type) {
		case float64:
			if int(x) == mcid && d["/Pg"] == pg {
				return true
			}
		case map[string]any:
			if x["/Type"] == "/MCR" && x["/MCID"] == float64(mcid) && (x["/Pg"] == pg || x["/Pg"] == nil && d["/Pg"] == pg) {
				return true
			}
		}
	}
	return false
}

func (f *pdfFile) checkAnnot(page int, a any, parents map[int]any) {
	d := f.dict(a)
	if d["/Subtype"] != "/Link" {
		return
	}
	if text(d["/Contents"]) == "" {
		f.errorf("page %d: link %v without /Contents", page, a)
	}
	k, ok := d["/StructParent"].(float64)
	if !ok {
		f.errorf("page %d: link %v without /StructParent", page, a)
		return
	}
	e := f.dict(parents[int(k)])
	if e == nil || e["/S"] != "/Link" {
		f.errorf("page %d: link %v is not in a Link element", page, a)
		return
	}
	for _, kid := range f.array(e["/K"]) {
		if o := f.dict(kid); o != nil && o["/Type"] == "/OBJR" && o["/Obj"] == a {
			return
		}
	}
	f.errorf("page %d: link %v: its Link element has no OBJR to it", page, a)
}

// pdfFont is what the checker needs of a font: whether it is embedded,
// and the codes its ToUnicode maps.
type pdfFont struct {
	name     string
	embedded bool
	toUni    map[int]string // each code's ToUnicode text
	twoByte  bool
}

func (f *pdfFile) fonts(pg map[string]any) map[string]*pdfFont {
	out := map[string]*pdfFont{}
	res := f.dict(pg["/Resources"])
	for name, ref := range f.dict(res["/Font"]) {
		fd := f.dict(ref)
		ft := &pdfFont{name: name, toUni: map[int]string{}, twoByte: fd["/Subtype"] == "/Type0"}
		desc := fd
		if ft.twoByte {
			if ds := f.array(fd["/DescendantFonts"]); len(ds) > 0 {
				desc = f.dict(ds[0])
			}
		}
		if fdesc := f.dict(desc["/FontDescriptor"]); fdesc != nil {
			ft.embedded = fdesc["/FontFile2"] != nil || fdesc["/FontFile"] != nil || fdesc["/FontFile3"] != nil
		}
		if tu, ok := f.get(fd["/ToUnicode"]).(*stream); ok {
			ft.toUni = pdfsyntax.ToUnicode(tu.data)
		}
		out[name] = ft
	}
	return out
}

var painting = map[string]bool{"Tj": true, "TJ": true, "'": true, "\"": true, "Do": true, "S": true, "s": true,
	"f": true, "F": true, "f*": true, "B": true, "B*": true, "b": true, "b*": true, "sh": true}

// content walks a page's content stream and returns how many MCIDs it
// has, checking they run 0, 1, … and that everything painted is marked.
func (f *pdfFile) content(page int, data []byte, fonts map[string]*pdfFont) int {
	var stack []contentMark
	var ops []any
	mcids := 0
	var font *pdfFont
	l := &pdfsyntax.Lexer{B: data}
	for {
		tok, err := l.Token()
		if err != nil {
			if err != pdfsyntax.ErrEOF {
				f.errorf("page %d: content: %v", page, err)
			}
			break
		}
		op, isOp := tok.(pdfsyntax.Keyword)
		if !isOp {
			ops = append(ops, tok)
			continue
		}
		switch string(op) {
		case "BDC", "BMC":
			m := markOf(ops)
			if m.mcid >= 0 {
				if m.mcid != mcids {
					f.errorf("page %d: MCID %d where %d was next", page, m.mcid, mcids)
				}
				mcids++
			}
			stack = append(stack, m)
		case "EMC":
			if len(stack) == 0 {
				f.errorf("page %d: EMC without BDC", page)
			} else {
				stack = stack[:len(stack)-1]
			}
		case "Tf":
			if len(ops) > 0 {
				n, _ := ops[0].(pdfsyntax.Name)
				font = fonts["/"+string(n)]
				if font == nil {
					f.errorf("page %d: font %s not in the resources", page, n)
				} else if !font.embedded {
					f.errorf("page %d: font %s not embedded", page, n)
				}
			}
		}
		if painting[string(op)] {
			marked := false
			for _, m := range stack {
				marked = marked || m.artifact || m.mcid >= 0
			}
			if !marked {
				f.errorf("page %d: %s outside marked content and artifacts", page, op)
			}
		}
		if font != nil && len(ops) > 0 {
			f.showOp(page, font, string(op), ops[0])
		}
		ops = ops[:0]
	}
	if len(stack) != 0 {
		f.errorf("page %d: %d BDC left open", page, len(stack))
	}
	return mcids
}

// contentMark is a marked-content sequence open in a content stream.
type contentMark struct {
	artifact bool
	mcid     int // -1 for none
}

// markOf reads the operands of a BDC or BMC.
func markOf(ops []any) contentMark {
	m := contentMark{mcid: -1}
	if len(ops) > 0 {
		m.artifact = ops[0] == pdfsyntax.Name("Artifact")
	}
	for _, o := range ops {
		if d, ok := o.(pdfsyntax.Dict); ok {
			if n, ok := d["MCID"].(float64); ok {
				m.mcid = int(n)
			}
		}
	}
	return m
}

// showOp checks the codes a Tj or TJ shows in font, its first operand
// arg; other operators show nothing.
func (f *pdfFile) showOp(page int, font *pdfFont, op string, arg any) {
	switch op {
	case "Tj":
		s, _ := arg.([]byte)
		f.shown(page, font, s)
	case "TJ":
		arr, _ := arg.([]any)
		for _, e := range arr {
			if s, ok := e.([]byte); ok {
				f.shown(page, font, s)
			}
		}
	}
}

func (f *pdfFile) shown(page int, ft *pdfFont, s []byte) {
	for c := range ft.codes(s) {
		if ft.toUni[c] == "" {
			f.errorf("page %d: font %s: code %04X has no ToUnicode entry", page, ft.name, c)
			return
		}
	}
}

// codes yields the codes of the string s shows in the font: one byte
// each, or two in a Type0 font.
func (ft *pdfFont) codes(s []byte) iter.Seq[int] {
	return func(yield func(int) bool) {
		step := 1
		if ft.twoByte {
			step = 2
		}
		for i := 0; i+step <= len(s); i += step {
			c := int(s[i])
			if step == 2 {
				c = c<<8 | int(s[i+1])
			}
			if !yield(c) {
				return
			}
		}
	}
}

// allowedKids are the only elements some may hold (ISO 32000-1, 14.8.4):
// a row holds cells, a list its items, a table's groups their rows.
var allowedKids = map[string][]string{
	"TR": {"TH", "TD"}, "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"},
	"L": {"LI", "Caption", "L"}, "LI": {"Lbl", "LBody"},
}

var allowedParents = map[string][]string{
	"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
	"LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"}, "TOCI": {"TOC"},
}

func (f *pdfFile) checkElements(str map[string]any, claims []string) {
	level := 0
	seen := map[string]bool{}
	var walk func(ref any, parent any, prole string, depth int)
	walk = func(ref any, parent any, prole string, depth int) {
		s, _ := ref.(string)
		if seen[s] || depth > 64 {
			f.errorf("structure: %v reached twice or too deep", ref)
			return
		}
		seen[s] = true
		e := f.dict(ref)
		role := strings.TrimPrefix(fmt.Sprint(e["/S"]), "/")
		if e["/P"] != parent {
			f.errorf("structure: %s %v: /P %v, want %v", role, ref, e["/P"], parent)
		}
		if ps, ok := allowedParents[role]; ok && !slices.Contains(ps, prole) {
			f.errorf("structure: %s inside %s", role, prole)
		}
		if ks, ok := allowedKids[prole]; ok && !slices.Contains(ks, role) {
			f.errorf("structure: %s inside %s", role, prole)
		}
		if role == "Figure" && text(e["/Alt"]) == "" && slices.Contains(claims, "PDF/UA-1") {
			f.errorf("structure: Figure %v without /Alt", ref)
		}
		if len(role) == 2 && role[0] == 'H' && role[1] >= '1' && role[1] <= '6' {
			n := int(role[1] - '0')
			if n > level+1 {
				f.errorf("structure: %s after H%d (a level skipped)", role, level)
			}
			level = n
		}
		kids := f.array(e["/K"])
		if kids == nil && e["/K"] != nil {
			kids = []any{e["/K"]}
		}
		for _, k := range kids {
			if d := f.dict(k); d != nil && d["/Type"] == "/StructElem" {
				walk(k, ref, role, depth+1)
			}
		}
	}
	kids := f.array(str["/K"])
	if kids == nil && str["/K"] != nil {
		kids = []any{str["/K"]}
	}
	var self any
	for k, v := range f.objs {
		if d, ok := v.(map[string]any); ok && d["/Type"] == "/StructTreeRoot" {
			self = k
		}
	}
	for _, k := range kids {
		walk(k, self, "", 0)
	}
}

func (f *pdfFile) checkMetadata(root map[string]any, claims []string) {
	m, _ := f.get(root["/Metadata"]).(*stream)
	if m == nil {
		if len(claims) > 0 {
			f.errorf("catalog: no /Metadata, yet %v claimed", claims)
		}
		return
	}
	xmp := string(m.data)
	ua := xmpProperty(xmp, "pdfuaid:part", "1")
	a2 := xmpProperty(xmp, "pdfaid:part", "2")
	if ua != slices.Contains(claims, "PDF/UA-1") || a2 != slices.Contains(claims, "PDF/A-2") {
		f.errorf("XMP claims PDF/UA-1 %v, PDF/A-2 %v; want %v", ua, a2, claims)
	}
	if ua && !strings.Contains(xmp, "<dc:title>") {
		f.errorf("XMP: PDF/UA-1 without dc:title")
	}
	if a2 && len(f.array(root["/OutputIntents"])) == 0 {
		f.errorf("catalog: PDF/A-2 without an output intent")
	}
}

// xmpProperty reports whether the XMP packet xmp gives the simple
// property name (prefix:local, the prefix the packet binds) the value
// val, as an element or as an attribute of its description (RDF's
// shorthand).
func xmpProperty(xmp, name, val string) bool {
	return strings.Contains(xmp, "<"+name+">"+val+"</"+name+">") ||
		regexp.MustCompile(`<rdf:Description\s[^>]*\s`+regexp.QuoteMeta(name)+`\s*=\s*("`+regexp.QuoteMeta(val)+`"|'`+regexp.QuoteMeta(val)+`')`).MatchString(xmp)
}

// checkOutline walks the outline from /First: every item reached once,
// with consistent /Parent, /Prev and /Count, and no outline item left out.
func (f *pdfFile) checkOutline(root map[string]any) {
	top := root["/Outlines"]
	reached := map[string]bool{}
	var walk func(parent any, depth int) int
	walk = func(parent any, depth int) int {
		p := f.dict(parent)
		n := 0
		var prev any
		for it := p["/First"]; it != nil; it = f.dict(it)["/Next"] {
			s, _ := it.(string)
			if reached[s] || depth > 32 {
				f.errorf("outline: %v reached twice", it)
				return n
			}
			reached[s] = true
			d := f.dict(it)
			if d["/Parent"] != parent {
				f.errorf("outline: %v: /Parent %v, want %v", it, d["/Parent"], parent)
			}
			if d["/Prev"] != prev {
				f.errorf("outline: %v: /Prev %v, want %v", it, d["/Prev"], prev)
			}
			prev = it
			kids := walk(it, depth+1)
			if c, _ := d["/Count"].(float64); kids > 0 && int(c) != kids {
				f.errorf("outline: %v: /Count %v, want %d", it, d["/Count"], kids)
			}
			n += 1 + kids
		}
		if prev != p["/Last"] {
			f.errorf("outline: %v: /Last %v, want %v", parent, p["/Last"], prev)
		}
		return n
	}
	if top != nil {
		walk(top, 0)
	}
	for k, v := range f.objs {
		if d, ok := v.(map[string]any); ok && d["/Title"] != nil && d["/Parent"] != nil && !reached[k] {
			f.errorf("outline: item %s not reached from /First", k)
		}
	}
}

// contentOf returns a page's content: its one stream, or its streams
// joined.
func (f *pdfFile) contentOf(pg map[string]any) []byte {
	var content []byte
	if cs, ok := f.get(pg["/Contents"]).(*stream); ok {
		content = cs.data
	}
	for _, c := range f.array(pg["/Contents"]) {
		if cs, ok := f.get(c).(*stream); ok {
			content = append(content, cs.data...)
		}
	}
	return content
}
