package epub

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
)

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
	w := &verify.CancelWriter{Cancel: cancel}
	_, err := WriteContext(ctx, w, render.Prepare(&book.Book{Title: "Twenty", Chapters: chapters}), Options{EmbedFont: true})
	if w.At.IsZero() {
		t.Fatal("nothing written")
	}
	t.Logf("stopped %v after the deadline, %d bytes written after it", time.Since(w.At).Round(time.Microsecond), w.After)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if w.After > 16<<10 {
		t.Errorf("%d bytes written after the deadline, want a file's at most", w.After)
	}
}
