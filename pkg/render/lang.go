package render

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/bookify/article2book/pkg/article"
)

// langTag returns the BCP 47 tag to write for texts in the language tagged
// lang, Chinese with its script (article.ScriptTag). pkg/article tags every
// article it makes; hand-built ones may come untagged, or badly tagged,
// and are then detected rather than written without a language.
func langTag(lang string, texts []string) string {
	if t, err := language.Parse(strings.TrimSpace(lang)); err != nil || t == language.Und {
		lang = article.DetectLang(strings.Join(texts, "\n"))
	}
	return article.ScriptTag(lang, texts...)
}

// bookLangs returns the language tags of b and of each of its chapters. A
// chapter without a Lang takes the book's; a book without one takes its
// first chapter's.
func bookLangs(b *article.Book) (book string, chapters []string) {
	var all []string
	for _, a := range b.Chapters {
		t := append([]string{a.Title}, a.Texts()...)
		all = append(all, t...)
		lang := a.Lang
		if lang == "" {
			lang = b.Lang
		}
		chapters = append(chapters, langTag(lang, t))
	}
	if b.Lang == "" && len(chapters) > 0 {
		return chapters[0], chapters
	}
	return langTag(b.Lang, all), chapters
}

// epubScript names a writing system as the stylesheet treats it: the class
// of a chapter's body.
type epubScript string

const (
	epubZh    epubScript = "zh"
	epubJa    epubScript = "ja"
	epubKo    epubScript = "ko"
	epubLatin epubScript = "latin"
)

// scriptClass returns how the stylesheet treats text tagged tag.
func scriptClass(tag string) epubScript {
	t, err := language.Parse(tag)
	if err != nil {
		return epubLatin
	}
	base, _ := t.Base()
	switch base.String() {
	case "ja":
		return epubJa
	case "ko":
		return epubKo
	case "zh", "yue", "wuu", "cmn":
		return epubZh
	}
	return epubLatin
}
