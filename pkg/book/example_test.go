package book_test

import (
	"fmt"

	"github.com/bookify/article2book/pkg/book"
)

// An article is built from blocks; a book of one chapter holds it, and its
// walkers give the text every renderer must reproduce, in order.
func Example() {
	a := &book.Article{
		Title:  "港口日报",
		Byline: "记者 李明",
		Blocks: []book.Block{
			&book.Heading{Level: 2, Content: []book.Inline{{Text: "上海港"}}},
			&book.Paragraph{Content: []book.Inline{{Text: "集装箱吞吐量"}, {Text: "再创新高", Style: book.Bold}, {Text: "。"}}},
			&book.List{Ordered: true, Start: 1, Items: []book.ListItem{
				{Blocks: []book.Block{&book.Paragraph{Content: []book.Inline{{Text: "洋山港"}}}}},
			}},
		},
	}
	b := book.Single(a, "port-daily")
	fmt.Println(b.Title, b.Authors())
	fmt.Printf("%q\n", a.Texts())
	fmt.Print(a.PlainText())
	// Output:
	// 港口日报 [记者 李明]
	// ["上海港" "集装箱吞吐量再创新高。" "洋山港"]
	// 港口日报
	//
	// 上海港
	//
	// 集装箱吞吐量再创新高。
	//
	// 1. 洋山港
}

func ExampleWalk() {
	blocks := []book.Block{
		&book.Quote{Blocks: []book.Block{&book.Paragraph{}, &book.Code{Text: "x := 1"}}},
		&book.Rule{},
	}
	book.Walk(blocks, func(b book.Block) { fmt.Printf("%T\n", b) })
	// Output:
	// *book.Quote
	// *book.Paragraph
	// *book.Code
	// *book.Rule
}

func ExampleScriptTag() {
	fmt.Println(book.ScriptTag("zh", "这是简体中文的文章，说明这个问题。"))
	fmt.Println(book.ScriptTag("zh-TW", "這是繁體中文的文章，說明這個問題。"))
	fmt.Println(book.DetectLang("これは日本語の文章です。"))
	// Output:
	// zh-Hans
	// zh-Hant-TW
	// ja
}
