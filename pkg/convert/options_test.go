package convert

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/choice"
)

// Every option that names one of a list parses the same way from a flag
// and from JSON, and refuses a bad value with the one message shape.
func TestOptionValues(t *testing.T) {
	tests := []struct {
		flag, json, value string
		want              string // the message; "" when the value is good
	}{
		{"page", "page_size", "a5", ""},
		{"page", "page_size", "B5", `page size "B5" (want A4, A5, Letter or 6x9)`},
		{"font", "font", "song", ""},
		{"font", "font", "fangsong", `font "fangsong" (want kai or song)`},
		{"writing-mode", "writing_mode", "vertical", ""},
		{"writing-mode", "writing_mode", "Vertical", `writing mode "Vertical" (want horizontal or vertical)`},
		{"convert", "convert", "s2twp", ""},
		{"convert", "convert", "s2x", `conversion "s2x" (want s2t, s2tw, s2twp, s2hk, t2s or tw2s)`},
	}
	for _, tt := range tests {
		var o Options
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.Var(&o.PageSize, "page", "")
		fs.Var(&o.Font, "font", "")
		fs.Var(&o.WritingMode, "writing-mode", "")
		fs.Var(&o.Convert, "convert", "")
		flagErr := fs.Parse([]string{"-" + tt.flag, tt.value})
		var j JobOptions
		jsonErr := json.Unmarshal([]byte(`{"`+tt.json+`": "`+tt.value+`"}`), &j)
		for _, got := range []struct {
			how string
			err error
		}{{"flag", flagErr}, {"JSON", jsonErr}} {
			switch {
			case tt.want == "" && got.err != nil:
				t.Errorf("%s %s=%q: %v", got.how, tt.flag, tt.value, got.err)
			case tt.want != "" && (got.err == nil || !containsChoiceError(got.err, tt.want)):
				t.Errorf("%s %s=%q: %v, want %q", got.how, tt.flag, tt.value, got.err, tt.want)
			}
		}
		if tt.want == "" {
			if err := o.Validate(); err != nil {
				t.Errorf("Validate after -%s %s: %v", tt.flag, tt.value, err)
			}
		}
	}
}

// containsChoiceError reports whether err holds a *choice.Error saying want
// (the flag package flattens it into its own message).
func containsChoiceError(err error, want string) bool {
	var ce *choice.Error
	if errors.As(err, &ce) {
		return ce.Error() == want
	}
	return strings.HasSuffix(err.Error(), want)
}

func TestFormatList(t *testing.T) {
	var l FormatList
	if err := l.Set(" PDF, txt,,"); err != nil || l.String() != "pdf,txt" {
		t.Errorf("Set: %v %q, want pdf,txt", err, l)
	}
	if err := l.Set("pdf,docx"); err == nil || err.Error() != `format "docx" (want pdf, epub or txt)` || l.String() != "pdf,txt" {
		t.Errorf("Set docx: %v, list %q", err, l)
	}
	var j JobOptions
	if err := json.Unmarshal([]byte(`{"formats": ["epub", "docx"]}`), &j); err == nil {
		t.Errorf("JSON docx: no error")
	}
}

// A bad option is refused before any input is read: the URL input below
// would fail otherwise (no fetcher), with another error.
func TestValidateBeforeReading(t *testing.T) {
	bad := []Options{
		{Formats: FormatList{"docx"}},
		{PageSize: "B5"},
		{Font: "fangsong"},
		{WritingMode: "diagonal"},
		{Convert: "s2x"},
	}
	for _, o := range bad {
		_, err := Convert(context.Background(), []Input{{Name: "https://a.example/", Kind: KindURL, URL: "https://a.example/"}}, o)
		var ce *choice.Error
		if !errors.Is(err, ErrBadJob) || !errors.As(err, &ce) {
			t.Errorf("Convert(%+v): %v, want ErrBadJob with a *choice.Error", o, err)
		}
	}
}
