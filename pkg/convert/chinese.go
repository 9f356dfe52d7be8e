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
//
// For Taiwan and Hong Kong (s2tw, s2twp, s2hk) the quotation marks “” ‘’
// become 「」 『』, as those regions write them, unless keepQuotes.
func convertChinese(b *book.Book, conv Conversion, keepQuotes bool) ([]string, error) {
	name := string(conv)
	oc, err := opencc.New(name)
	if err != nil {
		return nil, fmt.Errorf("conversion %s: %w", name, err)
	}
	var cc textConverter = oc
	if tag := conversionTags[name]; tag.region != "" && !keepQuotes {
		cc = cornerQuotes{oc}
	}
	tag := conversionTags[name]
	var warnings []string
	converted := 0
	for _, a := range b.Chapters {
		lang := a.Lang
		if lang == "" {
			lang = a.DetectLang()
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

// A textConverter rewrites a run of text.
type textConverter interface{ Convert(string) string }

// cornerQuotes converts with OpenCC, then turns “” into 「」 and ‘’ into
// 『』. A ’ with no ‘ open before it in the run is an apostrophe (don’t)
// and stays.
type cornerQuotes struct{ cc textConverter }

func (q cornerQuotes) Convert(s string) string {
	s = q.cc.Convert(s)
	if !strings.ContainsAny(s, "“”‘’") {
		return s
	}
	var b strings.Builder
	open := 0 // ‘ converted and not yet closed
	for _, r := range s {
		switch {
		case r == '“':
			r = '「'
		case r == '”':
			r = '」'
		case r == '‘':
			r, open = '『', open+1
		case r == '’' && open > 0:
			r, open = '』', open-1
		}
		b.WriteRune(r)
	}
	return b.String()
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

func convertArticle(cc textConverter, a *book.Article) {
	a.Title = cc.Convert(a.Title)
	a.Byline = cc.Convert(a.Byline)
	a.SiteName = cc.Convert(a.SiteName)
	a.Source = cc.Convert(a.Source)
	convertBlocks(cc, a.Blocks)
}

func convertBlocks(cc textConverter, blocks []book.Block) {
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
func convertInlines(cc textConverter, runs []book.Inline) {
	for i := range runs {
		if runs[i].Style&book.Mono == 0 {
			runs[i].Text = cc.Convert(runs[i].Text)
		}
	}
}
