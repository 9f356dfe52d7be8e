package extract

import (
	"regexp"
	"sync"
)

// pattern is a regular expression compiled on its first use. The package
// has some forty, and compiling them all when the program starts cost
// every process 18 ms, even one that converts only plain text or serves
// uploads of it; each is now compiled by the first page that needs it.
type pattern struct {
	once sync.Once
	src  string
	re   *regexp.Regexp
}

// lazy returns the pattern of src, which must compile (as with
// regexp.MustCompile, a bad one panics, on first use).
func lazy(src string) *pattern { return &pattern{src: src} }

func (p *pattern) get() *regexp.Regexp {
	p.once.Do(func() { p.re = regexp.MustCompile(p.src) })
	return p.re
}

func (p *pattern) MatchString(s string) bool              { return p.get().MatchString(s) }
func (p *pattern) FindString(s string) string             { return p.get().FindString(s) }
func (p *pattern) FindStringIndex(s string) []int         { return p.get().FindStringIndex(s) }
func (p *pattern) FindStringSubmatch(s string) []string   { return p.get().FindStringSubmatch(s) }
func (p *pattern) FindStringSubmatchIndex(s string) []int { return p.get().FindStringSubmatchIndex(s) }
func (p *pattern) FindSubmatch(b []byte) [][]byte         { return p.get().FindSubmatch(b) }
func (p *pattern) FindAllString(s string, n int) []string { return p.get().FindAllString(s, n) }
func (p *pattern) FindAllStringIndex(s string, n int) [][]int {
	return p.get().FindAllStringIndex(s, n)
}
func (p *pattern) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return p.get().FindAllStringSubmatchIndex(s, n)
}
func (p *pattern) ReplaceAllString(s, repl string) string { return p.get().ReplaceAllString(s, repl) }
func (p *pattern) Split(s string, n int) []string         { return p.get().Split(s, n) }
