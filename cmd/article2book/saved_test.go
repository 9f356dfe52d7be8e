package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSavedPageWhole converts a page saved whole by a browser: the page
// and, beside it, the folder of its pictures given by relative addresses,
// the page naming its address on the web. Its pictures come from that
// folder; a symbolic link in the folder to a picture outside it is not
// followed out, nor is ../, and each is reported.
func TestSavedPageWhole(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "saved")
	files := filepath.Join(dir, "Tides_files")
	if err := os.MkdirAll(files, 0o755); err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(files, "harbour map.png"), 200, 120)
	writePNG(t, filepath.Join(root, "outside.png"), 50, 40)
	if err := os.Symlink(filepath.Join(root, "outside.png"), filepath.Join(files, "escape.png")); err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("The harbour master opens the ledger at five and writes the tide in a careful hand. ", 4)
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tide tables</title>
<link rel="canonical" href="http://127.0.0.1:9/news/tides.html"></head><body><article><h1>Tide tables</h1>
<p>` + body + `</p><figure><img src="./Tides_files/harbour%20map.png" alt="A map"><figcaption>The harbour.</figcaption></figure>
<p>` + body + `</p><figure><img src="./Tides_files/escape.png" alt="Escape"></figure>
<p>` + body + `</p><figure><img src="../outside.png" alt="Outside"></figure><p>` + body + `</p></article></body></html>`
	in := filepath.Join(dir, "Tides.html")
	if err := os.WriteFile(in, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "-o", out, "-json", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.EPUB == nil || rep.PDF == nil {
		t.Fatalf("%s: %v", stdout, err)
	}
	// The one picture of the folder, in both outputs.
	if got := epubImages(t, rep.EPUB.Path); !slices.Equal(got, []string{"OEBPS/images/img001.png 200x120"}) {
		t.Errorf("EPUB pictures %q, want the folder's one", got)
	}
	list, err := exec.Command("pdfimages", "-list", rep.PDF.Path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Split(strings.TrimSpace(string(list)), "\n")[2:]; len(rows) != 1 || !strings.Contains(rows[0], " 200   120 ") {
		t.Errorf("PDF pictures:\n%s\nwant the folder's one, 200x120", list)
	}
	// The link out of the folder and ../ are not read from the disk: they
	// are the web's addresses, which a loopback address without -allow-addr
	// refuses (no network is asked).
	warned := strings.Join(rep.Warnings, "\n")
	for _, want := range []string{"image http://127.0.0.1:9/news/Tides_files/escape.png left out", "image http://127.0.0.1:9/outside.png left out"} {
		if !strings.Contains(warned, want) {
			t.Errorf("warnings %q lack %q", rep.Warnings, want)
		}
	}
}

func writePNG(t *testing.T, name string, w, h int) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// epubImages lists an EPUB's pictures with their sizes, the cover left
// out.
func epubImages(t *testing.T, name string) []string {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out []string
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "OEBPS/images/img") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out = append(out, f.Name+" "+strings.Join([]string{itoa(cfg.Width), itoa(cfg.Height)}, "x"))
	}
	return out
}
