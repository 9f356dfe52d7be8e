package extract

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/itlightning/dateparse"

	"github.com/bookify/article2book/pkg/book"
)

var (
	// ErrEmpty reports an input with no text.
	ErrEmpty = errors.New("no article text")
	// ErrBadText reports a plain-text article that breaks the format: a
	// header that does not parse, a line over MaxLineBytes, bytes that are
	// not UTF-8.
	ErrBadText = errors.New("malformed plain-text article")
)

// MaxLineBytes bounds one line of a plain-text article.
const MaxLineBytes = 1 << 20

// FromText reads the plain-text article format: optional header lines
// "Title:", "Date:" and "URL:" ("Date: None" means unknown), a blank line,
// then one paragraph per non-empty line. Without a Title header the first
// line is the title. The text must be UTF-8.
func FromText(r io.Reader) (*book.Article, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	var p textParser
	for sc.Scan() {
		if err := p.line(sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, errLineTooLong
		}
		return nil, fmt.Errorf("read text: %w", err)
	}
	return p.article()
}

// FromString reads text as FromText reads its reader, its paragraphs
// sharing text's memory rather than copies of it: a long article is read
// in one allocation of the model's, not two of its text.
func FromString(text string) (*book.Article, error) {
	var p textParser
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if len(line) > MaxLineBytes {
			return nil, errLineTooLong
		}
		if err := p.line(line); err != nil {
			return nil, err
		}
	}
	return p.article()
}

var errLineTooLong = fmt.Errorf("%w: a line over %d bytes", ErrBadText, MaxLineBytes)

// textParser reads the plain-text format line by line.
type textParser struct {
	a            book.Article
	n            int // lines read
	body, titled bool
}

// line reads the next line.
func (p *textParser) line(line string) error {
	p.n++
	a, n := &p.a, p.n
	if n == 1 {
		line = strings.TrimPrefix(line, "\ufeff")
	}
	if !utf8.ValidString(line) {
		return fmt.Errorf("%w: line %d: not UTF-8 text", ErrBadText, n)
	}
	line = strings.TrimSpace(line)
	if !p.body {
		key, val, ok := strings.Cut(line, ":")
		val = strings.TrimSpace(val)
		switch {
		case ok && strings.EqualFold(key, "Title"):
			a.Title, p.titled = collapse(val), true
			return nil
		case ok && strings.EqualFold(key, "Date"):
			if val != "" && !strings.EqualFold(val, "None") {
				t, err := parseDate(val)
				if err != nil {
					return fmt.Errorf("%w: line %d: date %q: %v", ErrBadText, n, val, err)
				}
				a.Published = t
			}
			return nil
		case ok && strings.EqualFold(key, "URL"):
			if val != "" && !strings.EqualFold(val, "None") {
				u, err := url.Parse(val)
				if err != nil || !u.IsAbs() {
					return fmt.Errorf("%w: line %d: URL %q is not an absolute URL", ErrBadText, n, val)
				}
				a.SourceURL = u.String()
			}
			return nil
		}
		p.body = true
	}
	if line == "" {
		return nil
	}
	if !p.titled {
		a.Title, p.titled = collapse(line), true
		return nil
	}
	a.Blocks = append(a.Blocks, &book.Paragraph{Content: []book.Inline{{Text: line}}})
	return nil
}

// article returns the article read.
func (p *textParser) article() (*book.Article, error) {
	if len(p.a.Blocks) == 0 {
		return nil, ErrEmpty
	}
	a := p.a
	a.Lang = a.DetectLang()
	return &a, nil
}

// parseDate reads the date forms found in articles, Chinese ones included
// ("2025年1月4日 10:20").
func parseDate(s string) (time.Time, error) {
	r := strings.NewReplacer("年", "-", "月", "-", "日", " ", "时", ":", "分", "")
	if strings.Contains(s, "年") {
		s = strings.TrimSpace(r.Replace(s))
	}
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}
