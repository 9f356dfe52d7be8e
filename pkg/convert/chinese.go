package convert

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/bookify/article2book/internal/opencc"
	"github.com/bookify/article2book/pkg/book"
)

// conversionTags are the script and region a conversion's output is
// written in, for the language tags.
var conversionTags = map[string]struct{ script, region string }{
	"s2t":   {"Hant", ""},
	"s2tw":  {"Hant", "TW"},
	"s2twp": {"Hant", "TW"},
	"s2hk":  {"Hant", "HK"},
	"t2s":   {"Hans", ""},
	"tw2s":  {"Hans", ""},
}

// convertChinese rewrites the text of b's Chinese chapters by the OpenCC
// conversion name, in the model, so that the PDF, the EPUB and the text
// output agree: titles, bylines and credits, headings, paragraphs, list
// items, quotations, captions, alternative texts and table cells. Code,
// inline code, URLs and links stay as they are. The chapters' and the
// book's language tags take the conversion's script (and region). A
// chapter in another language is left as it is, with a warning.
func convertChinese(b *book.Book, conv Conversion) ([]string, error) {
	name := string(conv)
	cc, err := opencc.New(name)
	if err != nil {
		return nil, fmt.Errorf("conversion %s: %w", name, err)
	}
	tag := conversionTags[name]
	var warnings []string
	converted := 0
	for _, a := range b.Chapters {
		lang := a.Lang
		if lang == "" {
			lang = book.DetectLang(a.Title + "\n" + strings.Join(a.Texts(), "\n"))
		}
		base, ok := chineseBase(lang)
		if !ok {
			warnings = append(warnings, fmt.Sprintf("convert %s: %q is not Chinese (%s): left as it is", name, a.Title, lang))
			continue
		}
		convertArticle(cc, a)
		a.Lang = tagOf(base, tag.script, tag.region)
		converted++
	}
	if converted == 0 {
		return warnings, nil
	}
	b.Title = cc.Convert(b.Title)
	if base, ok := chineseBase(b.Lang); ok || b.Lang == "" {
		if !ok {
			base = "zh"
		}
		b.Lang = tagOf(base, tag.script, tag.region)
	}
	return warnings, nil
}

// chineseBase returns the base language of a Chinese tag (zh, yue, …).
func chineseBase(lang string) (string, bool) {
	t, err := language.Parse(strings.TrimSpace(lang))
	if err != nil {
		return "", false
	}
	base, _ := t.Base()
	return base.String(), book.IsChinese(base)
}

func tagOf(base, script, region string) string {
	if region != "" {
		return base + "-" + script + "-" + region
	}
	return base + "-" + script
}

func convertArticle(cc *opencc.Converter, a *book.Article) {
	a.Title = cc.Convert(a.Title)
	a.Byline = cc.Convert(a.Byline)
	a.SiteName = cc.Convert(a.SiteName)
	a.Source = cc.Convert(a.Source)
	convertBlocks(cc, a.Blocks)
}

func convertBlocks(cc *opencc.Converter, blocks []book.Block) {
	for _, blk := range blocks {
		switch b := blk.(type) {
		case *book.Heading:
			convertInlines(cc, b.Content)
		case *book.Paragraph:
			convertInlines(cc, b.Content)
		case *book.List:
			for _, it := range b.Items {
				convertBlocks(cc, it.Blocks)
			}
		case *book.Quote:
			convertBlocks(cc, b.Blocks)
		case *book.Image:
			b.Alt = cc.Convert(b.Alt)
			convertInlines(cc, b.Caption)
		case *book.Table:
			convertInlines(cc, b.Caption)
			for _, row := range b.Rows {
				for _, cell := range row.Cells {
					convertInlines(cc, cell.Content)
				}
			}
		case *book.Code, *book.Rule:
			// Program text is not prose: 后 in a string literal stays.
		}
	}
}

// convertInlines converts each run on its own (a phrase across a change of
// style is converted character by character); inline code is left alone.
func convertInlines(cc *opencc.Converter, runs []book.Inline) {
	for i := range runs {
		if runs[i].Style&book.Mono == 0 {
			runs[i].Text = cc.Convert(runs[i].Text)
		}
	}
}
