package render

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // DecodeConfig of article images
	_ "image/jpeg"
	_ "image/png"
	"slices"
	"strconv"
	"strings"

	"github.com/bookify/article2book/pkg/article"
)

var pdfBullets = []string{"•", "◦", "▪"}

func (b *pdfBuilder) list(l *article.List, fr pdfFrame) error {
	body := b.g.body
	start := l.Start
	if l.Ordered && start == 0 {
		start = 1
	}
	ind := 2 * body
	if l.Ordered {
		// room for the widest number and its full stop
		m, _ := fontMetricsOf(fRegular)
		wide := strconv.Itoa(start+len(l.Items)-1) + "."
		w := 0.0
		for _, r := range wide {
			w += float64(m.width(r)) * body / 1000
		}
		for ind < w+body*0.5 {
			ind += body
		}
	}
	inner := pdfFrame{x: fr.x + ind, w: fr.w - ind, bars: fr.bars}
	b.depth++
	defer func() { b.depth-- }()
	for i, it := range l.Items {
		mk := pdfBullets[(b.depth-1)%len(pdfBullets)]
		if l.Ordered {
			mk = strconv.Itoa(start+i) + "."
		}
		b.marker = []textSpan{{mk, b.st(fRegular, body)}}
		if err := b.blocks(it.Blocks, inner); err != nil {
			return err
		}
		if b.marker != nil {
			// an item with no text of its own still shows its marker
			if err := b.text(nil, inner, b.g.lead, paraLayout{em: body}, false); err != nil {
				return err
			}
		}
	}
	b.space(body*0.3, false)
	return nil
}

func pdfExpandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var out strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			out.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			out.WriteRune(r)
			col = 0
		default:
			out.WriteRune(r)
			col++
		}
	}
	return out.String()
}

// code sets preformatted text in monospace on a grey ground, unjustified;
// lines too long for the measure wrap anywhere, with a hook at the right
// margin marking the continuation, so nothing is cut off.
func (b *pdfBuilder) code(c *article.Code, fr pdfFrame) error {
	body := b.g.body
	size := body * 0.85
	lh := size * 1.45
	pad := body * 0.6
	markW := size * 0.8
	st := &runStyle{font: fMono, size: size, color: inkBlack, pre: true}
	shade := &[2]float64{fr.x, fr.w}
	text := pdfExpandTabs(strings.TrimRight(strings.ReplaceAll(c.Text, "\r\n", "\n"), "\n "))
	text = strings.TrimLeft(text, "\n")
	b.space(body*0.2, false)
	b.items = append(b.items, vitem{h: pad / 2, shade: shade, bars: fr.bars, keep: true})
	for _, src := range strings.Split(text, "\n") {
		gs, err := b.sh.shape([]textSpan{{src, st}})
		if err != nil {
			return err
		}
		lines := layoutLines(gs, paraLayout{width: fr.w - 2*pad - markW, em: size, anywhere: true})
		if len(lines) == 0 {
			lines = []setLine{{}}
		}
		for k, ln := range lines {
			cont := k < len(lines)-1
			b.items = append(b.items, vitem{h: lh, shade: shade, bars: fr.bars, draw: func(d *drawer, top float64) {
				base := top + lh/2 + 0.34*size
				d.drawLine(ln, fr.x+pad, base)
				if cont {
					d.hook(fr.x+fr.w-pad-markW*0.6, base, size)
				}
			}})
		}
	}
	b.items = append(b.items, vitem{h: pad / 2, shade: shade, bars: fr.bars})
	b.space(body*0.6, false)
	return nil
}

// hook draws a small return arrow: a wrapped code line continues below.
func (d *drawer) hook(x, base, size float64) {
	d.pdf.SetDrawColor(120, 120, 120)
	d.pdf.SetLineWidth(0.5)
	top, bot := base-size*0.6, base-size*0.15
	d.pdf.Line(x+size*0.4, top, x+size*0.4, bot)
	d.pdf.Line(x+size*0.4, bot, x, bot)
	d.pdf.Line(x, bot, x+size*0.15, bot-size*0.12)
	d.pdf.Line(x, bot, x+size*0.15, bot+size*0.12)
}

// pdfImageTypes maps the types the model carries to fpdf image types.
var pdfImageTypes = map[string]string{"image/jpeg": "JPG", "image/png": "PNG", "image/gif": "GIF"}

func (b *pdfBuilder) image(im *article.Image, fr pdfFrame) error {
	body := b.g.body
	b.space(body*0.4, false)
	tp := pdfImageTypes[im.MediaType]
	var cfg image.Config
	ok := false
	if im.Data != nil && tp != "" {
		var err error
		cfg, _, err = image.DecodeConfig(bytes.NewReader(im.Data))
		ok = err == nil && cfg.Width > 0 && cfg.Height > 0
		if !ok {
			b.warnings = append(b.warnings, fmt.Sprintf("image %s: unreadable %s data, alt text shown", im.Src, im.MediaType))
		}
	}
	hasCaption := len(im.Caption) > 0
	alt := strings.TrimSpace(im.Alt)
	if alt == "" {
		alt = "[image]"
	}
	altSt := &runStyle{font: fRegular, size: body * 0.9, color: inkGrey}
	altGs, err := b.sh.shape([]textSpan{{alt, altSt}})
	if err != nil {
		return err
	}
	if ok {
		// 96 dpi, never wider than the measure nor taller than 3/4 page.
		w := min(fr.w, float64(cfg.Width)*0.75)
		h := w * float64(cfg.Height) / float64(cfg.Width)
		if maxH := (b.g.bottom - b.g.top) * 0.75; h > maxH {
			h, w = maxH, maxH*float64(cfg.Width)/float64(cfg.Height)
		}
		b.nimg++
		name := "img" + strconv.Itoa(b.nimg)
		data := im.Data
		altLine := layoutLines(altGs, paraLayout{width: w, em: altSt.size, anywhere: true})
		b.items = append(b.items, vitem{h: h, keep: hasCaption, bars: fr.bars, draw: func(d *drawer, top float64) {
			x := fr.x + (fr.w-w)/2
			if !d.image(name, data, tp, x, top, w, h) {
				d.altBox(altLine, x, top, w, h, altSt.size)
			}
		}})
	} else {
		pad := body * 0.6
		lines := layoutLines(altGs, paraLayout{width: fr.w - 2*pad, em: altSt.size, center: true})
		lh := altSt.size * 1.5
		h := float64(len(lines))*lh + 2*pad
		b.items = append(b.items, vitem{h: h, keep: hasCaption, bars: fr.bars, draw: func(d *drawer, top float64) {
			d.altBox(lines, fr.x, top, fr.w, h, altSt.size)
		}})
	}
	if hasCaption {
		b.space(body*0.3, true)
		cs := b.spans(im.Caption, fRegular, body*0.9)
		for _, s := range cs {
			if s.st.href == "" {
				s.st.color = inkGrey
			}
		}
		if err := b.text(cs, fr, body*0.9*1.5, paraLayout{em: body * 0.9, center: true}, true); err != nil {
			return err
		}
	}
	b.space(body*0.6, false)
	return nil
}

// altBox frames the alternative text of a picture that is not there.
func (d *drawer) altBox(lines []setLine, x, top, w, h, size float64) {
	d.pdf.SetDrawColor(160, 160, 160)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Rect(x, top, w, h, "D")
	lh := size * 1.5
	y := top + (h-float64(len(lines))*lh)/2
	for _, ln := range lines {
		d.drawLine(ln, x+size*0.6+ln.indent, y+lh/2+0.34*size)
		y += lh
	}
}

// pdfCell is a table cell ready to be set.
type pdfCell struct {
	gs       []glyph
	col, n   int // first column and columns spanned
	min, max float64
	header   bool
}

// table sets a grid with column widths from the content: each column gets
// its longest unbreakable word, and what is left is shared in proportion
// to how much wider each column's text would like to be. A cell spanning
// columns counts too, or its text would be squeezed into columns sized
// for the cells around it (tableColumns).
func (b *pdfBuilder) table(t *article.Table, fr pdfFrame) error {
	body := b.g.body
	size := body * 0.9
	pad := size * 0.45
	lh := size * 1.5
	if len(t.Caption) > 0 {
		b.space(body*0.4, false)
		if err := b.text(b.spans(t.Caption, fBold, size), fr, lh, paraLayout{em: size, center: true}, true); err != nil {
			return err
		}
	}
	var rows [][]pdfCell
	ncol := 0
	for _, r := range t.Rows {
		var cs []pdfCell
		col := 0
		for _, c := range r.Cells {
			n := max(1, c.ColSpan)
			font := fRegular
			hdr := c.Header || r.Header
			if hdr {
				font = fBold
			}
			gs, err := b.sh.shape(b.spans(c.Content, font, size))
			if err != nil {
				return err
			}
			mn, mx := tokenWidths(gs, size)
			cs = append(cs, pdfCell{gs: gs, col: col, n: n, min: mn + 2*pad, max: mx + 2*pad, header: hdr})
			col += n
		}
		ncol = max(ncol, col)
		rows = append(rows, cs)
	}
	if ncol == 0 {
		return nil
	}
	widths := tableColumns(rows, ncol, 2*pad+size, fr.w)
	total := 0.0
	for _, w := range widths {
		total += w
	}
	x0 := fr.x + (fr.w-total)/2
	var header []vitem
	inHeader := true
	for ri, r := range rows {
		type placed struct {
			x, w  float64
			lines []setLine
			hdr   bool
		}
		var ps []placed
		nl := 1
		for _, c := range r {
			x := x0
			for k := 0; k < c.col; k++ {
				x += widths[k]
			}
			w := 0.0
			for k := c.col; k < min(ncol, c.col+c.n); k++ {
				w += widths[k]
			}
			lines := layoutLines(c.gs, paraLayout{width: w - 2*pad, em: size})
			nl = max(nl, len(lines))
			ps = append(ps, placed{x, w, lines, c.header})
		}
		isHdr := len(r) > 0 && t.Rows[ri].Header || pdfAllHeader(r)
		// A row taller than a page is cut into pieces that fit.
		per := max(1, int(((b.g.bottom-b.g.top)*0.8-2*pad)/lh))
		for from := 0; from < nl; from += per {
			to := min(nl, from+per)
			h := float64(to-from)*lh + 2*pad
			it := vitem{h: h, bars: fr.bars, keep: to < nl, draw: func(d *drawer, top float64) {
				d.pdf.SetDrawColor(150, 150, 150)
				d.pdf.SetLineWidth(0.5)
				for _, p := range ps {
					if p.hdr {
						d.pdf.SetFillColor(235, 235, 235)
						d.pdf.Rect(p.x, top, p.w, h, "FD")
					} else {
						d.pdf.Rect(p.x, top, p.w, h, "D")
					}
					for k := from; k < min(to, len(p.lines)); k++ {
						ln := p.lines[k]
						d.drawLine(ln, p.x+pad+ln.indent, top+pad+float64(k-from)*lh+lh/2+0.34*size)
					}
				}
			}}
			if inHeader && isHdr {
				it.keep = true
				b.items = append(b.items, it)
				header = append(header, it)
				continue
			}
			inHeader = false
			it.header = header
			b.items = append(b.items, it)
		}
	}
	b.space(body*0.6, false)
	return nil
}

// tableColumns returns the widths of ncol columns holding rows in avail:
// every column at least narrowest, each cell's minimum and preferred
// widths met by the columns it spans where avail allows.
func tableColumns(rows [][]pdfCell, ncol int, narrowest, avail float64) []float64 {
	mins, maxs := make([]float64, ncol), make([]float64, ncol)
	for i := range mins {
		mins[i], maxs[i] = narrowest, narrowest
	}
	var spans []pdfCell
	for _, r := range rows {
		for _, c := range r {
			if c.n == 1 {
				mins[c.col] = max(mins[c.col], c.min)
				maxs[c.col] = max(maxs[c.col], c.max)
			} else {
				spans = append(spans, c)
			}
		}
	}
	// Narrow spans first, as CSS tables do: a wide span is then spread over
	// columns that already hold what the narrower ones need. The sort is
	// stable, so the widths stay the same from run to run.
	slices.SortStableFunc(spans, func(a, b pdfCell) int { return a.n - b.n })
	for _, c := range spans {
		spread(mins[c.col:c.col+c.n], maxs[c.col:c.col+c.n], c.min)
		spread(maxs[c.col:c.col+c.n], maxs[c.col:c.col+c.n], c.max)
	}
	for i := range maxs {
		maxs[i] = max(maxs[i], mins[i]) // columnWidths shares by max-min
	}
	return columnWidths(mins, maxs, avail)
}

func pdfAllHeader(r []pdfCell) bool {
	for _, c := range r {
		if !c.header {
			return false
		}
	}
	return len(r) > 0
}

// tokenWidths returns the widest unbreakable piece of gs and its width on
// one line.
func tokenWidths(gs []glyph, em float64) (minW, maxW float64) {
	br := lineBreaks(gs, false)
	start := 0
	for i := 1; i <= len(gs); i++ {
		if br[i] != brNone {
			w, _ := trimmedWidth(gs, start, i, em, true)
			minW = max(minW, w)
			start = i
		}
	}
	// widest hard-broken line
	start = 0
	for i := 1; i <= len(gs); i++ {
		if br[i] == brMust {
			w, _ := trimmedWidth(gs, start, i, em, true)
			maxW = max(maxW, w)
			start = i
		}
	}
	// A URL or long word must not blow the table out: it breaks anywhere.
	minW = min(minW, em*12)
	return minW, maxW
}

// spread widens cols so that together they are at least w, giving each a
// share of the shortfall in proportion to its weight (its preferred
// width), so that the column whose text would like more room gets more;
// equal shares when no column has any weight.
func spread(cols, weight []float64, w float64) {
	sum, sumW := 0.0, 0.0
	for i := range cols {
		sum += cols[i]
		sumW += weight[i]
	}
	short := w - sum
	if short <= 0 {
		return
	}
	ws := slices.Clone(weight) // cols and weight may be the same slice
	for i := range cols {
		if sumW > 0 {
			cols[i] += short * ws[i] / sumW
		} else {
			cols[i] += short / float64(len(cols))
		}
	}
}

// columnWidths fits columns of the given minimum and preferred widths into
// avail.
func columnWidths(mins, maxs []float64, avail float64) []float64 {
	var sumMin, sumMax float64
	for i := range mins {
		sumMin += mins[i]
		sumMax += maxs[i]
	}
	w := make([]float64, len(mins))
	switch {
	case sumMax <= avail:
		copy(w, maxs)
	case sumMin >= avail:
		for i := range w {
			w[i] = mins[i] * avail / sumMin
		}
	default:
		extra := avail - sumMin
		for i := range w {
			w[i] = mins[i] + extra*(maxs[i]-mins[i])/(sumMax-sumMin)
		}
	}
	return w
}
