package epub

import (
	"math"
	"regexp"
	"strconv"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bookify/article2book/pkg/render/face"
)

// absolute reads relative path data (m l q c z, commands not repeated)
// back to absolute points in hundredths of a unit, one slice per segment
// (z as none).
func absolute(t *testing.T, d string) [][][2]int64 {
	t.Helper()
	toks := regexp.MustCompile(`[mlqcz]|-?[0-9]+(\.[0-9]+)?`).FindAllString(d, -1)
	var out [][][2]int64
	var cur, start [2]int64
	op := byte(0)
	for i := 0; i < len(toks); {
		if c := toks[i][0]; c >= 'a' && c <= 'z' {
			op = c
			i++
			if op == 'z' {
				out = append(out, nil)
				cur = start
				continue
			}
		}
		n := map[byte]int{'m': 1, 'l': 1, 'q': 2, 'c': 3}[op]
		if n == 0 || i+2*n > len(toks) {
			t.Fatalf("path data %q: bad command %q at token %d", d, op, i)
		}
		var seg [][2]int64
		for k := range n {
			var p [2]int64
			for j := range p {
				v, err := strconv.ParseFloat(toks[i+2*k+j], 64)
				if err != nil {
					t.Fatal(err)
				}
				p[j] = cur[j] + int64(math.Round(v*100))
			}
			seg = append(seg, p)
		}
		i += 2 * n
		cur = seg[n-1]
		if op == 'm' {
			start = cur
		}
		out = append(out, seg)
	}
	return out
}

// The relative path data reads back to each point rounded to hundredths,
// however many points a contour has: rounding does not add up.
func TestPathDataRelative(t *testing.T) {
	pt := func(x, y fixed.Int26_6) fixed.Point26_6 { return fixed.Point26_6{X: x, Y: y} }
	seg := func(op sfnt.SegmentOp, pts ...fixed.Point26_6) sfnt.Segment {
		s := sfnt.Segment{Op: op}
		copy(s.Args[:], pts)
		return s
	}
	var long sfnt.Segments
	long = append(long, seg(sfnt.SegmentOpMoveTo, pt(1, 1)))
	for i := range 500 {
		// steps of 1/64 unit: each rounds to 0.02 or 0.01, far from the truth if summed
		long = append(long, seg(sfnt.SegmentOpLineTo, pt(fixed.Int26_6(2+i), fixed.Int26_6(-3*i))))
	}
	kai, err := face.Open(face.Kai)
	if err != nil {
		t.Fatal(err)
	}
	glyph, err := face.Outline(face.Kai, kai.Glyph('鬱'))
	if err != nil {
		t.Fatal(err)
	}
	for name, segs := range map[string]sfnt.Segments{
		"fractions": long,
		"two contours, all ops": {
			seg(sfnt.SegmentOpMoveTo, pt(64*10, 64*20)),
			seg(sfnt.SegmentOpLineTo, pt(64*30, -64*5)),
			seg(sfnt.SegmentOpQuadTo, pt(64*31, -64*6), pt(32, 96)),
			seg(sfnt.SegmentOpQuadTo, pt(0, 0), pt(-64*700, 64*700)),
			seg(sfnt.SegmentOpMoveTo, pt(-64, -64)),
			seg(sfnt.SegmentOpCubeTo, pt(64, 64), pt(128, -64), pt(0, 0)),
			seg(sfnt.SegmentOpLineTo, pt(0, 0)),
		},
		"a glyph of the Chinese face": glyph,
	} {
		t.Run(name, func(t *testing.T) {
			d := pathData(segs)
			got := absolute(t, d)
			var want [][][2]int64
			for i, s := range segs {
				if s.Op == sfnt.SegmentOpMoveTo && i > 0 {
					want = append(want, nil)
				}
				n := map[sfnt.SegmentOp]int{sfnt.SegmentOpMoveTo: 1, sfnt.SegmentOpLineTo: 1, sfnt.SegmentOpQuadTo: 2, sfnt.SegmentOpCubeTo: 3}[s.Op]
				var w [][2]int64
				for _, p := range s.Args[:n] {
					w = append(w, [2]int64{hundredths(p.X), hundredths(p.Y)})
				}
				want = append(want, w)
			}
			want = append(want, nil)
			if len(got) != len(want) {
				t.Fatalf("%d segments read back, want %d: %.200s", len(got), len(want), d)
			}
			for i := range want {
				if len(got[i]) != len(want[i]) {
					t.Fatalf("segment %d: %v, want %v", i, got[i], want[i])
				}
				for k := range want[i] {
					if got[i][k] != want[i][k] {
						t.Fatalf("segment %d point %d: %v, want %v (%.200s)", i, k, got[i][k], want[i][k], d)
					}
				}
			}
		})
	}
}
