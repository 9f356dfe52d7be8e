package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// TestWriteStopsWhileDrawing: a deadline that passes while the pages are
// drawn and written (a book of two chapters, whose pages are drawn once
// both are laid out, each showing a 1000×1000 picture of noise that takes
// a fifth of a second to read and compress) stops the drawing within a
// picture: the rest is not written. Before the drawing checked its
// context, all 24 pictures went out, about 70 MB.
func TestWriteStopsWhileDrawing(t *testing.T) {
	noise := noisePNG(t, 1000, 1000)
	var chapters []*book.Article
	for c := range 2 {
		a := &book.Article{Title: fmt.Sprintf("Pictures %d", c+1)}
		for i := range 12 {
			a.Blocks = append(a.Blocks, &book.Image{Src: fmt.Sprintf("n%d.png", i), Alt: "noise", Data: noise, MediaType: "image/png", Width: 1000, Height: 1000})
		}
		chapters = append(chapters, a)
	}
	b := &book.Book{Title: "Noise", Chapters: chapters}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cpu func()
	w := &verify.CancelWriter{Cancel: cancel, OnCancel: func() { cpu = verify.Bounded(t, time.Second, time.Minute) }}
	_, err := WriteContext(ctx, w, render.Prepare(b), Options{})
	stopped := time.Since(w.At)
	if w.At.IsZero() {
		t.Fatal("nothing written")
	}
	cpu()
	t.Logf("stopped %v after the deadline, %d bytes written after it", stopped.Round(time.Millisecond), w.After)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if w.After > 8<<20 {
		t.Errorf("%d bytes written after the deadline: more than a picture", w.After)
	}
}

func noisePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range m.Pix {
		m.Pix[i] = uint8(rng.Uint32())
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.NoCompression}
	if err := enc.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
