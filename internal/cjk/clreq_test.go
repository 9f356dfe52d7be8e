package cjk

import "testing"

// The line-start and line-end prohibitions of clreq's basic level (W3C
// "Requirements for Chinese Text Layout", 3.1.7), written here from its
// text and not from this package's sets, so that a character dropped from
// or misfiled in them fails.
var clreq = struct{ noStart, noEnd, free string }{
	// Pause and stop marks (顿号、逗号、句号、点号、冒号、分号、叹号、
	// 问号), closing quotation marks and brackets, and the interpuncts
	// (间隔号) may not start a line.
	noStart: "、，。．：；！？" + "”’」』" + "）］｝〕〉》】〗" + "·・‧",
	// Opening quotation marks and brackets may not end a line.
	noEnd: "“‘「『" + "（［｛〔〈《【〖",
	// Ideographs and letters may start and end a line.
	free: "中文字国A1",
}

func TestClreqProhibitions(t *testing.T) {
	for _, r := range clreq.noStart {
		if !NoStart(r) || NoEnd(r) {
			t.Errorf("%q: NoStart %v, NoEnd %v; clreq: may not start a line, may end one", r, NoStart(r), NoEnd(r))
		}
	}
	for _, r := range clreq.noEnd {
		if !NoEnd(r) || NoStart(r) {
			t.Errorf("%q: NoEnd %v, NoStart %v; clreq: may not end a line, may start one", r, NoEnd(r), NoStart(r))
		}
	}
	for _, r := range clreq.free {
		if NoStart(r) || NoEnd(r) {
			t.Errorf("%q: NoStart %v, NoEnd %v; clreq: free", r, NoStart(r), NoEnd(r))
		}
	}
}
