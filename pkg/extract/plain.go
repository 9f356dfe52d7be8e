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
	a := &book.Article{}
	header, titled := true, false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("%w: line %d: not UTF-8 text", ErrBadText, n)
		}
		line = strings.TrimSpace(line)
		if header {
			key, val, ok := strings.Cut(line, ":")
			val = strings.TrimSpace(val)
			switch {
			case ok && strings.EqualFold(key, "Title"):
				a.Title, titled = collapse(val), true
				continue
			case ok && strings.EqualFold(key, "Date"):
				if val != "" && !strings.EqualFold(val, "None") {
					t, err := parseDate(val)
					if err != nil {
						return nil, fmt.Errorf("%w: line %d: date %q: %v", ErrBadText, n, val, err)
					}
					a.Published = t
				}
				continue
			case ok && strings.EqualFold(key, "URL"):
				if val != "" && !strings.EqualFold(val, "None") {
					u, err := url.Parse(val)
					if err != nil || !u.IsAbs() {
						return nil, fmt.Errorf("%w: line %d: URL %q is not an absolute URL", ErrBadText, n, val)
					}
					a.SourceURL = u.String()
				}
				continue
			}
			header = false
		}
		if line == "" {
			continue
		}
		if !titled {
			a.Title, titled = collapse(line), true
			continue
		}
		a.Blocks = append(a.Blocks, &book.Paragraph{Content: []book.Inline{{Text: line}}})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%w: a line over %d bytes", ErrBadText, MaxLineBytes)
		}
		return nil, fmt.Errorf("read text: %w", err)
	}
	if len(a.Blocks) == 0 {
		return nil, ErrEmpty
	}
	a.Lang = a.DetectLang()
	return a, nil
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
