package convert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"reflect"
	"strings"
	"time"

	"github.com/bookify/article2book/pkg/extract"
)

// ErrBadJob reports a malformed or ambiguous job.
var ErrBadJob = errors.New("bad job")

// MaxBookURLs bounds the articles of one book.
const MaxBookURLs = 50

// A Job is a conversion request: the JSON of a .json job file, of an API
// request body, and of a direct Lambda invoke. Exactly one of URL, URLs,
// HTML, Text and Feed is set.
type Job struct {
	URL     string   `json:"url,omitempty"`
	URLs    []string `json:"urls,omitempty"`
	HTML    string   `json:"html,omitempty"`
	BaseURL string   `json:"base_url,omitempty"`
	Text    string   `json:"text,omitempty"`
	// Feed is an RSS, Atom or JSON Feed URL (or a page announcing one):
	// a book of its items, selected by MaxItems, Since and Order.
	Feed     string `json:"feed,omitempty"`
	MaxItems int    `json:"max_items,omitempty"`
	Since    string `json:"since,omitempty"` // RFC 3339
	Order    string `json:"order,omitempty"` // "newest" (the default) or "oldest" first

	Title   string     `json:"title,omitempty"` // the book's title
	Options JobOptions `json:"options"`

	since time.Time
}

// JobOptions are the options a job may set.
type JobOptions struct {
	Formats   FormatList `json:"formats,omitempty"`
	PageSize  PageSize   `json:"page_size,omitempty"`
	EmbedFont bool       `json:"embed_font,omitempty"`
	// Convert is a Simplified/Traditional conversion (see Conversions).
	Convert Conversion `json:"convert,omitempty"`
	// KeepQuotes keeps “” ‘’ in s2tw, s2twp and s2hk (see Options).
	KeepQuotes bool `json:"keep_quotes,omitempty"`
	Font       Face `json:"font,omitempty"` // "kai" or "song"
	// HangingPunct lets ，。、． hang past the PDF's right margin.
	HangingPunct bool `json:"hanging_punctuation,omitempty"`
	// WritingMode is "horizontal" or "vertical" (see Options).
	WritingMode WritingMode `json:"writing_mode,omitempty"`
	// PDFStandard is auto, ua1, a2 or none (see Options).
	PDFStandard PDFStandard `json:"pdf_standard,omitempty"`
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
	if err := checkKeys(data); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadJob, err)
	}
	n := 0
	for _, set := range []bool{j.URL != "", len(j.URLs) > 0, j.HTML != "", j.Text != "", j.Feed != ""} {
		if set {
			n++
		}
	}
	if n == 0 {
		if field := emptyContent(data); field != "" {
			// The caller chose the input and gave it no content: an
			// empty article, as an empty file is, not a malformed job.
			return nil, fmt.Errorf("%w: %s is empty", extract.ErrEmpty, field)
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("%w: give exactly one of url, urls, html, text and feed", ErrBadJob)
	}
	if err := j.checkFeed(); err != nil {
		return nil, err
	}
	if len(j.URLs) > MaxBookURLs {
		return nil, fmt.Errorf("%w: %d urls, at most %d", ErrBadJob, len(j.URLs), MaxBookURLs)
	}
	if j.BaseURL != "" && j.HTML == "" {
		return nil, fmt.Errorf("%w: base_url goes with html", ErrBadJob)
	}
	// The options checked themselves as they were decoded.
	return &j, nil
}

// emptyContent names the one of text and html that a job sets to "" when
// it sets nothing else, and is "" otherwise.
func emptyContent(data []byte) string {
	var present struct {
		HTML *string `json:"html"`
		Text *string `json:"text"`
	}
	if json.Unmarshal(data, &present) != nil {
		return ""
	}
	switch {
	case present.Text != nil && present.HTML == nil:
		return "text"
	case present.HTML != nil && present.Text == nil:
		return "html"
	}
	return ""
}

// jobKeys and optionKeys are the keys of a job and of its options,
// spelled exactly as documented.
var jobKeys, optionKeys = jsonKeys(reflect.TypeFor[Job]()), jsonKeys(reflect.TypeFor[JobOptions]())

func jsonKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); f.IsExported() && name != "" && name != "-" {
			keys[name] = true
		}
	}
	return keys
}

// checkKeys refuses what encoding/json lets through: a key given twice (it
// keeps the last), a key in another case ("TEXT" is taken as "text") and
// empty "urls" or "formats" lists, which would read as absent: a job means
// one thing, whoever reads it. data is a job Decode accepted.
func checkKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	_, err := walkJSON(dec, jobKeys)
	return err
}

// walkJSON reads one value, checking the keys of an object against keys
// (nil: any key) and returning an array's length.
func walkJSON(dec *json.Decoder, keys map[string]bool) (int, error) {
	tok, err := dec.Token()
	if err != nil {
		return 0, err
	}
	switch tok {
	case json.Delim('['):
		n := 0
		for ; dec.More(); n++ {
			if _, err := walkJSON(dec, nil); err != nil {
				return 0, err
			}
		}
		_, err := dec.Token()
		return n, err
	case json.Delim('{'):
	default:
		return 0, nil
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, err
		}
		k, _ := tok.(string)
		switch {
		case seen[k]:
			return 0, fmt.Errorf("key %q given twice", k)
		case keys != nil && !keys[k]:
			return 0, fmt.Errorf("unknown key %q (keys are lower case)", k)
		}
		seen[k] = true
		var inner map[string]bool
		if keys != nil && k == "options" {
			inner = optionKeys
		}
		n, err := walkJSON(dec, inner)
		if err != nil {
			return 0, err
		}
		if n == 0 && keys != nil && (k == "urls" || k == "formats") {
			return 0, fmt.Errorf("%q is empty or null: leave it out, or list at least one", k)
		}
	}
	_, err = dec.Token()
	return 0, err
}

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
	case j.Feed != "":
		if err := checkWebURL(j.Feed); err != nil {
			return nil, fmt.Errorf("%w: feed: %v", ErrBadJob, err)
		}
		return []Input{{Name: j.Feed, Kind: KindFeed, URL: j.Feed}}, nil
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
	if j.Options.Convert != "" {
		o.Convert = j.Options.Convert
	}
	if j.Options.Font != "" {
		o.Font = j.Options.Font
	}
	o.KeepQuotes = o.KeepQuotes || j.Options.KeepQuotes
	o.HangingPunct = o.HangingPunct || j.Options.HangingPunct
	if j.Options.WritingMode != "" {
		o.WritingMode = j.Options.WritingMode
	}
	if j.Options.PDFStandard != "" {
		o.PDFStandard = j.Options.PDFStandard
	}
	if j.Title != "" {
		o.BookTitle = j.Title
	}
	if j.Feed != "" {
		o.Feed.MaxItems, o.Feed.Since, o.Feed.Oldest = j.MaxItems, j.since, j.Order == "oldest"
	}
}

// checkFeed checks the fields that go with feed.
func (j *Job) checkFeed() error {
	if j.Feed == "" {
		if j.MaxItems != 0 || j.Since != "" || j.Order != "" {
			return fmt.Errorf("%w: max_items, since and order go with feed", ErrBadJob)
		}
		return nil
	}
	if j.MaxItems < 0 || j.MaxItems > MaxFeedItems {
		return fmt.Errorf("%w: max_items %d (want 1 to %d)", ErrBadJob, j.MaxItems, MaxFeedItems)
	}
	if j.Since != "" {
		t, err := time.Parse(time.RFC3339, j.Since)
		if err != nil {
			return fmt.Errorf("%w: since %q: want an RFC 3339 time such as 2026-11-30T00:00:00Z", ErrBadJob, j.Since)
		}
		j.since = t
	}
	if j.Order != "" && j.Order != "newest" && j.Order != "oldest" {
		return fmt.Errorf("%w: order %q (want newest or oldest)", ErrBadJob, j.Order)
	}
	return nil
}

func urlInputs(urls []string) ([]Input, error) {
	// A .txt list is a book as a job's urls are, with the same bound.
	if len(urls) > MaxBookURLs {
		return nil, fmt.Errorf("%w: %d urls, at most %d", ErrBadJob, len(urls), MaxBookURLs)
	}
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
		if IsFeed(data) {
			return []Input{{Name: name, Kind: KindFeed, Data: data, URL: base}}, nil
		}
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
		if mayListURLs(data) {
			if text, err := extract.DecodeText(data); err == nil {
				if urls := urlList(text); urls != nil {
					return urlInputs(urls)
				}
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
// mayListURLs reports whether data, a text file, may be a list of URLs:
// whether its first line is one. An article is not decoded whole for it.
func mayListURLs(data []byte) bool {
	head, err := extract.DecodeText(data[:min(len(data), 4096)])
	if err != nil {
		return false
	}
	for line := range strings.Lines(head) {
		if line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")); line != "" {
			return !strings.ContainsAny(line, " \t") && checkWebURL(line) == nil
		}
	}
	return false
}

func urlList(text string) []string {
	var urls []string
	for line := range strings.Lines(text) {
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
