package inline

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestFirstFitRandom sets random paragraphs of Han, marks, Latin words,
// numbers, URLs, over-long words, spaces and hard breaks, at random
// measures and settings, with and without the first-fit bound: the lines
// are the same, to the last field, in every window of a long paragraph
// too. The seed is fixed: the same paragraphs every run.
func TestFirstFitRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	ctx := context.Background()
	sure, unsure := 0, 0
	for i := range 3000 {
		n := 1 + rng.IntN(300)
		if i%500 == 0 {
			n = window / 2 // a paragraph of several windows
		}
		text, p := randomText(rng, n, i%3 == 0), randomParams(rng)
		if i%3 == 0 {
			p.Width = em * float64(1+rng.IntN(45)) // whole ems: lines fill
		}
		gs, err := Shape(ctx, []Span{{text, body}}, fakeMetrics{fullQuotes: rng.IntN(2) == 0})
		if err != nil {
			t.Fatal(err)
		}
		q, err := Prepare(ctx, gs, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := q.choose(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		want, err := q.choose(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v, %q:\nlines %v\nwant  %v", p, text, got, want)
		}
		s := new(search)
		s.reset(q, 0, min(len(gs), window))
		if _, ok, _ := s.firstFit(ctx); ok {
			sure++
		} else {
			unsure++
		}
	}
	t.Logf("%d set first fit, %d searched", sure, unsure)
	if sure < 300 || unsure < 300 {
		t.Errorf("%d paragraphs set first fit, %d searched: want 300 at least of each", sure, unsure)
	}
}

// randomText returns n random pieces of text, mostly Han; plain text is
// Han and the marks that end a clause alone.
func randomText(rng *rand.Rand, n int, plain bool) string {
	han := []rune("汉字中文排版的一是了不在人有我他这个们来到时")
	marks := []string{"，", "。", "、", "；", "：", "？", "！", "「", "」", "（", "）", "“", "”", "《", "》", "——", "……", "·"}
	var b strings.Builder
	if plain {
		marks = marks[:2]
	}
	for range n {
		k := rng.IntN(100)
		if plain {
			k = rng.IntN(63) // a mark in 21 characters
		}
		switch {
		case k < 60:
			b.WriteRune(han[rng.IntN(len(han))])
		case k < 75:
			b.WriteString(marks[rng.IntN(len(marks))])
		case k < 85:
			for range 1 + rng.IntN(10) {
				b.WriteRune(rune('a' + rng.IntN(26)))
			}
		case k < 89:
			b.WriteString([]string{"2024", "3.14", "75", "1985"}[rng.IntN(4)])
		case k < 95:
			b.WriteString(" ")
		case k < 97:
			b.WriteString("\n")
		case k < 98:
			b.WriteString("https://example.com/some/path?q=1&r=two")
		default:
			b.WriteString(strings.Repeat("xy", 10+rng.IntN(30)))
		}
	}
	return b.String()
}

// randomParams returns a measure from half an em to 45 em, in quarters,
// and random settings.
func randomParams(rng *rand.Rand) Params {
	p := Params{
		Width:    em * float64(2+rng.IntN(179)) / 4,
		Em:       em,
		Justify:  rng.IntN(5) > 0,
		Center:   rng.IntN(10) == 0,
		Anywhere: rng.IntN(20) == 0,
		Hanging:  rng.IntN(3) == 0,
	}
	if rng.IntN(2) == 0 {
		p.Indent = 2 * em
	}
	if rng.IntN(3) == 0 {
		p.Hyphenate = everyThird
	}
	return p
}
