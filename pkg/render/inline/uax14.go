package inline

import (
	"context"
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
//
// The text between two runs is mostly a mark or two, or a number, and
// the same few recur: what uniseg found between two ideographs, memo
// keeps (see between).
func uaxBreaks(ctx context.Context, gs []Glyph, br []uint8, memo between) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var text []byte
	for i := 0; i < len(gs); {
		// [i, e) goes to uniseg: up to and with the first ideograph of
		// the next run of two or more, whose break before it depends on
		// the text before
		e := i + 1
		for e < len(gs) && !(isIdeograph(gs[e-1].R) && isIdeograph(gs[e].R) && e-1 > i) {
			e++
		}
		text = text[:0]
		for _, g := range gs[i:e] {
			text = utf8.AppendRune(text, g.R)
		}
		if memo != nil && e < len(gs) && e-i <= memoRunes && isIdeograph(gs[i].R) {
			memo.set(text, i, br)
		} else if err := segments(ctx, string(text), i, e == len(gs), br); err != nil {
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

// memoRunes is the longest text, its two ideographs included, that
// between keeps uniseg's breaks for.
const memoRunes = 10

// between keeps, for the text between two ideographs, the breaks uniseg
// finds before each of its characters and before the second ideograph.
// They depend on the text alone: UAX #14 sees every ideograph alike (class
// ID, East Asian wide, not pictographic), and TestIdeographsAlike holds
// uniseg to that. Each Prepare has its own (a scratch's): nothing is
// shared between goroutines.
type between map[string][]uint8

// set sets in br the breaks uniseg finds in text, an ideograph, the text
// between and an ideograph, at glyphs from at on: those before every
// character after the first.
func (m between) set(text []byte, at int, br []uint8) {
	_, a := utf8.DecodeRune(text)
	_, z := utf8.DecodeLastRune(text)
	key := text[a : len(text)-z]
	kinds, ok := m[string(key)]
	if !ok {
		kinds = make([]uint8, utf8.RuneCount(text)+1)
		// the text is short: no context to look at
		_ = segments(context.Background(), string(text), 0, false, kinds)
		kinds = kinds[1 : len(kinds)-1]
		if len(m) >= 1<<12 {
			clear(m) // a bound on memory: a book of many languages
		}
		m[string(key)] = kinds
	}
	for k, kind := range kinds {
		if kind != 0 {
			br[at+1+k] = kind
		}
	}
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
	// planes 2 and 3 but their last two code points, non-characters
	return 0x20000 <= r && r <= 0x2FFFD || 0x30000 <= r && r <= 0x3FFFD
}
