package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/pkg/book"
)

// body is running text: paragraphs the cleanup must keep.
const (
	bodyZh1 = "1月3日至4日，全国网信办主任会议在京召开。会议深入学习贯彻习近平新时代中国特色社会主义思想，回顾总结2024年网络安全和信息化工作，研究部署2025年工作。"
	bodyZh2 = "会议指出，2024年是新中国成立75周年，网信系统坚持以人民为中心的发展思想，网络空间更加清朗，数字经济持续健康发展，网络安全保障能力不断提升。"
	bodyZh3 = "会议强调，要坚持正确政治方向，扎实做好网络安全和信息化各项工作，为推进中国式现代化提供坚实支撑，以新气象新作为推动网信事业高质量发展。"
	bodyEn  = "The committee met on Tuesday to discuss the budget, and its members agreed that the plan needed more work before it could go to a vote in the spring."
)

func extract(t *testing.T, page string) *book.Article {
	t.Helper()
	a, err := FromHTML(strings.NewReader(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestCleanupRemoves: boilerplate of real Chinese news pages goes, and
// every body paragraph stays.
func TestCleanupRemoves(t *testing.T) {
	tests := []struct {
		name   string
		before string // inside the article, before the body
		after  string // inside the article, after the body
		gone   []string
	}{
		{"editor and share", `<p>分享到：</p>`, `<p>[责任编辑:肖春芳]</p><p>转播到腾讯微博</p>`, []string{"责任编辑", "分享到", "转播到腾讯微博"}},
		{"pager and sohu", ``, `<p>第1页/共1页 上一页 | 下一页</p><p>返回搜狐，查看更多</p>`, []string{"上一页", "返回搜狐"}},
		{"copyright", ``, `<p>【美国The Next Web作品的中文相关权益归腾讯公司独家所有。未经授权，不得转载、摘编等。】</p><p>版权所有 © 2025 某某网 京ICP备12345678号</p>`, []string{"未经授权", "版权所有"}},
		{"reader counter", ``, `<p>您是本文第154个阅览者</p>`, []string{"阅览者"}},
		{"related list with dates", ``, `<h3>相关阅读</h3><ul><li><a href="/a">网信办召开会议 部署清朗行动</a> 2025-01-02</li><li><a href="/b">网络安全宣传周开幕</a> 2025-01-01</li><li><a href="/c">数字经济发展报告发布</a> 2024-12-30</li></ul>`, []string{"相关阅读", "清朗行动", "宣传周"}},
		{"ranking without heading", ``, `<ul><li><a href="/a">网信办召开会议</a><span>01-02</span></li><li><a href="/b">网络安全宣传周开幕</a><span>01-01</span></li><li><a href="/c">数字经济报告</a><span>12-30</span></li></ul>`, []string{"网信办召开会议", "宣传周"}},
		{"app recommendations", ``, `<div><p>APP精彩推荐</p><p><a href="/x">一图读懂网络强国建设</a></p><p><a href="/y">视频｜网信这一年</a></p></div>`, []string{"APP精彩推荐", "一图读懂", "网信这一年"}},
		{"trailing link paragraphs", ``, `<p><a href="/1">上一篇：网络安全法解读</a></p><p><a href="/2">下一篇：数据安全法解读</a></p>`, []string{"上一篇", "下一篇"}},
		{"calendar", ``, `<table><tr><th>日</th><th>一</th><th>二</th><th>三</th><th>四</th><th>五</th><th>六</th></tr><tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>7</td></tr><tr><td>8</td><td>9</td><td>10</td><td>11</td><td>12</td><td>13</td><td>14</td></tr></table>`, []string{"14"}},
		{"english furniture", ``, `<p>Continue reading the main story</p><h2>What's Next</h2>`, []string{"Continue reading", "What's Next"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html lang="zh"><head><title>全国网信办主任会议在京召开_新闻中心</title></head><body><div class="article"><h1>全国网信办主任会议在京召开</h1>` +
				tt.before + "<p>" + bodyZh1 + "</p><p>" + bodyZh2 + "</p><p>" + bodyZh3 + "</p>" + tt.after + "</div></body></html>"
			a := extract(t, page)
			text := strings.Join(a.Texts(), "\n")
			for _, want := range []string{bodyZh1, bodyZh2, bodyZh3} {
				if !strings.Contains(text, want) {
					t.Errorf("body paragraph lost: %.20s…", want)
				}
			}
			for _, g := range tt.gone {
				if strings.Contains(text, g) {
					t.Errorf("%q kept:\n%s", g, text)
				}
			}
		})
	}
}

// TestCleanupKeeps: content that looks like boilerplate in part is kept:
// lists of points, a list of links inside the text, paragraphs that
// mention editors, copyright or sharing, a closing image, an interview.
func TestCleanupKeeps(t *testing.T) {
	tests := []struct {
		name, html string
		keep       []string
	}{
		{"content list", `<p>` + bodyZh1 + `</p><ul><li>加强网络内容建设</li><li>强化网络安全保障</li><li>推进数字中国建设</li></ul><p>` + bodyZh2 + `</p>`, []string{"加强网络内容建设", "推进数字中国建设"}},
		{"closing list of points", `<p>` + bodyZh1 + `</p><p>` + bodyZh2 + `</p><p>会议部署了三项任务：</p><ol><li>加强网络内容建设</li><li>强化网络安全保障</li><li>推进数字中国建设</li></ol>`, []string{"会议部署了三项任务", "强化网络安全保障"}},
		{"links in the text", `<p>` + bodyEn + `</p><p>Further documents:</p><ul><li><a href="/a">The budget proposal</a></li><li><a href="/b">The committee's minutes</a></li></ul><p>` + bodyEn + ` Then it adjourned.</p>`, []string{"The budget proposal", "The committee's minutes"}},
		{"paragraphs that mention boilerplate words", `<p>` + bodyZh1 + `</p><p>责任编辑是新闻编辑部的核心岗位，他说，版权所有者的利益必须得到保护，未经授权不得转载的规定要落实到每一家网站。</p><p>分享到朋友圈的内容也要遵守规定，会议要求各平台加强管理，切实履行主体责任，维护网络秩序。</p>`, []string{"责任编辑是新闻编辑部", "分享到朋友圈的内容"}},
		{"interview", `<p>` + bodyZh1 + `</p><p>记者：您怎么看今年的工作重点？</p><p>庄荣文：要坚持正确政治方向，扎实做好网络安全和信息化各项工作，推动高质量发展。</p>`, []string{"记者：您怎么看今年的工作重点？"}},
		{"table of data", `<p>` + bodyZh1 + `</p><table><tr><th>年份</th><th>网民规模</th></tr><tr><td>2023</td><td>10.92亿</td></tr><tr><td>2024</td><td>11.08亿</td></tr></table>`, []string{"网民规模", "11.08亿"}},
		{"linked headline above the text", `<p><a href="https://lwn.example/a/1">A trademark battle in the community</a></p><p>` + bodyEn + `</p><p>` + bodyEn + ` And more.</p>`, []string{"A trademark battle in the community"}},
		{"short closing paragraph", `<p>` + bodyZh1 + `</p><p>` + bodyZh2 + `</p><p>会议还研究了其他事项。</p>`, []string{"会议还研究了其他事项。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := extract(t, `<html><head><title>会议</title></head><body><article><h1>会议</h1>`+tt.html+`</article></body></html>`)
			text := strings.Join(a.Texts(), "\n")
			for _, k := range tt.keep {
				if !strings.Contains(text, k) {
					t.Errorf("lost %q:\n%s", k, text)
				}
			}
		})
	}
}

// TestBylineLines: the line under a Chinese headline goes into the
// metadata, and out of the body.
func TestBylineLines(t *testing.T) {
	cst := chinaTime
	tests := []struct {
		line, byline, source string
		date                 time.Time
	}{
		{"2019-09-26 12:11 来源：证券时报网 作者：李在山", "李在山", "证券时报网", time.Date(2019, 9, 26, 12, 11, 0, 0, cst)},
		{"TNW中文站2016年10月14日07:17", "", "TNW中文站", time.Date(2016, 10, 14, 7, 17, 0, 0, cst)},
		{"发布时间：2025-01-04 10:20:30 | 来源：新华网 | 编辑：王晓", "王晓", "新华网", time.Date(2025, 1, 4, 10, 20, 30, 0, cst)},
		{"2025年01月04日 10:20　来源：人民网－人民日报　字号：大 中 小", "", "人民网－人民日报", time.Date(2025, 1, 4, 10, 20, 0, 0, cst)},
		{"本报记者 张三 李四", "张三 李四", "", time.Time{}},
		{"文/王五", "王五", "", time.Time{}},
		{"作者：赵六 来源：澎湃新闻 2025-01-04 08:00", "赵六", "澎湃新闻", time.Date(2025, 1, 4, 8, 0, 0, 0, cst)},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			a := extract(t, `<html lang="zh"><head><title>网信办会议</title></head><body><article><h1>网信办会议</h1><p>`+tt.line+`</p><p>`+bodyZh1+`</p><p>`+bodyZh2+`</p></article></body></html>`)
			if a.Byline != tt.byline || a.Source != tt.source || !a.Published.Equal(tt.date) {
				t.Errorf("byline %q source %q date %v, want %q %q %v", a.Byline, a.Source, a.Published, tt.byline, tt.source, tt.date)
			}
			if first := a.Texts()[0]; first != bodyZh1 {
				t.Errorf("first block %q", first)
			}
		})
	}
	// Sentences are never bylines.
	for _, s := range []string{
		bodyZh1,
		"新华社北京1月3日电（记者张三）1月3日至4日，全国网信办主任会议在京召开。",
		"记者：您怎么看今年的工作重点？",
		"作者：张三，系某大学新闻学院教授、博士生导师，长期研究网络传播",
		"2025年1月4日，会议在北京召开，来源：新华社的报道说会议很重要。",
	} {
		if bl, ok := parseByline(s); ok {
			t.Errorf("%q read as a byline: %+v", s, bl)
		}
	}
}

// TestTitleNotRepeated: the headline is the title, not the first block,
// whatever form the page repeats it in.
func TestTitleNotRepeated(t *testing.T) {
	for _, head := range []string{
		`<p>全国网信办主任会议在京召开</p>`,
		`<p><strong>全国网信办主任会议在京召开</strong></p>`,
		`<h2>全国网信办主任会议在京召开</h2>`,
		`<p>全国网信办主任会议在京召开 2025-01-04 10:20 来源：中国网信网</p>`,
		`<div>全国网信办主任会议在京召开</div><div>2025-01-04 10:20 来源：中国网信网</div>`,
	} {
		a := extract(t, `<html lang="zh"><head><title>全国网信办主任会议在京召开_新闻中心_中国网信网</title></head><body><div id="main">`+head+`<p>`+bodyZh1+`</p><p>`+bodyZh2+`</p></div></body></html>`)
		if a.Title != "全国网信办主任会议在京召开" {
			t.Errorf("%s: title %q", head, a.Title)
		}
		if first := a.Texts()[0]; first != bodyZh1 {
			t.Errorf("%s: first block %q", head, first)
		}
	}
	// A first paragraph that only begins with the title's words stays.
	a := extract(t, `<html><head><title>会议</title></head><body><article><p>会议在京召开，`+bodyZh1+`</p><p>`+bodyZh2+`</p></article></body></html>`)
	if !strings.HasPrefix(a.Texts()[0], "会议在京召开") {
		t.Errorf("first block %q", a.Texts()[0])
	}
}
