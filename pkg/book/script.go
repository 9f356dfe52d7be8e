package book

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/language"
)

// ScriptTag returns lang as a canonical BCP 47 tag, with the script added
// to a Chinese tag that has none when texts settle it: zh becomes zh-Hans
// or zh-Hant, and zh-TW zh-Hant-TW (the region stays, after the script as
// BCP 47 orders them). Readers pick a Chinese font by script, and a
// simplified text drawn with a traditional font (or the other way round)
// shows wrong glyph shapes. A tag that does not parse is returned trimmed
// but otherwise as it is: deciding a language is DetectLang's job.
func ScriptTag(lang string, texts ...string) string {
	lang = strings.TrimSpace(lang)
	tag, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	base, _ := tag.Base()
	if !IsChinese(base) {
		return tag.String()
	}
	if _, conf := tag.Script(); conf == language.Exact {
		return tag.String()
	}
	sc := chineseScript(texts)
	if sc == "" {
		return tag.String()
	}
	s := base.String() + "-" + sc
	if reg, conf := tag.Region(); conf == language.Exact {
		s += "-" + reg.String()
	}
	return s
}

// IsChinese reports whether base is a Chinese language, written in Han
// characters: Chinese itself and the Sinitic languages pages tag.
func IsChinese(base language.Base) bool {
	switch base.String() {
	case "zh", "yue", "wuu", "cmn":
		return true
	}
	return false
}

// chineseScript decides between simplified ("Hans") and traditional
// ("Hant") Chinese, or "" when the text does not tell. It counts distinct
// Han characters that GB 2312 (the simplified set) can encode and Big5 (the
// traditional one) cannot, and the other way round: characters shared by
// both scripts, the majority, say nothing.
func chineseScript(texts []string) string {
	seen := map[rune]bool{}
	gb := &repertoire{e: simplifiedchinese.HZGB2312.NewEncoder()}
	big5 := &repertoire{e: traditionalchinese.Big5.NewEncoder()}
	var hans, hant int
	read := 0
	for _, t := range texts {
		if read += len(t); read > langSample+len(t) {
			break // the start of a long text speaks for it, as in DetectLang
		}
		for _, r := range t {
			if seen[r] || !unicode.Is(unicode.Han, r) {
				continue
			}
			seen[r] = true
			inGB, inBig5 := gb.has(r), big5.has(r)
			switch {
			case inGB && !inBig5:
				hans++
			case !inGB && inBig5:
				hant++
			}
		}
	}
	// A few characters of the other script turn up in any text (names,
	// quotations, characters the encoders disagree on): ask for a clear
	// majority.
	switch {
	case hans >= 3 && hans > 3*hant:
		return "Hans"
	case hant >= 3 && hant > 3*hans:
		return "Hant"
	}
	return ""
}

// repertoire tells the characters an encoding can encode, with no
// allocation: the sample's few hundred characters through
// Encoder.String were a tenth of the time of its whole PDF.
type repertoire struct {
	e        *encoding.Encoder
	src, dst [16]byte
}

func (c *repertoire) has(r rune) bool {
	c.e.Reset()
	_, _, err := c.e.Transform(c.dst[:], utf8.AppendRune(c.src[:0], r), true)
	return err == nil
}
