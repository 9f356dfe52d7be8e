package convert

import (
	"errors"
	"reflect"
	"testing"
)

func TestFileInputs(t *testing.T) {
	tests := []struct {
		name, data string
		kinds      []Kind
		urls       []string
		opt        Options
		err        error
	}{
		{"a.html", "<p>x</p>", []Kind{KindHTML}, []string{"https://base.example/"}, Options{}, nil},
		{"a.txt", "Title: x\n\nbody\n", []Kind{KindText}, []string{"https://base.example/"}, Options{}, nil},
		{"list.txt", "https://a.example/1\n\nHTTP://b.example/2\n", []Kind{KindURL, KindURL}, []string{"https://a.example/1", "HTTP://b.example/2"}, Options{}, nil},
		{"notlist.txt", "https://a.example/1\nand some words\n", []Kind{KindText}, []string{"https://base.example/"}, Options{}, nil},
		{"page.url", "[InternetShortcut]\r\nURL=https://news.example/a?b=1\r\n", []Kind{KindURL}, []string{"https://news.example/a?b=1"}, Options{}, nil},
		{"bad.url", "[InternetShortcut]\r\n", nil, nil, Options{}, ErrBadJob},
		{"file.url", "[InternetShortcut]\nURL=file:///etc/passwd\n", nil, nil, Options{}, ErrBadJob},
		{"job.json", `{"urls":["https://a.example/1","https://b.example/2"],"title":"Book","options":{"formats":["epub"],"page_size":"A5"}}`,
			[]Kind{KindURL, KindURL}, []string{"https://a.example/1", "https://b.example/2"}, Options{BookTitle: "Book", Formats: []string{"epub"}, PageSize: "A5"}, nil},
		{"html.json", `{"html":"<p>x</p>","base_url":"https://s.example/p"}`, []Kind{KindHTML}, []string{"https://s.example/p"}, Options{}, nil},
		{"text.json", `{"text":"Title: x\n\nbody"}`, []Kind{KindText}, []string{""}, Options{}, nil},
		{"two.json", `{"url":"https://a.example","text":"x"}`, nil, nil, Options{}, ErrBadJob},
		{"none.json", `{}`, nil, nil, Options{}, ErrBadJob},
		{"unknown.json", `{"url":"https://a.example","colour":"red"}`, nil, nil, Options{}, ErrBadJob},
		{"format.json", `{"url":"https://a.example","options":{"formats":["docx"]}}`, nil, nil, Options{}, ErrBadJob},
		{"scheme.json", `{"url":"gopher://a.example"}`, nil, nil, Options{}, ErrBadJob},
		{"base.json", `{"url":"https://a.example","base_url":"https://b.example"}`, nil, nil, Options{}, ErrBadJob},
		{"trailing.json", `{"url":"https://a.example"} {}`, nil, nil, Options{}, ErrBadJob},
		{"a.pdf", "%PDF", nil, nil, Options{}, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o Options
			ins, err := FileInputs(tt.name, []byte(tt.data), "https://base.example/", &o)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var kinds []Kind
			var urls []string
			for _, in := range ins {
				kinds = append(kinds, in.Kind)
				urls = append(urls, in.URL)
			}
			if !reflect.DeepEqual(kinds, tt.kinds) || !reflect.DeepEqual(urls, tt.urls) {
				t.Errorf("got %v %q, want %v %q", kinds, urls, tt.kinds, tt.urls)
			}
			if !reflect.DeepEqual(o, tt.opt) {
				t.Errorf("options %+v, want %+v", o, tt.opt)
			}
		})
	}
}
