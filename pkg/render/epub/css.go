package epub

// embeddedFontFile names the font subset inside the book. The family name
// in the stylesheet avoids "LXGW", a Reserved Font Name of the OFL licence
// that modified versions (a subset is one) may not carry.
const (
	embeddedFontFile   = "wenkai-subset.ttf"
	embeddedFontFamily = "Bookify Kai"
)

// epubCSS returns the stylesheet. Chinese and Japanese bodies are set as
// clreq and jlreq describe (see shared/notes/cjk-layout.md): justified,
// first lines indented 2 em (zh) or 1 em (ja), strict line breaking (no
// small kana or prolonged sound mark at a line start), leading about 1.7.
// Latin runs list Latin faces first so that letters come from a Latin font
// and only the ideographs fall through to the CJK one; Latin chapters use
// 1.5 leading and paragraph spacing instead of indents.
func epubCSS(embedFont bool) string {
	css := ""
	cjkFonts := `"Songti SC", "Source Han Serif SC", "Noto Serif CJK SC", "Source Han Serif", serif`
	if embedFont {
		css += `@font-face {
  font-family: "` + embeddedFontFamily + `";
  font-style: normal;
  font-weight: normal;
  src: url("../fonts/` + embeddedFontFile + `") format("truetype");
}

`
		cjkFonts = `"` + embeddedFontFamily + `", ` + cjkFonts
	}
	latinFonts := `Georgia, "Times New Roman", "Liberation Serif"`
	return css + `html {
  -epub-line-break: strict;
  line-break: strict;
}

body {
  margin: 0 4%;
  text-align: justify;
  line-break: strict;
  -epub-line-break: strict;
  overflow-wrap: break-word;
  widows: 2;
  orphans: 2;
}

body.zh, body.ja, body.ko, body.nav, body.cover {
  font-family: ` + latinFonts + `, ` + cjkFonts + `;
  line-height: 1.7;
}

/* The quarter-em gap between Han and Latin letters or digits that clreq
   asks for, where the reading system knows the property. */
body.zh, body.ja {
  text-autospace: ideograph-alpha ideograph-numeric;
}

/* Korean breaks between words, not between syllables. */
body.ko {
  word-break: keep-all;
}

body.latin {
  font-family: ` + latinFonts + `, serif;
  line-height: 1.5;
  hyphens: auto;
  -epub-hyphens: auto;
}

p {
  margin: 0;
  text-indent: 0;
}

body.zh p {
  text-indent: 2em;
}

body.ja p {
  text-indent: 1em;
}

body.latin p, body.ko p {
  margin: 0.6em 0;
}

h1, h2, h3, h4, h5, h6 {
  text-align: left;
  text-indent: 0;
  line-height: 1.4;
  font-weight: bold;
  page-break-after: avoid;
  break-after: avoid;
  hyphens: none;
  -epub-hyphens: none;
}

h1 {
  font-size: 1.6em;
  margin: 1em 0 0.6em;
}

h2 {
  font-size: 1.3em;
  margin: 1.2em 0 0.5em;
}

h3 {
  font-size: 1.15em;
  margin: 1em 0 0.4em;
}

h4, h5, h6 {
  font-size: 1em;
  margin: 1em 0 0.3em;
}

header.titlepage {
  margin-bottom: 2em;
}

header.titlepage p, p.missing-image, figcaption, li p, blockquote p, td p {
  text-indent: 0;
}

header.titlepage p {
  margin: 0.2em 0;
  font-size: 0.9em;
  color: #555;
}

header.titlepage p.source {
  font-size: 0.8em;
  overflow-wrap: anywhere;
  word-break: break-all;
}

a {
  color: inherit;
  text-decoration: underline;
}

blockquote {
  margin: 1em 1.5em;
  padding-left: 0.8em;
  border-left: 0.2em solid #bbb;
}

body.zh blockquote p, body.ja blockquote p {
  text-indent: 2em;
}

ul, ol {
  margin: 0.6em 0;
  padding-left: 2em;
}

pre {
  margin: 1em 0;
  padding: 0.5em;
  white-space: pre-wrap;
  overflow-wrap: break-word;
  text-align: left;
  font-size: 0.85em;
  line-height: 1.4;
  background-color: #f4f4f4;
}

code {
  font-family: "Menlo", "Consolas", "DejaVu Sans Mono", monospace;
}

figure {
  margin: 1em 0;
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}

figure img {
  max-width: 100%;
  max-height: 90vh;
}

figcaption, p.missing-image {
  font-size: 0.85em;
  color: #555;
  text-align: center;
}

p.missing-image {
  font-style: italic;
}

table {
  border-collapse: collapse;
  margin: 1em auto;
  font-size: 0.9em;
}

caption {
  caption-side: top;
  margin-bottom: 0.3em;
}

th, td {
  border: 1px solid #999;
  padding: 0.2em 0.4em;
  text-align: left;
  vertical-align: top;
}

th {
  background-color: #eee;
}

hr {
  border: none;
  border-top: 1px solid #999;
  margin: 1.5em 20%;
}

section.cover {
  text-align: center;
  margin: 0;
  padding: 0;
}

section.cover img {
  max-width: 100%;
  max-height: 100vh;
}

body.cover {
  margin: 0;
}
`
}
