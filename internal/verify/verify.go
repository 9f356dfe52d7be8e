// Package verify checks rendered documents with the tools a reader's
// software would use: poppler's pdftotext and pdffonts for PDFs, epubcheck
// for EPUBs. Tests across the module share it.
package verify

import (
	"archive/zip"
	"bytes"
	"github.com/bookify/article2book/internal/cjk"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func tempFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// PDFText returns the text pdftotext extracts from pdf in content-stream
// order (-raw), the order copy and paste and screen readers follow. Without
// -raw, pdftotext guesses columns from gaps (ideographic spaces in Japanese
// text look like gutters) and drops hyphens at line ends, so its output
// would not show what the PDF holds.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	return string(run(t, "pdftotext", "-raw", "-enc", "UTF-8", tempFile(t, "doc.pdf", pdf), "-"))
}

// PDFTextByPosition returns the text of pdf as pdftotext reads it by
// position on the page, not in content order. Pages with wrapped list
// items need it: a list item's marker is drawn after the item's first
// line (the structure tree has it first), so in content order a wrapped
// item reads "…the Man" "•ifesto’s principles" (a known defect; drawing
// the marker first changes what typefigures measures).
func PDFTextByPosition(t testing.TB, pdf []byte) string {
	t.Helper()
	return string(run(t, "pdftotext", "-enc", "UTF-8", tempFile(t, "doc.pdf", pdf), "-"))
}

// PDFLines returns the visual lines of pdf as pdftotext -layout sees them,
// trimmed of surrounding space, blank lines dropped.
func PDFLines(t testing.TB, pdf []byte) []string {
	t.Helper()
	out := run(t, "pdftotext", "-layout", "-enc", "UTF-8", tempFile(t, "doc.pdf", pdf), "-")
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimFunc(l, func(r rune) bool { return unicode.IsSpace(r) || r == '\f' })
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

var pdfinfoPages = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// PDFPages returns the page count pdfinfo reports.
func PDFPages(t testing.TB, pdf []byte) string {
	t.Helper()
	out := run(t, "pdfinfo", tempFile(t, "doc.pdf", pdf))
	m := pdfinfoPages.FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in\n%s", out)
	}
	return string(m[1])
}

var subsetTag = regexp.MustCompile(`^[A-Z]{6}\+$`)

// PDFInfo returns what pdfinfo reports of pdf, dates in ISO 8601
// ("CreationDate:   2026-12-01T00:00:00Z", "Page size: … (A5)").
func PDFInfo(t testing.TB, pdf []byte) string {
	t.Helper()
	return string(run(t, "pdfinfo", "-isodates", tempFile(t, "doc.pdf", pdf)))
}

// PDFObjects returns pdf rewritten by qpdf with every stream and object
// stream uncompressed, so that a test can look for a dictionary entry
// whichever way the writer packed it.
func PDFObjects(t testing.TB, pdf []byte) []byte {
	t.Helper()
	in := tempFile(t, "doc.pdf", pdf)
	out := filepath.Join(filepath.Dir(in), "qdf.pdf")
	run(t, "qpdf", "--qdf", "--object-streams=disable", in, out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// PDFFonts fails t unless every font of pdf is an embedded subset, named
// with a subset tag, and has a ToUnicode map. It returns the font names
// without their tags.
func PDFFonts(t testing.TB, pdf []byte) []string {
	t.Helper()
	out := run(t, "pdffonts", tempFile(t, "doc.pdf", pdf))
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	var names []string
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type [encoding words...] emb sub uni object ID
		if len(f) < 7 {
			t.Fatalf("pdffonts: unexpected line %q", l)
		}
		emb, sub, uni := f[len(f)-5], f[len(f)-4], f[len(f)-3]
		if emb != "yes" || sub != "yes" || uni != "yes" {
			t.Errorf("font %s: emb=%s sub=%s uni=%s, want all yes", f[0], emb, sub, uni)
		}
		name, ok := strings.CutPrefix(f[0], f[0][:min(7, len(f[0]))])
		if tag := f[0][:len(f[0])-len(name)]; !ok || !subsetTag.MatchString(tag) {
			t.Errorf("font %s: no subset tag (ABCDEF+)", f[0])
		}
		names = append(names, name)
	}
	return names
}

// EPUBCheck fails t unless epubcheck reports no error and no warning.
func EPUBCheck(t testing.TB, epub []byte) {
	t.Helper()
	if err := CheckEPUB(epub); err != nil {
		t.Error(err)
	}
}

// EPUBText returns the text of the EPUB's XHTML documents in spine order
// (documents sorted by name, which is how our writer orders its spine),
// excluding the navigation document.
func EPUBText(t testing.TB, epub []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatalf("epub: %v", err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") || strings.HasSuffix(f.Name, "nav.xhtml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode {
				b.WriteString(n.Data)
			}
			if n.Type == html.ElementNode && (n.Data == "head" || n.Data == "script") {
				return
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		b.WriteString("\n")
	}
	return b.String()
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// LineBreaks fails t when a visual line starts with a character that may
// not start a line or ends with one that may not end it, by the table the
// layout itself reads (internal/cjk).
func LineBreaks(t testing.TB, lines []string) {
	t.Helper()
	for i, l := range lines {
		r := []rune(l)
		if cjk.NoStart(r[0]) {
			t.Errorf("line %d starts with %q: %q", i, r[0], l)
		}
		if cjk.NoEnd(r[len(r)-1]) {
			t.Errorf("line %d ends with %q: %q", i, r[len(r)-1], l)
		}
	}
}
