package epub

import (
	"bytes"
	"context"
	"fmt"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/fonts"
	"github.com/bookify/article2book/pkg/render/inline"
)

// CoverInfo is what a cover shows.
type CoverInfo struct {
	Title string
	Site  string
	Date  string // already formatted for the reader
}

// Cover geometry, in pixels: 2:3, the shape of most e-book covers, and
// large enough for the 1600-pixel-tall screens of current readers.
const (
	coverW      = 1200
	coverH      = 1800
	coverMargin = 130
)

var (
	coverPaper = color.RGBA{0xf4, 0xef, 0xe4, 0xff}
	coverInk   = color.RGBA{0x22, 0x22, 0x22, 0xff}
	coverGrey  = color.RGBA{0x5a, 0x55, 0x4e, 0xff}
	coverRed   = color.RGBA{0x9b, 0x2d, 0x2a, 0xff}
)

// The fonts are 15 MB each: parse them once per process, not per cover.
var (
	coverBold    = sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(fonts.Bold) })
	coverRegular = sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(fonts.Regular) })
)

// Cover draws a PNG cover: the title large, broken into lines by the
// PDF's rules (package inline), over the
// site name and the date. The same input always gives the same bytes.
func Cover(ci CoverInfo) ([]byte, error) {
	bold, err := coverBold()
	if err != nil {
		return nil, fmt.Errorf("cover: bold font: %w", err)
	}
	regular, err := coverRegular()
	if err != nil {
		return nil, fmt.Errorf("cover: regular font: %w", err)
	}
	// Text is drawn as coverage into an alpha layer, then flattened into a
	// paletted image, one colour per line: PNG encodes one byte a pixel
	// without filtering then, several times faster than RGBA.
	im := coverImages.Get().(*coverImage)
	defer coverImages.Put(im)
	cov := im.alpha
	clear(cov.Pix)
	var spans []coverSpan
	// A band at the top and a rule under the title: enough to tell a
	// cover from a page of text in a library grid.
	red := []image.Rectangle{image.Rect(0, 0, coverW, 56)}

	title := drawable(bold, render.OneLine(ci.Title))
	if strings.TrimSpace(title) == "" {
		title = "…"
	}
	width := coverW - 2*coverMargin
	// Shrink the title until it fits in six lines.
	if err := face.Load(); err != nil {
		return nil, fmt.Errorf("cover: %w", err)
	}
	var lines []inline.Line
	var size float64
	for size = 112; ; size -= 8 {
		lines = coverLines(face.KaiBold, size, title, width)
		if len(lines) <= 6 || size <= 48 {
			break
		}
	}
	if len(lines) > 8 {
		lines = lines[:8]
	}
	titleFace, err := opentype.NewFace(bold, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("cover: title face: %w", err)
	}
	lead := int(size * 1.35)
	y := 330 + int(size)
	d := &font.Drawer{Dst: cov, Src: image.Opaque, Face: titleFace}
	for _, l := range lines {
		spans = append(spans, coverSpan{drawLine(d, l, coverMargin, y), 2})
		y += lead
	}
	titleFace.Close()
	y += 40 - lead + int(size*0.4)
	red = append(red, image.Rect(coverMargin, y, coverMargin+160, y+8))

	small, err := opentype.NewFace(regular, &opentype.FaceOptions{Size: 46, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("cover: small face: %w", err)
	}
	defer small.Close()
	d = &font.Drawer{Dst: cov, Src: image.Opaque, Face: small}
	var foot []inline.Line
	for _, s := range []string{ci.Site, ci.Date} {
		if s = drawable(regular, render.OneLine(s)); strings.TrimSpace(s) != "" {
			foot = append(foot, coverLines(face.Kai, 46, s, width)...)
		}
	}
	if len(foot) > 4 {
		foot = foot[:4]
	}
	fy := coverH - coverMargin - (len(foot)-1)*66
	for _, l := range foot {
		spans = append(spans, coverSpan{drawLine(d, l, coverMargin, fy), 2 + coverLevels})
		fy += 66
	}
	img := im.pal
	clear(img.Pix)
	flattenCover(img, cov, spans, red)

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: pngBuffers}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("cover: png: %w", err)
	}
	return buf.Bytes(), nil
}

// coverLevels is how many shades of antialiasing each text colour gets.
const coverLevels = 64

// coverPalette is paper, red, then coverLevels blends of paper to ink and
// as many of paper to grey.
var coverPalette = func() color.Palette {
	p := color.Palette{coverPaper, coverRed}
	blend := func(c color.RGBA, k int) color.Color {
		mix := func(a, b uint8) uint8 {
			return uint8((int(a)*(coverLevels-1-k) + int(b)*k + (coverLevels-1)/2) / (coverLevels - 1))
		}
		return color.RGBA{mix(coverPaper.R, c.R), mix(coverPaper.G, c.G), mix(coverPaper.B, c.B), 0xff}
	}
	for _, c := range []color.RGBA{coverInk, coverGrey} {
		for k := range coverLevels {
			p = append(p, blend(c, k))
		}
	}
	return p
}()

// A coverSpan is the area of a line of text and the first palette index of
// its colour.
type coverSpan struct {
	r    image.Rectangle
	base int
}

// drawnBounds returns the pixels d.DrawString(s) may touch.
func drawnBounds(d *font.Drawer, s string) image.Rectangle {
	b, _ := d.BoundString(s)
	return image.Rect(b.Min.X.Floor()-1, b.Min.Y.Floor()-1, b.Max.X.Ceil()+1, b.Max.Y.Ceil()+1)
}

// coverImage is the cover's two images of coverW × coverH pixels: the
// alpha mask the text is drawn into and the paletted image it is
// flattened to. They are 2 MB each, so they are kept between books
// (cleared before each use) rather than made for every one.
type coverImage struct {
	alpha *image.Alpha
	pal   *image.Paletted
}

var coverImages = sync.Pool{New: func() any {
	r := image.Rect(0, 0, coverW, coverH)
	return &coverImage{alpha: image.NewAlpha(r), pal: image.NewPaletted(r, coverPalette)}
}}

// pngBuffers keeps the PNG encoder's row buffers and compressor between
// covers.
var pngBuffers = &pngPool{}

type pngPool struct{ p sync.Pool }

func (p *pngPool) Get() *png.EncoderBuffer {
	b, _ := p.p.Get().(*png.EncoderBuffer)
	return b
}

func (p *pngPool) Put(b *png.EncoderBuffer) { p.p.Put(b) }

func flattenCover(img *image.Paletted, cov *image.Alpha, spans []coverSpan, red []image.Rectangle) {
	for _, sp := range spans {
		r := sp.r.Intersect(cov.Bounds())
		for y := r.Min.Y; y < r.Max.Y; y++ {
			src := cov.Pix[cov.PixOffset(r.Min.X, y):cov.PixOffset(r.Max.X, y)]
			dst := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
			for i, a := range src {
				if a != 0 {
					dst[i] = uint8(sp.base + (int(a)*(coverLevels-1)+127)/255)
				}
			}
		}
	}
	for _, r := range red {
		draw.Draw(img, r, image.NewUniform(coverRed), image.Point{}, draw.Src)
	}
}

// drawable drops the characters the font has no glyph for, rather than
// drawing empty boxes on the cover.
func drawable(f *opentype.Font, s string) string {
	var buf sfnt.Buffer
	return strings.Map(func(r rune) rune {
		if r == ' ' {
			return r
		}
		if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
			return -1
		}
		return r
	}, s)
}

// coverLines breaks s into lines no wider than width pixels at size
// pixels per em, by the same rules as the PDF's text (package inline).
func coverLines(f face.ID, size float64, s string, width int) []inline.Line {
	fs := face.Set{Body: f}
	st := &inline.Style{Face: inline.Face(f), Size: size}
	// A title of a few hundred characters: nothing to stop.
	ctx := context.Background()
	gs, _ := inline.Shape(ctx, []inline.Span{{Text: s, Style: st}}, &fs)
	q, _ := inline.Prepare(ctx, gs, inline.Params{Width: float64(width), Em: size})
	lines, _ := q.Lines(ctx)
	return lines
}

// drawLine draws ln's glyphs at their places from x on baseline y and
// returns the pixels it may have touched.
func drawLine(d *font.Drawer, ln inline.Line, x, y int) image.Rectangle {
	var r image.Rectangle
	for i, g := range ln.Glyphs {
		d.Dot = fixed.P(x, y).Add(fixed.Point26_6{X: fixed.Int26_6(ln.X[i] * 64)})
		s := string(g.R)
		r = r.Union(drawnBounds(d, s))
		d.DrawString(s)
	}
	return r
}
