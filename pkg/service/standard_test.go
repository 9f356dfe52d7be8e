package service

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/storage"
)

// noAltHTML has an image with neither alternative text nor a caption:
// PDF/UA-1 cannot be claimed for it.
const noAltHTML = `<html lang="en"><head><title>Harbour notes</title></head><body><article><h1>Harbour notes</h1>
<p>The ferry left at dawn, and the harbour was quiet for the first time in a week of storms and late arrivals.</p>
<p><img src="https://example.com/boat.png"></p>
<p>By noon the wind had dropped and the boats went out again, one after another, past the light.</p>
</article></body></html>`

// TestPDFStandardEveryPath: PDF_STANDARD (the Lambda's setting, read by
// LoadConfig) is the default of API requests and uploads, a job's
// pdf_standard wins; the stored PDF's XMP claims what the manifest's
// pdf_standards say, and pdf_standard_notes say why a standard is not
// claimed.
func TestPDFStandardEveryPath(t *testing.T) {
	const text = "Title: 标准\n\n第一段正文。\n"
	htmlJob, _ := json.Marshal(map[string]any{"html": noAltHTML, "options": map[string]any{"formats": []string{"pdf"}}})
	for _, tc := range []struct {
		name, env string // PDF_STANDARD
		path      string // "api" or an upload's key
		body      string
		claims    []string
		note      string
	}{
		{"api, setting", "ua1", "api", `{"text": "` + strings.ReplaceAll(text, "\n", `\n`) + `", "options": {"formats": ["pdf"]}}`, []string{"PDF/UA-1"}, ""},
		{"api, job wins", "ua1", "api", `{"text": "` + strings.ReplaceAll(text, "\n", `\n`) + `", "options": {"formats": ["pdf"], "pdf_standard": "a2"}}`, []string{"PDF/A-2"}, ""},
		{"api, default, no alt", "", "api", string(htmlJob), []string{"PDF/A-2"}, "PDF/UA-1 not claimed: images with neither alternative text nor a caption"},
		{"upload, setting none", "none", "inbox/a.txt", text, nil, "no standard asked for"},
		{"upload job, no alt, ua1", "", "inbox/a.json", strings.Replace(string(htmlJob), `"formats"`, `"pdf_standard":"ua1","formats"`, 1), nil, "PDF/UA-1 not claimed"},
		{"upload, default", "", "inbox/b.txt", text, []string{"PDF/UA-1", "PDF/A-2"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := LoadConfig(env("OUTPUT_BUCKET", "books", "PDF_STANDARD", tc.env))
			if err != nil {
				t.Fatal(err)
			}
			s, dir := testService(t, io.Discard)
			s.Cfg.MaxInputBytes = 1 << 20
			s.Cfg.PDFStandard = cfg.PDFStandard
			ctx := context.Background()
			var m *Manifest
			if tc.path == "api" {
				resp, err := s.ConvertJob(WithRequestID(ctx, "req-std"), "api", []byte(tc.body))
				if err != nil {
					t.Fatal(err)
				}
				m = resp.Manifest
			} else {
				if err := dir.Put(ctx, "books", tc.path, []byte(tc.body), storage.PutOptions{}); err != nil {
					t.Fatal(err)
				}
				if err := s.ConvertObject(ctx, "s3", Object{Bucket: "books", Key: tc.path}); err != nil {
					t.Fatal(err)
				}
			}
			pdf, stored := storedPDF(t, dir)
			if m != nil && (!slices.Equal(m.PDFStandards, stored.PDFStandards) || !slices.Equal(m.PDFStandardNotes, stored.PDFStandardNotes)) {
				t.Errorf("answer's manifest %+v, stored %+v", m, stored)
			}
			if !slices.Equal(stored.PDFStandards, tc.claims) {
				t.Errorf("manifest pdf_standards %q, want %q", stored.PDFStandards, tc.claims)
			}
			notes := strings.Join(stored.PDFStandardNotes, "\n")
			if tc.note == "" && notes != "" || !strings.Contains(notes, tc.note) {
				t.Errorf("manifest pdf_standard_notes %q, want %q", notes, tc.note)
			}
			verify.TaggedPDF(t, pdf, tc.claims)
		})
	}
	s, _ := testService(t, io.Discard)
	_, err := s.ConvertJob(WithRequestID(context.Background(), "req-bad"), "api", []byte(`{"text": "x", "options": {"pdf_standard": "pdf/x"}}`))
	if !errors.Is(err, convert.ErrBadJob) || !strings.Contains(err.Error(), `PDF standard "pdf/x"`) {
		t.Errorf("pdf_standard pdf/x: %v, want ErrBadJob naming it", err)
	}
}

// storedPDF returns the one PDF stored and the manifest beside it.
func storedPDF(t *testing.T, dir *storage.Dir) ([]byte, *Manifest) {
	t.Helper()
	var pdfs []string
	err := filepath.WalkDir(dir.Root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".pdf") {
			pdfs = append(pdfs, p)
		}
		return err
	})
	if err != nil || len(pdfs) != 1 {
		t.Fatalf("stored PDFs %q (%v), want one", pdfs, err)
	}
	pdf, err := os.ReadFile(pdfs[0])
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(strings.TrimSuffix(pdfs[0], ".pdf") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return pdf, &m
}
