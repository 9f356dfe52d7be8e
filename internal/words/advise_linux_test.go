package words

import (
	"testing"

	"github.com/bookify/article2book/internal/madvise"
)

// TestDictRandomRead checks that jieba's dictionary, read a few lines per
// word, carries the random-read advice.
func TestDictRandomRead(t *testing.T) {
	if ok, err := madvise.Advised(dict); err != nil || !ok {
		t.Errorf("random-read advice %v (%v)", ok, err)
	}
}
