package ttf

import (
	"errors"
	"sync"
	"sync/atomic"
	"unicode/utf16"
)

// Pixels describes a font whose glyphs are square 1-bit bitmaps of the
// em box, drawn as outlines of their pixels.
type Pixels struct {
	Family string
	Size   int // pixels per side of the em box
	Unit   int // font units per pixel: the em is Size*Unit units
	Top    int // height of the em box's top above the baseline, font units
	// Notice is the font's copyright notice (name ID 0), which PDF
	// subsets keep: where the glyphs come from and how they were changed.
	Notice string
}

// PixelFont returns a TrueType font drawing runes[i] with bitmap(i): Size
// rows top to bottom, each ceil(Size/8) bytes with the leftmost pixel in
// the high bit. Each glyph is a full em wide, its ink the outline of its
// set pixels: one contour around each run of touching pixels and one
// around each hole, so that no seams show between pixels at any
// resolution. runes must be ascending. Outlines are traced when a glyph
// is first asked for (Glyph, and the subsets, which go through it), as a
// document draws a few of the tens of thousands; bitmap must keep
// returning the same bitmaps.
func PixelFont(p Pixels, runes []rune, bitmap func(i int) []byte) (*Font, error) {
	if p.Size <= 0 || p.Size > 255 || p.Unit <= 0 || p.Size*p.Unit > 16384 || len(runes)+1 > 0xFFFF {
		return nil, errors.New("ttf: pixel font out of bounds")
	}
	cmap, err := pixelCmap(runes)
	if err != nil {
		return nil, err
	}
	name, err := pixelName(p)
	if err != nil {
		return nil, err
	}
	numGlyphs := len(runes) + 1
	f := &Font{
		version:   0x00010000,
		numGlyphs: numGlyphs,
		longLoca:  true,
		hhea:      pixelHhea(p),
		hmtx:      pixelHmtx(p, len(runes), bitmap),
		lazy:      make([]atomic.Pointer[[]byte], numGlyphs),
	}
	for _, t := range []table{{"head", pixelHead(p)}, {"hhea", f.hhea}, {"hmtx", f.hmtx}, {"maxp", pixelMaxp(p, numGlyphs)},
		{"OS/2", pixelOS2(p, runes)}, {"cmap", cmap}, {"name", name}, {"post", post3(nil)}} {
		f.tables = append(f.tables, t)
	}
	// glyph 0, .notdef: an empty box
	em, descent := p.Size*p.Unit, p.Top-p.Size*p.Unit
	notdef := appendSimple(nil, [][]pt{
		{{0, descent}, {0, p.Top}, {em, p.Top}, {em, descent}},
		{{p.Unit, descent + p.Unit}, {em - p.Unit, descent + p.Unit}, {em - p.Unit, p.Top - p.Unit}, {p.Unit, p.Top - p.Unit}},
	})
	f.lazy[0].Store(&notdef)
	f.trace = func(g int) []byte {
		tr := tracers.Get().(*tracer)
		defer tracers.Put(tr)
		return appendSimple(nil, tr.trace(bitmap(g-1), p))
	}
	return f, nil
}

func s16(b []byte, v int) []byte { return be.AppendUint16(b, uint16(int16(v))) }
func u16(b []byte, v int) []byte { return be.AppendUint16(b, uint16(v)) }

// pixelCmap maps runes[i] to glyph i+1.
func pixelCmap(runes []rune) ([]byte, error) {
	maps := make([]Mapping, len(runes))
	for i, r := range runes {
		if i > 0 && r <= runes[i-1] {
			return nil, errors.New("ttf: pixel font characters out of order")
		}
		maps[i] = Mapping{Rune: r, Glyph: uint16(i + 1)}
	}
	return buildCmap(maps)
}

// pixelName is the name table: the family, and the notice.
func pixelName(p Pixels) ([]byte, error) {
	var notice []byte
	for _, c := range utf16.Encode([]rune(p.Notice)) {
		notice = be.AppendUint16(notice, c)
	}
	// one record, Windows Unicode English, for the notice
	name := []byte{0, 0, 0, 1, 0, 18, 0, 3, 0, 1, 0x04, 0x09, 0, 0}
	name = be.AppendUint16(name, uint16(len(notice)))
	name = append(be.AppendUint16(name, 0), notice...)
	return rename(name, p.Family)
}

func pixelHead(p Pixels) []byte {
	em := p.Size * p.Unit
	head := be.AppendUint32(nil, 0x00010000)
	head = be.AppendUint32(head, 0x00010000) // fontRevision
	head = be.AppendUint32(head, 0)          // checkSumAdjustment
	head = be.AppendUint32(head, 0x5F0F3CF5)
	head = u16(head, 0x000B)
	head = u16(head, em)
	head = append(head, make([]byte, 16)...) // created, modified: none, so that the font is the same every time
	for _, v := range []int{0, p.Top - em, em, p.Top} {
		head = s16(head, v)
	}
	head = u16(head, 0) // macStyle
	head = u16(head, 8) // lowestRecPPEM
	head = s16(head, 2) // fontDirectionHint
	head = s16(head, 1) // indexToLocFormat: long
	return s16(head, 0) // glyphDataFormat
}

func pixelHhea(p Pixels) []byte {
	em := p.Size * p.Unit
	hhea := be.AppendUint32(nil, 0x00010000)
	hhea = s16(hhea, p.Top)
	hhea = s16(hhea, p.Top-em)
	hhea = s16(hhea, 0)  // lineGap
	hhea = u16(hhea, em) // advanceWidthMax
	hhea = s16(hhea, 0)  // minLeftSideBearing
	hhea = s16(hhea, 0)  // minRightSideBearing
	hhea = s16(hhea, em) // xMaxExtent
	hhea = s16(hhea, 1)  // caretSlopeRise
	hhea = append(hhea, make([]byte, 2+2+8+2)...)
	return u16(hhea, 1) // numberOfHMetrics: every glyph is an em wide
}

// pixelHmtx gives every glyph an em's advance. The left side bearings
// are the glyphs' xMin, as TrueType wants: the leftmost column with ink.
func pixelHmtx(p Pixels, n int, bitmap func(i int) []byte) []byte {
	hmtx := u16(nil, p.Size*p.Unit)
	hmtx = s16(hmtx, 0) // .notdef
	rb := (p.Size + 7) / 8
	cols := make([]byte, rb)
	for i := range n {
		clear(cols)
		for at, b := range bitmap(i) {
			cols[at%rb] |= b
		}
		left := 0
		for x := range p.Size {
			if cols[x/8]&(0x80>>(x%8)) != 0 {
				left = x
				break
			}
		}
		hmtx = s16(hmtx, left*p.Unit)
	}
	return hmtx
}

// pixelMaxp gives bounds no glyph reaches: 2 points at each corner of the
// grid, a contour for every other pixel.
func pixelMaxp(p Pixels, numGlyphs int) []byte {
	maxp := be.AppendUint32(nil, 0x00010000)
	maxp = u16(maxp, numGlyphs)
	maxp = u16(maxp, 2*(p.Size+1)*(p.Size+1))
	maxp = u16(maxp, (p.Size*p.Size+1)/2+1)
	maxp = append(maxp, 0, 0, 0, 0) // composite points and contours
	maxp = u16(maxp, 2)             // maxZones
	return append(maxp, make([]byte, 16)...)
}

func pixelOS2(p Pixels, runes []rune) []byte {
	em := p.Size * p.Unit
	descent := p.Top - em
	os2 := u16(nil, 4)
	os2 = s16(os2, em)  // xAvgCharWidth
	os2 = u16(os2, 400) // usWeightClass
	os2 = u16(os2, 5)   // usWidthClass
	os2 = u16(os2, 0)   // fsType: installable
	for _, v := range []int{em / 2, em / 2, 0, em / 4, em / 2, em / 2, 0, em / 2, em / 20, em / 4} {
		os2 = s16(os2, v) // sub- and superscript sizes and offsets, strikeout
	}
	os2 = s16(os2, 0)                      // sFamilyClass
	os2 = append(os2, make([]byte, 26)...) // panose, ulUnicodeRange
	os2 = append(os2, "A2B "...)           // achVendID
	os2 = u16(os2, 0x0040)                 // fsSelection: regular
	first := 0xFFFF
	if len(runes) > 0 {
		first = int(min(runes[0], 0xFFFF))
	}
	os2 = u16(os2, first)                   // usFirstCharIndex
	os2 = u16(os2, 0xFFFF)                  // usLastCharIndex
	os2 = s16(os2, p.Top)                   // sTypoAscender
	os2 = s16(os2, descent)                 // sTypoDescender
	os2 = s16(os2, 0)                       // sTypoLineGap
	os2 = u16(os2, p.Top)                   // usWinAscent
	os2 = u16(os2, -descent)                // usWinDescent
	os2 = append(os2, make([]byte, 8)...)   // ulCodePageRange
	os2 = s16(os2, 0)                       // sxHeight
	os2 = s16(os2, p.Top)                   // sCapHeight
	return append(os2, 0, 0, 0, 0x20, 0, 0) // default char, break char (space), max context
}

var tracers = sync.Pool{New: func() any { return new(tracer) }}

type pt struct{ x, y int }

// tracer finds the outlines of a bitmap's set pixels, reusing its
// buffers from glyph to glyph.
type tracer struct {
	size int // of the buffers
	set  []bool
	// edge and seen are indexed by 4*corner+direction, corners (x, y)
	// of the pixel grid numbered y*(size+1)+x with y counted down from
	// the top, directions right, down, left, up: each edge between ink
	// and paper, directed with the ink on its right.
	edge, seen []bool
}

var steps = [4]pt{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}

// trace returns the contours of bitmap's set pixels in font units,
// clockwise around ink and anticlockwise around holes, as TrueType
// wants: every pixel edge between ink and paper, directed with the ink
// on its right, joined end to start into loops, with a point only where
// a loop turns.
func (t *tracer) trace(bitmap []byte, p Pixels) [][]pt {
	n := p.Size
	rb := (n + 7) / 8
	if t.size != n {
		t.size = n
		t.set = make([]bool, n*n)
		t.edge = make([]bool, 4*(n+1)*(n+1))
		t.seen = make([]bool, 4*(n+1)*(n+1))
	}
	for y := range n {
		for x := range n {
			t.set[y*n+x] = y*rb+x/8 < len(bitmap) && bitmap[y*rb+x/8]&(0x80>>(x%8)) != 0
		}
	}
	clear(t.edge)
	clear(t.seen)
	ink := func(x, y int) bool { return x >= 0 && y >= 0 && x < n && y < n && t.set[y*n+x] }
	corner := func(x, y int) int { return y*(n+1) + x }
	// A pixel (x, y) spans corners x..x+1, y..y+1.
	for y := range n {
		for x := range n {
			if !ink(x, y) {
				continue
			}
			if !ink(x, y-1) { // top edge, left to right
				t.edge[4*corner(x, y)+0] = true
			}
			if !ink(x+1, y) { // right edge, downwards
				t.edge[4*corner(x+1, y)+1] = true
			}
			if !ink(x, y+1) { // bottom edge, right to left
				t.edge[4*corner(x+1, y+1)+2] = true
			}
			if !ink(x-1, y) { // left edge, upwards
				t.edge[4*corner(x, y+1)+3] = true
			}
		}
	}
	var out [][]pt
	for c := range (n + 1) * (n + 1) {
		for d := range 4 {
			if !t.edge[4*c+d] || t.seen[4*c+d] {
				continue
			}
			var loop []pt
			q := pt{c % (n + 1), c / (n + 1)}
			start, dir := 4*c+d, d
			for {
				t.seen[4*corner(q.x, q.y)+dir] = true
				q = pt{q.x + steps[dir].x, q.y + steps[dir].y}
				// Where two pixels touch only at a corner the loop may
				// turn either way: turning right keeps them apart.
				next := dir
				for _, turn := range [3]int{1, 0, 3} {
					if nd := (dir + turn) % 4; t.edge[4*corner(q.x, q.y)+nd] {
						next = nd
						break
					}
				}
				if next != dir {
					loop = append(loop, pt{q.x * p.Unit, p.Top - q.y*p.Unit})
				}
				if 4*corner(q.x, q.y)+next == start {
					break
				}
				dir = next
			}
			out = append(out, loop)
		}
	}
	return out
}

// appendSimple appends a simple glyph of on-curve points, or nothing for
// an empty one.
func appendSimple(glyf []byte, contours [][]pt) []byte {
	if len(contours) == 0 {
		return glyf
	}
	x0, y0, x1, y1 := contours[0][0].x, contours[0][0].y, contours[0][0].x, contours[0][0].y
	var pts []pt
	for _, c := range contours {
		for _, q := range c {
			x0, y0, x1, y1 = min(x0, q.x), min(y0, q.y), max(x1, q.x), max(y1, q.y)
		}
		pts = append(pts, c...)
	}
	glyf = be.AppendUint16(glyf, uint16(len(contours)))
	for _, v := range []int{x0, y0, x1, y1} {
		glyf = be.AppendUint16(glyf, uint16(int16(v)))
	}
	end := -1
	for _, c := range contours {
		end += len(c)
		glyf = be.AppendUint16(glyf, uint16(end))
	}
	glyf = be.AppendUint16(glyf, 0) // no instructions
	const (
		onCurve  = 0x01
		xShort   = 0x02
		yShort   = 0x04
		xSamePos = 0x10
		ySamePos = 0x20
	)
	var xs, ys []byte
	prev := pt{}
	for _, q := range pts {
		var fx, fy byte
		fx, xs = appendCoord(xs, q.x-prev.x, xShort, xSamePos)
		fy, ys = appendCoord(ys, q.y-prev.y, yShort, ySamePos)
		glyf = append(glyf, onCurve|fx|fy)
		prev = q
	}
	glyf = append(glyf, xs...)
	return append(glyf, ys...)
}

// appendCoord appends a glyf coordinate's delta d to b, as a byte with
// its sign in the flag when it fits (short), none when 0 (same), else
// two bytes; it returns the delta's flags.
func appendCoord(b []byte, d int, short, same byte) (byte, []byte) {
	switch {
	case d == 0:
		return same, b
	case d > -256 && d < 256:
		if d > 0 {
			return short | same, append(b, byte(d))
		}
		return short, append(b, byte(-d))
	}
	return 0, be.AppendUint16(b, uint16(int16(d)))
}
