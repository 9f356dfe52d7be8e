package render

// A PageMap says on which page of the PDF edition each chapter and each of
// its top-level blocks begins, so that the EPUB made in the same
// conversion can mark the PDF's pages: page break markers and a page list
// that take a reader of the EPUB to what a reader of the PDF sees on a
// page.
type PageMap struct {
	// Edition names the PDF edition the page numbers are of, for the
	// EPUB's pageBreakSource: "PDF edition, A4, 12 pages".
	Edition string
	// Pages is the PDF's page count.
	Pages int
	// Chapters holds chapter i's pages.
	Chapters []ChapterPages
}

// ChapterPages are the pages (from 1) on which a chapter's title and each
// of its top-level blocks begin; 0 for one that drew nothing.
type ChapterPages struct {
	Head   int
	Blocks []int
}

// Break is where page break markers go: before the head of chapter
// Chapter (Block -1) or before its block Block.
type Break struct{ Chapter, Block int }

// Breaks returns the pages whose break marker goes at each place: a page
// is marked before the first title or block that begins on it or, when
// none does (a long block runs over it), before the block it falls in.
// Pages before the first chapter (the PDF's contents) have no place in the
// EPUB and are left out.
func (m *PageMap) Breaks() map[Break][]int {
	type unit struct {
		at   Break
		page int
	}
	var units []unit
	for c, ch := range m.Chapters {
		if ch.Head > 0 {
			units = append(units, unit{Break{c, -1}, ch.Head})
		}
		for b, p := range ch.Blocks {
			if p > 0 {
				units = append(units, unit{Break{c, b}, p})
			}
		}
	}
	out := map[Break][]int{}
	u := 0 // the first unit beginning on or after page n
	for n := 1; n <= m.Pages; n++ {
		for u < len(units) && units[u].page < n {
			u++
		}
		switch {
		case u < len(units) && units[u].page == n:
			out[units[u].at] = append(out[units[u].at], n)
		case u > 0:
			at := units[u-1].at
			out[at] = append(out[at], n)
		}
	}
	return out
}
