package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bookify/article2book/pkg/extract"
)

func TestParseBench(t *testing.T) {
	out := `goos: linux
BenchmarkConvert/sample-zh.txt-2         	      56	  23014749 ns/op	     32050 epub-bytes	    157260 pdf-bytes	30057609 B/op	   30263 allocs/op
BenchmarkConvert/sample-zh.txt/embedfont-2         	      34	  43192710 ns/op	    225285 epub-bytes	    157260 pdf-bytes	33709094 B/op	   30424 allocs/op
BenchmarkCover-2   	 100	  1000 ns/op
PASS
`
	rs, err := parseBench(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("got %d results, want 3: %+v", len(rs), rs)
	}
	r := rs[0]
	if r.name != "BenchmarkConvert/sample-zh.txt" || r.nsPerOp != 23014749 || r.bytesPerOp != 30057609 || r.allocsPerOp != 30263 || r.metrics["pdf-bytes"] != 157260 {
		t.Errorf("first result %+v", r)
	}
	if rs[1].name != "BenchmarkConvert/sample-zh.txt/embedfont" || rs[2].name != "BenchmarkCover" || rs[2].nsPerOp != 1000 {
		t.Errorf("names %q %q, cover %v ns/op", rs[1].name, rs[2].name, rs[2].nsPerOp)
	}
}

func TestBenchPattern(t *testing.T) {
	p := benchPattern("BenchmarkExtract/sample-zh.txt")
	if p != `^BenchmarkExtract$/^sample-zh\.txt$` {
		t.Fatalf("pattern %q", p)
	}
	level2 := regexp.MustCompile(strings.Split(p, "/")[1])
	if !level2.MatchString("sample-zh.txt") || level2.MatchString("sample-zhXtxt") || level2.MatchString("gmw") {
		t.Errorf("level 2 of %q matches the wrong names", p)
	}
}

func TestMedianPercentile(t *testing.T) {
	id := func(d time.Duration) time.Duration { return d }
	if m := median([]time.Duration{5, 1, 3}, id); m != 3 {
		t.Errorf("median of 5 1 3 = %v", m)
	}
	if m := median([]time.Duration{4, 1, 3, 2}, id); m != 2 {
		t.Errorf("median of 4 1 3 2 = %v, want the lower middle 2", m)
	}
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[i] = time.Duration(100 - i) // 100 … 1
	}
	if p := percentile(ds, 50); p != 50 {
		t.Errorf("p50 of 1…100 = %v", p)
	}
	if p := percentile(ds, 99); p != 99 {
		t.Errorf("p99 of 1…100 = %v", p)
	}
	if p := percentile(ds[:1], 99); p != 100 {
		t.Errorf("p99 of one = %v", p)
	}
}

// The long article holds exactly the characters asked for, made of the
// fixtures' text, and reads back through the plain-text format with that
// many characters of body text; its HTML page has the same paragraphs.
func TestLongArticle(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	a, err := longArticle(repo, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	if a.chars != 30_000 || a.name != "30k" {
		t.Errorf("%s: %d characters", a.name, a.chars)
	}
	parsed, err := extract.FromText(strings.NewReader(a.text))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range parsed.Texts() {
		n += utf8.RuneCountInString(s)
	}
	if n != 30_000 {
		t.Errorf("read back: %d characters of body text", n)
	}
	if got, want := strings.Count(a.html, "<p>"), len(parsed.Blocks); got != want {
		t.Errorf("HTML has %d paragraphs, the text %d", got, want)
	}
	sample, err := os.ReadFile(filepath.Join(repo, "testdata", "sample-zh.txt"))
	if err != nil {
		t.Fatal(err)
	}
	first := strings.SplitN(string(sample), "\n\n", 2)[1]
	if !strings.Contains(a.text, strings.SplitN(first, "\n", 2)[0]) {
		t.Error("the sample's first paragraph is not in the long article")
	}
}

func TestCleanHTMLEscapes(t *testing.T) {
	h := cleanHTML("a<b", []string{"x & y", "<script>"})
	for _, want := range []string{"<title>a&lt;b</title>", "<p>x &amp; y</p>", "<p>&lt;script&gt;</p>"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}
