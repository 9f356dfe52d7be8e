package pdf

import (
	"fmt"
	"hash/fnv"
	"strconv"

	"github.com/bookify/article2book/internal/pdfwrite"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/pkg/render/face"
)

// A pdfFont is one face as the PDF draws it: a Type0 font of the glyphs
// drawn, numbered (as CIDs, and as glyph IDs of the embedded subset) in
// the order they were first drawn, so that content streams can go out
// page by page, and the subset's glyphs with them: its glyf table, most
// of a PDF's bytes, is compressed while the book is drawn, the tables
// that index it at the end.
type pdfFont struct {
	id   face.ID
	ref  pdfwrite.Ref
	name string // resource name, /F0 …
	cids map[cidKey]uint16
	// byGlyph holds, for a glyph of the face drawn as it is, the CID of
	// the first text it stood for: most glyphs stand for one, and a key
	// of one integer hashes faster than one with a string (a book's
	// thousands of Han characters miss recent)
	byGlyph map[uint64]uint16
	// recent holds the CIDs last found, by glyph
	recent [512]recentCID
	// slots and text are indexed by CID-1: the glyph each CID draws and
	// the source text its ToUnicode entry gives.
	slots []slotKey
	text  []string
	// glyphs makes the subset as CIDs are numbered, its glyf table
	// compressed in glyf; err is its error, reported by write
	glyphs *ttf.GlyphStream
	glyf   *pdfwrite.Tail
	err    error
	// hidden holds the CIDs of glyphs the subset took in for others (a
	// composite's components, a shifted quote's original), which no text
	// has drawn yet: the first to draw one takes it
	hidden map[uint16]bool
}

// slotKey is a glyph of the face as drawn: shift and adv are set for a
// glyph made for the subset (a proportional quote in a full em), in font
// units.
type slotKey struct {
	gid        uint16
	shift, adv int16
	// missing is the character no face has, drawn as .notdef under a
	// CID of its own, so that ToUnicode still says what it is
	missing rune
}

// cidKey is a glyph as drawn and the text it stands for: a glyph drawn
// for two texts (one glyph for two code points, say) gets a CID for each,
// so that ToUnicode says either.
type cidKey struct {
	slotKey
	text string
}

// fontSet holds the document's fonts by face.
type fontSet struct {
	w     *pdfwrite.Writer
	fonts [face.NumFaces]*pdfFont
	order []*pdfFont // in first use, for resources
}

func (fs *fontSet) font(id face.ID) *pdfFont {
	if f := fs.fonts[id]; f != nil {
		return f
	}
	// The font's object is numbered when it is written: numbering can
	// begin on another goroutine than the pages' (see numberAhead).
	f := &pdfFont{id: id, name: "F" + strconv.Itoa(len(fs.order)), cids: map[cidKey]uint16{}, byGlyph: map[uint64]uint16{}}
	if m, err := face.Open(id); err == nil { // else write reports it
		f.glyf = fs.w.NewTail(glyfLevel)
		f.glyphs, f.err = m.TTF().NewGlyphStream(f.glyf)
	}
	fs.fonts[id] = f
	fs.order = append(fs.order, f)
	return f
}

// glyfLevel is the compression of a subset's glyf table, most of a
// Chinese PDF's bytes and, at level 7, 43 % of the sample's conversion
// time. On the sample's glyf (in glyph order), level 5 takes about 0.6
// of level 7's time for 1.9 % more bytes; numbering the ideographs in
// glyph order (planGlyphs) wins back most of that. The 19 Chinese
// fixture pages' median PDF went from 78,745 to 78,918 bytes (XeLaTeX's
// 79,261), the sample's from 128,090 to 128,436.
const glyfLevel = 5

// cid returns the CID that draws k, standing for text, numbering it on
// first use; ToUnicode maps it to text.
func (f *pdfFont) cid(k slotKey, text string) uint16 {
	key := cidKey{k, text}
	recent := &f.recent[k.gid%uint16(len(f.recent))]
	if recent.cid != 0 && recent.key == key {
		return recent.cid
	}
	g, plain := k.plain()
	if c, ok := f.byGlyph[g]; ok && plain {
		if f.hidden[c] { // taken in for another glyph: this text's now
			delete(f.hidden, c)
			f.text[c-1], f.cids[key] = text, c
		}
		if f.text[c-1] == text {
			*recent = recentCID{key, c}
			return c
		}
	}
	if c, ok := f.cids[key]; ok {
		*recent = recentCID{key, c}
		return c
	}
	if len(f.slots) >= 0xFFFE {
		return 0
	}
	f.slots = append(f.slots, k)
	f.text = append(f.text, text)
	c := uint16(len(f.slots))
	f.cids[key] = c
	if _, ok := f.byGlyph[g]; plain && !ok {
		f.byGlyph[g] = c
	}
	*recent = recentCID{key, c}
	f.addGlyph(k)
	return c
}

// addGlyph adds k, just given the last CID, to the subset, and a hidden
// CID for each glyph the subset takes in for it.
func (f *pdfFont) addGlyph(k slotKey) {
	if f.glyphs == nil || f.err != nil {
		return
	}
	if _, f.err = f.glyphs.Add(ttf.Slot{Glyph: k.gid, Shift: int(k.shift), Advance: int(k.adv)}); f.err != nil {
		return
	}
	for len(f.slots) < f.glyphs.Len()-1 {
		g := f.glyphs.Slot(uint16(len(f.slots) + 1)).Glyph
		f.slots = append(f.slots, slotKey{gid: g})
		f.text = append(f.text, "")
		c := uint16(len(f.slots))
		if f.hidden == nil {
			f.hidden = map[uint16]bool{}
		}
		f.hidden[c] = true
		f.byGlyph[uint64(g)] = c
	}
}

// plain returns k as one integer, and whether that says all of k: it
// does but for a missing character.
func (k slotKey) plain() (uint64, bool) {
	return uint64(k.gid) | uint64(uint16(k.shift))<<16 | uint64(uint16(k.adv))<<32, k.missing == 0
}

// recentCID is a CID looked up lately: a book draws the same characters
// over and over, and comparing a key costs less than hashing its text.
type recentCID struct {
	key cidKey
	cid uint16
}

// write writes the font's dictionaries, subset and maps.
func (f *pdfFont) write(w *pdfwrite.Writer) error {
	f.ref = w.Alloc()
	m, err := face.Open(f.id)
	if err != nil {
		return err
	}
	if f.err != nil {
		return fmt.Errorf("subsetting %s: %w", face.Family(f.id), f.err)
	}
	head, size, err := f.glyphs.Finish()
	if err != nil {
		return fmt.Errorf("subsetting %s: %w", face.Family(f.id), err)
	}
	base := subsetTag(face.Family(f.id), f.slots) + "+" + face.Family(f.id)
	cidRef, descRef, fileRef, toUniRef := w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc()
	b := []byte("<</Type/Font/Subtype/Type0/BaseFont")
	b = pdfwrite.AppendName(b, base)
	b = append(b, "/Encoding/Identity-H/DescendantFonts["...)
	b = pdfwrite.AppendRef(b, cidRef)
	b = append(b, "]/ToUnicode"...)
	b = pdfwrite.AppendRef(b, toUniRef)
	w.Object(f.ref, append(b, ">>"...))

	b = []byte("<</Type/Font/Subtype/CIDFontType2/BaseFont")
	b = pdfwrite.AppendName(b, base)
	b = append(b, "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor"...)
	b = pdfwrite.AppendRef(b, descRef)
	dw, widths := f.widths(m)
	b = append(b, "/DW "...)
	b = strconv.AppendInt(b, int64(dw), 10)
	b = append(b, "/W"...)
	b = append(b, widths...)
	b = append(b, "/CIDToGIDMap/Identity>>"...)
	w.Object(cidRef, b)

	w.Object(descRef, fontDescriptor(m, f.id, base, fileRef))
	// written at the end, by when the workers are done; abort stops them
	// should the PDF fail before
	w.StreamTail(fileRef, fmt.Appendf(nil, "/Length1 %d", size), head, f.glyf)
	w.Stream(toUniRef, nil, f.toUnicode(), true)
	return nil
}

// abort stops the compression of the subsets' glyf tables, when the
// PDF failed or was stopped before they were written (else it does
// nothing).
func (fs *fontSet) abort() {
	for _, f := range fs.order {
		if f.glyf != nil {
			f.glyf.Abort()
		}
	}
}

// widths returns the default width and the compact /W array of the
// font's CIDs, in 1/1000 em as layout measured them: runs of equal
// widths as "first last w", the rest as "first [w w …]".
func (f *pdfFont) widths(m *face.Font) (int, []byte) {
	ws := make([]int, len(f.slots)+1)
	count := map[int]int{}
	for i, k := range f.slots {
		if f.hidden[uint16(i+1)] {
			ws[i+1] = -1 // drawn by no text: the default, below
			continue
		}
		w := slotWidth(m, k)
		ws[i+1] = w
		count[w]++
	}
	ws[0] = m.GlyphWidth(0)
	dw, best := 1000, 0
	for w, n := range count {
		if n > best || n == best && w < dw {
			dw, best = w, n
		}
	}
	for i, w := range ws {
		if w < 0 {
			ws[i] = dw
		}
	}
	b := []byte{'['}
	for i := 0; i < len(ws); {
		if ws[i] == dw {
			i++
			continue
		}
		j := i + 1
		for j < len(ws) && ws[j] == ws[i] {
			j++
		}
		if j-i >= 3 {
			b = fmt.Appendf(b, "%d %d %d ", i, j-1, ws[i])
			i = j
			continue
		}
		// a list up to the next run of three or of the default
		j = i
		for j < len(ws) && ws[j] != dw && !(j+2 < len(ws) && ws[j] == ws[j+1] && ws[j] == ws[j+2]) {
			j++
		}
		if j == i {
			j = i + 1
		}
		b = fmt.Appendf(b, "%d[", i)
		for k := i; k < j; k++ {
			if k > i {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(ws[k]), 10)
		}
		b = append(b, "] "...)
		i = j
	}
	if b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return dw, append(b, ']')
}

// slotWidth is the width /W gives the CID of k, in 1/1000 em.
func slotWidth(m *face.Font, k slotKey) int {
	if k.adv != 0 {
		return int(float64(k.adv)*1000/float64(m.UnitsPerEm()) + 0.5)
	}
	return m.GlyphWidth(k.gid)
}

// toUnicode returns the ToUnicode CMap: every CID to the text it was
// first drawn for. CIDs are numbered as first drawn, so neighbours seldom
// stand for neighbouring text; a range of CIDs maps to an array of their
// texts (PDF 32000-1, 9.10.3), which spares writing each CID again: on a
// Chinese news page of 300 glyphs, 1.7 KB compressed against 1 KB. A range
// keeps to one high byte, as the CMap format asks, and at most 100 go in
// a block.
func (f *pdfFont) toUnicode() []byte {
	b := []byte("/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n" +
		"/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
	var ranges [][2]int // CIDs lo..hi, each with text
	for i, t := range f.text {
		c := i + 1
		if t == "" {
			continue
		}
		if n := len(ranges); n > 0 && ranges[n-1][1] == c-1 && (c-1)>>8 == c>>8 {
			ranges[n-1][1] = c
			continue
		}
		ranges = append(ranges, [2]int{c, c})
	}
	for len(ranges) > 0 {
		n := min(100, len(ranges))
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfrange\n"...)
		for _, r := range ranges[:n] {
			b = append(b, '<')
			b = pdfwrite.AppendHex16(b, uint16(r[0]))
			b = append(b, "><"...)
			b = pdfwrite.AppendHex16(b, uint16(r[1]))
			b = append(b, ">["...)
			for c := r[0]; c <= r[1]; c++ {
				b = append(b, '<')
				b = pdfwrite.AppendUTF16(b, f.text[c-1])
				b = append(b, '>')
			}
			b = append(b, "]\n"...)
		}
		b = append(b, "endbfrange\n"...)
		ranges = ranges[n:]
	}
	return append(b, "endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n"...)
}

// subsetTag is the six capital letters before a subset's name (PDF
// 32000-1, 9.6.4), from the glyphs it holds: the same subset gets the same
// tag, different ones (almost always) different tags.
func subsetTag(name string, slots []slotKey) string {
	h := fnv.New64a()
	h.Write([]byte(name))
	for _, k := range slots {
		h.Write([]byte{byte(k.gid >> 8), byte(k.gid), byte(k.shift), byte(k.adv)})
	}
	v := h.Sum64()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + v%26)
		v /= 26
	}
	return string(tag)
}

// fontDescriptor returns the font descriptor of m, its metrics scaled to
// 1/1000 em.
func fontDescriptor(m *face.Font, id face.ID, base string, file pdfwrite.Ref) []byte {
	t := m.TTF()
	scale := 1000 / float64(m.UnitsPerEm())
	head, hhea, os2 := t.Table("head"), t.Table("hhea"), t.Table("OS/2")
	s16 := func(b []byte, at int) int {
		if at+2 > len(b) {
			return 0
		}
		return int(float64(int16(uint16(b[at])<<8|uint16(b[at+1]))) * scale)
	}
	ascent, descent := s16(hhea, 4), s16(hhea, 6)
	capH := ascent
	if len(os2) >= 90 {
		capH = s16(os2, 88)
	}
	flags := 4 // symbolic: glyphs outside the standard Latin set
	if id == face.Mono {
		flags |= 1 // fixed pitch
	}
	b := []byte("<</Type/FontDescriptor/FontName")
	b = pdfwrite.AppendName(b, base)
	b = fmt.Appendf(b, "/Flags %d/FontBBox[%d %d %d %d]/ItalicAngle 0/Ascent %d/Descent %d/CapHeight %d/StemV 80/FontFile2",
		flags, s16(head, 36), s16(head, 38), s16(head, 40), s16(head, 42), ascent, descent, capH)
	b = pdfwrite.AppendRef(b, file)
	return append(b, ">>"...)
}
