package pdf

import (
	"strings"

	"github.com/bookify/article2book/internal/choice"
)

// A Standard chooses the standards a PDF claims to meet, one of Standards
// in any case; empty is AutoStandard. A standard is claimed only when the
// document meets it: Info says which are, and why any other is not. It is
// a flag.Value and reads itself from JSON and the environment as text.
type Standard string

// The choices of Standard.
const (
	AutoStandard Standard = "auto" // every standard that holds: PDF/UA-1 and PDF/A-2
	UA1          Standard = "ua1"  // PDF/UA-1 alone
	A2           Standard = "a2"   // PDF/A-2 alone
	NoStandard   Standard = "none" // none; the PDF is tagged all the same
)

// Standards name the choices of Standard, for messages and flags.
var Standards = []string{string(AutoStandard), string(UA1), string(A2), string(NoStandard)}

// Check returns a *choice.Error when s is not one of Standards.
func (s Standard) Check() error {
	return choice.Check("PDF standard", string(s), Standards, true, true)
}

// Set parses v as a standard.
func (s *Standard) Set(v string) error {
	if err := Standard(v).Check(); err != nil {
		return err
	}
	*s = Standard(strings.ToLower(v))
	return nil
}

func (s Standard) String() string { return string(s) }

// UnmarshalText parses a standard from JSON.
func (s *Standard) UnmarshalText(b []byte) error { return s.Set(string(b)) }

// wants reports whether s asks for the standard claimed as name
// (StandardUA or StandardA2).
func (s Standard) wants(name string) bool {
	switch Standard(strings.ToLower(string(s))) {
	case "", AutoStandard:
		return true
	case UA1:
		return name == StandardUA
	case A2:
		return name == StandardA2
	}
	return false
}
