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
