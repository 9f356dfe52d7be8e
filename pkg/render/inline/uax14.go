package inline

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// uaxBreaks sets br[i] to brCan or brMust where UAX #14 (rivo/uniseg)
// allows or forces a line break before glyph i, i up to len(gs), and
// leaves the other entries as they are.
//
// Between two ideographs UAX #14 always allows a break (ID ÷ ID: LB31,
// with no earlier rule that applies), and what it reads after an
// ideograph does not depend on what came before it. So uniseg reads only
// the text between runs of ideographs, from a run's last ideograph to the
// next run's first: most of a Chinese paragraph is skipped, where reading
// all of it took a sixth of a million characters' layout. FuzzUAXBreaks
// holds this to uniseg reading everything.
func uaxBreaks(ctx context.Context, gs []Glyph, br []uint8) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var b strings.Builder
	for i := 0; i < len(gs); {
		// [i, e) goes to uniseg: up to and with the first ideograph of
		// the next run of two or more, whose break before it depends on
		// the text before
		e := i + 1
		for e < len(gs) && !(isIdeograph(gs[e-1].R) && isIdeograph(gs[e].R) && e-1 > i) {
			e++
		}
		b.Reset()
		for _, g := range gs[i:e] {
			b.WriteRune(g.R)
		}
		if err := segments(ctx, b.String(), i, e == len(gs), br); err != nil {
			return err
		}
		// the run, to its last ideograph, where uniseg starts again
		j := e
		for j < len(gs) && isIdeograph(gs[j].R) {
			br[j] = brCan
			j++
		}
		if j == e {
			break // the paragraph's end
		}
		i = j - 1
	}
	return nil
}

// segments sets the breaks uniseg finds in str, the glyphs from at on:
// before each segment but the first, and at its end when str runs to the
// paragraph's end.
func segments(ctx context.Context, str string, at int, end bool, br []uint8) error {
	state := -1
	for k := 1; str != ""; k++ {
		if k%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var seg string
		var must bool
		seg, str, must, state = uniseg.FirstLineSegmentInString(str, state)
		at += utf8.RuneCountInString(seg)
		if str == "" && !end {
			return nil // not the text's end: the next ideograph follows
		}
		br[at] = brCan
		if must {
			br[at] = brMust
		}
	}
	return nil
}

// isIdeograph reports whether r is a CJK unified or compatibility
// ideograph, of UAX #14 class ID.
func isIdeograph(r rune) bool {
	switch {
	case r < 0x3400:
		return false
	case r <= 0x4DBF, 0x4E00 <= r && r <= 0x9FFF, 0xF900 <= r && r <= 0xFAFF:
		return true
	}
	return 0x20000 <= r && r <= 0x3FFFD
}
