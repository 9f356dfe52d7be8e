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

// writeImage writes x and returns its resource name.
func (d *pdfDoc) writeImage(x *xobject) string {
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
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
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
	if !opaque {
		x.smask = &xobject{dict: fmt.Appendf(nil, "/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8", w, h), data: alpha, flate: true}
	}
	return x, nil
}

// drawImage paints image name in the rectangle with top left (x, y).
func (d *pdfDoc) drawImage(name string, x, y, w, h float64) {
	d.op("q ")
	d.content = pdfwrite.AppendNumBare(d.content, w, 2)
	d.op(" 0 0")
	d.num(h)
	d.num(x)
	d.num(d.h - y - h)
	d.op(" cm /" + name + " Do Q\n")
}
