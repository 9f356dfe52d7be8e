// Package fonts embeds the TrueType fonts the renderers draw with, so the
// Lambda binary is self-contained and nothing is looked up at run time.
//
// Face returns a face by name. The faces every document draws with are
// embedded as they are; the optional ones are embedded compressed with
// Zstandard and decompressed the first time a process asks for them, so
// they cost package size but no memory until a document needs them. All
// are TrueType-outline (glyf) fonts, which fpdf and internal/ttf read.
//
//	name       face                    code points (>U+FFFF)  raw       stored   in the zip
//	kai        LXGW WenKai Regular     28,872 (1,397)        15.68 MB  as is     9.76 MB
//	kai-bold   LXGW WenKai Bold        28,872 (1,397)        15.69 MB  as is     9.81 MB
//	song       Noto Serif SC Regular   30,928 (442)          14.81 MB  6.89 MB   6.89 MB
//	song-bold  Noto Serif SC Bold      30,928 (442)          14.81 MB  7.13 MB   7.13 MB
//	mono       DejaVu Sans Mono         3,322 (63)            0.34 MB  as is     0.20 MB
//	fallback   Droid Sans Fallback     28,601 (5)             4.03 MB  as is     2.13 MB
//	emoji      Noto Emoji Regular       1,512 (1,323)         0.89 MB  0.54 MB   0.54 MB
//	ext        HanaMinB, cut           17,051 (17,051)        8.97 MB  4.17 MB   4.17 MB
//	kai-tc     LXGW WenKai TC, cut     10,561 (30)            7.11 MB  3.51 MB   3.51 MB
//	kai-tc-bold  its Bold, common cut   2,418 (0)              1.38 MB  0.80 MB   0.80 MB
//
//	noto/*     43 Noto faces (Serif, Naskh Arabic, Hebrew, Indic, SE Asian, Symbols 2, …)  8.98 MB  3.47 MB  3.47 MB
//	rare/*     the rare ideographs (package rare): 48,468 CJK Ext. B-I characters as
//	           24-pixel bitmaps, from HanaMinB (42,380)  3.14 MB  1.76 MB
//	           and BabelStone Han (6,088)                0.45 MB  0.29 MB   2.08 MB for both
//
// The rare ideographs took the zipped arm64 package from 56.37 to 58.40 MB
// (their outlines would have cost about 11 MB), the TC Bold's common
// characters to 59.17 MB. BabelStone Han 16.0.1 for the rare ideographs
// (all of Extension I, 285 more of G, 95 more of H) added 45,529 bytes:
// 59.02 to 59.06 MB, zip -9 of the bootstrap both times, on 2026-12-02.
//
// The Noto faces (fonts-noto-core; each 9-310 KB stored, NotoSerif-*
// 250-310 KB, Tibetan 190 KB, Arabic 75 KB, Hebrew 15 KB) and the shaper
// that needs them took the arm64 bootstrap from 69.9 MB (46.5 MB zipped)
// to 74.1 MB (49.5 MB zipped). The Noto Serif Bolds of 11 scripts (Hebrew
// 15 KB, Devanagari 101 KB, Bengali 111 KB, Tamil 39 KB, Thai 22 KB,
// Gujarati 63 KB, Gurmukhi 27 KB, Telugu 100 KB, Kannada 73 KB,
// Malayalam 50 KB, Georgian 33 KB stored: 1.61 MB raw, 634 KB stored)
// took it from 58.86 to 59.50 MB (zip -9; 59.01 to 59.65 MB as make
// bench measures it), on 2026-12-02: the budget was 59.5 MB, which
// Armenian's Bold (16 KB) would have passed; Sinhala, Khmer, Lao,
// Myanmar and Ethiopic would add 369 KB more.
//
// "In the zip" is what the face adds to the deployment package (zip -9 of
// the bootstrap): the arm64 bootstrap went from 48.9 MB (26.9 MB zipped)
// with the first four to 67.8 MB (45.7 MB zipped) with all eight.
//
// Licences, beside this file: LXGW WenKai, LXGW WenKai TC, Noto Serif SC
// and Noto Emoji are under the SIL Open Font License 1.1
// (LICENSE-LXGWWenKai.txt, LICENSE-LXGWWenKaiTC.txt,
// LICENSE-NotoSerifSC.txt, LICENSE-NotoEmoji.txt); Droid Sans Fallback
// under the Apache License 2.0 (LICENSE-DroidSansFallback.txt); DejaVu
// Sans Mono under the Bitstream Vera / DejaVu licence (LICENSE-DejaVu.txt);
// Hanazono under the Hanazono Font License or, at our choice, the OFL 1.1
// (LICENSE-Hanazono.txt; we take the Hanazono Font License, which grants
// unlimited use, copying and redistribution with or without modification,
// and rename the cut face A2BExt all the same).
//
// The compressed files are made by make-fonts.sh from the npm and Debian
// packages named there; the ext face is cut by ./internal/mkfont, the
// kai-tc face joined from web-font slices and cut by make-kai-tc.py.
package fonts

import (
	"embed"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/bookify/article2book/internal/madvise"
	"github.com/klauspost/compress/zstd"
)

// Regular is LXGW WenKai Regular, the body face (Face("kai")).
//
//go:embed LXGWWenKai-Regular.ttf
var Regular []byte

// Bold is LXGW WenKai Bold, for headings and strong text (Face("kai-bold")).
//
//go:embed LXGWWenKai-Bold.ttf
var Bold []byte

// Fallback is Droid Sans Fallback (Face("fallback")): it draws the 6,582
// CJK Extension A characters LXGW WenKai lacks but for 503. Renderers add
// it to a document only when used.
//
//go:embed DroidSansFallbackFull.ttf
var Fallback []byte

// Mono is DejaVu Sans Mono (Face("mono")), for inline and preformatted
// code. It is 340 KB, where LXGW WenKai Mono would add another 15.7 MB to
// every binary; CJK characters in code fall back to Regular.
//
//go:embed DejaVuSansMono.ttf
var Mono []byte

// A document reads a few thousand scattered glyphs of the faces embedded
// as they are: only those pages need be resident.
func init() {
	for _, b := range [][]byte{Regular, Bold, Fallback, Mono} {
		madvise.Random(b)
	}
}

// Noto Serif SC, a Song (Ming) face with full-width quotes, GSUB vert,
// vrt2, fwid and hwid and GPOS halt.
var (
	//go:embed NotoSerifSC-Regular.ttf.zst
	songZst []byte
	//go:embed NotoSerifSC-Bold.ttf.zst
	songBoldZst []byte
)

// Noto Emoji, monochrome outlines (2048 units per em); its GSUB ligatures
// draw ZWJ sequences, flags and skin-tone modifiers.
//
//go:embed NotoEmoji-Regular.ttf.zst
var emojiZst []byte

// HanaMinB cut to the CJK Extension B-F characters (U+20000-2A6DF,
// U+2A700-2EBEF) that LXGW WenKai lacks and that are in use: those with a
// Mandarin or Cantonese reading, a definition, or in UnihanCore2020,
// HKSCS, JIS X 0213, the Table of General Standard Chinese Characters or
// an H or M (Hong Kong, Macau) source. The other 42,000-odd characters of
// those blocks (dictionary-only forms) would cost another 9 MB.
//
//go:embed ExtHanaMinB.ttf.zst
var extZst []byte

// LXGW WenKai TC Regular (Google Fonts' 1.330), the Traditional Chinese
// face: the Taiwan standard forms of the Han characters of Big5-HKSCS and
// of OpenCC's Traditional characters (variants such as 爲 説 that
// Taiwanese text uses outside Big5), and punctuation with ，。、！？
// centred in the em. It is cut to those
// (10,561 code points, 3.51 MB stored; the whole face would be 3.94 MB):
// Traditional text takes the rest, Latin among it, from LXGW WenKai. It
// took the zipped arm64 package from 52.80 MB to 56.31 MB. Its Bold cut the
// same way (another 3.69 MB) would take it past 60 MB: the Bold (kai-tc-bold)
// keeps the punctuation, so that bold titles set their marks centred too,
// and the 2,134 Traditional characters of Unihan's kFrequency 1 to 4, the
// most common in Traditional Chinese (96.3 % of the Han characters of our
// 8 Taiwanese fixture pages; kFrequency 5 too, 99.6 %, would be 1.57 MB).
// The rest of bold Traditional text is LXGW WenKai Bold's. 0.80 MB stored,
// where the marks alone were 25 KB.
var (
	//go:embed LXGWWenKaiTC-Regular.ttf.zst
	kaiTCZst []byte
	//go:embed LXGWWenKaiTC-Bold.ttf.zst
	kaiTCBoldZst []byte
)

// Noto holds the faces of Debian's fonts-noto-core (20201225-1, SIL OFL
// 1.1, LICENSE-Noto.txt) for the scripts our CJK faces lack, Noto Serif,
// the Latin, Greek and Cyrillic book face with a true italic, and Noto
// Sans Symbols 2 (arrows, dingbats: 0.66 MB, 271 KB stored), each
// compressed: 43 faces, 3.47 MB stored (each 9-310 KB), the Bolds of
// Naskh Arabic and of 11 Noto Serif scripts among them (Hebrew to
// Georgian: the comment above says which and what they cost); the Noto Sans
// faces of Cherokee, Canadian syllabics, Vai, Yi and Tifinagh (0.49 MB,
// 212 KB stored) took the zipped arm64 package to 52.6 MB. Face calls them "noto/" and the file's stem, e.g.
// "noto/NotoNaskhArabic-Regular".
//
//go:embed noto/*.ttf.zst
var noto embed.FS

// Names lists the faces Face knows, in no particular order of preference.
var Names = append([]string{"kai", "kai-bold", "song", "song-bold", "mono", "fallback", "emoji", "ext", "kai-tc", "kai-tc-bold"}, notoNames()...)

func notoNames() []string {
	ents, _ := noto.ReadDir("noto")
	var out []string
	for _, e := range ents {
		out = append(out, "noto/"+strings.TrimSuffix(e.Name(), ".ttf.zst"))
	}
	return out
}

var notoFaces sync.Map // name -> func() ([]byte, error)

var faces = map[string]func() ([]byte, error){
	"kai":         raw(Regular),
	"kai-bold":    raw(Bold),
	"mono":        raw(Mono),
	"fallback":    raw(Fallback),
	"song":        unpacked("song", songZst),
	"song-bold":   unpacked("song-bold", songBoldZst),
	"emoji":       unpacked("emoji", emojiZst),
	"ext":         unpacked("ext", extZst),
	"kai-tc":      unpacked("kai-tc", kaiTCZst),
	"kai-tc-bold": unpacked("kai-tc-bold", kaiTCBoldZst),
}

// Face returns the TrueType file of the face called name (one of Names).
// The bytes are shared by every caller and must not be modified. A
// compressed face is decompressed once per process, on first use (about
// 30 ms for a 15 MB face), and then stays in memory.
func Face(name string) ([]byte, error) {
	f, ok := faces[name]
	if !ok && strings.HasPrefix(name, "noto/") && !strings.Contains(name[5:], "/") {
		zst, err := noto.ReadFile(path.Join("noto", name[5:]+".ttf.zst"))
		if err == nil {
			v, _ := notoFaces.LoadOrStore(name, unpacked(name, zst))
			f, ok = v.(func() ([]byte, error)), true
		}
	}
	if !ok {
		return nil, fmt.Errorf("fonts: no face %q", name)
	}
	return f()
}

func raw(b []byte) func() ([]byte, error) {
	return func() ([]byte, error) { return b, nil }
}

func unpacked(name string, zst []byte) func() ([]byte, error) {
	return sync.OnceValues(func() ([]byte, error) {
		b, err := decompress(zst)
		if err != nil {
			return nil, fmt.Errorf("fonts: face %s: %w", name, err)
		}
		return b, nil
	})
}

// maxFace bounds what a corrupt frame header could make us allocate.
const maxFace = 64 << 20

func decompress(zst []byte) ([]byte, error) {
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(maxFace), zstd.WithDecoderMaxMemory(maxFace))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.DecodeAll(zst, nil)
}
