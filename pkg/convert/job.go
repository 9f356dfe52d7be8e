package convert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/bookify/article2book/pkg/article"
	"github.com/bookify/article2book/pkg/render"
)

// ErrBadJob reports a malformed or ambiguous job.
var ErrBadJob = errors.New("bad job")

// MaxBookURLs bounds the articles of one book.
const MaxBookURLs = 50

// A Job is a conversion request: the JSON of a .json job file, of an API
// request body, and of a direct Lambda invoke. Exactly one of URL, URLs,
// HTML and Text is set.
type Job struct {
	URL     string     `json:"url,omitempty"`
	URLs    []string   `json:"urls,omitempty"`
	HTML    string     `json:"html,omitempty"`
	BaseURL string     `json:"base_url,omitempty"`
	Text    string     `json:"text,omitempty"`
	Title   string     `json:"title,omitempty"` // the book's title
	Options JobOptions `json:"options"`
}

// JobOptions are the options a job may set.
type JobOptions struct {
	Formats   []string `json:"formats,omitempty"`
	PageSize  string   `json:"page_size,omitempty"`
	EmbedFont bool     `json:"embed_font,omitempty"`
}

// ParseJob reads a job, refusing unknown fields and ambiguous requests.
func ParseJob(data []byte) (*Job, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j Job
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadJob, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrBadJob)
	}
	n := 0
	for _, set := range []bool{j.URL != "", len(j.URLs) > 0, j.HTML != "", j.Text != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("%w: give exactly one of url, urls, html and text", ErrBadJob)
	}
	if len(j.URLs) > MaxBookURLs {
		return nil, fmt.Errorf("%w: %d urls, at most %d", ErrBadJob, len(j.URLs), MaxBookURLs)
	}
	if j.BaseURL != "" && j.HTML == "" {
		return nil, fmt.Errorf("%w: base_url goes with html", ErrBadJob)
	}
	for _, f := range j.Options.Formats {
		if !ValidFormat(f) {
			return nil, fmt.Errorf("%w: format %q (want pdf, epub or txt)", ErrBadJob, f)
		}
	}
	if j.Options.PageSize != "" && !ValidPageSize(j.Options.PageSize) {
		return nil, fmt.Errorf("%w: page size %q (want A4, A5, Letter or 6x9)", ErrBadJob, j.Options.PageSize)
	}
	return &j, nil
}

// ValidPageSize reports whether the PDF renderer knows the page size.
func ValidPageSize(s string) bool { return render.ValidPageSize(s) }

// Formats are the output formats Convert writes.
var Formats = []string{"pdf", "epub", "txt"}

// ValidFormat reports whether f is one of Formats.
func ValidFormat(f string) bool { return slices.Contains(Formats, f) }

// Inputs returns the job's inputs; name names the job in messages.
func (j *Job) Inputs(name string) ([]Input, error) {
	switch {
	case j.HTML != "":
		if j.BaseURL != "" {
			if err := checkWebURL(j.BaseURL); err != nil {
				return nil, fmt.Errorf("%w: base_url: %v", ErrBadJob, err)
			}
		}
		return []Input{{Name: name, Kind: KindHTML, Data: []byte(j.HTML), URL: j.BaseURL}}, nil
	case j.Text != "":
		return []Input{{Name: name, Kind: KindText, Data: []byte(j.Text)}}, nil
	}
	urls := j.URLs
	if j.URL != "" {
		urls = []string{j.URL}
	}
	return urlInputs(urls)
}

// Apply sets the job's options on o.
func (j *Job) Apply(o *Options) {
	if len(j.Options.Formats) > 0 {
		o.Formats = j.Options.Formats
	}
	if j.Options.PageSize != "" {
		o.PageSize = j.Options.PageSize
	}
	o.EmbedFont = o.EmbedFont || j.Options.EmbedFont
	if j.Title != "" {
		o.BookTitle = j.Title
	}
}

func urlInputs(urls []string) ([]Input, error) {
	var ins []Input
	for _, u := range urls {
		if err := checkWebURL(u); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadJob, err)
		}
		ins = append(ins, Input{Name: u, Kind: KindURL, URL: u})
	}
	return ins, nil
}

func checkWebURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// FileInputs returns the inputs a file (or S3 object) holds, by its name:
// an .html page; a .txt article, or a .txt list of URLs (one per line); an
// Internet Shortcut (.url); a .json job, whose options it applies to o.
// base is the base URL of an HTML page and may be empty.
func FileInputs(name string, data []byte, base string, o *Options) ([]Input, error) {
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", name, ErrTooLarge, len(data), MaxInputBytes)
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".url":
		u, err := shortcutURL(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return urlInputs([]string{u})
	case ".json":
		j, err := ParseJob(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		j.Apply(o)
		return j.Inputs(name)
	}
	kind, err := KindOf(name)
	if err != nil {
		return nil, err
	}
	if kind == KindText {
		// A list of URLs in UTF-16 is still one; undecodable data fails
		// when read, with the sniffer's error.
		if text, err := article.DecodeText(data); err == nil {
			if urls := urlList([]byte(text)); urls != nil {
				return urlInputs(urls)
			}
		}
	}
	return []Input{{Name: name, Kind: kind, Data: data, URL: base}}, nil
}

// shortcutURL reads the URL= line of a Windows Internet Shortcut.
func shortcutURL(data []byte) (string, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if v, ok := strings.CutPrefix(line, "URL="); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("%w: no URL= line in Internet Shortcut", ErrBadJob)
}

// urlList returns the lines of a text that holds only http(s) URLs, or nil.
func urlList(data []byte) []string {
	var urls []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" {
			continue
		}
		if strings.ContainsAny(line, " \t") || checkWebURL(line) != nil {
			return nil
		}
		urls = append(urls, line)
	}
	return urls
}
