// Package choice gives every option that takes one of a fixed list of
// names the same parsing and the same message: `page size "B5" (want A4,
// A5, Letter or 6x9)`, whether it comes from a flag, a JSON job or the
// environment.
package choice

import (
	"fmt"
	"strings"
)

// An Error is a value that is not one of the names an option takes.
type Error struct {
	Option string   // what the value is for, e.g. "page size"
	Value  string   // the value given
	Want   []string // the names the option takes
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %q (want %s)", e.Option, e.Value, List(e.Want))
}

// List names names for a message: "a", "a or b", "a, b or c".
func List(names []string) string {
	switch n := len(names); n {
	case 0:
		return ""
	case 1:
		return names[0]
	default:
		return strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
}

// Check returns nil when value is one of names (or empty, the default, when
// emptyOK), and an *Error naming option otherwise. fold compares without
// regard to case.
func Check(option, value string, names []string, emptyOK, fold bool) error {
	if value == "" && emptyOK {
		return nil
	}
	for _, n := range names {
		if n == value || fold && strings.EqualFold(n, value) {
			return nil
		}
	}
	return &Error{Option: option, Value: value, Want: names}
}
