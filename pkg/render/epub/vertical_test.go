package epub

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/ttf"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
)

// TestEPUBVertical: a vertical book passes epubcheck (renderEPUB), turns
// its pages right to left, sets its chapters (not its cover or
// navigation) vertical-rl in the three spellings, and stands short
// numbers upright in one cell, as the PDF does, keeping every character.
func TestEPUBVertical(t *testing.T) {
	a := testbook.Sample(t)
	a.Blocks = append(a.Blocks, &book.Paragraph{Content: []book.Inline{
		{Text: "第8届会议的75名代表中有123位来自海外，1234人、3.14、50%与 Go 1.26 都不并排；"},
		{Text: "代码 12 不变", Style: book.Mono},
		{Text: "。"},
	}})
	b := book.Single(a, "v")
	epub, _ := renderEPUB(t, b, Options{Vertical: true})
	files := zipFiles(t, epub)
	opf := string(files["OEBPS/content.opf"])
	if !strings.Contains(opf, `<spine toc="ncx" page-progression-direction="rtl">`) {
		t.Errorf("spine without page-progression-direction rtl:\n%s", opf)
	}
	if !strings.Contains(opf, `<meta name="primary-writing-mode" content="vertical-rl"/>`) {
		t.Error("no primary-writing-mode for Kindle")
	}
	css := string(files["OEBPS/styles/book.css"])
	for _, p := range []string{"-epub-writing-mode: vertical-rl;", "-webkit-writing-mode: vertical-rl;", "\n  writing-mode: vertical-rl;", "text-combine-upright: all;", "-epub-text-combine: horizontal;"} {
		if !strings.Contains(css, p) {
			t.Errorf("stylesheet lacks %q", p)
		}
	}
	ch := string(files["OEBPS/text/ch001.xhtml"])
	if !strings.Contains(ch, `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" class="vertical" lang=`) {
		t.Errorf("chapter is not vertical:\n%.300s", ch)
	}
	for _, name := range []string{"OEBPS/cover.xhtml", "OEBPS/nav.xhtml"} {
		if strings.Contains(string(files[name]), `class="vertical"`) {
			t.Errorf("%s is vertical; it stays upright", name)
		}
	}
	var tcy []string
	for _, m := range regexp.MustCompile(`<span class="tcy">([^<]*)</span>`).FindAllStringSubmatch(ch, -1) {
		tcy = append(tcy, m[1])
	}
	if got, want := strings.Join(tcy, " "), "1 3 4 75 10 30 8 8 75 123"; got != want {
		t.Errorf("upright numbers %q, want %q", got, want)
	}
	if !strings.Contains(ch, "<code>代码 12 不变</code>") {
		t.Error("inline code changed")
	}
	verify.InOrder(t, "epub", append([]string{a.Title}, a.Texts()...), verify.EPUBText(t, epub))

	// Horizontal books have none of it.
	epub, _ = renderEPUB(t, b, Options{})
	files = zipFiles(t, epub)
	if strings.Contains(string(files["OEBPS/content.opf"]), "page-progression-direction") || strings.Contains(string(files["OEBPS/content.opf"]), "writing-mode") || strings.Contains(string(files["OEBPS/styles/book.css"]), "vertical-rl") ||
		strings.Contains(string(files["OEBPS/text/ch001.xhtml"]), "tcy") {
		t.Error("a horizontal book has vertical properties")
	}
}

// An embedded font of a vertical book keeps the vertical forms, and the
// GSUB vert feature that reaches them, of the marks the book uses.
func TestEPUBVerticalEmbedFont(t *testing.T) {
	b := book.Single(testbook.Sample(t), "v")
	epub, _ := renderEPUB(t, b, Options{Vertical: true, EmbedFont: true})
	sub, err := ttf.Parse(zipFiles(t, epub)["OEBPS/fonts/kai-subset.ttf"])
	if err != nil {
		t.Fatal(err)
	}
	cmap, err := sub.Cmap()
	if err != nil {
		t.Fatal(err)
	}
	vert, err := sub.SingleSubst("vert", "hani")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "，。、“”" {
		if alt, ok := vert[cmap.Glyph(r)]; !ok || len(sub.Glyph(int(alt))) == 0 {
			t.Errorf("%c: no vertical form in the embedded font", r)
		}
	}
}
