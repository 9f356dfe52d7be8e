package convert

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A job means one thing whoever reads it: no key twice, none in another
// case, no empty list standing for the defaults.
func TestParseJobStrict(t *testing.T) {
	for _, tc := range []struct {
		job, err string // err: "" for a job that parses
	}{
		{`{"text": "x"}`, ""},
		{`{"text": "x", "options": {"formats": ["txt"]}}`, ""},
		{`{"urls": ["https://example.com/"], "options": {"formats": ["pdf", "epub"]}}`, ""},
		// FuzzParseJob's crasher: [] became the defaults, then nil.
		{`{"text":"x","options":{"formats":[]}}`, `"formats" is empty`},
		{`{"text": "x", "options": {"formats": null}}`, `"formats" is empty`},
		{`{"text": "x", "urls": []}`, `"urls" is empty`},
		{`{"urls": []}`, `"urls" is empty`},
		{`{"text": "x", "text": "y"}`, `key "text" given twice`},
		{`{"text": "x", "options": {"font": "kai", "font": "song"}}`, `key "font" given twice`},
		{`{"TEXT": "x"}`, `unknown key "TEXT"`},
		{`{"TEXT": "x", "text": "y", "Text": "z"}`, `unknown key "TEXT"`},
		{`{"text": "x", "options": {"Formats": ["pdf"]}}`, `unknown key "Formats"`},
		{`{"text": "x", "ſince": "2026-01-01T00:00:00Z"}`, `unknown key`},
	} {
		_, err := ParseJob([]byte(tc.job))
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.job, err)
		case tc.err != "" && (!errors.Is(err, ErrBadJob) || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want ErrBadJob with %q", tc.job, err, tc.err)
		}
	}
}

// A .txt list of URLs is a book, bounded as a job's urls are.
func TestURLListLimit(t *testing.T) {
	list := func(n int) []byte {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "https://news.example/%d\n", i)
		}
		return []byte(b.String())
	}
	if ins, err := FileInputs("list.txt", list(MaxBookURLs), "", &Options{}); err != nil || len(ins) != MaxBookURLs {
		t.Errorf("%d URLs: %d inputs, %v", MaxBookURLs, len(ins), err)
	}
	if ins, err := FileInputs("list.txt", list(10000), "", &Options{}); !errors.Is(err, ErrBadJob) {
		t.Errorf("10,000 URLs: %d inputs, %v; want ErrBadJob", len(ins), err)
	}
}

// The book's character bound holds for the first chapter and a single
// article too.
func TestBookRunesFirstChapter(t *testing.T) {
	defer func(n int) { maxBookRunes = n }(maxBookRunes)
	maxBookRunes = 100
	long := "Title: 长文\n\n" + strings.Repeat("这是一段正文。\n", 30) // 210 characters
	_, err := Convert(context.Background(), []Input{{Name: "a.txt", Kind: KindText, Data: []byte(long)}}, Options{Formats: FormatList{"txt"}})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("one article of 210 characters, bound 100: %v, want ErrTooLarge", err)
	}
	short := "Title: 短文\n\n" + strings.Repeat("这是一段正文。\n", 5)
	res, err := Convert(context.Background(), []Input{{Name: "a.txt", Kind: KindText, Data: []byte(long)}, {Name: "b.txt", Kind: KindText, Data: []byte(short)}}, Options{Formats: FormatList{"txt"}})
	if err != nil || len(res.Book.Chapters) != 1 || !strings.Contains(strings.Join(res.Warnings, " "), "a.txt left out: the book is full") {
		t.Errorf("book of a long and a short chapter: %v; want the short one alone, the long one left out", err)
	}
}
