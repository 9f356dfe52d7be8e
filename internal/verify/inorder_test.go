package verify

import (
	"strings"
	"testing"
)

// The in-order comparison fails on each kind of wrong output, and passes
// what renderers rightly add: whitespace, line breaks, a running header
// and page number at a page break, a byline between paragraphs.
func TestInOrder(t *testing.T) {
	p1 := "全国网信办主任会议在京召开。会议深入学习贯彻新时代思想，回顾总结2024年网络安全和信息化工作。"
	p2 := "会议指出，2024年是新中国成立75周年。"
	p3 := "The third paragraph, in English, with a few words."
	want := []string{"标题", p1, p2, p3}
	tests := []struct {
		name string
		got  string
		ok   bool
	}{
		{"exact", "标题\n" + p1 + "\n" + p2 + "\n" + p3, true},
		{"lines broken, spaces", "标 题\n全国网信办主任会议\n在京召开。会议深入学习贯彻\n新时代思想，回顾总结2024年网络安全和信息化工作。\n\n" + p2 + "\n" + strings.ReplaceAll(p3, " ", "\n"), true},
		{"cover and meta around", "封面\n标题\n作者 2025-01-04\n" + p1 + "\n图：照片\n" + p2 + "\n" + p3 + "\n完", true},
		{"page break with header and number inside a paragraph", "标题\n" + "全国网信办主任会议在京召开。会议深入\n\f2\n标题\n学习贯彻新时代思想，回顾总结2024年网络安全和信息化工作。\n" + p2 + "\n" + p3, true},
		{"page number that looks like the text", "标题\n" + p1 + "\n会议指出，\n\f2\n标题\n2024年是新中国成立75周年。\n" + p3, true},
		{"a character dropped", "标题\n" + strings.Replace(p1, "召", "", 1) + "\n" + p2 + "\n" + p3, false},
		// The dropped character occurs later: a subsequence match found it.
		{"a character dropped, found downstream", "标题\n" + strings.Replace(p1, "京", "", 1) + "\n" + p2 + "\n" + p3 + "\n北京", false},
		{"a character inserted", "标题\n" + strings.Replace(p1, "在京", "在北京", 1) + "\n" + p2 + "\n" + p3, false},
		{"a word inserted", "标题\n" + p1 + "\n" + p2 + "\n" + strings.Replace(p3, "few", "very few", 1), false},
		{"a paragraph twice", "标题\n" + p1 + "\n" + p1 + "\n" + p2 + "\n" + p3, false},
		{"a paragraph repeated at the end", "标题\n" + p1 + "\n" + p2 + "\n" + p3 + "\n" + p1, false},
		{"paragraphs swapped", "标题\n" + p2 + "\n" + p1 + "\n" + p3, false},
		{"a paragraph missing", "标题\n" + p1 + "\n" + p3, false},
		{"text inserted between paragraphs", "标题\n" + p1 + "\n" + strings.Repeat("插入的文字", 50) + "\n" + p2 + "\n" + p3, false},
		{"dropped text at a page break", "标题\n" + "全国网信办主任会议在京召开。会议\n\f2\n标题\n学习贯彻新时代思想，回顾总结2024年网络安全和信息化工作。\n" + p2 + "\n" + p3, false},
		{"a page break's lines inside a paragraph without a break", "标题\n" + "全国网信办主任会议在京召开。会议深入\n2\n标题\n学习贯彻新时代思想，回顾总结2024年网络安全和信息化工作。\n" + p2 + "\n" + p3, false},
		{"truncated", "标题\n" + p1 + "\n" + p2 + "\n" + p3[:20], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := inOrder(want, tt.got)
			if (msg == "") != tt.ok {
				t.Errorf("inOrder = %q, want ok %v\n%s", msg, tt.ok, tt.got)
			}
		})
	}
}

// Marks wants each mark whole, in order.
func TestMarks(t *testing.T) {
	got := "第1篇报道\n第1篇第1段：港口。\n第2篇报道\n第2篇第1段：渔船。"
	for _, tt := range []struct {
		marks []string
		ok    bool
	}{
		{[]string{"第1篇报道", "第1篇第1段", "第2篇报道"}, true},
		{[]string{"第2篇报道", "第1篇报道"}, false},
		{[]string{"第1篇第2段"}, false}, // its characters are all there, apart
		{[]string{"第1篇报道", "第1篇报道"}, false},
	} {
		ft := &testing.T{}
		Marks(ft, "marks", tt.marks, got)
		if ft.Failed() == tt.ok {
			t.Errorf("Marks(%q) failed %v, want %v", tt.marks, ft.Failed(), !tt.ok)
		}
	}
}
