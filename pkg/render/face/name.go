package face

import "github.com/bookify/article2book/internal/choice"

// A Name names a body face, one of Names; empty is the default, kai. It
// is a flag.Value and reads itself from JSON and the environment as text.
type Name string

// Check returns a *choice.Error when n is not a face ByName knows.
func (n Name) Check() error {
	if _, ok := ByName(string(n)); ok {
		return nil
	}
	return &choice.Error{Option: "font", Value: string(n), Want: Names}
}

// Set parses s as a face name.
func (n *Name) Set(s string) error {
	if err := Name(s).Check(); err != nil {
		return err
	}
	*n = Name(s)
	return nil
}

func (n Name) String() string { return string(n) }

// UnmarshalText parses a face name from JSON.
func (n *Name) UnmarshalText(b []byte) error { return n.Set(string(b)) }
