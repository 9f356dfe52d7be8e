package convert_test

import (
	"context"
	"fmt"

	"github.com/bookify/article2book/pkg/convert"
)

// A plain-text article converted to text: the options are checked before
// anything is read, and the result carries the book the formats share.
func ExampleConvert() {
	in := convert.Input{Name: "port.txt", Kind: convert.KindText, Data: []byte("Title: 港口日报\nDate: 2026-12-01\n\n上海港集装箱吞吐量再创新高。\n")}
	res, err := convert.Convert(context.Background(), []convert.Input{in}, convert.Options{Formats: convert.FormatList{convert.TXT}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Title(), res.Lang, res.Chars, res.PDF == nil, res.Book.Chapters[0].Published.Format("2006-01-02"))
	fmt.Print(string(res.Text))
	// Output:
	// 港口日报 zh 14 true 2026-12-01
	// 港口日报
	//
	// 上海港集装箱吞吐量再创新高。
}

// A job, from a .json file or an API request, checks its options as it is
// read; Apply lays them over the caller's defaults.
func ExampleParseJob() {
	j, err := convert.ParseJob([]byte(`{"url": "https://example.com/a", "options": {"page_size": "A5", "writing_mode": "vertical"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	opt := convert.Options{PageSize: "A4", Font: "song"}
	j.Apply(&opt)
	fmt.Println(opt.PageSize, opt.Font, opt.WritingMode)

	_, err = convert.ParseJob([]byte(`{"url": "https://example.com/a", "options": {"page_size": "B5"}}`))
	fmt.Println(err)
	// Output:
	// A5 song vertical
	// bad job: page size "B5" (want A4, A5, Letter or 6x9)
}
