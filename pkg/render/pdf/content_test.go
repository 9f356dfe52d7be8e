package pdf

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bookify/article2book/internal/pdfsyntax"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/pkg/book"
)

// TestContentCompact checks the sample's content streams for the forms
// that keep them small: a paragraph's lines on a page are one
// marked-content sequence (one MCID), and its glyphs go in one text
// object, each run placed from the one before, not each run in a text
// object of its own: no more text objects than marked-content sequences.
func TestContentCompact(t *testing.T) {
	pdf, _ := renderPDF(t, book.Single(testbook.Sample(t), "sample"), Options{})
	objs := qpdfObjects(t, pdf)
	paras := 0
	for _, o := range objs {
		d, _ := o.Value.(map[string]any)
		if d["/S"] != "/P" {
			continue
		}
		paras++
		perPage := map[any]int{}
		kids, _ := d["/K"].([]any)
		for _, k := range kids {
			switch x := k.(type) {
			case float64:
				perPage[d["/Pg"]]++
			case map[string]any:
				perPage[x["/Pg"]]++
			}
		}
		for pg, n := range perPage {
			if n > 1 {
				t.Errorf("P %v: %d MCIDs on page %v, want its lines in one", d, n, pg)
			}
		}
	}
	if paras == 0 {
		t.Fatal("no P elements")
	}
	pages := 0
	for _, o := range objs {
		if o.Stream == nil || o.Stream.Dict["/Type"] != nil || o.Stream.Dict["/Length1"] != nil {
			continue
		}
		data, err := base64.StdEncoding.DecodeString(o.Stream.Data)
		if err != nil || !isContent(data) {
			continue
		}
		pages++
		texts, marked := 0, 0
		l := &pdfsyntax.Lexer{B: data}
		for {
			tok, err := l.Token()
			if err != nil {
				break
			}
			switch tok {
			case pdfsyntax.Keyword("BT"):
				texts++
			case pdfsyntax.Keyword("BDC"), pdfsyntax.Keyword("BMC"):
				marked++
			}
		}
		if texts > marked {
			t.Errorf("a page of %d text objects in %d marked-content sequences: one per run, not per stretch of text", texts, marked)
		}
	}
	if pages == 0 {
		t.Fatal("no content streams")
	}
}

// isContent reports whether a stream reads as page content: it shows text.
func isContent(data []byte) bool {
	l := &pdfsyntax.Lexer{B: data}
	for {
		tok, err := l.Token()
		if err != nil {
			return false
		}
		if tok == pdfsyntax.Keyword("Tj") || tok == pdfsyntax.Keyword("TJ") {
			return true
		}
	}
}

type qpdfObject struct {
	Value  any `json:"value"`
	Stream *struct {
		Dict map[string]any `json:"dict"`
		Data string         `json:"data"`
	} `json:"stream"`
}

// qpdfObjects returns pdf's objects as qpdf's JSON gives them, streams
// decoded.
func qpdfObjects(t testing.TB, pdf []byte) map[string]qpdfObject {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", "--json-key=qpdf", p).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct {
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.QPDF) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	var objs map[string]qpdfObject
	if err := json.Unmarshal(doc.QPDF[1], &objs); err != nil {
		t.Fatal(err)
	}
	return objs
}

// pdfInfoDict returns pdf's document information dictionary as qpdf's
// JSON gives it (strings as "u:text").
func pdfInfoDict(t testing.TB, pdf []byte) map[string]any {
	t.Helper()
	for _, o := range qpdfObjects(t, pdf) {
		if d, ok := o.Value.(map[string]any); ok && d["/Producer"] != nil && d["/Type"] == nil {
			return d
		}
	}
	t.Fatal("no document information")
	return nil
}
