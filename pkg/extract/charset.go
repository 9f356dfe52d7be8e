package extract

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Where HTMLCharset found its answer.
const (
	CharsetFromBOM     = "bom"
	CharsetFromSniff   = "sniff"  // UTF-16 without a BOM, by its NUL bytes
	CharsetFromUTF8    = "utf8"   // the bytes are valid UTF-8 with non-ASCII text
	CharsetFromHTTP    = "http"   // Content-Type header
	CharsetFromMeta    = "meta"   // <meta charset>, http-equiv, or <?xml encoding?>
	CharsetFromDetect  = "detect" // statistical detection
	CharsetFromDefault = "default"
)

// prescanBytes is how much of the document is searched for a declaration.
// The HTML spec says 1024; Chinese portals often put scripts and comments
// before the meta tag, so we look further.
const prescanBytes = 4096

// DecodeHTML returns an HTML document as UTF-8 text, without any BOM.
// contentType is the HTTP Content-Type header value ("" if none).
//
// The bytes are sniffed first: a known binary signature (ELF, PNG, JPEG,
// PDF, ZIP, gzip, …), NUL bytes outside UTF-16, or decoded text made mostly
// of undecodable or control characters is refused with ErrNotText.
//
// The encoding is chosen in this order: a BOM; UTF-16 without a BOM, by
// the NUL bytes of its ASCII characters; bytes that are (all but a
// few) valid UTF-8 and contain non-ASCII text; the HTTP charset; the
// document's own declaration; statistical detection. A UTF-8 declaration on
// non-ASCII bytes that are not UTF-8 is skipped. UTF-8 validity comes before both
// declarations because real Chinese pages declare gb2312 (in the meta tag or
// a proxy's header) while their bytes are UTF-8, and legacy CJK text longer
// than a few characters is practically never valid UTF-8 by accident.
// gb2312 and gbk labels decode as GB18030, their superset, so pages that
// use characters outside GBK still decode.
func DecodeHTML(body []byte, contentType string) (string, error) {
	if what := binarySignature(body); what != "" {
		return "", fmt.Errorf("%w: %s", ErrNotText, what)
	}
	enc, name, source := htmlEncoding(body, contentType)
	if b := bomOf(body); b != nil {
		body = body[len(b.bom):]
	}
	if !strings.HasPrefix(name, "utf-16") && bytes.IndexByte(body[:min(len(body), nulWindow)], 0) >= 0 {
		return "", fmt.Errorf("%w: NUL bytes (binary data)", ErrNotText)
	}
	var text string
	if name == "utf-8" {
		// Invalid bytes become U+FFFD, as a decoder would do.
		text = strings.ToValidUTF8(string(body), "\uFFFD")
	} else {
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			return "", fmt.Errorf("decode HTML as %s: %w", name, err)
		}
		text = string(out)
	}
	if err := checkText(text); err != nil {
		return "", fmt.Errorf("%w (read as %s, from %s)", err, name, source)
	}
	return text, nil
}

// DecodeText returns a plain-text input as UTF-8 text, sniffed and decoded
// as DecodeHTML does a page served without a charset: a GBK or UTF-16 .txt
// reads as well as a UTF-8 one.
func DecodeText(body []byte) (string, error) {
	return DecodeHTML(body, "")
}

// HTMLCharset reports the encoding DecodeHTML would use (a WHATWG name such
// as "utf-8", "gb18030", "big5", "shift_jis") and where it was found (one of
// the CharsetFrom constants), for logs and tests.
func HTMLCharset(body []byte, contentType string) (name, source string) {
	_, name, source = htmlEncoding(body, contentType)
	return name, source
}

type bomEncoding struct {
	bom  []byte
	enc  encoding.Encoding
	name string
}

var boms = []bomEncoding{
	{[]byte{0xEF, 0xBB, 0xBF}, unicode.UTF8, "utf-8"},
	{[]byte{0xFF, 0xFE}, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"},
	{[]byte{0xFE, 0xFF}, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"},
}

// bomOf returns the byte order mark body starts with, or nil.
func bomOf(body []byte) *bomEncoding {
	for i := range boms {
		if bytes.HasPrefix(body, boms[i].bom) {
			return &boms[i]
		}
	}
	return nil
}

func htmlEncoding(body []byte, contentType string) (encoding.Encoding, string, string) {
	if b := bomOf(body); b != nil {
		return b.enc, b.name, CharsetFromBOM
	}
	if enc, name := utf16Sniff(body); enc != nil {
		return enc, name, CharsetFromSniff
	}
	ascii := isASCII(body)
	// A few broken sequences in a UTF-8 page (a truncated excerpt, a bad
	// paste) do not make it GBK.
	if !ascii && (validUTF8(body) || mostlyUTF8(body)) {
		return unicode.UTF8, "utf-8", CharsetFromUTF8
	}
	// Past this point the bytes are pure ASCII or not UTF-8 at all, so a
	// UTF-8 declaration on non-ASCII bytes is the gb2312 mistake the other
	// way round: skip it.
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if enc, name := lookupCharset(params["charset"]); enc != nil && (ascii || name != "utf-8") {
			return enc, name, CharsetFromHTTP
		}
	}
	if enc, name := declaredCharset(body); enc != nil {
		// A document that can say "utf-16" in ASCII is not UTF-16 (HTML
		// spec, "prescan": treat as UTF-8).
		if strings.HasPrefix(name, "utf-16") {
			enc, name = unicode.UTF8, "utf-8"
		}
		if ascii || name != "utf-8" {
			return enc, name, CharsetFromMeta
		}
	}
	if ascii {
		return unicode.UTF8, "utf-8", CharsetFromDefault
	}
	if enc, name := detectCharset(body); enc != nil {
		return enc, name, CharsetFromDetect
	}
	// The HTML spec's fallback for an undeclared, non-UTF-8 document.
	enc, _ := htmlindex.Get("windows-1252")
	return enc, "windows-1252", CharsetFromDefault
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// validUTF8 tolerates an incomplete sequence at the very end: a body cut
// mid-character is still UTF-8.
func validUTF8(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		tail := b[len(b)-cut:]
		if utf8.RuneStart(tail[0]) && !utf8.FullRune(tail) {
			return utf8.Valid(b[:len(b)-cut])
		}
	}
	return false
}

// mostlyUTF8 reports UTF-8 text with a few broken sequences: at least 20
// valid multi-byte characters per invalid byte. Legacy CJK text forms valid
// UTF-8 sequences only by accident, far below that ratio.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		b = b[size:]
	}
	return valid > 0 && valid >= 20*invalid
}

// lookupCharset maps a label to an encoding by the WHATWG rules, except that
// the GBK family becomes GB18030.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	if enc == simplifiedchinese.GBK {
		return simplifiedchinese.GB18030, "gb18030"
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	return enc, name
}

var (
	xmlDecl      = lazy(`^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']`)
	charsetParam = lazy(`(?i)charset\s*=\s*["']?\s*([^\s"';]+)`)
)

// declaredCharset finds <meta charset>, <meta http-equiv=Content-Type> or an
// XML declaration near the start of the document.
func declaredCharset(body []byte) (encoding.Encoding, string) {
	head := body[:min(len(body), prescanBytes)]
	if m := xmlDecl.FindSubmatch(head); m != nil {
		if enc, name := lookupCharset(string(m[1])); enc != nil {
			return enc, name
		}
	}
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, hasAttr := z.TagName()
			if string(tag) != "meta" || !hasAttr {
				continue
			}
			var charset, httpEquiv, content string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					charset = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(strings.TrimSpace(string(v)))
				case "content":
					content = string(v)
				}
			}
			if charset != "" {
				if enc, name := lookupCharset(charset); enc != nil {
					return enc, name
				}
			}
			if httpEquiv == "content-type" {
				if m := charsetParam.FindStringSubmatch(content); m != nil {
					if enc, name := lookupCharset(m[1]); enc != nil {
						return enc, name
					}
				}
			}
		}
	}
}

// The multi-byte encodings detection may pick, in the order preferred when
// the evidence is even: the converter is aimed at Chinese readers first.
var cjkEncodings = []struct {
	chardet string
	enc     encoding.Encoding
	name    string
}{
	{"GB18030", simplifiedchinese.GB18030, "gb18030"},
	{"Big5", traditionalchinese.Big5, "big5"},
	{"Shift_JIS", japanese.ShiftJIS, "shift_jis"},
	{"EUC-JP", japanese.EUCJP, "euc-jp"},
	{"EUC-KR", korean.EUCKR, "euc-kr"},
}

// confident is the chardet score from which a CJK first answer is taken as
// is. On a sentence or more of CJK text the right encoding scores 100 and
// the rest under 70; on a handful of characters every CJK encoding scores
// 10 and a single-byte one can come first.
const confident = 50

// detectCharset uses github.com/gogs/chardet (a port of ICU's detector)
// because it scores GB18030, Big5, Shift_JIS, EUC-JP and EUC-KR by the
// frequency of each language's common characters; x/net/html/charset's
// DetermineEncoding has no statistical step and falls back to windows-1252
// for any undeclared non-UTF-8 page.
func detectCharset(body []byte) (encoding.Encoding, string) {
	sample := body[:min(len(body), 64<<10)]
	results, err := chardet.NewHtmlDetector().DetectAll(sample)
	if err != nil || len(results) == 0 {
		return nil, ""
	}
	var top encoding.Encoding
	var topName string
	for _, r := range results {
		enc, name := lookupCharset(r.Charset)
		if enc == nil {
			continue
		}
		if r.Confidence >= confident && isCJK(r.Charset) {
			return enc, name
		}
		top, topName = enc, name
		break
	}
	// Thin evidence, or a single-byte guess: on a few CJK characters chardet
	// can rate ISO-8859-8 at 60. Legacy CJK encodings reject most Latin or
	// Cyrillic text (an accented letter before a space is an invalid pair),
	// so a CJK encoding that decodes every byte wins; among those, the best
	// scored, ties going to cjkEncodings order.
	score := map[string]int{}
	for _, r := range results {
		score[r.Charset] = max(score[r.Charset], r.Confidence)
	}
	best, bestScore := -1, -1
	for i, c := range cjkEncodings {
		if !decodesCleanly(c.enc, sample) {
			continue
		}
		if s := score[c.chardet]; s > bestScore {
			best, bestScore = i, s
		}
	}
	if best >= 0 {
		return cjkEncodings[best].enc, cjkEncodings[best].name
	}
	return top, topName
}

func isCJK(chardetName string) bool {
	for _, c := range cjkEncodings {
		if c.chardet == chardetName {
			return true
		}
	}
	return false
}

func decodesCleanly(enc encoding.Encoding, b []byte) bool {
	out, err := enc.NewDecoder().Bytes(b)
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}
