package main

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/extract"
)

// article is one input of the bench: the plain-text article our CLI reads
// and the clean HTML page of the same text that Chromium prints and pandoc
// converts.
type benchArticle struct {
	name  string
	chars int // runes of body text
	text  string
	html  string
}

// chineseFixtures are the Chinese articles of testdata the long articles
// are made of, in this order, repeated as needed.
var chineseFixtures = []string{"sample-zh.txt", "pages/gmw/source.html", "pages/qq/source.html", "pages/youth/source.html", "pages/pixnet/source.html"}

// loadArticle reads a fixture into its title and paragraphs.
func loadArticle(repo, name string) (title string, paras []string, err error) {
	raw, err := os.ReadFile(filepath.Join(repo, "testdata", name))
	if err != nil {
		return "", nil, err
	}
	var a *book.Article
	if strings.HasSuffix(name, ".txt") {
		a, err = extract.FromText(bytes.NewReader(raw))
	} else {
		var src string
		if src, err = extract.DecodeHTML(raw, ""); err == nil {
			a, err = extract.FromHTML(strings.NewReader(src), nil)
		}
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, t := range a.Texts() {
		// The plain-text format has one paragraph per line.
		if t = strings.Join(strings.Fields(t), " "); t != "" {
			paras = append(paras, t)
		}
	}
	return a.Title, paras, nil
}

// sampleArticle is testdata/sample-zh.txt as it is.
func sampleArticle(repo string) (benchArticle, error) {
	raw, err := os.ReadFile(filepath.Join(repo, "testdata", "sample-zh.txt"))
	if err != nil {
		return benchArticle{}, err
	}
	title, paras, err := loadArticle(repo, "sample-zh.txt")
	if err != nil {
		return benchArticle{}, err
	}
	return benchArticle{name: "sample", chars: runes(paras), text: string(raw), html: cleanHTML(title, paras)}, nil
}

// longArticle concatenates the Chinese fixtures' paragraphs, over and over,
// until the body holds chars runes (the last paragraph cut to fit).
func longArticle(repo string, chars int) (benchArticle, error) {
	var pool []string
	for _, name := range chineseFixtures {
		_, paras, err := loadArticle(repo, name)
		if err != nil {
			return benchArticle{}, err
		}
		pool = append(pool, paras...)
	}
	title := fmt.Sprintf("长文测试：%d 字", chars)
	var paras []string
	n := 0
	for i := 0; n < chars; i++ {
		p := pool[i%len(pool)]
		if k := utf8.RuneCountInString(p); n+k > chars {
			p = string([]rune(p)[:chars-n])
		}
		paras = append(paras, p)
		n += utf8.RuneCountInString(p)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Title: %s\nDate: None\n\n", title)
	for _, p := range paras {
		b.WriteString(p)
		b.WriteString("\n")
	}
	return benchArticle{name: fmt.Sprintf("%dk", chars/1000), chars: n, text: b.String(), html: cleanHTML(title, paras)}, nil
}

func runes(ss []string) int {
	n := 0
	for _, s := range ss {
		n += utf8.RuneCountInString(s)
	}
	return n
}

// cleanHTML is the article as a browser would best print it: the page
// size, margins, face, size, leading and indent of our PDF (README,
// "Typesetting"), justified, nothing else on the page.
func cleanHTML(title string, paras []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<title>%s</title>
<style>
@page { size: A4; margin: 29.7mm 25.2mm; }
body { font-family: "LXGW WenKai"; font-size: 10.5pt; line-height: 1.7; text-align: justify; line-break: strict; margin: 0; }
h1 { font-size: 18pt; line-height: 1.4; font-weight: bold; margin: 0 0 1em; }
p { text-indent: 2em; margin: 0; }
</style>
</head>
<body>
<h1>%s</h1>
`, html.EscapeString(title), html.EscapeString(title))
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</body>\n</html>\n")
	return b.String()
}
