package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"

	"github.com/bookify/article2book/internal/pdfwrite"
)

// embedImage writes picture data as an image XObject and returns its
// resource name; ok is false when the data cannot be read. A JPEG goes
// in as it is (DCTDecode), CMYK ones included; anything else is decoded
// and stored Flate-compressed, its alpha as a soft mask.
func (d *pdfDoc) embedImage(data []byte, tp string) (name string, ok bool) {
	r := d.w.Alloc()
	var err error
	if tp == "JPG" {
		err = d.jpeg(r, data)
	} else {
		err = d.pixels(r, data)
	}
	if err != nil {
		d.w.Object(r, []byte("null")) // the number is taken: fill it
		return "", false
	}
	name = fmt.Sprintf("I%d", len(d.images))
	d.images = append(d.images, imageRes{name: name, ref: r})
	return name, true
}

func (d *pdfDoc) jpeg(r pdfwrite.Ref, data []byte) error {
	cfg, err := decodeJPEGConfig(data)
	if err != nil {
		return err
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
	d.w.Stream(r, dict, data, false)
	return nil
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

// pixels stores a decoded image: grey or RGB samples, and the alpha
// channel as a soft mask when any pixel is not opaque.
func (d *pdfDoc) pixels(r pdfwrite.Ref, data []byte) error {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return err
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return fmt.Errorf("empty image")
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
	dict := fmt.Appendf(nil, "/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace%s/BitsPerComponent 8", w, h, cs)
	if !opaque {
		m := d.w.Alloc()
		d.w.Stream(m, fmt.Appendf(nil, "/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8", w, h), alpha, true)
		dict = append(dict, "/SMask"...)
		dict = pdfwrite.AppendRef(dict, m)
	}
	d.w.Stream(r, dict, pix, true)
	return nil
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
