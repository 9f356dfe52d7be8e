package epub

import (
	"github.com/bookify/article2book/internal/testbook"
	"net/url"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
)

// TestEPUBRealPages renders articles extracted from saved news pages, in
// the three scripts the converter targets, and checks each book with
// epubcheck and for the extracted text, in order.
func TestEPUBRealPages(t *testing.T) {
	for _, tc := range []struct {
		page, lang string
	}{
		{"gmw", "zh-Hans"},
		{"qq", "zh-Hans"},
		{"youth", "zh-Hans"},
		{"pixnet", "zh-Hant"},
		{"hukumusume", "ja"},
		{"wikipedia", "en"},
		{"bbc-1", "en"},
		{"nytimes-1", "en"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			t.Parallel()
			base, _ := url.Parse("https://example.com/" + tc.page + "/")
			a := testbook.Page(t, tc.page, base)
			texts := validXMLTexts(a)
			if n := len(strings.Join(texts, "")); n < 500 {
				t.Fatalf("only %d bytes of text extracted", n)
			}
			b := book.Single(a, "urn:test:"+tc.page)
			epub, info := renderEPUB(t, b, Options{EmbedFont: tc.lang != "en"})
			if !strings.HasPrefix(info.Lang, tc.lang) {
				t.Errorf("Lang = %q (article says %q), want %s", info.Lang, a.Lang, tc.lang)
			}
			verify.InOrder(t, tc.page, texts, verify.EPUBText(t, epub))
			t.Logf("%s: %d blocks, %d bytes of EPUB, font %d bytes, lang %s", tc.page, len(a.Blocks), len(epub), info.FontBytes, info.Lang)
		})
	}
}
