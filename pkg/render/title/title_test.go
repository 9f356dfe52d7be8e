package title

import (
	"context"
	"strings"
	"testing"

	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// set lays out title as the cover does: bold, at size, in a measure of
// width, and returns its lines' text joined by " / ".
func set(t *testing.T, f face.ID, title, lang string, size, width float64) string {
	t.Helper()
	fs := face.Set{Body: f}
	st := &inline.Style{Face: inline.Face(f), Size: size, Lang: lang}
	gs, err := inline.Shape(context.Background(), []inline.Span{{Text: title, Style: st}}, &fs)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := Lines(context.Background(), gs, inline.Params{Width: width, Em: size}, lang)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ln := range lines {
		if ln.Width > width+1e-6 {
			t.Errorf("%q: line %q is %.1f wide, past the measure %.1f", title, ln.Text, ln.Width, width)
		}
		out = append(out, ln.Text)
	}
	return strings.Join(out, " / ")
}

func TestLines(t *testing.T) {
	if err := face.Load(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		title, lang string
		ems         float64 // the measure, in ems of the title's size
		want        string
	}{
		// The cover's measure: 940 pixels at 112 (8.4 em, eight
		// ideographs). Before, 全国网信办主任会 / 议在京召开: a full line and
		// a stub, 会议 broken.
		{"全国网信办主任会议在京召开", "zh", 8.4, "全国网信办主任 / 会议在京召开"},
		{"习近平在中央政治局第十次集体学习时强调", "zh", 8.4, "习近平在 / 中央政治局第十次 / 集体学习时强调"},
		{"国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见", "zh", 11.75, "国务院办公厅关于 / 进一步优化营商环境 / 降低市场主体制度性 / 交易成本的意见"},
		{"《中华人民共和国数据安全法》正式施行", "zh", 8.4, "《中华人民共和国 / 数据安全法》 / 正式施行"},
		// The PDF's chapter title: 22 ems of its size on A5.
		{"全国网信办主任会议在京召开", "zh", 22, "全国网信办主任会议在京召开"},
		{"行政院會通過明年度總預算案", "zh-TW", 8.4, "行政院會通過 / 明年度總預算案"},
		// Not 行政院會通過明 / 年度總預算案: 明|年度 is a weak break, 明年 a
		// word too.
		{"香港特區政府公布新一份施政報告", "zh-HK", 8.4, "香港特區政府公布 / 新一份施政報告"},
		{"東京都、新型コロナの感染者数を発表", "ja", 8.4, "東京都、 / 新型コロナの / 感染者数を発表"},
		{"政府、来年度予算案を閣議決定", "ja", 8.4, "政府、 / 来年度予算案を / 閣議決定"},
		{"日本銀行が金融政策決定会合で利上げを決定", "ja", 8.4, "日本銀行が金融 / 政策決定会合で / 利上げを決定"},
		{"A Long English Title About Typesetting Chinese and Japanese Books", "en", 8.4, "A Long English / Title About / Typesetting / Chinese and / Japanese Books"},
		{"OpenAI发布新一代大语言模型GPT-5", "zh", 8.4, "OpenAI发布 / 新一代大语言 / 模型GPT-5"},
		// Words wider than the measure break inside, in the fewest
		// lines, and as few as those allow (two here): 国务院 and 新闻办公室 whole
		// would take five.
		{"中华人民共和国国务院新闻办公室", "zh", 4.2, "中华人民 / 共和国 / 国务院新 / 闻办公室"},
		{"中华人民共和国外交部", "zh", 4.2, "中华人民 / 共和国 / 外交部"},
	} {
		got := set(t, face.KaiBold, c.title, c.lang, 112, c.ems*112)
		if got != c.want {
			t.Errorf("%q (%s, %.1f em):\n got %s\nwant %s", c.title, c.lang, c.ems, got, c.want)
		}
	}
}
