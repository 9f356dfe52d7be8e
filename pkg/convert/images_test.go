package convert

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
)

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := enc(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bomb is a valid PNG header declaring w x h pixels, with a few bytes of
// data: decoding it would allocate w*h*4 bytes.
func bomb(t *testing.T, w, h uint32) []byte {
	data := encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, image.NewGray(image.Rect(0, 0, 1, 1)))
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

func TestEmbeddable(t *testing.T) {
	rgb := image.NewRGBA(image.Rect(0, 0, 40, 30))
	deep := image.NewNRGBA64(image.Rect(0, 0, 40, 30))
	deep.Set(1, 1, color.NRGBA64{0xffff, 0x8000, 0, 0xffff})
	webp, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	jpg := encoded(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }, rgb)
	// A picture big enough that half of it is scan data, past the header
	// image.DecodeConfig reads.
	noise := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range noise.Pix {
		noise.Pix[i] = byte(i * 7919 % 251)
	}
	photo := encoded(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }, noise)
	pngData := encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, rgb)
	tests := []struct {
		name      string
		data      []byte
		mediaType string
		same      bool // passed through unchanged
		err       error
	}{
		{"jpeg", jpg, "image/jpeg", true, nil},
		{"png", pngData, "image/png", true, nil},
		{"gif", encoded(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) }, rgb), "image/gif", true, nil},
		{"16-bit png", encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, deep), "image/png", false, nil},
		{"webp", webp, "image/png", false, nil},
		{"bomb", bomb(t, 100000, 100000), "", false, errImageTooBig},
		{"truncated jpeg", photo[:len(photo)/2], "", false, errTruncatedJPEG},
		{"jpeg with data after its end", append(append([]byte{}, jpg...), "trailer\xff\xd8"...), "image/jpeg", true, nil},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), "", false, image.ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, mt, w, h, err := embeddable(tt.data, image.Pt(4000, 4000))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if mt != tt.mediaType || bytes.Equal(data, tt.data) != tt.same || w <= 0 || h <= 0 {
				t.Errorf("media type %s, unchanged %v, %dx%d", mt, bytes.Equal(data, tt.data), w, h)
			}
			if mt == "image/png" && (data[24] != 8 || data[28] != 0) {
				t.Errorf("PNG bit depth %d, interlace %d: fpdf takes 8 and 0", data[24], data[28])
			}
		})
	}
}
