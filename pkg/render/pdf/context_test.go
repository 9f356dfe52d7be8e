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

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// A conversion already past its deadline writes nothing.
func TestWriteContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	_, err := WriteContext(ctx, &buf, render.Prepare(book.Single(testbook.Sample(t), "sample")), Options{})
	if !errors.Is(err, context.Canceled) || buf.Len() > 0 {
		t.Errorf("cancelled: %v, %d bytes written; want context.Canceled and nothing", err, buf.Len())
	}
}

// cancelWriter cancels its context at the first write it is given, and
// counts the bytes written from then on.
type cancelWriter struct {
	cancel   context.CancelFunc
	at       time.Time
	cpu      func()
	after    int
	onCancel func()
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	if w.at.IsZero() {
		w.at = time.Now()
		w.onCancel()
		w.cancel()
	} else {
		w.after += len(p)
	}
	return len(p), nil
}

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
	w := &cancelWriter{cancel: cancel}
	w.onCancel = func() { w.cpu = verify.Bounded(t, time.Second, time.Minute) }
	_, err := WriteContext(ctx, w, render.Prepare(b), Options{})
	stopped := time.Since(w.at)
	if w.at.IsZero() {
		t.Fatal("nothing written")
	}
	w.cpu()
	t.Logf("stopped %v after the deadline, %d bytes written after it", stopped.Round(time.Millisecond), w.after)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if w.after > 8<<20 {
		t.Errorf("%d bytes written after the deadline: more than a picture", w.after)
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
