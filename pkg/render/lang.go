package render

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/bookify/article2book/pkg/book"
)

// langTag returns the BCP 47 tag to write for texts in the language tagged
// lang, Chinese with its script (book.ScriptTag). pkg/extract tags every
// article it makes; hand-built ones may come untagged, or badly tagged,
// and are then detected rather than written without a language.
func langTag(lang string, texts []string) string {
	if t, err := language.Parse(strings.TrimSpace(lang)); err != nil || t == language.Und {
		lang = book.DetectLang(strings.Join(texts, "\n"))
	}
	return book.ScriptTag(lang, texts...)
}

// bookLangs returns the language tags of b and of each of its chapters. A
// chapter without a Lang takes the book's; a book without one takes its
// first chapter's.
func bookLangs(b *book.Book) (book string, chapters []string) {
	var all []string
	for _, a := range b.Chapters {
		t := a.Sample() // all that langTag reads
		all = append(all, t...)
		lang := a.Lang
		if lang == "" {
			lang = b.Lang
		}
		chapters = append(chapters, langTag(lang, t))
	}
	// A one-chapter book in its chapter's language (book.Single) would
	// only repeat the chapter's script count over the same text.
	if len(chapters) > 0 && (b.Lang == "" || len(chapters) == 1 && b.Lang == b.Chapters[0].Lang) {
		return chapters[0], chapters
	}
	return langTag(b.Lang, all), chapters
}

// Script names a writing system as the renderers treat it: the class of
// an EPUB chapter's body, and the paragraph indent and date style of both
// formats.
type Script string

const (
	Zh    Script = "zh"
	Ja    Script = "ja"
	Ko    Script = "ko"
	Latin Script = "latin"
)

// CJK reports whether s is set on the em grid with first-line indents
// and no space between paragraphs: Chinese and Japanese.
func (s Script) CJK() bool { return s == Zh || s == Ja }

// ScriptOf returns the writing system of text tagged tag.
func ScriptOf(tag string) Script {
	t, err := language.Parse(tag)
	if err != nil {
		return Latin
	}
	base, _ := t.Base()
	switch {
	case book.IsChinese(base):
		return Zh
	case base.String() == "ja":
		return Ja
	case base.String() == "ko":
		return Ko
	}
	return Latin
}

// IsHant reports whether tag is Chinese written in Traditional characters:
// zh-Hant, or a region that writes them (zh-TW, zh-HK, zh-MO), as the
// likely script of the tag says; Cantonese (yue) too.
func IsHant(tag string) bool {
	if tag == "" {
		return false
	}
	t, err := language.Parse(tag)
	if err != nil {
		return false
	}
	base, _ := t.Base()
	if !book.IsChinese(base) {
		return false
	}
	s, _ := t.Script()
	return s.String() == "Hant"
}

// FormatDate writes a date the way the chapter's readers write dates.
// The zero time, an unknown date, is written as nothing.
func FormatDate(t time.Time, sc Script) string {
	if t.IsZero() {
		return ""
	}
	switch sc {
	case Zh, Ja:
		return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
	case Ko:
		return fmt.Sprintf("%d년 %d월 %d일", t.Year(), int(t.Month()), t.Day())
	}
	return t.Format("2 January 2006")
}

// HeaderSep joins the parts of an article's header line.
const HeaderSep = " · "

// HeaderPart is one part of the line under an article's title.
type HeaderPart struct {
	Text string
	Date bool // the publication date (the EPUB marks it up as <time>)
}

// Header is the line under an article's title, the same in the PDF and
// the EPUB: byline, site, the source when it is not the site, and the date,
// each once, joined by HeaderSep.
func Header(a *book.Article, sc Script) []HeaderPart {
	var parts []HeaderPart
	seen := map[string]bool{}
	for _, s := range []string{a.Byline, a.SiteName, a.Source} {
		if s = OneLine(s); s != "" && !seen[s] {
			seen[s] = true
			parts = append(parts, HeaderPart{Text: s})
		}
	}
	if d := FormatDate(a.Published, sc); d != "" {
		parts = append(parts, HeaderPart{Text: d, Date: true})
	}
	return parts
}

// MissingImage is the quiet line both renderers set where an image could
// not be had (its download failed, or it was not asked for): it says an
// image was there, in the chapter's language, with its description.
func MissingImage(alt, lang string) string {
	var note, sep string
	switch ScriptOf(lang) {
	case Zh:
		note, sep = "图片未能载入", "："
		if t, err := language.Parse(lang); err == nil {
			if s, _ := t.Script(); s.String() == "Hant" {
				note = "圖片未能載入"
			}
		}
	case Ja:
		note, sep = "画像を表示できません", "："
	case Ko:
		note, sep = "이미지를 표시할 수 없습니다", ": "
	default:
		note, sep = "Image not available", ": "
	}
	if alt = OneLine(alt); alt != "" {
		return note + sep + alt
	}
	return note
}

// HasHantRuns reports whether blocks, of a chapter in language chapter,
// hold a run the page tags as Traditional Chinese (RunLang): such runs
// are set in the Traditional face in a Simplified chapter too.
func HasHantRuns(blocks []book.Block, chapter string) bool {
	found := false
	hant := func(runs []book.Inline) {
		for _, r := range runs {
			if !found && r.Lang != "" && IsHant(RunLang(r, chapter)) {
				found = true
			}
		}
	}
	book.Walk(blocks, func(b book.Block) {
		switch x := b.(type) {
		case *book.Heading:
			hant(x.Content)
		case *book.Paragraph:
			hant(x.Content)
		case *book.Image:
			hant(x.Caption)
		case *book.Table:
			hant(x.Caption)
			for _, row := range x.Rows {
				for _, c := range row.Cells {
					hant(c.Content)
				}
			}
		}
	})
	return found
}
