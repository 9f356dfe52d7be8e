package face

import (
	"slices"
	"testing"
)

// Each face has one row in tab: its body name, its EPUB subset's family
// and file all come from there.
func TestIdentity(t *testing.T) {
	if !slices.Equal(Names, []string{"kai", "song"}) {
		t.Errorf("Names = %q", Names)
	}
	for _, tt := range []struct {
		name string
		id   ID
		ok   bool
	}{{"", Kai, true}, {"kai", Kai, true}, {"song", Song, true}, {"kai-bold", 0, false}, {"emoji", 0, false}, {"Song", 0, false}} {
		if id, ok := ByName(tt.name); id != tt.id || ok != tt.ok {
			t.Errorf("ByName(%q) = %v, %v; want %v, %v", tt.name, id, ok, tt.id, tt.ok)
		}
	}
	// a bold shares its regular's family, under a file of its own
	families, files := map[string]bool{}, map[string]bool{}
	for id := range NumFaces {
		family, file := Embedded(id)
		if (family == "") != (file == "") || family != "" && (families[family] && !isBold(id) || files[file]) {
			t.Errorf("Embedded(%d) = %q, %q: both or neither, and each once", id, family, file)
		}
		families[family], files[file] = true, true
	}
	for reg, b := range bolds {
		if b == 0 {
			continue
		}
		family, _ := Embedded(ID(reg))
		if family == "" || !slices.Contains(Chain(Kai), ID(reg)) {
			t.Errorf("%s's bold %s: the regular not embedded", Family(ID(reg)), Family(b))
		}
		if f, file := Embedded(b); f != family || file == "" {
			t.Errorf("Embedded(%s) = %q, %q", Family(b), f, file)
		}
	}
	if f, file := Embedded(Kai); f != "Bookify Kai" || file != "kai-subset.ttf" {
		t.Errorf("Embedded(Kai) = %q, %q", f, file)
	}
	if f, _ := Embedded(KaiBold); f != "" {
		t.Errorf("Embedded(KaiBold) = %q, want none", f)
	}
}
