package pdf

import (
	"bytes"
	"context"
	"errors"
	"testing"

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
