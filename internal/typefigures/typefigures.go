// Package typefigures measures typesetting figures of a PDF against the text
// it sets, so that two builds can be compared:
//
//	go run ./scripts/typefigures -pdf out/x.pdf -text out/x.txt
//
// (scripts/typefigures), and the PDF tests measure their PDFs with it.
// Glyph positions come from the PDF's content streams (rewritten
// uncompressed by qpdf); the copied text from poppler's pdftotext. The text
// is the book's plain text, e.g. what `convert -formats pdf,txt` writes
// beside the PDF, whose list and quotation markers are left out of the
// comparison. With -row NAME it prints one row of the table that
// scripts/typefigures-all prints (-header prints its header).
//
// A line is the glyphs drawn in content order on one baseline, not
// separated by a painted path (a table rule, a cell border) or by a gap of
// more than 4 em. A gap is the space from one glyph's advance to the next
// glyph on the line, spaces drawn between counted in it, measured in em of
// the larger glyph. Its natural width is that of the spaces in it (drawn, or
// in the /ActualText), 1/4 em between a Han character and a Latin letter or
// digit, and 0 otherwise; its deviation is its width less its natural width.
// Under /ActualText, glyphs are matched to the span's grapheme clusters, so
// glyphs drawn under private-use code points count as the characters they
// draw.
package typefigures

import (
	"fmt"
	"io"
	"os"
)

// Figures are everything measured on one PDF.
type Figures struct {
	Chars   int // non-space characters of the source text
	Layout  Layout
	Default Copy // pdftotext's default mode
	Raw     Copy // pdftotext -raw
}

// MeasureFiles measures the PDF at pdfPath against the text at textPath.
func MeasureFiles(pdfPath, textPath string) (*Figures, error) {
	src, err := os.ReadFile(textPath)
	if err != nil {
		return nil, err
	}
	doc, err := openPDF(pdfPath)
	if err != nil {
		return nil, err
	}
	glyphs, spans, err := doc.glyphs()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pdfPath, err)
	}
	text := articleText(string(src))
	f := &Figures{Chars: len(chars(text)), Layout: measureLayout(lines(cells(glyphs, spans)))}
	def, err := pdftotext(pdfPath, "")
	if err != nil {
		return nil, err
	}
	raw, err := pdftotext(pdfPath, "-raw")
	if err != nil {
		return nil, err
	}
	f.Default, f.Raw = compare(text, def), compare(text, raw)
	return f, nil
}

// Print writes the full report, with each defect when verbose.
func (f *Figures) Print(w io.Writer, verbose bool) {
	l := f.Layout
	fmt.Fprintf(w, "source characters   %d (non-space)\n", f.Chars)
	fmt.Fprintf(w, "lines               %d\n", l.Lines)
	fmt.Fprintf(w, "holes               %d (gaps over %.2g em, spaces at natural width aside)\n", l.Holes, holeEm)
	fmt.Fprintf(w, "widest gap          %.2f em\n", l.Widest)
	fmt.Fprintf(w, "loose lines         %d (adjustable gaps grown by over %.3g em on average)\n", l.Loose, looseEm)
	fmt.Fprintf(w, "letter-spaced lines %d (letters of a word over %.2g em apart)\n", l.LetterSpaced, letterSpaceEm)
	fmt.Fprintf(w, "adjustment per line min/median/max  %+.3f / %+.3f / %+.3f em per gap\n", l.AdjustMin, l.AdjustMedian, l.AdjustMax)
	fmt.Fprintf(w, "unevenness per line median/p95/max  %.3f / %.3f / %.3f em\n", l.UnevenMedian, l.UnevenP95, l.UnevenMax)
	for _, c := range []struct {
		mode string
		c    Copy
	}{{"pdftotext", f.Default}, {"pdftotext -raw", f.Raw}} {
		fmt.Fprintf(w, "%-15s inserted spaces %d, dropped spaces %d, lost characters %d, private-use %d, 〓 %d\n",
			c.mode, c.c.Inserted, c.c.Dropped, c.c.Lost, c.c.PUA, c.c.Geta)
	}
	if verbose {
		for _, d := range l.Defects {
			fmt.Fprintln(w, "  layout:", d)
		}
		for _, e := range f.Default.Examples {
			fmt.Fprintln(w, "  pdftotext:", e)
		}
		for _, e := range f.Raw.Examples {
			fmt.Fprintln(w, "  pdftotext -raw:", e)
		}
	}
}

const rowFormat = "%-18s %7v %6v %6v %7v %6v %7v %7v %7v %6v %5v %4v\n"

// PrintHeader writes the header of the table PrintRow writes rows of.
func PrintHeader(w io.Writer) {
	fmt.Fprintf(w, rowFormat, "fixture", "chars", "lines", "holes", "widest", "loose", "lspaced", "ins.def", "ins.raw", "lost", "PUA", "〓")
}

// PrintRow writes the figures as one table row named name.
func (f *Figures) PrintRow(w io.Writer, name string) {
	l := f.Layout
	fmt.Fprintf(w, rowFormat, name, f.Chars, l.Lines, l.Holes, fmt.Sprintf("%.2f", l.Widest), l.Loose, l.LetterSpaced,
		f.Default.Inserted, f.Raw.Inserted, f.Raw.Lost, f.Raw.PUA, f.Raw.Geta)
}
