package service

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/storage"
)

// Every way into the service (an API request, an upload, a scheduled
// digest) converts with the configured page size, face and writing mode,
// and dates what it writes by the service's clock, on any day: the book of
// an undated article carries the clock's day in its PDF and EPUB metadata,
// a digest its title.
func TestOptionsEveryPath(t *testing.T) {
	days := []time.Time{
		time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 23, 30, 0, 0, time.UTC),
		time.Date(2031, 7, 15, 0, 5, 0, 0, time.UTC),
	}
	paths := []struct {
		name string
		run  func(t *testing.T, s *Service, dir *storage.Dir, day time.Time)
	}{
		{"api", func(t *testing.T, s *Service, _ *storage.Dir, _ time.Time) {
			if _, err := s.ConvertJob(WithRequestID(context.Background(), "req-opt"), "api", []byte(`{"text": "Title: 默认选项\n\n第一段正文。\n"}`)); err != nil {
				t.Fatal(err)
			}
		}},
		{"upload", func(t *testing.T, s *Service, dir *storage.Dir, _ time.Time) {
			ctx := context.Background()
			if err := dir.Put(ctx, "b", "inbox/a.txt", []byte("Title: 默认选项\n\n第一段正文。\n"), storage.PutOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := s.ConvertObject(ctx, "s3", Object{Bucket: "b", Key: "inbox/a.txt"}); err != nil {
				t.Fatal(err)
			}
		}},
		{"digest", func(t *testing.T, s *Service, dir *storage.Dir, day time.Time) {
			site := newFeedSite(t, entry(1, day.Add(-time.Hour)))
			s.Fetcher = site.fetcher(t)
			list := fmt.Sprintf(`{"feeds": [{"name": "harbour", "url": %q}]}`, site.URL+"/feed.xml")
			ctx := context.Background()
			if err := dir.Put(ctx, "books", "digests/feeds.json", []byte(list), storage.PutOptions{}); err != nil {
				t.Fatal(err)
			}
			res, err := s.Digest(ctx, "schedule", []byte(`{"digest": "digests/feeds.json"}`))
			if err != nil || len(res) != 1 || res[0].Outcome != "written" {
				t.Fatalf("digest %+v: %v", res, err)
			}
		}},
	}
	for _, p := range paths {
		for _, day := range days {
			t.Run(p.name+"/"+day.Format(time.DateOnly), func(t *testing.T) {
				s, dir := testService(t, io.Discard)
				s.Cfg.OutputBucket = ""
				if p.name != "upload" {
					s.Cfg.OutputBucket = "books"
				}
				s.Cfg.MaxInputBytes = 1 << 20
				s.Cfg.PageSize, s.Cfg.Font, s.Cfg.WritingMode = "A5", "song", "vertical"
				s.Now = func() time.Time { return day }
				p.run(t, s, dir, day)
				pdf, epub := writtenBook(t, dir)
				checkDefaults(t, p.name, day, pdf, epub)
			})
		}
	}
}

// writtenBook returns the one PDF and the one EPUB a conversion stored.
func writtenBook(t *testing.T, dir *storage.Dir) (pdf, epub []byte) {
	t.Helper()
	var pdfs, epubs []string
	err := filepath.WalkDir(dir.Root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case strings.HasSuffix(p, ".pdf"):
			pdfs = append(pdfs, p)
		case strings.HasSuffix(p, ".epub"):
			epubs = append(epubs, p)
		}
		return nil
	})
	if err != nil || len(pdfs) != 1 || len(epubs) != 1 {
		t.Fatalf("stored PDFs %q and EPUBs %q (%v), want one of each", pdfs, epubs, err)
	}
	if pdf, err = os.ReadFile(pdfs[0]); err != nil {
		t.Fatal(err)
	}
	if epub, err = os.ReadFile(epubs[0]); err != nil {
		t.Fatal(err)
	}
	return pdf, epub
}

var songFont = regexp.MustCompile(`(?i)song|notoserif`)

func checkDefaults(t *testing.T, path string, day time.Time, pdf, epub []byte) {
	t.Helper()
	info := verify.PDFInfo(t, pdf)
	if !strings.Contains(info, "419.53 x 595.28 pts") {
		t.Errorf("PDF page size, want A5:\n%s", info)
	}
	if fonts := verify.PDFFonts(t, pdf); !songFont.MatchString(strings.Join(fonts, " ")) {
		t.Errorf("PDF fonts %q, want the song face (Noto Serif SC)", fonts)
	}
	if !bytes.Contains(verify.PDFObjects(t, pdf), []byte("/Direction /R2L")) {
		t.Error("PDF reads left to right, want the vertical book's right-to-left")
	}
	opf := epubFile(t, epub, "OEBPS/content.opf")
	if !strings.Contains(opf, `page-progression-direction="rtl"`) {
		t.Errorf("EPUB spine is not right to left:\n%s", opf)
	}
	date := day.Format(time.DateOnly)
	if path == "digest" {
		// The items are dated; the book is titled after the day.
		if want := "港口日报 — " + date; !strings.Contains(info, want) || !strings.Contains(opf, want) {
			t.Errorf("digest title, want %q:\n%s\n%s", want, info, opf)
		}
		return
	}
	if want := `(?m)^CreationDate:\s+` + date + `T00:00:00Z$`; !regexp.MustCompile(want).MatchString(info) {
		t.Errorf("PDF of an undated article, want %s:\n%s", want, info)
	}
	if want := `<meta property="dcterms:modified">` + date + "T00:00:00Z</meta>"; !strings.Contains(opf, want) {
		t.Errorf("EPUB of an undated article, want %q:\n%s", want, opf)
	}
}

func epubFile(t *testing.T, epub []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
