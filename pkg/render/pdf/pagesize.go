package pdf

import "github.com/bookify/article2book/internal/choice"

// PageSizes name the page sizes of pageSizes, for messages and flags.
var PageSizes = []string{"A4", "A5", "Letter", "6x9"}

// A PageSize is one of PageSizes, in any case; empty is A4. It is a
// flag.Value and reads itself from JSON and the environment as text.
type PageSize string

// Check returns a *choice.Error when p is not a page size the PDF knows.
func (p PageSize) Check() error {
	return choice.Check("page size", string(p), PageSizes, true, true)
}

// Set parses s as a page size.
func (p *PageSize) Set(s string) error {
	if err := PageSize(s).Check(); err != nil {
		return err
	}
	*p = PageSize(s)
	return nil
}

func (p PageSize) String() string { return string(p) }

// UnmarshalText parses a page size from JSON.
func (p *PageSize) UnmarshalText(b []byte) error { return p.Set(string(b)) }

// TextBlock is the page's text block in pt, as wide and as tall as it is
// in either writing mode: the most an image on the page can fill. It is
// zero for an unknown size.
func (p PageSize) TextBlock() (w, h float64) {
	for _, vertical := range []bool{false, true} {
		g, err := pageGeometryOf(string(p), vertical)
		if err != nil {
			return 0, 0
		}
		tw, th := g.width, g.bottom-g.top
		if vertical {
			tw, th = th, tw
		}
		w, h = max(w, tw), max(h, th)
	}
	return w, h
}
