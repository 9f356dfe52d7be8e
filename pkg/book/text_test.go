package book

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAllTextsAsTexts(t *testing.T) {
	a := &Article{Title: "T", Blocks: []Block{
		&Heading{Level: 2, Content: []Inline{{Text: "标题"}}},
		&Paragraph{Content: []Inline{{Text: "一段"}, {Text: "文字"}}},
		&Quote{Blocks: []Block{&Paragraph{Content: []Inline{{Text: "引文"}}}}},
		&List{Ordered: true, Items: []ListItem{{Blocks: []Block{&Paragraph{Content: []Inline{{Text: "第一"}}}}}}},
		&Code{Text: "x := 1"},
		&Table{Caption: []Inline{{Text: "表"}}, Rows: []TableRow{{Cells: []TableCell{{Content: []Inline{{Text: "格"}}}}}}},
	}}
	want := []string{"标题", "一段文字", "引文", "第一", "x := 1", "表", "格"}
	if got := a.Texts(); !slices.Equal(got, want) {
		t.Fatalf("Texts = %q, want %q", got, want)
	}
	if got := slices.Collect(a.AllTexts()); !slices.Equal(got, want) {
		t.Fatalf("AllTexts = %q, want %q", got, want)
	}
	n := 0
	for _, s := range want {
		n += utf8.RuneCountInString(s)
	}
	if got := a.Chars(); got != n {
		t.Errorf("Chars = %d, want %d", got, n)
	}
	// an iterator stopped early stops the walk
	var first []string
	for s := range a.AllTexts() {
		if first = append(first, s); len(first) == 3 {
			break
		}
	}
	if !slices.Equal(first, want[:3]) {
		t.Errorf("first three = %q", first)
	}
}

// Sample holds what DetectLang and ScriptTag read of a long article, and
// judges it as its whole text does.
func TestSample(t *testing.T) {
	para := strings.Repeat("漢字與繁體", 2000) // 30,000 bytes
	var blocks []Block
	for range 40 {
		blocks = append(blocks, &Paragraph{Content: []Inline{{Text: para}}})
	}
	a := &Article{Title: "標題", Blocks: blocks}
	s := a.Sample()
	read := 0
	for _, x := range s[:len(s)-1] {
		read += len(x)
	}
	if read > langSample || read+len(s[len(s)-1]) <= langSample {
		t.Errorf("Sample holds %d texts; the bytes before the last, %d, should be at most %d and the last should pass it", len(s), read, langSample)
	}
	all := append([]string{a.Title}, a.Texts()...)
	if got, want := ScriptTag("zh", s...), ScriptTag("zh", all...); got != want {
		t.Errorf("ScriptTag of the sample %q, of the whole %q", got, want)
	}
	if got, want := DetectLang(strings.Join(s, "\n")), DetectLang(strings.Join(all, "\n")); got != want {
		t.Errorf("DetectLang of the sample %q, of the whole %q", got, want)
	}
}
