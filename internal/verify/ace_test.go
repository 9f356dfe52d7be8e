package verify

import (
	"os"
	"strings"
	"testing"
)

// The reports are Ace 1.4.6's on the sample's EPUB before and after the
// accessibility metadata and ARIA roles.
func TestAceReport(t *testing.T) {
	for _, tc := range []struct {
		file  string
		rules []string
	}{
		{"testdata/ace-sample-before.json", []string{
			"metadata-accessibilityfeature", "metadata-accessibilityhazard", "metadata-accessibilitysummary",
			"metadata-accessmode", "metadata-accessmodesufficient", "epub-type-has-matching-role", "epub-type-has-matching-role"}},
		{"testdata/ace-sample-after.json", nil},
	} {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		vs, err := aceReport(data)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		var rules []string
		for _, v := range vs {
			rules = append(rules, v.Rule)
		}
		if strings.Join(rules, " ") != strings.Join(tc.rules, " ") {
			t.Errorf("%s: rules %q, want %q", tc.file, rules, tc.rules)
		}
	}
	if _, err := aceReport([]byte(`{"earl:result":{"earl:outcome":"fail"},"assertions":[]}`)); err == nil {
		t.Error("a failed report with no assertion read as clean")
	}
}
