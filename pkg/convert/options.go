package convert

import (
	"fmt"
	"strings"

	"github.com/bookify/article2book/internal/choice"
	"github.com/bookify/article2book/internal/opencc"
	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/pdf"
)

// The option values, each parsed and checked by the package whose table
// it names, so that a shell needs only this one.
type (
	PageSize    = pdf.PageSize
	Face        = face.Name
	WritingMode = render.WritingMode
	PDFStandard = pdf.Standard
)

// A Format is an output format, one of Formats.
type Format string

// The formats Convert writes.
const (
	PDF  Format = "pdf"
	EPUB Format = "epub"
	TXT  Format = "txt"
)

// PageSizes name the page sizes PageSize takes.
var PageSizes = pdf.PageSizes

// PDFStandards name the choices of PDFStandard: auto (every standard
// that holds), ua1 (PDF/UA-1), a2 (PDF/A-2) or none.
var PDFStandards = pdf.Standards

// Formats name the output formats Convert writes.
var Formats = []string{string(PDF), string(EPUB), string(TXT)}

// Check returns a *choice.Error when f is not one of Formats.
func (f Format) Check() error { return choice.Check("format", string(f), Formats, false, false) }

// Set parses s as a format.
func (f *Format) Set(s string) error {
	if err := Format(s).Check(); err != nil {
		return err
	}
	*f = Format(s)
	return nil
}

func (f Format) String() string { return string(f) }

// UnmarshalText parses a format from JSON.
func (f *Format) UnmarshalText(b []byte) error { return f.Set(string(b)) }

// A FormatList is the formats of a conversion: in JSON an array, as a
// flag a comma-separated list in any case ("pdf,EPUB").
type FormatList []Format

// DefaultFormats are the formats written when Options.Formats is empty.
var DefaultFormats = FormatList{PDF, EPUB}

// Check checks every format of l.
func (l FormatList) Check() error {
	for _, f := range l {
		if err := f.Check(); err != nil {
			return err
		}
	}
	return nil
}

// Set parses a comma-separated list of formats, replacing l.
func (l *FormatList) Set(s string) error {
	var out FormatList
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(strings.ToLower(f)); f == "" {
			continue
		}
		var v Format
		if err := v.Set(f); err != nil {
			return err
		}
		out = append(out, v)
	}
	*l = out
	return nil
}

func (l FormatList) String() string {
	s := make([]string, len(l))
	for i, f := range l {
		s[i] = string(f)
	}
	return strings.Join(s, ",")
}

// A Conversion is a Simplified/Traditional conversion of the Chinese
// chapters, one of Conversions; empty is none.
type Conversion string

// Conversions are the conversions OpenCC's tables give.
var Conversions = opencc.Names

// Check returns a *choice.Error when c is not one of Conversions.
func (c Conversion) Check() error {
	return choice.Check("conversion", string(c), Conversions, true, false)
}

// Set parses s as a conversion.
func (c *Conversion) Set(s string) error {
	if err := Conversion(s).Check(); err != nil {
		return err
	}
	*c = Conversion(s)
	return nil
}

func (c Conversion) String() string { return string(c) }

// UnmarshalText parses a conversion from JSON.
func (c *Conversion) UnmarshalText(b []byte) error { return c.Set(string(b)) }

// Validate checks every option that names one of a list, so that a bad
// one is refused before anything is fetched; the error is an ErrBadJob
// wrapping a *choice.Error.
func (o *Options) Validate() error {
	for _, v := range []interface{ Check() error }{o.Formats, o.PageSize, o.WritingMode, o.Convert, o.Font, o.PDFStandard} {
		if err := v.Check(); err != nil {
			return fmt.Errorf("%w: %w", ErrBadJob, err)
		}
	}
	return nil
}
