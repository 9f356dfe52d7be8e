package epub

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
)

// svgFrame writes a frame as an SVG 1.1 document w × h units large on a
// background of colour paper, titled title: each glyph of its runs as its
// outline (a path in <defs>, in font units, placed where it is drawn by a
// <use>), its rectangles and lines as themselves. Marked content is
// flattened; images, links and bookmarks, which a cover has none of, are
// left out.
func svgFrame(items []frame.Item, w, h float64, paper frame.Color, title string) ([]byte, error) {
	s := &svgWriter{defined: map[glyphKey]bool{}}
	if err := s.items(items); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="%s" height="%s" viewBox="0 0 %[1]s %[2]s">`+"\n", num(w), num(h))
	b.WriteString("<title>")
	b.WriteString(escapeText(title))
	b.WriteString("</title>\n")
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="%s"/>`+"\n", num(w), num(h), hex(paper))
	if s.defs.Len() > 0 {
		b.WriteString("<defs>\n")
		b.WriteString(s.defs.String())
		b.WriteString("</defs>\n")
	}
	b.WriteString(s.body.String())
	b.WriteString("</svg>\n")
	return []byte(b.String()), nil
}

type glyphKey struct {
	f face.ID
	g uint16
}

type svgWriter struct {
	defs, body strings.Builder
	defined    map[glyphKey]bool
}

func (s *svgWriter) items(items []frame.Item) error {
	for _, it := range items {
		switch x := it.(type) {
		case *frame.Marked:
			if err := s.items(x.Items); err != nil {
				return err
			}
		case *frame.Group:
			s.body.WriteString(`<g transform="`)
			for i, t := range x.Transforms {
				if i > 0 {
					s.body.WriteByte(' ')
				}
				s.body.WriteString(svgTransform(t))
			}
			s.body.WriteString("\">\n")
			if err := s.items(x.Items); err != nil {
				return err
			}
			s.body.WriteString("</g>\n")
		case *frame.Run:
			if err := s.run(x); err != nil {
				return err
			}
		case *frame.Rect:
			fill, stroke := "none", ""
			if x.Fill != nil {
				fill = hex(*x.Fill)
			}
			if x.Stroke != nil {
				stroke = fmt.Sprintf(` stroke="%s" stroke-width="%s"`, hex(*x.Stroke), num(x.Width))
			}
			fmt.Fprintf(&s.body, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`+"\n", num(x.X), num(x.Y), num(x.W), num(x.H), fill, stroke)
		case *frame.Line:
			fmt.Fprintf(&s.body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n", num(x.X1), num(x.Y1), num(x.X2), num(x.Y2), hex(x.Color), num(x.Width))
		}
	}
	return nil
}

// run places each glyph of r, defining its outline on first use.
func (s *svgWriter) run(r *frame.Run) error {
	m, err := face.Open(r.Face)
	if err != nil {
		return err
	}
	scale := num(r.Size / float64(m.UnitsPerEm()))
	s.body.WriteString(`<g fill="` + hex(r.Color) + "\">\n")
	x := r.X
	for _, g := range r.Glyphs {
		if g.ID != 0 {
			k := glyphKey{r.Face, g.ID}
			id := "g" + strconv.Itoa(int(r.Face)) + "-" + strconv.Itoa(int(g.ID))
			if !s.defined[k] {
				d, err := glyphPath(k)
				if err != nil {
					return err
				}
				s.defs.WriteString(`<path id="` + id + `" d="` + d + "\"/>\n")
				s.defined[k] = true
			}
			s.body.WriteString(`<use xlink:href="#` + id + `" transform="matrix(` + scale + " 0 0 " + scale + " " + num(x) + " " + num(r.Y) + ")\"/>\n")
		}
		x += g.Adv + r.Spacing
	}
	s.body.WriteString("</g>\n")
	return nil
}

// paths caches glyph outlines as path data for the process: covers draw
// the same common characters book after book. At most maxPaths are kept.
var (
	paths    sync.Map // glyphKey -> string
	numPaths atomic.Int64
)

const maxPaths = 1 << 14

func glyphPath(k glyphKey) (string, error) {
	if d, ok := paths.Load(k); ok {
		return d.(string), nil
	}
	segs, err := face.Outline(k.f, k.g)
	if err != nil {
		return "", fmt.Errorf("glyph %d of %s: %w", k.g, face.Family(k.f), err)
	}
	d := pathData(segs)
	if numPaths.Load() < maxPaths {
		if _, loaded := paths.LoadOrStore(k, d); !loaded {
			numPaths.Add(1)
		}
	}
	return d, nil
}

// pathData writes an outline as SVG path data, in font units, each
// contour closed. Points are relative to the one before (m l q c), a
// command is not repeated and a minus sign needs no space before it: a
// quarter less to compress than absolute points. Each point is rounded
// to hundredths before it is taken from the next, so rounding does not
// add up along a contour.
func pathData(segs sfnt.Segments) string {
	var p pathWriter
	for _, sg := range segs {
		switch sg.Op {
		case sfnt.SegmentOpMoveTo:
			if p.b.Len() > 0 {
				p.close()
			}
			p.points('m', sg.Args[:1])
			p.start = p.cur
		case sfnt.SegmentOpLineTo:
			p.points('l', sg.Args[:1])
		case sfnt.SegmentOpQuadTo:
			p.points('q', sg.Args[:2])
		case sfnt.SegmentOpCubeTo:
			p.points('c', sg.Args[:3])
		}
	}
	if p.b.Len() > 0 {
		p.close()
	}
	return p.b.String()
}

// pathWriter writes path data in hundredths of a font unit: cur is the
// current point, start the contour's first, last the command written
// last (0 for none, or after z).
type pathWriter struct {
	b          strings.Builder
	cur, start [2]int64
	last       byte
}

func (p *pathWriter) close() {
	p.b.WriteByte('z')
	p.cur, p.last = p.start, 0
}

// points writes the command op for pts, each relative to the current
// point; the last becomes current.
func (p *pathWriter) points(op byte, pts []fixed.Point26_6) {
	first := true
	var abs [2]int64
	for _, pt := range pts {
		abs = [2]int64{hundredths(pt.X), hundredths(pt.Y)}
		for i := range abs {
			d := abs[i] - p.cur[i]
			switch {
			case first && op != p.last:
				p.b.WriteByte(op)
			case d >= 0:
				p.b.WriteByte(' ')
			}
			first = false
			p.b.WriteString(strconv.FormatFloat(float64(d)/100, 'f', -1, 64))
		}
	}
	p.cur, p.last = abs, op
}

// hundredths rounds a 26.6 fixed-point value to hundredths.
func hundredths(v fixed.Int26_6) int64 {
	return int64(math.Round(float64(v) * 100 / 64))
}

// num writes v to two decimals at most.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // not -0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func hex(c frame.Color) string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

var svgEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeText(s string) string { return svgEscaper.Replace(s) }

// svgTransform writes t as an SVG transform; the frame's angles are
// counter-clockwise with y up, SVG's clockwise with y down.
func svgTransform(t frame.Transform) string {
	switch t.Op {
	case frame.Rotate:
		return fmt.Sprintf("rotate(%s %s %s)", num(-t.A), num(t.X), num(t.Y))
	case frame.SkewX:
		return fmt.Sprintf("translate(%s %s) skewX(%s) translate(%s %s)", num(t.X), num(t.Y), num(-t.A), num(-t.X), num(-t.Y))
	case frame.Scale:
		return fmt.Sprintf("translate(%s %s) scale(%s %s) translate(%s %s)", num(t.X), num(t.Y), num(t.A), num(t.B), num(-t.X), num(-t.Y))
	}
	return fmt.Sprintf("translate(%s %s)", num(t.X), num(t.Y))
}
