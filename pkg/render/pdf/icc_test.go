package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSRGBProfile checks the output intent's profile: its numbers are
// the sRGB standard's (derived here again from its primaries and white),
// and Little CMS (transicc, Debian's liblcms2-utils) reads it and takes
// colours to the same L*a*b* as its own built-in sRGB.
func TestSRGBProfile(t *testing.T) {
	be := binary.BigEndian
	if len(sRGB) > 512 || int(be.Uint32(sRGB)) != len(sRGB) || string(sRGB[36:40]) != "acsp" {
		t.Fatalf("profile of %d bytes, header size %d, signature %q", len(sRGB), be.Uint32(sRGB), sRGB[36:40])
	}
	// PDF/A-2's conditions on an output profile (ISO 19005-2, 6.2.3): a
	// monitor or printer profile of RGB, GRAY or CMYK; and the ICC
	// version PDF 1.7 names, 4.2 (PDF 32000-1, Table 67).
	if class, space, version := string(sRGB[12:16]), string(sRGB[16:20]), be.Uint32(sRGB[8:]); class != "mntr" || space != "RGB " || version>>16 != 0x0420 {
		t.Errorf("device class %q, colour space %q, version %#x; want mntr, RGB, 4.2", class, space, version)
	}
	chad, colorants := srgbDerived()
	near := func(what string, got int32, want float64) {
		if math.Abs(float64(got)-want*65536) > 1 {
			t.Errorf("%s: %d/65536, derived %.6f", what, got, want)
		}
	}
	for i := range 9 {
		near(fmt.Sprint("chad ", i), iccChad[i], chad[i/3][i%3])
	}
	for c := range 3 {
		for i := range 3 {
			near(fmt.Sprint("colorant ", c, i), iccColorants[c][i], colorants[i][c])
		}
	}
	for i, v := range []float64{2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045} {
		near(fmt.Sprint("curve ", i), iccCurve[i], v)
	}

	path := filepath.Join(t.TempDir(), "sRGB.icc")
	if err := os.WriteFile(path, sRGB, 0o644); err != nil {
		t.Fatal(err)
	}
	in := "255 0 0\n0 255 0\n0 0 255\n255 255 255\n128 128 128\n200 120 30\n10 10 10\n0 0 0\n"
	ours, ref := lab(t, path, in), lab(t, "*sRGB", in)
	if len(ours) != 8 || len(ref) != 8 {
		t.Fatalf("transicc gave %d and %d colours, want 8", len(ours), len(ref))
	}
	for i := range ours {
		d := math.Hypot(math.Hypot(ours[i][0]-ref[i][0], ours[i][1]-ref[i][1]), ours[i][2]-ref[i][2])
		if d > 0.1 {
			t.Errorf("colour %d: L*a*b* %v, built-in sRGB's %v (ΔE %.3f)", i, ours[i], ref[i], d)
		}
	}
}

// lab runs colours through transicc from profile to L*a*b*.
func lab(t *testing.T, profile, in string) [][3]float64 {
	t.Helper()
	cmd := exec.Command("transicc", "-n", "-i", profile, "-o", "*Lab")
	cmd.Stdin = strings.NewReader(in)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("transicc -i %s: %v\n%s", profile, err, errb.String())
	}
	var res [][3]float64
	for _, ln := range strings.Split(out.String(), "\n") {
		f := strings.Fields(ln)
		if len(f) != 3 {
			continue
		}
		var v [3]float64
		ok := true
		for i, s := range f {
			x, err := strconv.ParseFloat(s, 64)
			v[i], ok = x, ok && err == nil
		}
		if ok {
			res = append(res, v)
		}
	}
	return res
}

// srgbDerived returns the Bradford adaptation from D65 to D50 and the
// RGB to XYZ (D50) matrix of IEC 61966-2-1's primaries.
func srgbDerived() (chad, rgb [3][3]float64) {
	type m3 = [3][3]float64
	mul := func(a, b m3) (c m3) {
		for i := range 3 {
			for j := range 3 {
				for k := range 3 {
					c[i][j] += a[i][k] * b[k][j]
				}
			}
		}
		return c
	}
	apply := func(a m3, v [3]float64) (r [3]float64) {
		for i := range 3 {
			for k := range 3 {
				r[i] += a[i][k] * v[k]
			}
		}
		return r
	}
	inv := func(a m3) (r m3) {
		for i := range 3 {
			for j := range 3 {
				// the cofactor of (j, i), by cyclic indices
				r[i][j] = a[(j+1)%3][(i+1)%3]*a[(j+2)%3][(i+2)%3] - a[(j+1)%3][(i+2)%3]*a[(j+2)%3][(i+1)%3]
			}
		}
		det := a[0][0]*r[0][0] + a[0][1]*r[1][0] + a[0][2]*r[2][0]
		for i := range 3 {
			for j := range 3 {
				r[i][j] /= det
			}
		}
		return r
	}
	xyz := func(x, y float64) [3]float64 { return [3]float64{x / y, 1, (1 - x - y) / y} }
	r, g, b, white := xyz(0.64, 0.33), xyz(0.30, 0.60), xyz(0.15, 0.06), xyz(0.3127, 0.3290)
	p := m3{{r[0], g[0], b[0]}, {r[1], g[1], b[1]}, {r[2], g[2], b[2]}}
	s := apply(inv(p), white)
	var m m3
	for i := range 3 {
		for j := range 3 {
			m[i][j] = p[i][j] * s[j]
		}
	}
	bradford := m3{{0.8951, 0.2664, -0.1614}, {-0.7502, 1.7135, 0.0367}, {0.0389, -0.0685, 1.0296}}
	src, dst := apply(bradford, white), apply(bradford, [3]float64{0.9642, 1, 0.8249})
	scale := m3{{dst[0] / src[0], 0, 0}, {0, dst[1] / src[1], 0}, {0, 0, dst[2] / src[2]}}
	chad = mul(inv(bradford), mul(scale, bradford))
	return chad, mul(chad, m)
}
