package testbook

import "strings"

// LongText is an article in the plain-text format of about chars Han
// characters, in paragraphs of 200: a book that takes seconds to lay out
// and write (about 17 µs a character here), for tests of what stops a
// render.
func LongText(chars int) []byte {
	// 25 characters, 8 times a paragraph
	para := strings.Repeat("全国网信办主任会议在京召开，会议研究部署了今年的工作。", 8)
	var b strings.Builder
	b.WriteString("Title: 长文\n\n")
	for n := 0; n < chars; n += 200 {
		b.WriteString(para)
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}
