// Command mkfont cuts a TrueType font down to ranges of characters, less
// those that other fonts already draw, and writes the cut font. The
// script ../../make-fonts.sh runs it to make the extension face from
// Debian's fonts-hanazono.
//
//	go run ./fonts/internal/mkfont -in HanaMinB.ttf -keep 20000-2A6DF \
//		-lacking fonts/LXGWWenKai-Regular.ttf -family A2BExt -out ext.ttf
package main

import (
	"bufio"
	"compress/bzip2"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bookify/article2book/internal/ttf"
)

func main() {
	in := flag.String("in", "", "TrueType font to cut")
	out := flag.String("out", "", "where to write the cut font")
	keep := flag.String("keep", "", "comma-separated hexadecimal ranges of characters to keep, e.g. 20000-2A6DF,2A700-2EBEF")
	lacking := flag.String("lacking", "", "comma-separated fonts whose characters are left out")
	family := flag.String("family", "", "new family name for the cut font (OFL Reserved Font Names)")
	unihan := flag.String("unihan", "", "directory of Unihan_*.txt.bz2 files (Debian's unicode-data); with -fields, keep only characters that have one of the fields")
	fields := flag.String("fields", "", "comma-separated Unihan fields for -unihan, e.g. kMandarin,kHKSCS")
	flag.Parse()
	if err := run(*in, *out, *keep, *lacking, *family, *unihan, *fields); err != nil {
		fmt.Fprintln(os.Stderr, "mkfont:", err)
		os.Exit(1)
	}
}

type span struct{ lo, hi rune }

func parseRanges(s string) ([]span, error) {
	var spans []span
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, found := strings.Cut(strings.TrimSpace(part), "-")
		if !found {
			hi = lo
		}
		a, err1 := strconv.ParseUint(lo, 16, 32)
		b, err2 := strconv.ParseUint(hi, 16, 32)
		if err := errors.Join(err1, err2); err != nil || a > b {
			return nil, fmt.Errorf("bad range %q", part)
		}
		spans = append(spans, span{rune(a), rune(b)})
	}
	return spans, nil
}

func load(path string) (*ttf.Font, *ttf.Cmap, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	f, err := ttf.Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	c, err := f.Cmap()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, c, nil
}

func run(in, out, keep, lacking, family, unihan, fields string) error {
	if in == "" || out == "" || keep == "" {
		return errors.New("-in, -out and -keep are required")
	}
	spans, err := parseRanges(keep)
	if err != nil {
		return err
	}
	var wanted map[rune]bool
	if unihan != "" {
		if wanted, err = unihanWith(unihan, strings.Split(fields, ",")); err != nil {
			return err
		}
	}
	var others []*ttf.Cmap
	if lacking != "" {
		for p := range strings.SplitSeq(lacking, ",") {
			_, c, err := load(p)
			if err != nil {
				return err
			}
			others = append(others, c)
		}
	}
	f, cmap, err := load(in)
	if err != nil {
		return err
	}
	var maps []ttf.Mapping
	skipped := 0
	for _, s := range spans {
	runes:
		for r := s.lo; r <= s.hi; r++ {
			g := cmap.Glyph(r)
			if g == 0 || wanted != nil && !wanted[r] {
				continue
			}
			for _, o := range others {
				if o.Glyph(r) != 0 {
					skipped++
					continue runes
				}
			}
			maps = append(maps, ttf.Mapping{Rune: r, Glyph: g})
		}
	}
	data, err := f.Subset(maps, ttf.Options{Compact: true, Family: family})
	if err != nil {
		return fmt.Errorf("subset %s: %w", in, err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	slog.Info("cut", "in", in, "out", out, "characters", len(maps), "left to other fonts", skipped, "bytes", len(data))
	return nil
}

// unihanWith returns the characters that have at least one of fields in
// the Unihan database files in dir.
func unihanWith(dir string, fields []string) (map[rune]bool, error) {
	if len(fields) == 0 || fields[0] == "" {
		return nil, errors.New("-unihan needs -fields")
	}
	files, err := filepath.Glob(filepath.Join(dir, "Unihan_*.txt.bz2"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no Unihan_*.txt.bz2 in %s", dir)
	}
	wanted := map[rune]bool{}
	for _, path := range files {
		if err := func() error {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			sc := bufio.NewScanner(bzip2.NewReader(f))
			for sc.Scan() {
				// U+20000<TAB>kMandarin<TAB>hē
				cp, rest, ok := strings.Cut(sc.Text(), "\t")
				field, _, _ := strings.Cut(rest, "\t")
				if !ok || !strings.HasPrefix(cp, "U+") || !slices.Contains(fields, field) {
					continue
				}
				r, err := strconv.ParseUint(cp[2:], 16, 32)
				if err != nil {
					return fmt.Errorf("%s: %q: %w", path, cp, err)
				}
				wanted[rune(r)] = true
			}
			return sc.Err()
		}(); err != nil {
			return nil, fmt.Errorf("unihan: %w", err)
		}
	}
	slog.Info("unihan", "characters with the fields", len(wanted))
	return wanted, nil
}
