package pdf

import (
	"context"
	"runtime"
	"sync"

	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/render/face"
	"github.com/bookify/article2book/pkg/render/inline"
)

// setter shapes, breaks and sets text with one face.Set, which records
// what the lines draw.
type setter struct {
	ctx      context.Context
	fonts    *face.Set
	vertical bool
}

// lines shapes, breaks and sets spans: as lines, or in a vertical book
// as columns. When the context ends in the middle, it returns no lines:
// blocks and layout stop on the context's error.
func (s setter) lines(spans []inline.Span, p inline.Params) []inline.Line {
	gs, err := inline.Shape(s.ctx, spans, s.fonts)
	if err != nil {
		return nil
	}
	if s.vertical {
		gs = columnGlyphs(gs, s.fonts)
	}
	return s.set(gs, p)
}

// set breaks and sets shaped glyphs.
func (s setter) set(gs []inline.Glyph, p inline.Params) []inline.Line {
	if p.Metrics != nil {
		p.Metrics = s.fonts
	}
	q, err := inline.Prepare(s.ctx, gs, p)
	if err != nil {
		return nil
	}
	lines, err := q.Lines(s.ctx)
	q.Release()
	if err != nil {
		return nil
	}
	s.fonts.WidenIn(lines)
	return lines
}

// The other cores may set up to aheadParas paragraphs, and aheadBytes of
// text, beyond the one the builder waits for: their lines wait in memory
// (about 250 bytes a character). The builder draws a page at a time, in
// bursts: with a window of 16 paragraphs (about a page) the worker sat
// idle for a fifth of a million characters' layout.
const (
	aheadParas = 64
	aheadBytes = 96 << 10
)

// ahead sets a chapter's top-level paragraphs on the other cores while
// the builder paginates, draws and writes those before them. A
// paragraph's lines depend only on its text, its measure and the fonts'
// metrics, so they come out as the builder would set them itself; each
// worker records what its lines draw in a face.Set of its own, added to
// the document's when the chapter ends.
type ahead struct {
	st     spanStyle
	p      inline.Params // of every top-level paragraph of the chapter
	lead   float64
	at     []int32 // paragraph index by block index; -1 for other blocks
	paras  []*book.Paragraph
	upTo   []int // text bytes of the paragraphs up to each, itself included
	mu     sync.Mutex
	cond   sync.Cond
	laid   []laid
	next   int // the first paragraph no one has started
	taken  int // paragraphs the builder has taken
	stop   bool
	wg     sync.WaitGroup
	worker []*face.Set
}

type laid struct {
	done  bool
	lines []inline.Line
}

// startAhead starts setting the paragraphs among blocks, set in fr with
// params p, when there are other cores to do it on and enough paragraphs
// to share; nil otherwise.
func (b *pdfBuilder) startAhead(blocks []book.Block, fr pdfFrame) *ahead {
	workers := runtime.GOMAXPROCS(0) - 1
	if workers < 1 || b.titleLang != nil || b.marker != nil {
		return nil
	}
	a := &ahead{st: b.spanStyle(), p: b.paraParams(b.g.body, fr), at: make([]int32, len(blocks))}
	a.paras, a.upTo = make([]*book.Paragraph, 0, len(blocks)), make([]int, 0, len(blocks))
	for k, blk := range blocks {
		a.at[k] = -1
		if x, ok := blk.(*book.Paragraph); ok {
			a.at[k] = int32(len(a.paras))
			a.paras = append(a.paras, x)
			n := 0
			if len(a.upTo) > 0 {
				n = a.upTo[len(a.upTo)-1]
			}
			for _, r := range x.Content {
				n += len(r.Text)
			}
			a.upTo = append(a.upTo, n)
		}
	}
	if len(a.paras) < 2 {
		return nil
	}
	a.cond.L = &a.mu
	a.laid = make([]laid, len(a.paras))
	for range min(workers, len(a.paras)-1) {
		s := setter{ctx: b.ctx, fonts: &face.Set{Body: b.fonts.Body}, vertical: b.g.vertical}
		a.worker = append(a.worker, s.fonts)
		a.wg.Go(func() { a.work(s) })
	}
	return a
}

// work sets paragraphs in order until there are none left or the chapter
// ends, staying within the window ahead of the builder (room).
func (a *ahead) work(s setter) {
	for {
		a.mu.Lock()
		for !a.stop && a.next < len(a.paras) && !a.room(a.next) {
			a.cond.Wait()
		}
		if a.stop || a.next >= len(a.paras) {
			a.mu.Unlock()
			return
		}
		a.set(a.next, s)
		a.mu.Unlock()
	}
}

// set sets paragraph i, which no one has started, with s; it is called
// with a.mu held, and lets go of it while it sets.
func (a *ahead) set(i int, s setter) {
	a.next = i + 1
	a.mu.Unlock()
	lines := s.lines(a.st.spans(a.paras[i].Content, a.st.base, a.p.Em, pdfStyle.ink), a.p)
	a.mu.Lock()
	a.laid[i] = laid{done: true, lines: lines}
	a.cond.Broadcast()
}

// take returns the lines of paragraph x, the chapter's block k, set with
// params p: set by a worker, waiting for it if it is at it, or by s when
// no one has started it. It reports false for a paragraph it does not
// hold (one inside another block) or holds set otherwise.
func (a *ahead) take(k int, x *book.Paragraph, p inline.Params, s setter) ([]inline.Line, bool) {
	if a == nil {
		return nil, false
	}
	if k < 0 || k >= len(a.at) || a.at[k] < 0 {
		return nil, false
	}
	i := int(a.at[k])
	if a.paras[i] != x || p.Width != a.p.Width || p.Indent != a.p.Indent || p.Em != a.p.Em {
		return nil, false
	}
	a.mu.Lock()
	if i >= a.next {
		// No worker has started it (they are behind, or were held back):
		// set it here rather than wait.
		a.set(i, s)
	}
	for !a.laid[i].done {
		// Rather than wait for a worker, set the next paragraph no one
		// has started, if there is one within the window.
		if j := a.next; a.room(j) {
			a.set(j, s)
			continue
		}
		a.cond.Wait()
	}
	lines := a.laid[i].lines
	a.laid[i] = laid{done: true}
	a.taken = i + 1
	a.cond.Broadcast()
	a.mu.Unlock()
	return lines, true
}

// end stops the workers and adds what their lines draw to fonts.
func (a *ahead) end(fonts *face.Set) {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.stop = true
	a.cond.Broadcast()
	a.mu.Unlock()
	a.wg.Wait()
	for _, w := range a.worker {
		fonts.Merge(w)
	}
}

// room reports whether paragraph j, which no one has started, is within
// the window past the paragraphs the builder has taken; a.mu is held.
func (a *ahead) room(j int) bool {
	if j >= len(a.paras) || j >= a.taken+aheadParas {
		return false
	}
	return j == a.taken || a.upTo[j-1]-a.before(a.taken) < aheadBytes
}

// before is the text bytes of the paragraphs before i.
func (a *ahead) before(i int) int {
	if i == 0 {
		return 0
	}
	return a.upTo[i-1]
}
