package fonts

import (
	"testing"

	"github.com/bookify/article2book/internal/madvise"
)

// TestRandomRead checks that the faces embedded as they are carry the
// random-read advice, so that a document keeps only the glyphs it reads.
func TestRandomRead(t *testing.T) {
	for name, b := range map[string][]byte{"kai": Regular, "kai-bold": Bold, "fallback": Fallback, "mono": Mono} {
		if ok, err := madvise.Advised(b); err != nil || !ok {
			t.Errorf("%s: random-read advice %v (%v)", name, ok, err)
		}
	}
}
