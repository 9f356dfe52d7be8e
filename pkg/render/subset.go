package render

import "errors"

func subsetFont(runes map[rune]bool) ([]byte, error) {
	return nil, errors.New("not yet")
}
