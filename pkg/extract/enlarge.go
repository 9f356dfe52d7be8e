package extract

import (
	"github.com/bookify/article2book/pkg/book"
)

// rxEnlarge is a gallery's call to click a picture to see it larger, set
// in its caption or on a line of its own ("Zum Vergrößern auf das Bild
// klicken.", "Zum Vergrößern bitte anklicken", "(click to enlarge)"). A
// book's picture cannot be clicked.
var rxEnlarge = lazy(`(?i)\(?\b(?:zum vergrößern|zur vergrößerung|für eine größere ansicht|zur großansicht)\b[^.!?()\n]{0,30}?\b(?:an)?(?:klicken|tippen)\b\.?\)?|` +
	`\(?\b(?:click|tap)(?: here| on the (?:image|picture|photo)| the (?:image|picture|photo))? (?:to|for) (?:enlarge|a larger (?:image|version|view))\b\.?\)?|` +
	`\(?\bcliquez (?:sur l['’]image )?pour (?:agrandir|l['’]agrandir)\b\.?\)?`)

// dropEnlargeNotes cuts the calls to enlarge a picture out of
// paragraphs and captions; a paragraph left empty goes.
func dropEnlargeNotes(blocks []book.Block) []book.Block {
	out := blocks[:0]
	for _, b := range blocks {
		switch b := b.(type) {
		case *book.Paragraph:
			if b.Content = cutEnlarge(b.Content); len(b.Content) == 0 {
				continue
			}
		case *book.Image:
			b.Caption = cutEnlarge(b.Caption)
		}
		out = append(out, b)
	}
	return out
}

// cutEnlarge removes every call to enlarge from runs, and the space it
// leaves doubled.
func cutEnlarge(runs []book.Inline) []book.Inline {
	t := book.PlainText(runs)
	if !containsAny(t, "rößer", "nsicht", "nlarge", "arger ", "grandir") {
		return runs // none of the calls' words: no regular expression to run
	}
	spans := rxEnlarge.FindAllStringIndex(t, -1)
	for k := len(spans) - 1; k >= 0; k-- {
		i, j := spans[k][0], spans[k][1]
		if j < len(t) && t[j] == ' ' && (i == 0 || t[i-1] == ' ') {
			j++
		}
		runs = cutText(runs, i, j)
	}
	return trimRuns(runs)
}

// cutText removes the bytes [i, j) of the runs' joined text.
func cutText(runs []book.Inline, i, j int) []book.Inline {
	out := runs[:0]
	off := 0
	for _, r := range runs {
		start, end := off, off+len(r.Text)
		off = end
		if a, b := max(i, start), min(j, end); a < b {
			r.Text = r.Text[:a-start] + r.Text[b-start:]
		}
		if r.Text != "" {
			out = append(out, r)
		}
	}
	return out
}
