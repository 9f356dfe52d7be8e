package verify_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/epub"
)

// One JVM checks book after book, and tells a good book from a bad one
// each time, whatever came before.
func TestCheckEPUB(t *testing.T) {
	var good bytes.Buffer
	doc := render.Prepare(book.Single(testbook.Sample(t), "sample"))
	if _, err := epub.Write(&good, doc, epub.Options{}); err != nil {
		t.Fatal(err)
	}
	var bad bytes.Buffer
	zw := zip.NewWriter(&bad)
	w, _ := zw.Create("mimetype")
	w.Write([]byte("application/epub+zip"))
	zw.Close()
	for i, tc := range []struct {
		epub []byte
		ok   bool
	}{{good.Bytes(), true}, {bad.Bytes(), false}, {good.Bytes(), true}, {[]byte("not a zip"), false}, {good.Bytes(), true}} {
		err := verify.CheckEPUB(tc.epub)
		if (err == nil) != tc.ok {
			t.Errorf("book %d: %v, want ok %v", i, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "ERROR") && !strings.Contains(err.Error(), "FATAL") {
			t.Errorf("book %d: the error does not carry epubcheck's report: %v", i, err)
		}
	}
}
