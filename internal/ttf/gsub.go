package ttf

import (
	"errors"
	"fmt"
	"slices"
)

// This file reads the two kinds of GSUB lookups a renderer without a
// shaper needs: single substitutions (vertical forms, half- and
// full-width punctuation) and ligatures (emoji sequences). Contextual and
// other lookups, and GPOS, are not read.

const (
	lookupSingle    = 1
	lookupLigature  = 4
	lookupExtension = 7
)

// SingleSubst returns the glyph each glyph becomes under the GSUB feature
// (e.g. "vert", "hwid", "fwid") for script (an OpenType script tag such
// as "hani", "kana" or "latn"; DFLT when the font lacks it; "" for the
// features of every script), in its default language system. A glyph
// that two of the feature's lookups substitute in turn maps to the final
// result. A font without GSUB or without the feature gives an empty map.
func (f *Font) SingleSubst(feature, script string) (map[uint16]uint16, error) {
	subtables, err := f.gsubSubtables(feature, script, lookupSingle)
	if err != nil {
		return nil, err
	}
	out := map[uint16]uint16{}
	for _, lookup := range subtables {
		// Within a lookup the first subtable that covers a glyph applies.
		step := map[uint16]uint16{}
		for _, st := range lookup {
			if err := readSingle(st, step); err != nil {
				return nil, fmt.Errorf("GSUB %s: %w", feature, err)
			}
		}
		for from, to := range out {
			if next, ok := step[to]; ok {
				out[from] = next
			}
		}
		for from, to := range step {
			if _, ok := out[from]; !ok {
				out[from] = to
			}
		}
	}
	for from, to := range out {
		if from == to {
			delete(out, from)
		}
	}
	return out, nil
}

// Ligature replaces the glyph sequence Components by Glyph.
type Ligature struct {
	Components []uint16
	Glyph      uint16
}

// Ligatures returns the ligature substitutions of the GSUB feature (e.g.
// "liga", "ccmp", "rlig") for script, as SingleSubst chooses them, in the
// order a shaper tries them: lookup by lookup, and within a lookup for a
// first glyph the longest first, as fonts list them.
func (f *Font) Ligatures(feature, script string) ([]Ligature, error) {
	subtables, err := f.gsubSubtables(feature, script, lookupLigature)
	if err != nil {
		return nil, err
	}
	var out []Ligature
	for _, lookup := range subtables {
		for _, st := range lookup {
			if out, err = readLigatures(st, out); err != nil {
				return nil, fmt.Errorf("GSUB %s: %w", feature, err)
			}
		}
	}
	return out, nil
}

// gsubSubtables returns, lookup by lookup in lookup-list order, the
// subtables of type typ (reached through extension lookups too) of the
// feature for script.
func (f *Font) gsubSubtables(feature, script string, typ uint16) ([][][]byte, error) {
	gsub := f.Table("GSUB")
	if gsub == nil {
		return nil, nil
	}
	if len(gsub) < 10 || be.Uint16(gsub) != 1 {
		return nil, errors.New("GSUB: bad header")
	}
	scripts, err := sub16(gsub, 4)
	if err != nil {
		return nil, err
	}
	features, err := sub16(gsub, 6)
	if err != nil {
		return nil, err
	}
	lookups, err := sub16(gsub, 8)
	if err != nil {
		return nil, err
	}
	featureIdx, err := langSysFeatures(scripts, script)
	if err != nil {
		return nil, fmt.Errorf("GSUB script list: %w", err)
	}
	lookupIdx, err := featureLookups(features, featureIdx, feature)
	if err != nil {
		return nil, err
	}
	var out [][][]byte
	nl := count(lookups, 0)
	for _, li := range lookupIdx {
		if li >= nl {
			return nil, fmt.Errorf("GSUB: lookup %d out of range", li)
		}
		lookup, err := sub16(lookups, 2+2*li)
		if err != nil {
			return nil, err
		}
		subs, err := lookupSubtables(lookup, typ)
		if err != nil {
			return nil, err
		}
		if len(subs) > 0 {
			out = append(out, subs)
		}
	}
	return out, nil
}

// featureLookups returns the lookup indices, sorted and each once, of the
// features among featureIdx tagged feature.
func featureLookups(features []byte, featureIdx []int, feature string) ([]int, error) {
	var lookupIdx []int
	nf := count(features, 0)
	for _, fi := range featureIdx {
		if fi >= nf || string(features[2+6*fi:6+6*fi]) != feature {
			continue
		}
		feat, err := sub16(features, 6+6*fi)
		if err != nil {
			return nil, err
		}
		n := count(feat, 2)
		if len(feat) < 4+2*n {
			return nil, errors.New("GSUB: feature truncated")
		}
		for i := range n {
			lookupIdx = append(lookupIdx, int(be.Uint16(feat[4+2*i:])))
		}
	}
	slices.Sort(lookupIdx)
	return slices.Compact(lookupIdx), nil
}

// lookupSubtables returns the subtables of type typ of a lookup,
// extension subtables unwrapped.
func lookupSubtables(lookup []byte, typ uint16) ([][]byte, error) {
	if len(lookup) < 6 {
		return nil, errors.New("GSUB: lookup truncated")
	}
	lt, n := be.Uint16(lookup), count(lookup, 4)
	var subs [][]byte
	for i := range n {
		st, err := sub16(lookup, 6+2*i)
		if err != nil {
			return nil, err
		}
		stType := lt
		if lt == lookupExtension {
			if len(st) < 8 || be.Uint16(st) != 1 {
				return nil, errors.New("GSUB: bad extension subtable")
			}
			stType = be.Uint16(st[2:])
			off := int(be.Uint32(st[4:]))
			if off >= len(st) {
				return nil, errors.New("GSUB: extension offset out of bounds")
			}
			st = st[off:]
		}
		if stType == typ {
			subs = append(subs, st)
		}
	}
	return subs, nil
}

// langSysFeatures returns the feature indices of the default language
// system of script (of DFLT when the font lacks script; of every script
// when script is ""). A script without a default language system gives
// those of its first one.
func langSysFeatures(scripts []byte, script string) ([]int, error) {
	n := count(scripts, 0)
	if len(scripts) < 2+6*n {
		return nil, errors.New("truncated")
	}
	var chosen []int
	for _, want := range []string{script, "DFLT"} {
		for i := range n {
			if tag := string(scripts[2+6*i : 6+6*i]); script == "" || tag == want {
				chosen = append(chosen, i)
			}
		}
		if len(chosen) > 0 || script == "" {
			break
		}
	}
	var idx []int
	for _, i := range chosen {
		s, err := sub16(scripts, 6+6*i)
		if err != nil {
			return nil, err
		}
		if len(s) < 4 {
			return nil, errors.New("script truncated")
		}
		ls, err := sub16(s, 0)
		if be.Uint16(s) == 0 {
			if count(s, 2) == 0 {
				continue
			}
			ls, err = sub16(s, 4+4)
		}
		if err != nil {
			return nil, err
		}
		if len(ls) < 6 || len(ls) < 6+2*count(ls, 4) {
			return nil, errors.New("language system truncated")
		}
		if req := be.Uint16(ls[2:]); req != 0xFFFF {
			idx = append(idx, int(req))
		}
		for j := range count(ls, 4) {
			idx = append(idx, int(be.Uint16(ls[6+2*j:])))
		}
	}
	return idx, nil
}

// readSingle adds a single-substitution subtable's mappings to m, leaving
// glyphs m already has (an earlier subtable's) as they are.
func readSingle(st []byte, m map[uint16]uint16) error {
	if len(st) < 6 {
		return errors.New("single substitution truncated")
	}
	cov, err := sub16(st, 2)
	if err != nil {
		return err
	}
	format := be.Uint16(st)
	delta := be.Uint16(st[4:])
	return coverage(cov, func(g uint16, i int) error {
		var to uint16
		switch format {
		case 1:
			to = g + delta
		case 2:
			if 6+2*i+2 > len(st) || i >= int(delta) {
				return errors.New("single substitution array truncated")
			}
			to = be.Uint16(st[6+2*i:])
		default:
			return fmt.Errorf("single substitution format %d", format)
		}
		if _, ok := m[g]; !ok {
			m[g] = to
		}
		return nil
	})
}

func readLigatures(st []byte, out []Ligature) ([]Ligature, error) {
	if len(st) < 6 || be.Uint16(st) != 1 {
		return out, errors.New("bad ligature substitution")
	}
	cov, err := sub16(st, 2)
	if err != nil {
		return out, err
	}
	nSets := count(st, 4)
	err = coverage(cov, func(first uint16, i int) error {
		if i >= nSets {
			return errors.New("ligature sets truncated")
		}
		set, err := sub16(st, 6+2*i)
		if err != nil {
			return err
		}
		for j := range count(set, 0) {
			lig, err := sub16(set, 2+2*j)
			if err != nil {
				return err
			}
			if len(lig) < 4 {
				return errors.New("ligature truncated")
			}
			n := count(lig, 2)
			if n == 0 || len(lig) < 4+2*(n-1) {
				return errors.New("ligature components truncated")
			}
			comps := make([]uint16, n)
			comps[0] = first
			for k := 1; k < n; k++ {
				comps[k] = be.Uint16(lig[4+2*(k-1):])
			}
			out = append(out, Ligature{Components: comps, Glyph: be.Uint16(lig)})
		}
		return nil
	})
	return out, err
}

// coverage calls fn for each glyph of a coverage table with its coverage
// index.
func coverage(cov []byte, fn func(g uint16, i int) error) error {
	if len(cov) < 4 {
		return errors.New("coverage truncated")
	}
	n := count(cov, 2)
	switch be.Uint16(cov) {
	case 1:
		if len(cov) < 4+2*n {
			return errors.New("coverage truncated")
		}
		for i := range n {
			if err := fn(be.Uint16(cov[4+2*i:]), i); err != nil {
				return err
			}
		}
	case 2:
		if len(cov) < 4+6*n {
			return errors.New("coverage truncated")
		}
		for i := range n {
			r := cov[4+6*i:]
			start, end, idx := int(be.Uint16(r)), int(be.Uint16(r[2:])), int(be.Uint16(r[4:]))
			for g := start; g <= end; g++ {
				if err := fn(uint16(g), idx+g-start); err != nil {
					return err
				}
			}
		}
	default:
		return fmt.Errorf("coverage format %d", be.Uint16(cov))
	}
	return nil
}

// sub16 returns the part of b at the 16-bit offset stored at b[at:].
func sub16(b []byte, at int) ([]byte, error) {
	if at+2 > len(b) {
		return nil, errors.New("GSUB: offset out of bounds")
	}
	off := int(be.Uint16(b[at:]))
	if off == 0 || off >= len(b) {
		return nil, fmt.Errorf("GSUB: offset %d out of bounds", off)
	}
	return b[off:], nil
}

// count reads a 16-bit count at b[at:], 0 when b is too short.
func count(b []byte, at int) int {
	if at+2 > len(b) {
		return 0
	}
	return int(be.Uint16(b[at:]))
}

// vertGSUB returns a GSUB table holding only a vert feature, for the
// scripts DFLT, hani and kana, that substitutes each glyph of subst by its
// value: the vertical forms a subset keeps (Options.Vert).
func vertGSUB(subst map[uint16]uint16) []byte {
	from := make([]uint16, 0, len(subst))
	for g := range subst {
		from = append(from, g)
	}
	slices.Sort(from)
	var b []byte
	u16 := func(v int) { b = be.AppendUint16(b, uint16(v)) }
	const scriptList, featureList = 10, 10 + 32
	const lookupList = featureList + 14
	u16(1) // version 1.0
	u16(0)
	u16(scriptList)
	u16(featureList)
	u16(lookupList)
	// ScriptList: three records sharing one Script table, whose default
	// language system uses feature 0.
	u16(3)
	for _, tag := range []string{"DFLT", "hani", "kana"} {
		b = append(b, tag...)
		u16(2 + 3*6)
	}
	u16(4)      // defaultLangSys offset
	u16(0)      // langSysCount
	u16(0)      // lookupOrder
	u16(0xFFFF) // no required feature
	u16(1)
	u16(0)
	// FeatureList: vert, lookup 0.
	u16(1)
	b = append(b, "vert"...)
	u16(8)
	u16(0)
	u16(1)
	u16(0)
	// LookupList: one single substitution, format 2, then its coverage.
	u16(1)
	u16(4)
	u16(lookupSingle)
	u16(0)
	u16(1)
	u16(8)
	n := len(from)
	u16(2)
	u16(6 + 2*n)
	u16(n)
	for _, g := range from {
		u16(int(subst[g]))
	}
	u16(1)
	u16(n)
	for _, g := range from {
		u16(int(g))
	}
	return b
}
