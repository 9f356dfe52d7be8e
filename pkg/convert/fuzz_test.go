package convert

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bookify/article2book/pkg/extract"
)

// jobSeeds are the jobs of the README and the sample events.
func jobSeeds(f *testing.F) {
	f.Helper()
	for _, s := range []string{
		`{"url": "https://example.com/article"}`,
		`{"html": "<html><body><p>正文</p></body></html>", "base_url": "https://example.com/a"}`,
		`{"text": "Title: 标题\n\n第一段。\n"}`,
		`{"urls": ["https://example.com/1", "https://example.com/2"], "title": "Reading list", "options": {"formats": ["pdf", "epub"], "page_size": "A5", "embed_font": false}}`,
		`{"url": "https://example.com/", "html": "<p>x</p>"}`,
		`{"text": ""}`,
		`{"url": "HTTPS://user:pw@example.com:99999/"}`,
		`{"urls": []} {}`,
	} {
		f.Add([]byte(s))
	}
	events, _ := filepath.Glob("../../events/*.json")
	for _, e := range events {
		var ev struct{ Body string }
		if b, err := os.ReadFile(e); err == nil && json.Unmarshal(b, &ev) == nil && ev.Body != "" {
			f.Add([]byte(ev.Body))
		}
	}
}

// FuzzParseJob: a job either parses into exactly one input kind that
// survives a round trip through JSON, or fails with ErrBadJob (the API's
// 400) or, when its one input is empty, extract.ErrEmpty (422); its inputs
// are well formed or fail the same way.
func FuzzParseJob(f *testing.F) {
	jobSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := ParseJob(data)
		if err != nil {
			if !errors.Is(err, ErrBadJob) && !errors.Is(err, extract.ErrEmpty) {
				t.Fatalf("error %v is not ErrBadJob", err)
			}
			return
		}
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		j2, err := ParseJob(b)
		if err != nil || !reflect.DeepEqual(j, j2) {
			t.Fatalf("round trip: %+v -> %s -> %+v, %v", j, b, j2, err)
		}
		var o Options
		j.Apply(&o)
		ins, err := j.Inputs("request")
		if err != nil {
			if !errors.Is(err, ErrBadJob) {
				t.Fatalf("inputs: error %v is not ErrBadJob", err)
			}
			return
		}
		if len(ins) == 0 || len(ins) > MaxBookURLs {
			t.Fatalf("%d inputs", len(ins))
		}
		for _, in := range ins {
			if in.Kind == KindURL && checkWebURL(in.URL) != nil {
				t.Errorf("input URL %q", in.URL)
			}
		}
	})
}

// FuzzFileInputs: an uploaded file of any of the names the function
// takes gives inputs, or an error the API and the error report call a
// client's fault (ErrBadJob, ErrUnsupported, ErrTooLarge), never ours.
func FuzzFileInputs(f *testing.F) {
	jobSeeds(f)
	for _, s := range []string{"[InternetShortcut]\r\nURL=https://example.com/a\r\n", "\ufeffURL= http://x.example \n", "https://a.example/1\nhttps://b.example/2\n", "Title: t\n\np\n"} {
		f.Add([]byte(s))
	}
	names := []string{"inbox/a.json", "inbox/a.url", "inbox/a.txt", "inbox/a.html", "inbox/a.HTM", "inbox/a.pdf"}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range names {
			var o Options
			ins, err := FileInputs(name, data, "", &o)
			if err != nil {
				if !errors.Is(err, ErrBadJob) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, extract.ErrEmpty) {
					t.Errorf("%s: error %v is no client error", name, err)
				}
				continue
			}
			if len(ins) == 0 {
				t.Errorf("%s: no inputs and no error", name)
			}
		}
	})
}
