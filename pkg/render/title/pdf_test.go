package title_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/pdf"
)

// TestPDFTitles: the PDF's chapter titles and a book's title on its
// contents page are set by Lines, read back from the PDF with pdftotext
// -layout: between words, balanced.
func TestPDFTitles(t *testing.T) {
	a := testbook.Sample(t)
	b := *a
	b.Title = "视频丨李克强同志遗体在京火化 习近平等到八宝山革命公墓送别"
	c := *a
	c.Title = "国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见"
	bk := book.Single(&b, "urn:test:titles")
	bk.Chapters = append(bk.Chapters, &c)
	bk.Title = "全国网信办主任会议在京召开暨网络安全和信息化工作座谈会纪要汇编"
	var buf bytes.Buffer
	if _, err := pdf.Write(&buf, render.Prepare(bk), pdf.Options{PageSize: "A5"}); err != nil {
		t.Fatal(err)
	}
	lines := verify.PDFLines(t, buf.Bytes())
	for _, want := range [][]string{
		// The book's title on its contents page.
		{"全国网信办主任会议在京", "召开暨网络安全和信息化", "工作座谈会纪要汇编"},
		// Its entries, the page number after the last line.
		{"视频丨李克强同志遗体在京火化", "习近平等到八宝山革命公墓送别 2"},
		{"国务院办公厅关于进一步优化营商环境", "降低市场主体制度性交易成本的意见 5"},
		// Chapter 1's title on its first page. Before: …在京火化 习近
		// 平等到八宝山 / 革命公墓送别
		{"视频丨李克强同志遗体在京火化", "习近平等到八宝山革命公墓送别", "http://www.12377.cn/wxxx/2025/b1f4b16e_web.html"},
	} {
		if !follow(lines, want) {
			t.Errorf("title lines %q not in the PDF:\n%s", want, strings.Join(lines[:min(len(lines), 40)], "\n"))
		}
	}
}

// follow reports whether want are consecutive lines of lines, spaces
// between words squeezed to one.
func follow(lines, want []string) bool {
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for i := range lines {
		ok := i+len(want) <= len(lines)
		for k := 0; ok && k < len(want); k++ {
			ok = squeeze(lines[i+k]) == want[k]
		}
		if ok {
			return true
		}
	}
	return false
}
