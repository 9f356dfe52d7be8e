package convert

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// printDPI is the resolution images are kept at, over the text block:
// past it a printed page shows nothing more, and a screen less.
const printDPI = 300

// imageBox is the largest image, in pixels, a book keeps: the text block
// at printDPI of the page size chosen for the PDF, or of the largest page
// size when no PDF is made (an EPUB's reader may have any screen).
func imageBox(formats FormatList, size PageSize) image.Point {
	sizes := []PageSize{size}
	if !slices.Contains(formats, PDF) {
		sizes = sizes[:0]
		for _, s := range PageSizes {
			sizes = append(sizes, PageSize(s))
		}
	}
	var box image.Point
	for _, s := range sizes {
		w, h := s.TextBlock()
		box.X = max(box.X, int(math.Ceil(w/72*printDPI)))
		box.Y = max(box.Y, int(math.Ceil(h/72*printDPI)))
	}
	return box
}

// fitIn is the size of a w x h image scaled down, keeping its aspect, to
// fit box; w, h when it fits already.
func fitIn(w, h int, box image.Point) (int, int) {
	if w <= box.X && h <= box.Y {
		return w, h
	}
	s := min(float64(box.X)/float64(w), float64(box.Y)/float64(h))
	return max(1, min(box.X, int(math.Round(float64(w)*s)))), max(1, min(box.Y, int(math.Round(float64(h)*s))))
}

// downscale returns src reduced to dw x dh pixels by area averaging: each
// pixel is the mean of the source pixels it covers, weighted by how much
// of each it covers, in premultiplied alpha so that transparent pixels
// lend no colour. It reads src a row at a time and holds only the output
// and two rows of sums, so its own cost is that of the result. A grey
// source gives a grey image; anything else an NRGBA one.
func downscale(src image.Image, dw, dh int) image.Image {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	row := make([]uint8, 4*sw)     // one source row, premultiplied RGBA
	across := make([]uint64, 4*dw) // that row reduced to dw pixels
	sum := make([]uint64, 4*dw)    // the output row being summed
	out := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	total := uint64(sw) * uint64(sh)
	// Source pixel x covers [x*dw, (x+1)*dw) and output pixel j covers
	// [j*sw, (j+1)*sw), in units of 1/(sw*dw) of the width: a source
	// pixel, being narrower, falls in one output pixel or two.
	for i := range dh {
		clear(sum)
		lo, hi := i*sh, (i+1)*sh
		for y := lo / dh; y*dh < hi && y < sh; y++ {
			wy := uint64(min((y+1)*dh, hi) - max(y*dh, lo))
			premultipliedRow(src, b.Min.Y+y, row)
			reduceRow(row, across, sw, dw)
			for k, v := range across {
				sum[k] += v * wy
			}
		}
		px := out.Pix[i*out.Stride : i*out.Stride+4*dw]
		for j := 0; j < 4*dw; j += 4 {
			a := (sum[j+3] + total/2) / total
			px[j+3] = uint8(a)
			if a == 0 {
				continue
			}
			// sum/total is the premultiplied mean; divided by its alpha
			// (sum[j+3]/total) it is the straight colour.
			for c := range 3 {
				px[j+c] = uint8(min(255, (sum[j+c]*255+sum[j+3]/2)/sum[j+3]))
			}
		}
	}
	if m := src.ColorModel(); m == color.GrayModel || m == color.Gray16Model {
		g := image.NewGray(out.Rect)
		for i := range g.Pix {
			g.Pix[i] = out.Pix[4*i]
		}
		return g
	}
	return out
}

// reduceRow sums row, sw premultiplied RGBA pixels, into dw pixels of
// across, each source pixel weighted by the width it gives each.
func reduceRow(row []uint8, across []uint64, sw, dw int) {
	clear(across)
	for x := range sw {
		lo := x * dw
		j := lo / sw
		w0 := uint64(min(lo+dw, (j+1)*sw) - lo)
		w1 := uint64(dw) - w0
		p := row[4*x : 4*x+4]
		for c := range 4 {
			across[4*j+c] += uint64(p[c]) * w0
		}
		if w1 > 0 {
			for c := range 4 {
				across[4*(j+1)+c] += uint64(p[c]) * w1
			}
		}
	}
}

// premultipliedRow reads row y of src into row as premultiplied 8-bit
// RGBA, without going through an interface per pixel for the kinds of
// image the decoders return most.
func premultipliedRow(src image.Image, y int, row []uint8) {
	b := src.Bounds()
	switch m := src.(type) {
	case *image.RGBA:
		i := m.PixOffset(b.Min.X, y)
		copy(row, m.Pix[i:i+len(row)])
		return
	case *image.NRGBA:
		i := m.PixOffset(b.Min.X, y)
		for k := 0; k < len(row); k += 4 {
			p := m.Pix[i+k : i+k+4]
			a := uint16(p[3])
			row[k], row[k+1], row[k+2], row[k+3] = uint8((uint16(p[0])*a+127)/255), uint8((uint16(p[1])*a+127)/255), uint8((uint16(p[2])*a+127)/255), p[3]
		}
		return
	case *image.Gray:
		i := m.PixOffset(b.Min.X, y)
		for k, v := range m.Pix[i : i+len(row)/4] {
			row[4*k], row[4*k+1], row[4*k+2], row[4*k+3] = v, v, v, 0xFF
		}
		return
	case *image.YCbCr:
		for x := range len(row) / 4 {
			c := m.YCbCrAt(b.Min.X+x, y)
			row[4*x], row[4*x+1], row[4*x+2] = color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
			row[4*x+3] = 0xFF
		}
		return
	}
	for x := range len(row) / 4 {
		r, g, bl, a := src.At(b.Min.X+x, y).RGBA()
		row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(r>>8), uint8(g>>8), uint8(bl>>8), uint8(a>>8)
	}
}
