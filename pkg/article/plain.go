package article

import (
	"errors"
	"io"
)

// FromText reads the plain-text article format.
func FromText(r io.Reader) (*Article, error) {
	return nil, errors.New("FromText: not implemented yet")
}
