package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/pkg/book"
)

// A Discuz! thread: the first post is the article; the replies, the
// jammer strings and the edit note are not.
func TestDiscuzThread(t *testing.T) {
	post := func(id, author, date, body string) string {
		return `<div id="post_` + id + `"><table><tr><td class="pls"><div class="authi"><a class="xw1" href="home.php?uid=1">` + author + `</a></div></td><td class="plc"><div class="authi"><em id="authorposton` + id + `">发表于 ` + date + `</em> | <a href="#">只看该作者</a></div><div class="t_fsz"><table><tr><td class="t_f" id="postmessage_` + id + `">` + body + `</td></tr></table></div><div class="po"><a href="#">回复</a> <a href="#">举报</a></div></td></tr></table></div>`
	}
	page := `<html><head><title>旧硬盘怎么修 - 硬件 - 某论坛 - Powered by Discuz!</title></head><body><div id="postlist"><h1><span id="thread_subject">旧硬盘怎么修</span></h1>` +
		post("11", "楼主甲", "2021-3-4 10:20:30", `<i class="pstatus"> 本帖最后由 楼主甲 于 2021-3-4 11:00 编辑 </i><br />`+bodyZh1+`<font class="jammer">7 Z, X# ]+ f+ h8</font><br />`+bodyZh2+`<br />`+bodyZh3) +
		post("12", "路人乙", "2021-3-4 12:00:00", "同意楼主的看法，硬盘的问题确实很多，我也遇到过好几次这样的情况，最后只好换了一块新的硬盘才解决。") +
		post("13", "路人丙", "2021-3-5 08:00:00", "顶一下，收藏了，感谢楼主分享这么详细的经验，以后遇到问题就知道该怎么处理了，非常有用的帖子。") +
		`</div></body></html>`
	a := extract(t, page)
	text := strings.Join(a.Texts(), "\n")
	for _, want := range []string{bodyZh1, bodyZh2, bodyZh3} {
		if !strings.Contains(text, want) {
			t.Errorf("first post lost %.20s…", want)
		}
	}
	for _, gone := range []string{"同意楼主", "顶一下", "7 Z, X#", "本帖最后由"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q kept", gone)
		}
	}
	if a.Title != "旧硬盘怎么修" || a.Byline != "楼主甲" || !a.Published.Equal(time.Date(2021, 3, 4, 10, 20, 30, 0, chinaTime)) {
		t.Errorf("title %q byline %q published %v", a.Title, a.Byline, a.Published)
	}
}

// A WeChat article hides its text until a script runs.
func TestWeChatArticle(t *testing.T) {
	page := `<html><head><meta property="og:title" content="会议"><meta name="author" content="张三"></head><body>
<h1 class="rich_media_title" id="activity-name"> 网信办会议在京召开 </h1>
<div id="meta_content"><a href="javascript:void(0);" id="js_name">网信中国</a></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;"><section><p>` + bodyZh1 + `</p><p><img data-src="https://mmbiz.qpic.cn/a.jpg?wx_fmt=jpeg" src="data:image/gif;base64,R0lGOD"></p><p>` + bodyZh2 + `</p></section></div>
<script>var nickname = "网信中国"; var ct = "1735957200";</script></body></html>`
	a := extract(t, page)
	if a.Title != "网信办会议在京召开" || a.SiteName != "网信中国" || a.Byline != "张三" || !a.Published.Equal(time.Unix(1735957200, 0)) {
		t.Errorf("title %q site %q byline %q published %v", a.Title, a.SiteName, a.Byline, a.Published)
	}
	texts := a.Texts()
	if len(texts) != 2 || texts[0] != bodyZh1 || texts[1] != bodyZh2 {
		t.Errorf("texts %q", texts)
	}
	var img *book.Image
	book.Walk(a.Blocks, func(b book.Block) {
		if i, ok := b.(*book.Image); ok {
			img = i
		}
	})
	if img == nil || img.Src != "https://mmbiz.qpic.cn/a.jpg?wx_fmt=jpeg" {
		t.Errorf("image %+v", img)
	}
}
