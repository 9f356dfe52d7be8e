package extract

import (
	"slices"
	"strings"
	"testing"
)

// Icon-font characters (private use) leave the article when it is read,
// counted; a paragraph of nothing but an icon goes with them.
func TestDropPrivateUse(t *testing.T) {
	page := `<html lang="zh"><head><title>图标</title></head><body><article>
<h1><i class="iconfont">&#xe601;</i> 新闻标题</h1>
<p><i class="iconfont">&#xe602;</i></p>
<p><span class="icon-clock">&#xe000;</span> 正文第一段，这里有足够的文字让提取器认出这是一篇文章。正文第一段，这里有足够的文字让提取器认出这是一篇文章。</p>
<p>正文的第三段<b>&#xf8ff;&#xf0001;</b>也有足够的文字，让提取器认出这是一篇文章。</p>
<ul><li>列表<i>&#xe603;</i>项</li></ul>
<table><tr><td>&#xe604;表格</td></tr></table>
<pre><code>code&#xe605;</code></pre>
<p>正文第二段，这里有足够的文字让提取器认出这是一篇文章。正文第二段，这里有足够的文字让提取器认出这是一篇文章。</p>
</article></body></html>`
	a, err := FromHTML(strings.NewReader(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	texts := a.Texts()
	if n := DropPrivateUse(a); n != 8 {
		t.Errorf("dropped %d private-use characters, want 8 (in %q)", n, texts)
	}
	got := a.Texts()
	for _, s := range append(got, a.Title) {
		if strings.ContainsFunc(s, isPrivateUse) {
			t.Errorf("private use left in %q", s)
		}
	}
	for _, want := range []string{"新闻标题", "正文第一段，这里有足够的文字让提取器认出这是一篇文章。正文第一段，这里有足够的文字让提取器认出这是一篇文章。", "列表项", "表格", "code"} {
		if !slices.Contains(got, want) {
			t.Errorf("texts %q lack %q", got, want)
		}
	}
	if slices.Contains(got, "") {
		t.Errorf("an empty block is left: %q", got)
	}
	if n := DropPrivateUse(a); n != 0 {
		t.Errorf("a second pass dropped %d", n)
	}
}
