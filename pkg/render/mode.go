package render

import "github.com/bookify/article2book/internal/choice"

// A WritingMode is how both formats set a book: horizontal lines, or
// vertical columns from right to left. Empty is Horizontal. It is a
// flag.Value and reads itself from JSON and the environment as text.
type WritingMode string

// The writing modes.
const (
	Horizontal WritingMode = "horizontal"
	Vertical   WritingMode = "vertical"
)

// WritingModes name the writing modes, for messages and flags.
var WritingModes = []string{string(Horizontal), string(Vertical)}

// Check returns a *choice.Error when m is not a writing mode.
func (m WritingMode) Check() error {
	return choice.Check("writing mode", string(m), WritingModes, true, false)
}

// Set parses s as a writing mode.
func (m *WritingMode) Set(s string) error {
	if err := WritingMode(s).Check(); err != nil {
		return err
	}
	*m = WritingMode(s)
	return nil
}

func (m WritingMode) String() string { return string(m) }

// UnmarshalText parses a writing mode from JSON.
func (m *WritingMode) UnmarshalText(b []byte) error { return m.Set(string(b)) }
