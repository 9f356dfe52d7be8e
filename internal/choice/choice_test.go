package choice

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	sizes := []string{"A4", "A5", "Letter", "6x9"}
	tests := []struct {
		value         string
		emptyOK, fold bool
		want          string // "" for no error
	}{
		{"A4", false, false, ""},
		{"a4", false, true, ""},
		{"a4", false, false, `page size "a4" (want A4, A5, Letter or 6x9)`},
		{"", true, false, ""},
		{"", false, false, `page size "" (want A4, A5, Letter or 6x9)`},
		{"B5", true, true, `page size "B5" (want A4, A5, Letter or 6x9)`},
	}
	for _, tt := range tests {
		err := Check("page size", tt.value, sizes, tt.emptyOK, tt.fold)
		got := ""
		if err != nil {
			got = err.Error()
			var ce *Error
			if !errors.As(err, &ce) || ce.Value != tt.value {
				t.Errorf("Check(%q): %T %v, want an *Error", tt.value, err, err)
			}
		}
		if got != tt.want {
			t.Errorf("Check(%q, emptyOK %v, fold %v) = %q, want %q", tt.value, tt.emptyOK, tt.fold, got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	for names, want := range map[string]string{"": "", "a": "a", "a b": "a or b", "a b c": "a, b or c"} {
		var in []string
		for _, r := range names {
			if r != ' ' {
				in = append(in, string(r))
			}
		}
		if got := List(in); got != want {
			t.Errorf("List(%q) = %q, want %q", in, got, want)
		}
	}
}
