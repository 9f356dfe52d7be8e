package render

import (
	"reflect"
	"testing"
)

// TestBreaks: each page is marked before the first title or block that
// begins on it; a page no block begins on (a long paragraph runs over it)
// before the block it falls in; the contents pages before the first
// chapter nowhere.
func TestBreaks(t *testing.T) {
	m := &PageMap{Pages: 7, Chapters: []ChapterPages{
		{Head: 2, Blocks: []int{2, 2, 3, 5}}, // block 2 runs from page 3 over page 4
		{Head: 6, Blocks: []int{6, 0, 7}},
	}}
	want := map[Break][]int{
		{0, -1}: {2}, {0, 2}: {3, 4}, {0, 3}: {5},
		{1, -1}: {6}, {1, 2}: {7},
	}
	if got := m.Breaks(); !reflect.DeepEqual(got, want) {
		t.Errorf("Breaks() = %v, want %v", got, want)
	}
}
