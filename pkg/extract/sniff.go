package extract

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// ErrNotText reports an input that is not text at all: an image, an
// executable, an archive or random bytes named .html or .txt. The parsers
// would read anything into some garbled "article"; this is checked first.
var ErrNotText = errors.New("not a text page")

// signatures are the starts of binary formats that turn up where a page
// was expected (a saved image, a download, a compressed body). Formats
// whose first bytes hold a NUL (PE, ICO, TrueType, wasm, …) are caught by
// the NUL rule instead.
var signatures = []struct{ prefix, what string }{
	{"\x7fELF", "an ELF executable"},
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"%PDF-", "a PDF document"},
	{"PK\x03\x04", "a ZIP archive (or EPUB, Office document)"},
	{"PK\x05\x06", "a ZIP archive"},
	{"\x1f\x8b", "gzip-compressed data"},
	{"BZh", "bzip2-compressed data"}, // with "1AY&SY" checked below
	{"\xfd7zXZ\x00", "xz-compressed data"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed data"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"RIFF", "a RIFF file (WebP, WAV, AVI)"},
	{"OggS", "an Ogg file"},
	{"fLaC", "a FLAC file"},
	{"wOFF", "a WOFF font"},
	{"wOF2", "a WOFF2 font"},
	{"\xca\xfe\xba\xbe", "a Java class or Mach-O executable"},
	{"\xcf\xfa\xed\xfe", "a Mach-O executable"},
	{"\xce\xfa\xed\xfe", "a Mach-O executable"},
	{"SQLite format 3\x00", "an SQLite database"},
	{"II*\x00", "a TIFF image"},
	{"MM\x00*", "a TIFF image"},
}

// binarySignature names the binary format data starts with, or is "".
func binarySignature(data []byte) string {
	for _, s := range signatures {
		if bytes.HasPrefix(data, []byte(s.prefix)) {
			if s.prefix == "BZh" && (len(data) < 10 || string(data[4:10]) != "1AY&SY") {
				continue
			}
			return s.what
		}
	}
	// ISO base media (MP4, MOV, HEIC, AVIF): a box size, then "ftyp".
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		return "an MP4, HEIC or AVIF file"
	}
	return ""
}

// nulWindow is how far NUL bytes are looked for, as git decides a file is
// binary: text has none, and nearly every binary format has some early.
const nulWindow = 8000

// utf16Sniff detects UTF-16 without a byte order mark by the NUL bytes of
// its ASCII characters (markup, digits, line ends): at odd offsets in
// UTF-16LE ("<\x00h\x00"), at even ones in UTF-16BE. Binary data has its
// NULs at both.
func utf16Sniff(data []byte) (encoding.Encoding, string) {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return nil, ""
	}
	var even, odd int
	for i, c := range data[:n] {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	// CJK text in UTF-16 has ASCII only here and there (digits, line
	// ends), and a few of its own NULs on the other side (一 is 0x4E00):
	// a modest share on one side, four times the other's, is enough.
	units := n / 2
	switch {
	case odd*64 >= units && even*4 <= odd:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	case even*64 >= units && odd*4 <= even:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	}
	return nil, ""
}

// maxBadRatio is the share of undecodable or control characters past which
// decoded bytes are not text. Random bytes decode, whatever the charset,
// to 10 % or more of them; a real page with a few broken sequences stays
// far below 1 %.
const maxBadRatio = 0.05

// checkText refuses decoded text that is mostly not text: U+FFFD from
// undecodable bytes, C0 and C1 controls other than white space.
func checkText(s string) error {
	if s == "" {
		return nil
	}
	total, bad := 0, 0
	for _, r := range s {
		total++
		switch {
		case r == utf8.RuneError, r == 0,
			r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f',
			r >= 0x7f && r <= 0x9f:
			bad++
		}
	}
	if float64(bad) > maxBadRatio*float64(total) {
		return fmt.Errorf("%w: %.0f%% of its characters are undecodable or control characters", ErrNotText, 100*float64(bad)/float64(total))
	}
	return nil
}
