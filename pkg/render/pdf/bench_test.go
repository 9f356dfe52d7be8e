package pdf

import (
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/page"
)

// BenchmarkLayoutSample is the layout stage of Write alone: the sample's
// paragraphs set into lines (package inline) and the boxes cut into pages,
// with no fpdf document; BenchmarkPDFSample less this is the writing.
func BenchmarkLayoutSample(b *testing.B) {
	bk := book.Single(testbook.Sample(b), "sample")
	g, err := newPageGeometry("A4")
	if err != nil {
		b.Fatal(err)
	}
	if err := face.Load(); err != nil {
		b.Fatal(err)
	}
	var pages int
	b.ReportAllocs()
	for b.Loop() {
		bl := newPDFBuilder(g, bk, Options{}, face.Kai)
		if err := bl.book(render.Prepare(bk)); err != nil {
			b.Fatal(err)
		}
		pages = len(page.Paginate(bl.boxes(), g.bottom-g.top))
	}
	b.ReportMetric(float64(pages), "pages")
}
