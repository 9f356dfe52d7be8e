package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkExtract extracts the sample article (plain text) and the
// largest saved pages: the cost of FromText and FromHTML, charset decoding
// included, without rendering.
func BenchmarkExtract(b *testing.B) {
	for _, name := range []string{"sample-zh.txt", "pages/youth/source.html", "pages/nytimes-1/source.html", "pages/gmw/source.html"} {
		raw, err := os.ReadFile(filepath.Join("../../testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		label := strings.TrimSuffix(strings.TrimPrefix(name, "pages/"), "/source.html")
		b.Run(label, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				var err error
				if strings.HasSuffix(name, ".txt") {
					_, err = FromText(strings.NewReader(string(raw)))
				} else {
					var src string
					if src, err = DecodeHTML(raw, ""); err == nil {
						_, err = FromHTML(strings.NewReader(src), nil)
					}
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
