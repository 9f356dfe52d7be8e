#!/usr/bin/python3
"""Makes LXGWWenKaiTC-Regular.ttf, the Traditional Chinese face, from the
web-font pieces of npm's @fontsource/lxgw-wenkai-tc (Google Fonts' LXGW
WenKai TC 1.330, SIL OFL 1.1, no Reserved Font Name).

npm carries no TrueType file of LXGW WenKai TC, only Google Fonts' 116
WOFF2 slices of each weight, split by unicode-range. This script joins the
slices of one weight by glyph name (each slice keeps the full font's glyph
names, outlines and metrics for its characters), then keeps only what
Traditional Chinese text takes from this face rather than from the default
LXGW WenKai, which draws everything else:

  - the Han characters of Big5 with the Hong Kong supplement (Big5-HKSCS,
    Python's big5hkscs codec), in their Taiwan standard forms, and the
    Traditional characters of OpenCC's tables (internal/opencc/dict: the
    keys of TSCharacters, the values of STCharacters, TWVariants and
    HKVariants), which add variants Taiwanese text uses outside Big5
    (爲 説 産 緑 …);
  - the punctuation, CJK symbols and full-width forms, with ，。、！？．；：
    centred in the em, as Taiwan sets them;
  - GSUB vert for the vertical forms of those.

Latin, Greek, Cyrillic and the Simplified-only characters the full face
also draws are left out: the default face has them. That cut keeps 10,561
of the face's 14,819 code points, at 3.51 MB compressed (zstd -19), against
3.94 MB for the whole face (Regular alone; the Bold is not stored, see
fonts.go).

The output is reproducible: the head table keeps the font's own dates.

Needs Debian's python3-fonttools and python3-brotli.
With -marks, only the punctuation is kept (for the Bold: its centred
marks in bold titles, the Han characters being LXGW WenKai Bold's). With
-frequent UNIHAN_DIR:N, the punctuation and the Traditional Han characters
whose Unihan kFrequency (how common they are in Traditional Chinese
Usenet posts, 1 the most common, 5 the least of those rated) is at most N:
the Bold cut to what bold titles mostly use, as the whole cut does not fit
the Lambda package (Debian's unicode-data has the Unihan files).

Usage: make-kai-tc.py [-marks | -frequent UNIHAN_DIR:N] OUT.ttf OPENCC_DICT_DIR SLICE.woff2...
"""

import bz2

import os
import sys

from fontTools import subset
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import cmap_format_12


def vert_pairs(font):
    """The GSUB vert single substitutions of font, by glyph name."""
    out = {}
    if "GSUB" not in font:
        return out
    gsub = font["GSUB"].table
    for rec in gsub.FeatureList.FeatureRecord:
        if rec.FeatureTag != "vert":
            continue
        for i in rec.Feature.LookupListIndex:
            lookup = gsub.LookupList.Lookup[i]
            for sub in lookup.SubTable:
                if lookup.LookupType == 7:
                    sub = sub.ExtSubTable
                out.update(sub.mapping)
    return out


def join(paths):
    """One font of every glyph, character and vert pair of the slices."""
    base = TTFont(paths[0])
    order = list(base.getGlyphOrder())
    seen = set(order)
    glyf, hmtx, vmtx = base["glyf"], base["hmtx"].metrics, base["vmtx"].metrics
    cmap = dict(base.getBestCmap())
    vert = vert_pairs(base)
    for path in paths[1:]:
        piece = TTFont(path)
        for name in piece.getGlyphOrder():
            if name in seen:
                continue
            seen.add(name)
            order.append(name)
            glyf.glyphs[name] = piece["glyf"][name]
            hmtx[name] = piece["hmtx"].metrics[name]
            vmtx[name] = piece["vmtx"].metrics[name]
        for cp, name in piece.getBestCmap().items():
            cmap.setdefault(cp, name)
        vert.update(vert_pairs(piece))
    base.setGlyphOrder(order)
    glyf.glyphOrder = order
    base["maxp"].numGlyphs = len(order)
    # format 4 for the BMP, format 12 for everything: the slices' own
    # tables are format 4 only, which cannot hold the HKSCS astral
    # characters
    table = newTable("cmap")
    table.tableVersion = 0
    table.tables = []
    for plat, enc, fmt in ((0, 3, 4), (3, 1, 4), (0, 4, 12), (3, 10, 12)):
        sub = cmap_format_12(fmt) if fmt == 12 else base["cmap"].tables[0].__class__(fmt)
        sub.platformID, sub.platEncID, sub.language = plat, enc, 0
        sub.cmap = {cp: n for cp, n in cmap.items() if fmt == 12 or cp <= 0xFFFF}
        table.tables.append(sub)
    base["cmap"] = table
    for tag in ("GSUB", "GPOS", "BASE"):
        if tag in base:
            del base[tag]
    fea = ["languagesystem DFLT dflt;", "languagesystem hani dflt;", "feature vert {"]
    fea += [f"  sub {a} by {b};" for a, b in sorted(vert.items())]
    fea += ["} vert;"]
    addOpenTypeFeaturesFromString(base, "\n".join(fea) + "\n")
    return base


def opencc_traditional(folder):
    """The single characters OpenCC's tables give as Traditional."""
    out = set()
    for name, keys in (("TSCharacters", True), ("STCharacters", False), ("TWVariants", False), ("HKVariants", False)):
        with open(os.path.join(folder, name + ".txt"), encoding="utf-8") as f:
            for line in f:
                key, values = line.rstrip("\n").split("\t")
                for word in [key] if keys else values.split(" "):
                    if len(word) == 1:
                        out.add(ord(word))
    return out


def mark(cp):
    """Whether cp is punctuation, a CJK symbol or a full-width form."""
    return 0x2000 <= cp <= 0x206F or 0x3000 <= cp <= 0x303F or 0xFE10 <= cp <= 0xFE6F or 0xFF00 <= cp <= 0xFFEF


def traditional(cp, opencc):
    """Whether Traditional text takes cp from this face."""
    if cp in opencc or mark(cp):
        return True
    if not (0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF):
        return False
    try:
        chr(cp).encode("big5hkscs")
    except UnicodeEncodeError:
        return False
    return True


def frequent(spec):
    """The characters of Unihan's kFrequency at most N, for spec DIR:N."""
    folder, most = spec.rsplit(":", 1)
    out = set()
    with bz2.open(os.path.join(folder, "Unihan_DictionaryLikeData.txt.bz2"), "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == "kFrequency" and int(parts[2]) <= int(most):
                out.add(int(parts[0][2:], 16))
    return out


def main():
    args = sys.argv[1:]
    marks = args[0] == "-marks"
    common = None
    if marks:
        args = args[1:]
    elif args[0] == "-frequent":
        common, args = frequent(args[1]), args[2:]
    out, opencc, paths = args[0], opencc_traditional(args[1]), sorted(args[2:])
    font = join(paths)
    wanted = mark if marks else lambda cp: traditional(cp, opencc)
    if common is not None:
        wanted = lambda cp: mark(cp) or cp in common and traditional(cp, opencc)
    keep = sorted(cp for cp in font.getBestCmap() if wanted(cp))
    opt = subset.Options()
    opt.layout_features = ["vert"]
    opt.name_IDs = ["*"]
    opt.name_languages = ["*"]
    opt.notdef_outline = True
    opt.glyph_names = False
    opt.hinting = False
    opt.recalc_timestamp = False
    sub = subset.Subsetter(opt)
    sub.populate(unicodes=keep)
    sub.subset(font)
    font.flavor = None
    font.recalcTimestamp = False
    font.save(out)
    han = sum(1 for cp in keep if cp >= 0x3400 and not 0xFE10 <= cp <= 0xFFEF)
    print(f"{out}: {len(keep)} code points ({han} Han), {font['maxp'].numGlyphs} glyphs")


if __name__ == "__main__":
    main()
