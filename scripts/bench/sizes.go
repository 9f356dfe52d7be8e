package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// sizes compares the size of our PDF with XeLaTeX's (xeCJK, the same face,
// page, margins, size and leading) of the same text, over the Chinese
// fixture pages: the text each page's expected.txt holds under its title.
// XeLaTeX's PDF is untagged and carries no ActualText; ours is tagged.
func (b *bench) sizes(ctx context.Context) error {
	if _, err := exec.LookPath("xelatex"); err != nil {
		fmt.Println("\nsizes: xelatex not installed (apt-get install texlive-xetex texlive-lang-chinese); skipped")
		return nil
	}
	pages, err := chinesePages(b.repo)
	if err != nil {
		return err
	}
	dir := filepath.Join(b.tmp, "sizes")
	if b.sizesDir != "" {
		dir = b.sizesDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var ours, xe []int64
	fmt.Printf("\nPDF size against XeLaTeX, same text and face, %d Chinese fixture pages (KB)\n", len(pages))
	fmt.Println("| page | chars | ours | XeLaTeX | ours/XeLaTeX |\n|---|---:|---:|---:|---:|")
	for _, p := range pages {
		o, err := b.ourSize(ctx, dir, p)
		if err != nil {
			return err
		}
		x, err := xelatexSize(ctx, dir, b.repo, p)
		if err != nil {
			return err
		}
		ours, xe = append(ours, o), append(xe, x)
		fmt.Printf("| %s | %d | %.1f | %.1f | %.2f |\n", p.name, p.chars, float64(o)/1000, float64(x)/1000, float64(o)/float64(x))
	}
	mo, mx := medianSize(ours), medianSize(xe)
	fmt.Printf("median: ours %.1f KB, XeLaTeX %.1f KB%s\n", float64(mo)/1000, float64(mx)/1000, mark(mo <= mx, "no larger"))
	return nil
}

func medianSize(v []int64) int64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// chinesePages are the fixture pages whose expected.json says zh.
func chinesePages(repo string) ([]benchArticle, error) {
	dirs, err := filepath.Glob(filepath.Join(repo, "testdata", "pages", "*", "expected.json"))
	if err != nil {
		return nil, err
	}
	var out []benchArticle
	for _, meta := range dirs {
		m, err := os.ReadFile(meta)
		if err != nil {
			return nil, err
		}
		if !strings.Contains(string(m), `"lang": "zh`) {
			continue
		}
		dir := filepath.Dir(meta)
		title, paras, err := loadArticle(repo, filepath.Join("pages", filepath.Base(dir), "source.html"))
		if err != nil {
			return nil, err
		}
		var text strings.Builder
		fmt.Fprintf(&text, "Title: %s\nDate: None\n\n", title)
		for _, p := range paras {
			text.WriteString(p + "\n")
		}
		out = append(out, benchArticle{name: filepath.Base(dir), chars: runes(paras), text: text.String(), html: title})
	}
	return out, nil
}

func (b *bench) ourSize(ctx context.Context, dir string, a benchArticle) (int64, error) {
	in := filepath.Join(dir, a.name+".txt")
	if err := os.WriteFile(in, []byte(a.text), 0o644); err != nil {
		return 0, err
	}
	out := filepath.Join(dir, "ours")
	cmd := exec.CommandContext(ctx, b.bin, "-formats", "pdf", "-o", out, in)
	if o, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("%s: %w\n%s", a.name, err, o)
	}
	fi, err := os.Stat(filepath.Join(out, a.name+".pdf"))
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// xelatexSize typesets a with XeLaTeX as our PDF is set: A4, LXGW WenKai
// from our fonts folder, 10.5 pt on 1.7, 2 em indents, the title at 18 pt.
func xelatexSize(ctx context.Context, dir, repo string, a benchArticle) (int64, error) {
	title, body, _ := strings.Cut(a.text, "\n\n")
	title = strings.TrimPrefix(strings.SplitN(title, "\n", 2)[0], "Title: ")
	var tex strings.Builder
	fmt.Fprintf(&tex, `\documentclass{article}
\usepackage[a4paper,hmargin=25.2mm,vmargin=29.7mm]{geometry}
\usepackage{xeCJK}
\setCJKmainfont{LXGWWenKai-Regular.ttf}[Path=%s/fonts/,BoldFont=LXGWWenKai-Bold.ttf]
\setmainfont{LXGWWenKai-Regular.ttf}[Path=%s/fonts/]
\usepackage{indentfirst}
\setlength{\parindent}{2em}
\pagestyle{plain}
\begin{document}
\fontsize{10.5pt}{17.85pt}\selectfont
{\fontsize{18pt}{25pt}\selectfont\bfseries %s\par}
\bigskip
`, repo, repo, texEscape(title))
	for _, p := range strings.Split(strings.TrimSpace(body), "\n") {
		tex.WriteString(texEscape(p) + "\n\n")
	}
	tex.WriteString(`\end{document}` + "\n")
	name := "xe-" + a.name
	if err := os.WriteFile(filepath.Join(dir, name+".tex"), []byte(tex.String()), 0o644); err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, "xelatex", "-interaction=nonstopmode", "-halt-on-error", name+".tex")
	cmd.Dir = dir
	if o, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("xelatex %s: %w\n%s", a.name, err, lastLines(string(o), 20))
	}
	fi, err := os.Stat(filepath.Join(dir, name+".pdf"))
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

var texSpecials = strings.NewReplacer(`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `$`, `\$`, `&`, `\&`,
	`#`, `\#`, `^`, `\^{}`, `_`, `\_`, `~`, `\~{}`, `%`, `\%`)

func texEscape(s string) string { return texSpecials.Replace(s) }
