package convert

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bookify/article2book/pkg/fetch"
)

// A book of URLs that outruns the reading budget is made of the pages
// read in time, the others left out each with a warning; with none read in
// time it fails as ErrBudget.
func TestURLBookBudget(t *testing.T) {
	const n, fast = 12, 8
	srv := slowFeed(t, n, fast)
	// Fetches that outlast the budget: the late pages end with it.
	f, err := fetch.New(fetch.Options{Allow: []string{strings.TrimPrefix(srv.URL, "http://")}, Timeout: time.Minute, FirstByteTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	urls := func(from, to int) []Input {
		var ins []Input
		for i := from; i < to; i++ {
			u := fmt.Sprintf("%s/story/%d", srv.URL, i)
			ins = append(ins, Input{Name: u, Kind: KindURL, URL: u})
		}
		return ins
	}
	opt := Options{Fetcher: f, SkipImages: true, Formats: FormatList{"txt"}, Budget: 2 * time.Second}
	res, err := Convert(context.Background(), urls(0, n), opt)
	if err != nil {
		t.Fatalf("book of %d pages, %d read in time: %v", n, fast, err)
	}
	late := 0
	for _, w := range res.Warnings {
		if strings.Contains(w, "left out") {
			late++
		}
	}
	if len(res.Book.Chapters) != fast || late != n-fast {
		t.Errorf("%d chapters, %d left out for the budget (%q); want %d and %d", len(res.Book.Chapters), late, res.Warnings, fast, n-fast)
	}
	if _, err := Convert(context.Background(), urls(fast, n), opt); !errors.Is(err, ErrBudget) {
		t.Errorf("no page read in time: %v, want ErrBudget", err)
	}
}
