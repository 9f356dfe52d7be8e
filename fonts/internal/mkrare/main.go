// Command mkrare draws the CJK extension ideographs our faces lack as
// small bitmaps, the stores that package rare builds a pixel font
// from on first use. Outlines of the 48,000-odd characters would cost
// about 10 MB compressed (HanaMinB's alone 9.9 MB), where the Lambda
// package has under 4 MB left; a 1-bit bitmap costs a few dozen bytes.
// The script ../../make-fonts.sh runs it, writing one store for each
// source, as their licences differ:
//
//	go run ./fonts/internal/mkrare -size 24 -src HanaMinB.ttf,BabelStoneHan.ttf \
//		-out RareHanaMin.bin,RareBabelStone.bin \
//		-lacking fonts/LXGWWenKai-Regular.ttf,ext.ttf
package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/bookify/article2book/fonts/rare"
	"github.com/bookify/article2book/internal/ttf"
)

func main() {
	size := flag.Int("size", 24, "bitmap size in pixels per em")
	src := flag.String("src", "", "comma-separated TrueType fonts to draw from, first that has a character wins")
	lacking := flag.String("lacking", "", "comma-separated fonts whose characters are left out")
	out := flag.String("out", "", "comma-separated stores to write, one for each of -src: the characters drawn from it; the first also lists those no source draws")
	sheet := flag.String("sheet", "", "also write a PNG of the first characters of each extension, for looking at")
	threshold := flag.Float64("threshold", 0.35, "ink coverage from which a pixel is set")
	flag.Parse()
	if err := run(*size, *src, *lacking, *out, *sheet, float32(*threshold)); err != nil {
		fmt.Fprintln(os.Stderr, "mkrare:", err)
		os.Exit(1)
	}
}

type source struct {
	name string
	f    *sfnt.Font
	buf  sfnt.Buffer
}

func run(size int, src, lacking, out, sheet string, threshold float32) error {
	outs := strings.Split(out, ",")
	if src == "" || len(outs) != len(strings.Split(src, ",")) {
		return errors.New("-src and as many -out are required")
	}
	var others []*ttf.Cmap
	if lacking != "" {
		for p := range strings.SplitSeq(lacking, ",") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f, err := ttf.Parse(data)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			c, err := f.Cmap()
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			others = append(others, c)
		}
	}
	var srcs []*source
	for p := range strings.SplitSeq(src, ",") {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		srcs = append(srcs, &source{name: p, f: f})
	}
	stores := make([]*rare.Store, len(srcs))
	for i := range stores {
		stores[i] = &rare.Store{Size: size}
	}
	for _, ext := range rare.Extensions() {
	runes:
		for r := ext.Lo; r <= ext.Hi; r++ {
			for _, o := range others {
				if o.Glyph(r) != 0 {
					continue runes
				}
			}
			for i, s := range srcs {
				g, err := s.f.GlyphIndex(&s.buf, r)
				if err != nil || g == 0 {
					continue
				}
				bm, err := draw(s, g, size, threshold)
				if err != nil {
					return fmt.Errorf("%s: U+%04X: %w", s.name, r, err)
				}
				stores[i].Add(r, bm)
				continue runes
			}
			stores[0].Box(r)
		}
	}
	for i, st := range stores {
		data := st.Encode()
		if err := os.WriteFile(outs[i], data, 0o644); err != nil {
			return err
		}
		slog.Info("store", "from", srcs[i].name, "out", outs[i], "characters", st.Len(), "bytes", len(data))
	}
	boxed := 0
	for _, b := range stores[0].Boxed {
		boxed += int(b.Hi - b.Lo + 1)
	}
	slog.Info("in no source, boxed", "characters", boxed)
	if sheet != "" {
		return writeSheet(sheet, stores)
	}
	return nil
}

// The em box of HanaMin and BabelStone Han: 1024 units, from 144 below
// the baseline to 880 above it.
const (
	emTop    = 880
	emBottom = -144
)

// draw rasterises glyph g of s into a size×size bitmap of its em box,
// four by four samples a pixel, setting the pixels whose ink covers at
// least threshold: the hairlines of a Ming face cover well under half a
// pixel at 24 per em and would vanish at one half.
func draw(s *source, g sfnt.GlyphIndex, size int, threshold float32) ([]bool, error) {
	const ss = 4
	upem := float32(s.f.UnitsPerEm())
	px := size * ss
	scale := float32(px) / upem
	segs, err := s.f.LoadGlyph(&s.buf, g, fixed.I(int(upem)), nil)
	if err != nil {
		return nil, err
	}
	z := vector.NewRasterizer(px, px)
	z.DrawOp = 0 // draw.Over
	pt := func(p fixed.Point26_6) (float32, float32) {
		x := float32(p.X) / 64 * scale
		y := (float32(emTop) + float32(p.Y)/64) * scale // sfnt's y grows down
		return x, y
	}
	for _, sg := range segs {
		switch sg.Op {
		case sfnt.SegmentOpMoveTo:
			z.MoveTo(pt(sg.Args[0]))
		case sfnt.SegmentOpLineTo:
			z.LineTo(pt(sg.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x1, y1 := pt(sg.Args[0])
			x2, y2 := pt(sg.Args[1])
			z.QuadTo(x1, y1, x2, y2)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(sg.Args[0])
			x2, y2 := pt(sg.Args[1])
			x3, y3 := pt(sg.Args[2])
			z.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	z.ClosePath()
	dst := image.NewAlpha(image.Rect(0, 0, px, px))
	z.Draw(dst, dst.Bounds(), image.Opaque, image.Point{})
	bm := make([]bool, size*size)
	for y := range size {
		for x := range size {
			var sum int
			for j := range ss {
				for i := range ss {
					sum += int(dst.AlphaAt(x*ss+i, y*ss+j).A)
				}
			}
			bm[y*size+x] = float32(sum)/(255*ss*ss) >= threshold
		}
	}
	return bm, nil
}

// writeSheet draws the first 40 characters of each extension, four
// times enlarged, a row an extension.
func writeSheet(path string, stores []*rare.Store) error {
	const per, zoom = 40, 4
	n := stores[0].Size
	exts := rare.Extensions()
	img := image.NewGray(image.Rect(0, 0, per*(n+2)*zoom, len(exts)*(n+2)*zoom))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for row, ext := range exts {
		col := 0
		for r := ext.Lo; r <= ext.Hi && col < per; r++ {
			var bm []bool
			for _, st := range stores {
				if bm = st.Bitmap(r); bm != nil {
					break
				}
			}
			if bm == nil {
				continue
			}
			for y := range n {
				for x := range n {
					if bm[y*n+x] {
						for j := range zoom {
							for i := range zoom {
								img.SetGray((col*(n+2)+1+x)*zoom+i, (row*(n+2)+1+y)*zoom+j, color.Gray{})
							}
						}
					}
				}
			}
			col++
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
