package render_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/epub"
	"github.com/bookify/article2book/pkg/render/pdf"
)

// A conversion already past its deadline writes nothing, in either format.
func TestWriteContextStops(t *testing.T) {
	for name, write := range map[string]func(context.Context, *bytes.Buffer, *render.Doc) error{
		"pdf": func(ctx context.Context, w *bytes.Buffer, d *render.Doc) error {
			_, err := pdf.WriteContext(ctx, w, d, pdf.Options{})
			return err
		},
		"epub": func(ctx context.Context, w *bytes.Buffer, d *render.Doc) error {
			_, err := epub.WriteContext(ctx, w, d, epub.Options{})
			return err
		},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var buf bytes.Buffer
		err := write(ctx, &buf, render.Prepare(book.Single(testbook.Sample(t), "sample")))
		if !errors.Is(err, context.Canceled) || buf.Len() > 0 {
			t.Errorf("%s cancelled: %v, %d bytes written; want context.Canceled and nothing", name, err, buf.Len())
		}
	}
}
