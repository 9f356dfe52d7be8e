package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"

	"github.com/bookify/article2book/internal/pdfwrite"
)

// xobject is an image made ready to write: its dictionary entries and
// data, and its soft mask.
type xobject struct {
	dict  []byte
	data  []byte
	flate bool // data is to be compressed
	smask *xobject
	cmyk  bool // in DeviceCMYK, which an sRGB output intent does not cover
	// name is the resource name once written: a picture drawn again
	// (the same data, shown several times) is written once, and its
	// samples are let go when they are.
	name string
}

// prepareImage reads picture data into an image XObject: a JPEG goes in
// as it is (DCTDecode), CMYK ones included; anything else is decoded and
// stored Flate-compressed, its alpha as a soft mask. It fails when the
// data cannot be read.
func prepareImage(data []byte, tp string) (*xobject, error) {
	if tp == "JPG" {
		return jpegImage(data)
	}
	return pixelImage(data)
}

// writeImage writes x, unless it was written before, and returns its
// resource name.
func (d *pdfDoc) writeImage(x *xobject) string {
	if x.name != "" {
		return x.name
	}
	r := d.w.Alloc()
	dict := x.dict
	if x.smask != nil {
		m := d.w.Alloc()
		d.w.Stream(m, x.smask.dict, x.smask.data, x.smask.flate)
		dict = pdfwrite.AppendRef(append(dict[:len(dict):len(dict)], "/SMask"...), m)
	}
	d.w.Stream(r, dict, x.data, x.flate)
	d.cmyk = d.cmyk || x.cmyk
	name := fmt.Sprintf("I%d", len(d.images))
	d.images = append(d.images, imageRes{name: name, ref: r})
	x.name, x.data, x.smask = name, nil, nil
	return name
}

func jpegImage(data []byte) (*xobject, error) {
	cfg, err := decodeJPEGConfig(data)
	if err != nil {
		return nil, err
	}
	cs := "/DeviceRGB"
	extra := ""
	switch cfg.ColorModel {
	case color.GrayModel:
		cs = "/DeviceGray"
	case color.CMYKModel:
		// Adobe's CMYK JPEGs, nearly all there are, store the inks
		// inverted.
		cs, extra = "/DeviceCMYK", "/Decode[1 0 1 0 1 0 1 0]"
	}
	dict := fmt.Appendf(nil, "/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace%s/BitsPerComponent 8%s/Filter/DCTDecode",
		cfg.Width, cfg.Height, cs, extra)
	return &xobject{dict: dict, data: data, cmyk: cfg.ColorModel == color.CMYKModel}, nil
}

func decodeJPEGConfig(data []byte) (image.Config, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, err
	}
	if format != "jpeg" || cfg.Width <= 0 || cfg.Height <= 0 {
		return cfg, fmt.Errorf("not a JPEG")
	}
	return cfg, nil
}

// pixelImage decodes an image: grey or RGB samples, and the alpha
// channel as a soft mask when any pixel is not opaque.
func pixelImage(data []byte) (*xobject, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("empty image")
	}
	gray := img.ColorModel() == color.GrayModel || img.ColorModel() == color.Gray16Model
	comps := 3
	if gray {
		comps = 1
	}
	pix := make([]byte, 0, w*h*comps)
	alpha := make([]byte, 0, w*h)
	opaque := true
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := nrgbaAt(img, x, y)
			if gray {
				pix = append(pix, c.R)
			} else {
				pix = append(pix, c.R, c.G, c.B)
			}
			alpha = append(alpha, c.A)
			opaque = opaque && c.A == 0xFF
		}
	}
	cs := "/DeviceRGB"
	if gray {
		cs = "/DeviceGray"
	}
	x := &xobject{dict: fmt.Appendf(nil, "/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace%s/BitsPerComponent 8", w, h, cs), data: pix, flate: true}
	if _, dithered := img.(*image.Paletted); !dithered {
		// a palette image (GIF) is mostly dithered: filtering only adds
		x.dict = fmt.Appendf(x.dict, "/DecodeParms<</Predictor 15/Colors %d/Columns %d>>", comps, w)
		x.data = paeth(pix, w*comps, comps)
	}
	if !opaque {
		x.smask = &xobject{dict: fmt.Appendf(nil, "/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8/DecodeParms<</Predictor 15/Colors 1/Columns %d>>", w, h, w),
			data: paeth(alpha, w, 1), flate: true}
	}
	return x, nil
}

// nrgbaAt is img's colour at (x, y), without the conversion through
// interfaces for the kinds of image the decoders return most.
func nrgbaAt(img image.Image, x, y int) color.NRGBA {
	switch m := img.(type) {
	case *image.NRGBA:
		i := m.PixOffset(x, y)
		return color.NRGBA{m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3]}
	case *image.RGBA:
		i := m.PixOffset(x, y)
		if a := m.Pix[i+3]; a == 0xFF {
			return color.NRGBA{m.Pix[i], m.Pix[i+1], m.Pix[i+2], a}
		}
	case *image.Gray:
		v := m.Pix[m.PixOffset(x, y)]
		return color.NRGBA{v, v, v, 0xFF}
	case *image.Paletted:
		if c, ok := m.Palette[m.ColorIndexAt(x, y)].(color.RGBA); ok && c.A == 0xFF {
			return color.NRGBA{c.R, c.G, c.B, c.A}
		}
	case *image.YCbCr:
		c := m.YCbCrAt(x, y)
		r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
		return color.NRGBA{r, g, b, 0xFF}
	}
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

// paeth returns samples, rows of stride bytes of bpp bytes a pixel, each
// row PNG-filtered (its filter type byte first, as /Predictor 15
// decodes) by the Paeth predictor or by none, whichever leaves the
// smaller sum of residues (the heuristic of libpng): gradients and
// photographs compress far better filtered, dithered palette images
// better not.
func paeth(samples []byte, stride, bpp int) []byte {
	rows := len(samples) / stride
	out := make([]byte, 0, rows*(stride+1))
	for r := 0; r < rows; r++ {
		cur := samples[r*stride : (r+1)*stride]
		var up []byte
		if r > 0 {
			up = samples[(r-1)*stride : r*stride]
		}
		start := len(out)
		out = append(out, 4)
		var sumP, sumN int
		for i, v := range cur {
			var a, b, c int
			if i >= bpp {
				a = int(cur[i-bpp])
			}
			if up != nil {
				b = int(up[i])
				if i >= bpp {
					c = int(up[i-bpp])
				}
			}
			p := a + b - c
			pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
			pred := c
			if pa <= pb && pa <= pc {
				pred = a
			} else if pb <= pc {
				pred = b
			}
			d := v - byte(pred)
			out = append(out, d)
			sumP += abs(int(int8(d)))
			sumN += abs(int(int8(v)))
		}
		if sumN <= sumP {
			out[start] = 0
			copy(out[start+1:], cur)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// drawImage paints image name in the rectangle with top left (x, y).
func (d *pdfDoc) drawImage(name string, x, y, w, h float64) {
	d.endText()
	d.op("q ")
	d.content = pdfwrite.AppendNumBare(d.content, w, 2)
	d.op(" 0 0")
	d.num(h)
	d.num(x)
	d.num(d.h - y - h)
	d.op(" cm /" + name + " Do Q\n")
}
