package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/testbook"
)

func TestForeignRuns(t *testing.T) {
	for _, tc := range []struct {
		sc   Script
		in   string
		want string // runs as text|lang, separated by " / "
	}{
		{Zh, "中文的句子，没有别的语言。", "中文的句子，没有别的语言。|"},
		{Zh, "GDP 增长了 5%。", "GDP 增长了 5%。|"},
		{Zh, "他在东京说：「ありがとうございます」。", "他在东京说：「| / ありがとうございます|ja / 」。|"},
		{Zh, "韩国人说 안녕하세요 세계 然后走了", "韩国人说 | / 안녕하세요 세계|ko /  然后走了|"},
		{Ja, "日本語の文章です。漢字も仮名も。", "日本語の文章です。漢字も仮名も。|"},
		{Latin, "The word 你好 means hello, and 謝謝 thanks.", "The word | / 你好|zh-Hant /  means hello, and | / 謝謝|zh-Hant /  thanks.|"},
		{Latin, "Tokyo (東京) is ラーメン country.", "Tokyo (| / 東京|zh-Hant / ) is | / ラーメン|ja /  country.|"},
		{Ko, "한국어 문장에 漢字가 있다.", "한국어 문장에 漢字가 있다.|"},
		{Ko, "일본어로 ありがとう라고", "일본어로 | / ありがとう|ja / 라고|"},
		{Latin, "", ""},
	} {
		var got []string
		for _, r := range ForeignRuns(tc.in, tc.sc, "zh-Hant") {
			got = append(got, fmt.Sprintf("%s|%s", r.Text, r.Lang))
		}
		if g := strings.Join(got, " / "); g != tc.want {
			t.Errorf("%s %q:\n got %q\nwant %q", tc.sc, tc.in, g, tc.want)
		}
	}
}

// ForeignRuns' shortcut for text without kana or Hangul gives what the
// word-by-word walk gives, in every script's chapters.
func TestForeignRunsShortcut(t *testing.T) {
	texts := append(testbook.Sample(t).Texts(), "", "门上写着「ようこそ12号」", "한국어 텍스트와 漢字", "Latin words 和汉字 mixed", "ｶﾀｶﾅ and ㄱ jamo", "𠀀𪜶 astral ideographs")
	for _, sc := range []Script{Zh, Ja, Ko, Latin} {
		for _, s := range texts {
			if got, want := ForeignRuns(s, sc, "zh-Hans"), wordRuns(s, sc, "zh-Hans"); !slices.Equal(got, want) {
				t.Errorf("%s %q: %q, word by word %q", sc, s, got, want)
			}
		}
	}
}
