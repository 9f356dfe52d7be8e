package words

import (
	"strings"
	"testing"
)

// show writes text with "|" at its Word breaks and "¦" at its Weak ones.
func show(t *testing.T, lang, text string) string {
	t.Helper()
	rs := []rune(text)
	bs, err := Breaks(lang, rs)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, r := range rs {
		switch bs[i] {
		case Word:
			b.WriteString("|")
		case Weak:
			b.WriteString("¦")
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestBreaks(t *testing.T) {
	for _, c := range []struct{ lang, text, want string }{
		// 网信办, unknown to the dictionary, stays whole; so does 在京,
		// two words of one character.
		{"zh", "全国网信办主任会议在京召开", "全国|网信办|主任|会议|在京|召开"},
		{"zh", "习近平在中央政治局第十次集体学习时强调", "习近平|在|中央政治局|第十次|集体|学习|时|强调"},
		{"zh", "《中华人民共和国数据安全法》正式施行", "《|中华人民共和国|数据¦安全法|》|正式|施行"},
		// Traditional through its Simplified characters.
		{"zh-TW", "行政院會通過明年度總預算案", "行政院|會|通過|明¦年度|總|預算案"},
		// Latin between Han: every position is the line breaker's.
		{"zh", "发布GPT模型", "发布|G|P|T|模型"},
		// Japanese by BudouX's phrases.
		{"ja", "東京都、新型コロナの感染者数を発表", "東京都、|新型コロナの|感染者数を|発表"},
		{"", "今日はいい天気です", "今日は|いい天気です"},
		// Thai and Khmer between words, as ICU (Intl.Segmenter) cuts them;
		// Latin beside them is the line breaker's.
		{"th", "ภาษาไทยเป็นภาษาที่สวยงามมาก", "ภาษา|ไทย|เป็น|ภาษา|ที่|สวยงาม|มาก"},
		{"km", "ព្រះរាជាណាចក្រកម្ពុជា AB", "ព្រះរាជាណាចក្រ|កម្ពុជា| |A|B"},
	} {
		if got := show(t, c.lang, c.text); got != c.want {
			t.Errorf("Breaks(%q, %q) = %s, want %s", c.lang, c.text, got, c.want)
		}
	}
}

// What BudouX's own parser (budoux 0.9.2, dist/parser.js, under Node)
// gives with the same model.
func TestBudouXJapanese(t *testing.T) {
	m, err := japanese()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"今日は|天気です。",
		"今日は|いい天気です",
		"東京都、|新型コロナの|感染者数を|発表",
		"日本銀行が|金融政策決定会合で|利上げを|決定",
		"政府、|来年度予算案を|閣議決定",
	} {
		rs := []rune(strings.ReplaceAll(want, "|", ""))
		b := m.boundaries(rs)
		var got strings.Builder
		for i, r := range rs {
			if b[i] {
				got.WriteString("|")
			}
			got.WriteRune(r)
		}
		if got.String() != want {
			t.Errorf("got %s, want %s", got.String(), want)
		}
	}
}
