package frame_test

import (
	"fmt"
	"testing"

	"github.com/bookify/article2book/pkg/render/frame"
)

// TestBuilderNesting: items go into the innermost open element, span or
// group; transforms into the group Save opened; a new page starts empty.
func TestBuilderNesting(t *testing.T) {
	f := frame.NewBuilder()
	f.StartPage()
	p := frame.NewElem("P", nil)
	f.Begin(p)
	f.BeginSpan("ab")
	f.Save()
	f.Rotate(90, 1, 2)
	f.Run(&frame.Run{Glyphs: []frame.Glyph{{ID: 3, Text: "a"}}})
	f.Restore()
	f.End()
	f.End()
	f.Begin(nil)
	f.SetStroke(frame.Color{1, 2, 3}, 0.5)
	f.Rect(0, 0, 10, 10, frame.Stroke)
	f.End()
	items := f.Items()
	if len(items) != 2 {
		t.Fatalf("%d top items", len(items))
	}
	m := items[0].(*frame.Marked)
	span := m.Items[0].(*frame.Marked)
	g := span.Items[0].(*frame.Group)
	if m.Elem != p || span.Text != "ab" || len(g.Transforms) != 1 || g.Transforms[0].Op != frame.Rotate || len(g.Items) != 1 {
		t.Errorf("nesting: %+v %+v %+v", m, span, g)
	}
	a := items[1].(*frame.Marked)
	r := a.Items[0].(*frame.Rect)
	if !a.Artifact || r.Fill != nil || r.Stroke == nil || *r.Stroke != (frame.Color{1, 2, 3}) || r.Width != 0.5 {
		t.Errorf("artifact rect: %+v %+v", a, r)
	}
	f.StartPage()
	if f.Page() != 1 || len(f.Items()) != 0 {
		t.Errorf("page %d, %d items", f.Page(), len(f.Items()))
	}
}

func ExampleBuilder() {
	f := frame.NewBuilder()
	f.StartPage()
	doc := frame.NewElem("Document", nil)
	p := frame.NewElem("P", doc)
	f.Begin(p)
	f.BeginSpan("Hi")
	f.Run(&frame.Run{Size: 10, X: 72, Y: 72, Glyphs: []frame.Glyph{{ID: 43, Adv: 7, Text: "H"}, {ID: 76, Adv: 3, Text: "i"}}})
	f.End()
	f.End()
	for _, it := range f.Items() {
		m := it.(*frame.Marked)
		fmt.Println(m.Elem.Role, m.Items[0].(*frame.Marked).Text)
	}
	// Output: P Hi
}
