// Package fonts embeds the TrueType fonts the renderers draw with, so the
// Lambda binary is self-contained and nothing is looked up at run time.
//
// LXGW WenKai (SIL Open Font License 1.1, see LICENSE-LXGWWenKai.txt) covers
// all CJK Unified Ideographs of the Basic Multilingual Plane, kana, Hangul,
// Latin, Greek and Cyrillic.
package fonts

import _ "embed"

// Regular is LXGW WenKai Regular, the body face.
//
//go:embed LXGWWenKai-Regular.ttf
var Regular []byte

// Bold is LXGW WenKai Bold, for headings and strong text.
//
//go:embed LXGWWenKai-Bold.ttf
var Bold []byte

// Fallback is Droid Sans Fallback (Apache License 2.0, see
// LICENSE-DroidSansFallback.txt): it draws the CJK Extension A characters
// LXGW WenKai lacks. Renderers add it to a document only when used.
//
//go:embed DroidSansFallbackFull.ttf
var Fallback []byte

// Mono is DejaVu Sans Mono (Bitstream Vera / DejaVu licence, see
// LICENSE-DejaVu.txt), for inline and preformatted code. It is 340 KB,
// where LXGW WenKai Mono would add another 15.7 MB to every binary; CJK
// characters in code fall back to Regular.
//
//go:embed DejaVuSansMono.ttf
var Mono []byte
