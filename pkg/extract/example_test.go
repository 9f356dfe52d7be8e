package extract_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing/fstest"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
)

const examplePage = `<html><head><title>Tide tables - Harbour News</title>
<link rel="canonical" href="https://news.example/tides.html"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Tide tables</h1>
<p>The harbour master opens the ledger at five, before the first boat leaves, and writes the morning's tide in a careful hand.</p>
<figure><img src="./Tides_files/map.png" alt="A map of the harbour"><figcaption>The harbour at low water.</figcaption></figure>
<p>Tide tables are older than most people think: the earliest printed ones appeared in the seventeenth century, for the port of London.</p>
<div class="share-bar"><a href="https://facebook.example/share">Facebook</a> <a href="https://x.example/share">X</a></div>
</article><footer>© Harbour News</footer></body></html>`

// FromHTML finds the article of a page: its title without the site's
// name, its paragraphs and pictures, without the menu, the share bar
// and the footer. Addresses resolve against the page's canonical one.
func ExampleFromHTML() {
	a, err := extract.FromHTML(strings.NewReader(examplePage), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	book.Walk(a.Blocks, func(b book.Block) {
		switch b := b.(type) {
		case *book.Paragraph:
			fmt.Println("P", book.PlainText(b.Content)[:24])
		case *book.Image:
			fmt.Println("picture", b.Src)
		}
	})
	// Output:
	// Tide tables
	// P The harbour master opens
	// picture https://news.example/Tides_files/map.png
	// P Tide tables are older th
}

// FromPage reads a page saved whole by a browser: the picture in the
// folder beside it keeps its path there, for the converter to read.
func ExampleFromPage() {
	folder := fstest.MapFS{"Tides_files/map.png": {Data: []byte("\x89PNG...")}}
	base, _ := url.Parse("https://news.example/tides.html")
	a, err := extract.FromPage(strings.NewReader(examplePage), base, folder)
	if err != nil {
		fmt.Println(err)
		return
	}
	book.Walk(a.Blocks, func(b book.Block) {
		if img, ok := b.(*book.Image); ok {
			fmt.Println(img.Src, "|", img.Alt)
		}
	})
	// Output:
	// Tides_files/map.png | A map of the harbour
}
