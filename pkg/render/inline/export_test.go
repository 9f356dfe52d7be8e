package inline

import "context"

// BreaksUnbounded is Breaks without the first-fit lines (firstFit): the
// search alone, for the tests that compare the two.
func (q *Para) BreaksUnbounded(ctx context.Context) ([]Break, error) {
	return q.choose(ctx, false)
}

// FirstFitSure reports whether the first-fit lines of the paragraph's
// first window are sure to be the search's choice (firstFit).
func (q *Para) FirstFitSure(ctx context.Context) (bool, error) {
	if len(q.glyphs) == 0 {
		return false, nil
	}
	s := new(search)
	s.reset(q, 0, min(len(q.glyphs), window))
	_, sure, err := s.firstFit(ctx)
	return sure, err
}
