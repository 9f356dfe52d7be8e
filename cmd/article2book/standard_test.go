package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
)

// noAltPage is an article with an image that has neither alternative text
// nor a caption: PDF/UA-1 cannot be claimed for it, PDF/A-2 can.
const noAltPage = `<html lang="en"><head><title>Harbour notes</title></head><body><article><h1>Harbour notes</h1>
<p>The ferry left at dawn, and the harbour was quiet for the first time in a week of storms and
late arrivals; the fishermen mended their nets along the wall.</p>
<p><img src="https://example.com/boat.png"></p>
<p>By noon the wind had dropped and the boats went out again, one after another, past the light.</p>
</article></body></html>`

// TestPDFStandardFlag: -pdf-standard chooses the claims; the PDF's XMP
// says exactly those, and -json reports them and why any other is not
// claimed.
func TestPDFStandardFlag(t *testing.T) {
	for _, tc := range []struct {
		name, flag, stdin string
		claims            []string
		note              string // in a standard note; "" for none
	}{
		{"sample, default", "", "", []string{"PDF/UA-1", "PDF/A-2"}, ""},
		{"sample, ua1", "ua1", "", []string{"PDF/UA-1"}, ""},
		{"sample, A2 in capitals", "A2", "", []string{"PDF/A-2"}, ""},
		{"sample, none", "none", "", nil, "no standard asked for"},
		{"no alt, auto", "auto", noAltPage, []string{"PDF/A-2"}, "PDF/UA-1 not claimed: images with neither alternative text nor a caption"},
		{"no alt, ua1", "ua1", noAltPage, nil, "PDF/UA-1 not claimed: images with neither alternative text nor a caption"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"-o", dir, "-json", "-formats", "pdf", "-images=false"}
			if tc.flag != "" {
				args = append(args, "-pdf-standard", tc.flag)
			}
			in := sample
			if tc.stdin != "" {
				in = "-"
			}
			code, stdout, stderr := runCLI(t, tc.stdin, append(args, in)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var raw struct {
				PDF map[string]any `json:"pdf"`
			}
			if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
				t.Fatalf("%v: %s", err, stdout)
			}
			var rep report
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.PDF == nil {
				t.Fatalf("%v: %s", err, stdout)
			}
			if !slices.Equal(rep.PDF.Standards, tc.claims) {
				t.Errorf("-json standards %q, want %q", rep.PDF.Standards, tc.claims)
			}
			notes := strings.Join(rep.PDF.StandardNotes, "\n")
			if tc.note == "" && notes != "" || !strings.Contains(notes, tc.note) {
				t.Errorf("-json standard_notes %q, want %q", notes, tc.note)
			}
			if _, ok := raw.PDF["standard_notes"]; ok != (tc.note != "") {
				t.Errorf("-json pdf object %v: standard_notes present %v", raw.PDF, ok)
			}
			pdf, err := os.ReadFile(filepath.Join(dir, filepath.Base(rep.PDF.Path)))
			if err != nil {
				t.Fatal(err)
			}
			verify.TaggedPDF(t, pdf, tc.claims)
		})
	}
	code, _, stderr := runCLI(t, "", "-o", t.TempDir(), "-pdf-standard", "pdf/x", sample)
	if code == 0 || !strings.Contains(stderr, `PDF standard "pdf/x" (want auto, ua1, a2 or none)`) {
		t.Errorf("-pdf-standard pdf/x: exit %d, %s", code, stderr)
	}
}
