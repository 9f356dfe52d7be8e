package epub

import (
	"context"
	"slices"
	"strings"

	"github.com/bookify/article2book/pkg/render"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/frame"
	"github.com/bookify/article2book/pkg/render/inline"
	"github.com/bookify/article2book/pkg/render/title"
)

// CoverInfo is what a cover shows.
type CoverInfo struct {
	Title string
	Site  string
	Date  string  // already formatted for the reader
	Lang  string  // BCP 47, for where the title's lines may break
	Body  face.ID // the book's body face: the title is set in its bold
}

// Cover geometry, in SVG user units (px): 2:3, the shape of most e-book
// covers, and large enough for the 1600-pixel-tall screens of current
// readers.
const (
	coverW      = 1200
	coverH      = 1800
	coverMargin = 130
)

var (
	coverPaper = frame.Color{0xf4, 0xef, 0xe4}
	coverInk   = frame.Color{0x22, 0x22, 0x22}
	coverGrey  = frame.Color{0x5a, 0x55, 0x4e}
	coverRed   = frame.Color{0x9b, 0x2d, 0x2a}
)

// Cover draws the cover as an SVG image: the title large, in the bold of
// the book's body face, broken into balanced lines between words as the
// PDF's titles are (package title), over the site name and the date. It
// is laid out into a frame, the display list the PDF's pages are made of,
// and the frame written as SVG with the glyphs' outlines (svg.go), so a
// reading system shows the PDF's faces without any font of its own. The
// same input always gives the same bytes.
func Cover(ci CoverInfo) ([]byte, error) {
	if err := face.Load(); err != nil {
		return nil, err
	}
	items, err := coverFrame(ci)
	if err != nil {
		return nil, err
	}
	return svgFrame(items, coverW, coverH, coverPaper, render.OneLine(ci.Title))
}

// coverFrame lays the cover out: a red band at the top and a rule under
// the title (enough to tell a cover from a page of text in a library
// grid), the title from 330 units down, shrunk until it fits in six
// lines, and the site and date at the foot.
func coverFrame(ci CoverInfo) ([]frame.Item, error) {
	fb := frame.NewBuilder()
	fb.StartPage()
	fb.SetFill(coverRed)
	fb.Rect(0, 0, coverW, 56, frame.Fill)

	bold, body := face.Bold(ci.Body), ci.Body
	if render.IsHant(ci.Lang) {
		bold, body = face.Traditional(bold), face.Traditional(body)
	}
	t := render.OneLine(ci.Title)
	if strings.TrimSpace(t) == "" {
		t = "…"
	}
	width := float64(coverW - 2*coverMargin)
	var lines []inline.Line
	var size float64
	var fs face.Set
	for size = 112; ; size -= 8 {
		fs = face.Set{Body: ci.Body}
		lines = coverLines(&fs, bold, size, t, width, ci.Lang, coverInk)
		if len(lines) <= 6 || size <= 48 {
			break
		}
	}
	if len(lines) > 8 {
		lines = lines[:8]
	}
	y := 330 + size
	for _, ln := range lines {
		lineRuns(fb, ln, coverMargin, y)
		y += size * 1.35
	}
	fb.Rect(coverMargin, y-size*1.35+40+size*0.4, 160, 8, frame.Fill)

	var foot []inline.Line
	for _, s := range []string{ci.Site, ci.Date} {
		if s = render.OneLine(s); strings.TrimSpace(s) != "" {
			foot = append(foot, coverLines(&fs, body, 46, s, width, ci.Lang, coverGrey)...)
		}
	}
	if len(foot) > 4 {
		foot = foot[:4]
	}
	fy := float64(coverH - coverMargin - (len(foot)-1)*66)
	for _, ln := range foot {
		lineRuns(fb, ln, coverMargin, fy)
		fy += 66
	}
	return fb.Items(), fs.Err
}

// coverLines sets s in face f at size units per em, in balanced lines no
// wider than width (package title), in colour c. Characters no face has
// are left out rather than drawn as empty boxes.
func coverLines(fs *face.Set, f face.ID, size float64, s string, width float64, lang string, c frame.Color) []inline.Line {
	st := &inline.Style{Face: inline.Face(f), Size: size, Lang: lang, Ink: c}
	// A cover's few lines, with no context to stop on: Background.
	gs, _ := inline.Shape(context.Background(), []inline.Span{{Text: s, Style: st}}, fs)
	gs = slices.DeleteFunc(gs, func(g inline.Glyph) bool { return g.Missing })
	lines, _ := title.Lines(context.Background(), gs, inline.Params{Width: width, Em: size}, lang)
	return lines
}

// lineRuns adds ln's glyphs to the frame, from x on baseline y: a run per
// glyph at the place the layout gave it, and per glyph of a shaped
// cluster.
func lineRuns(fb *frame.Builder, ln inline.Line, x, y float64) {
	fb.BeginSpan(ln.Text)
	defer fb.End()
	for i, g := range ln.Glyphs {
		if g.Hard {
			continue
		}
		run := func(gid uint16, dx, dy, adv float64) {
			fb.Run(&frame.Run{Face: face.ID(g.Face), Size: g.Style.Size, Color: g.Style.Ink.(frame.Color),
				X: x + ln.Indent + ln.X[i] + dx, Y: y - dy, Glyphs: []frame.Glyph{{ID: gid, Adv: adv, Text: g.Text}}})
		}
		if g.Subs != nil {
			for _, s := range g.Subs {
				run(s.GID, s.X, s.Y, s.Adv)
			}
			continue
		}
		gid := g.GID
		if gid == 0 {
			if m, err := face.Open(face.ID(g.Face)); err == nil {
				gid = m.Glyph(g.R)
			}
		}
		run(gid, 0, 0, g.Adv)
	}
}
