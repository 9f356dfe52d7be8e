package convert

import (
	"errors"
	"strings"
	"testing"
)

// A job means one thing whoever reads it: no key twice, none in another
// case, no empty list standing for the defaults.
func TestParseJobStrict(t *testing.T) {
	for _, tc := range []struct {
		job, err string // err: "" for a job that parses
	}{
		{`{"text": "x"}`, ""},
		{`{"text": "x", "options": {"formats": ["txt"]}}`, ""},
		{`{"urls": ["https://example.com/"], "options": {"formats": ["pdf", "epub"]}}`, ""},
		// FuzzParseJob's crasher: [] became the defaults, then nil.
		{`{"text":"x","options":{"formats":[]}}`, `"formats" is empty`},
		{`{"text": "x", "options": {"formats": null}}`, `"formats" is empty`},
		{`{"text": "x", "urls": []}`, `"urls" is empty`},
		{`{"urls": []}`, `"urls" is empty`},
		{`{"text": "x", "text": "y"}`, `key "text" given twice`},
		{`{"text": "x", "options": {"font": "kai", "font": "song"}}`, `key "font" given twice`},
		{`{"TEXT": "x"}`, `unknown key "TEXT"`},
		{`{"TEXT": "x", "text": "y", "Text": "z"}`, `unknown key "TEXT"`},
		{`{"text": "x", "options": {"Formats": ["pdf"]}}`, `unknown key "Formats"`},
		{`{"text": "x", "ſince": "2026-01-01T00:00:00Z"}`, `unknown key`},
	} {
		_, err := ParseJob([]byte(tc.job))
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.job, err)
		case tc.err != "" && (!errors.Is(err, ErrBadJob) || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want ErrBadJob with %q", tc.job, err, tc.err)
		}
	}
}
