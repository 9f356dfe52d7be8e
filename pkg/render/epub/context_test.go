package epub

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

// A conversion past its deadline stops before its chapters: nothing is written.
func TestWriteContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	_, err := WriteContext(ctx, &buf, render.Prepare(book.Single(testbook.Sample(t), "sample")), Options{})
	if !errors.Is(err, context.Canceled) || buf.Len() > 0 {
		t.Errorf("cancelled: %v, %d bytes written; want context.Canceled and nothing", err, buf.Len())
	}
}

// cancelWriter cancels its context at the first write it is given (the
// archive's first entry), and counts the bytes written from then on.
type cancelWriter struct {
	cancel context.CancelFunc
	at     time.Time
	after  int
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	if w.at.IsZero() {
		w.at = time.Now()
		w.cancel()
	} else {
		w.after += len(p)
	}
	return len(p), nil
}

// TestWriteStopsWhileZipping: a deadline that passes while the archive
// is written (at its first write, once the zip writer's buffer fills)
// stops it before its next file: the file being written is finished,
// nothing after it. Before the archive checked its context, the whole
// book went out, fonts included (about 1 MB).
func TestWriteStopsWhileZipping(t *testing.T) {
	var chapters []*book.Article
	for range 20 {
		chapters = append(chapters, testbook.Sample(t))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &cancelWriter{cancel: cancel}
	_, err := WriteContext(ctx, w, render.Prepare(&book.Book{Title: "Twenty", Chapters: chapters}), Options{EmbedFont: true})
	if w.at.IsZero() {
		t.Fatal("nothing written")
	}
	t.Logf("stopped %v after the deadline, %d bytes written after it", time.Since(w.at).Round(time.Microsecond), w.after)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if w.after > 16<<10 {
		t.Errorf("%d bytes written after the deadline, want a file's at most", w.after)
	}
}
