package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/storage"
)

// Manifest is <stem>.json, written after every document of the book: its
// presence means the conversion is complete.
type Manifest struct {
	Title    string            `json:"title"`
	Language string            `json:"language,omitempty"`
	Source   string            `json:"source"`
	Sources  []string          `json:"sources,omitempty"` // a book's chapters
	Input    *ManifestInput    `json:"input,omitempty"`
	Outputs  map[string]Output `json:"outputs"`
	Pages    int               `json:"pages"`
	// PDFStandards are the standards the PDF claims ("PDF/UA-1",
	// "PDF/A-2"); PDFStandardNotes say why any other is not claimed.
	PDFStandards     []string  `json:"pdf_standards,omitempty"`
	PDFStandardNotes []string  `json:"pdf_standard_notes,omitempty"`
	Chars            int       `json:"chars"`
	Warnings         []string  `json:"warnings"`
	ConverterVersion string    `json:"converter_version"`
	RequestID        string    `json:"request_id,omitempty"`
	Created          time.Time `json:"created"`
	DurationMS       int64     `json:"duration_ms"`
}

// ManifestInput identifies the uploaded object a book was made from; its
// ETag makes redelivered events recognisable.
type ManifestInput struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	ETag   string `json:"etag"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size"`
}

// Output is one written document.
type Output struct {
	Bucket      string `json:"bucket"`
	Key         string `json:"key"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"`
}

var formats = []struct {
	name, ext, contentType string
	body                   func(*convert.Result) []byte
}{
	{"pdf", ".pdf", "application/pdf", func(r *convert.Result) []byte { return r.PDF }},
	{"epub", ".epub", "application/epub+zip", func(r *convert.Result) []byte { return r.EPUB }},
	{"txt", ".txt", "text/plain; charset=utf-8", func(r *convert.Result) []byte { return r.Text }},
}

func (s *Service) newManifest(ctx context.Context, res *convert.Result, source string) *Manifest {
	m := &Manifest{
		Title:            res.Title(),
		Language:         res.Lang,
		Source:           source,
		Outputs:          map[string]Output{},
		Pages:            res.Pages,
		PDFStandards:     res.PDFStandards,
		PDFStandardNotes: res.PDFStandardNotes,
		Chars:            res.Chars,
		Warnings:         append([]string{}, res.Warnings...),
		ConverterVersion: s.Version,
		RequestID:        requestID(ctx),
		Created:          s.Now().UTC(),
	}
	if len(res.Book.Chapters) > 1 {
		for _, c := range res.Book.Chapters {
			m.Sources = append(m.Sources, c.SourceURL)
		}
	}
	return m
}

// sourceOf names where a book came from: the article's own URL when it
// states one, else the page's base URL, else the uploaded object.
func sourceOf(res *convert.Result, baseURL, fallback string) string {
	if len(res.Book.Chapters) == 1 && res.Book.Chapters[0].SourceURL != "" {
		return res.Book.Chapters[0].SourceURL
	}
	if baseURL != "" {
		return baseURL
	}
	return fallback
}

// writeBook writes each document under base, then the manifest. A failure
// leaves no manifest, so nobody takes the book for complete.
func (s *Service) writeBook(ctx context.Context, bucket, base string, res *convert.Result, m *Manifest, start time.Time) error {
	meta := map[string]string{
		"source":   metaValue(m.Source),
		"manifest": metaValue(base + ".json"),
	}
	if m.Input != nil {
		meta["source-key"] = metaValue(s3URI(m.Input.Bucket, m.Input.Key))
		meta["source-etag"] = m.Input.ETag
	}
	// The documents are stored at once: each PUT is a round trip to S3
	// (and signs and checksums its body), which one after the other added
	// up. A failure is reported for the first document in order.
	errs := make([]error, len(formats))
	var wg sync.WaitGroup
	for i, f := range formats {
		body := f.body(res)
		if body == nil {
			continue
		}
		wg.Go(func() {
			errs[i] = s.Store.Put(ctx, bucket, base+f.ext, body, storage.PutOptions{
				ContentType:        f.contentType,
				ContentDisposition: contentDisposition(m.Title, f.ext),
				Metadata:           meta,
			})
		})
	}
	wg.Wait()
	for i, f := range formats {
		body := f.body(res)
		if body == nil {
			continue
		}
		if errs[i] != nil {
			return fmt.Errorf("%w: write %s: %w", errStorage, f.name, errs[i])
		}
		sum := sha256.Sum256(body)
		m.Outputs[f.name] = Output{Bucket: bucket, Key: base + f.ext, ContentType: f.contentType, Size: len(body), SHA256: hex.EncodeToString(sum[:])}
	}
	if err := s.checkStored(ctx, m); err != nil {
		return err
	}
	m.DurationMS = s.Now().Sub(start).Milliseconds()
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	err = s.Store.Put(ctx, bucket, base+".json", body, storage.PutOptions{
		ContentType: "application/json; charset=utf-8",
		Metadata:    map[string]string{"source": metaValue(m.Source)},
	})
	if err != nil {
		return fmt.Errorf("%w: write manifest: %w", errStorage, err)
	}
	// A conversion of another version of the same upload may have replaced
	// the documents meanwhile: the manifest goes rather than vouch for them,
	// and the retry converts whichever version is then the latest.
	if err := s.checkStored(ctx, m); err != nil {
		if derr := s.Store.Delete(ctx, bucket, base+".json"); derr != nil {
			return fmt.Errorf("%w (and the manifest was not deleted: %v)", err, derr)
		}
		return err
	}
	return nil
}

// errReplaced reports documents replaced by a concurrent conversion.
var errReplaced = errors.New("replaced by a concurrent conversion of another version")

// checkStored checks that the documents of an upload's manifest are still
// the ones written for its input version. API results and digests have
// keys of their own, which nothing else writes.
func (s *Service) checkStored(ctx context.Context, m *Manifest) error {
	if m.Input == nil {
		return nil
	}
	for name, o := range m.Outputs {
		info, err := s.Store.Head(ctx, o.Bucket, o.Key)
		if err != nil {
			return fmt.Errorf("%w: check %s: %w", errStorage, name, err)
		}
		if info.Size != int64(o.Size) || info.Metadata["source-etag"] != m.Input.ETag {
			return fmt.Errorf("%w: %s %s: %w", errStorage, name, o.Key, errReplaced)
		}
	}
	return nil
}

// maxMetaValue bounds each metadata value: S3 takes 2 KB of user metadata
// in all, and a key or a source URL may be longer than that.
const maxMetaValue = 400

// metaValue is s fit for S3 metadata: ASCII, and cut (with "...") to
// maxMetaValue bytes without splitting a percent escape.
func metaValue(s string) string {
	s = asciiSafe(s)
	if len(s) <= maxMetaValue {
		return s
	}
	cut := maxMetaValue - 3
	if i := strings.LastIndexByte(s[cut-2:cut], '%'); i >= 0 {
		cut -= 2 - i
	}
	return s[:cut] + "..."
}

func (m *Manifest) logAttrs() []any {
	a := []any{"title", m.Title, "lang", m.Language, "pages", m.Pages, "chars", m.Chars,
		"warnings", len(m.Warnings), "duration_ms", m.DurationMS}
	if m.Input != nil {
		a = append(a, "input_bytes", m.Input.Size, "etag", m.Input.ETag)
	}
	for name, o := range m.Outputs {
		a = append(a, name+"_bytes", o.Size)
	}
	return a
}

// contentDisposition names the download after the title: an RFC 5987
// UTF-8 filename* for current clients, and an ASCII filename for old ones
// (RFC 6266, section 4.3).
func contentDisposition(title, ext string) string {
	name := fileName(title)
	fallback := asciiFallback(name)
	return fmt.Sprintf(`attachment; filename="%s%s"; filename*=UTF-8''%s`, fallback, ext, rfc5987(name+ext))
}

// fileName makes a title usable as a file name on every system: no path
// separators or characters Windows refuses, no control or format (Cf)
// characters, and at most 80 characters.
func fileName(title string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.TrimSpace(title) {
		if n >= 80 {
			break
		}
		if unicode.Is(unicode.Cf, r) {
			// Bidi overrides would show "Invoice ‮gpj.exe" as
			// "Invoice exe.jpg"; other format characters are invisible.
			continue
		}
		switch {
		case unicode.IsControl(r), strings.ContainsRune(`/\:*?"<>|`, r):
			r = '_'
		case unicode.IsSpace(r):
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	s := strings.Trim(b.String(), " .")
	if s == "" {
		return "book"
	}
	return s
}

// asciiFallback keeps the ASCII letters, digits and punctuation of a name;
// a Chinese title keeps little or nothing, so "book" stands in.
func asciiFallback(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x80 && r >= 0x20 && r != '"' && r != '\\' && r != '%' {
			b.WriteRune(r)
		}
	}
	s := strings.Trim(b.String(), " ._-")
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "book"
	}
	return s
}

// rfc5987 percent-encodes all but attr-char (RFC 5987, section 3.2.1).
func rfc5987(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// asciiSafe percent-encodes the bytes S3 refuses in metadata values.
func asciiSafe(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf || r < 0x20 }) {
		return s
	}
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 0x80 || c < 0x20 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
