// BudouX: the phrase boundaries of Japanese text, from Google's model of
// a few tens of kilobytes of weights for the characters around a position
// (what Chromium's `word-break: auto-phrase` uses). The model
// (models/ja.json) is that of the budoux npm package 0.9.2, turned from
// JavaScript into JSON, under the Apache License 2.0 (Copyright 2021
// Google LLC); this file follows its parser.ts.
package words

import (
	"embed"
	"encoding/json"
	"sync"
)

//go:embed models/*.json
var models embed.FS

// A model scores the positions of a text as phrase boundaries.
type model struct {
	// feature groups by name (UW1…UW6 for one character around the
	// position, BW1…BW3 for two, TW1…TW4 for three)
	groups map[string]map[string]int
	sum    int // of every weight: the score starts at -sum/2
}

func load(name string) func() (*model, error) {
	return sync.OnceValues(func() (*model, error) {
		data, err := models.ReadFile("models/" + name + ".json")
		if err != nil {
			return nil, err
		}
		m := &model{}
		if err := json.Unmarshal(data, &m.groups); err != nil {
			return nil, err
		}
		for _, g := range m.groups {
			for _, v := range g {
				m.sum += v
			}
		}
		return m, nil
	})
}

var japanese = load("ja")

func hasKana(s []rune) bool {
	for _, r := range s {
		if r >= 0x3041 && r <= 0x30FF && r != 0x30FB { // hiragana and katakana, not the middle dot
			return true
		}
	}
	return false
}

// boundaries reports, for each i in 1..len(text)-1, whether a phrase
// boundary falls before text[i]; index 0 is false.
func (m *model) boundaries(text []rune) []bool {
	out := make([]bool, len(text))
	sub := func(s, e int) string {
		s, e = max(s, 0), min(e, len(text))
		if s >= e {
			return ""
		}
		return string(text[s:e])
	}
	type feature struct {
		group string
		s, e  int // relative to i
	}
	features := [...]feature{
		{"UW1", -3, -2}, {"UW2", -2, -1}, {"UW3", -1, 0}, {"UW4", 0, 1}, {"UW5", 1, 2}, {"UW6", 2, 3},
		{"BW1", -2, 0}, {"BW2", -1, 1}, {"BW3", 0, 2},
		{"TW1", -3, 0}, {"TW2", -2, 1}, {"TW3", -1, 2}, {"TW4", 0, 3},
	}
	for i := 1; i < len(text); i++ {
		// Twice the score, to stay in integers: -sum/2 may be a half.
		score := -m.sum
		for _, f := range features {
			// JavaScript's substring clamps both ends, so a feature near
			// the text's edges is a shorter string, as here.
			if k := sub(i+f.s, i+f.e); k != "" {
				score += 2 * m.groups[f.group][k]
			}
		}
		out[i] = score > 0
	}
	return out
}
