#!/bin/sh
# Remakes the compressed faces in fonts/ from their packages:
#   NotoSerifSC-Regular.ttf.zst, NotoSerifSC-Bold.ttf.zst  npm @expo-google-fonts/noto-serif-sc
#   NotoEmoji-Regular.ttf.zst                               npm @expo-google-fonts/noto-emoji
#   ExtHanaMinB.ttf.zst                                     Debian fonts-hanazono, cut by mkfont
#   LXGWWenKaiTC-Regular.ttf.zst, LXGWWenKaiTC-Bold.ttf.zst npm @fontsource/lxgw-wenkai-tc, joined and cut by make-kai-tc.py
#   rare/RareHanaMinB.bin.zst, rare/RareBabelStoneHan.bin.zst
#                                                           Debian fonts-hanazono and fonts-babelstone-han, drawn as
#                                                           24-pixel bitmaps by mkrare (the rare ideographs)
# The faces are stored as the packages ship them, only compressed, except
# the extension face: HanaMinB cut to the CJK Extension B-F characters
# LXGW WenKai lacks that are in use (a reading, a definition or a
# regional standard set in Debian's unicode-data Unihan files).
#
# Needs npm, apt-get, dpkg-deb, zstd (Debian package zstd) and, for the
# Traditional face, Debian's python3-fonttools and python3-brotli. Run from the
# repository root: sh fonts/make-fonts.sh
set -eu
fonts=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$(pwd)

# Level 19 with a 16 MB window (--long=24) holds a whole face; the
# decoder in fonts.go allows windows up to 64 MB.
pack() { zstd -q -19 --long=24 -T1 -f "$1" -o "$2"; }

cd "$work"
npm pack --silent @expo-google-fonts/noto-serif-sc@0.4.3 @expo-google-fonts/noto-emoji@0.4.7 >/dev/null
mkdir sc emoji
tar xzf expo-google-fonts-noto-serif-sc-0.4.3.tgz -C sc
tar xzf expo-google-fonts-noto-emoji-0.4.7.tgz -C emoji
pack sc/package/400Regular/NotoSerifSC_400Regular.ttf "$fonts/NotoSerifSC-Regular.ttf.zst"
pack sc/package/700Bold/NotoSerifSC_700Bold.ttf "$fonts/NotoSerifSC-Bold.ttf.zst"
pack emoji/package/400Regular/NotoEmoji_400Regular.ttf "$fonts/NotoEmoji-Regular.ttf.zst"
cp sc/package/LICENSE_FONT "$fonts/LICENSE-NotoSerifSC.txt"
cp emoji/package/LICENSE_FONT "$fonts/LICENSE-NotoEmoji.txt"

apt-get download fonts-hanazono=20170904-2.1 unicode-data=15.0.0-1 2>/dev/null
dpkg-deb -x fonts-hanazono_*.deb hz
dpkg-deb -x unicode-data_*.deb ud
cp hz/usr/share/doc/fonts-hanazono/copyright "$fonts/LICENSE-Hanazono.txt"
cd "$repo"
go run ./fonts/internal/mkfont -in "$work/hz/usr/share/fonts/truetype/hanazono/HanaMinB.ttf" \
	-keep 20000-2A6DF,2A700-2EBEF \
	-lacking fonts/LXGWWenKai-Regular.ttf,fonts/LXGWWenKai-Bold.ttf \
	-unihan "$work/ud/usr/share/unicode" \
	-fields kUnihanCore2020,kHKSCS,kJIS0213,kTGH,kIRG_HSource,kIRG_MSource,kCantonese,kMandarin,kDefinition \
	-family A2BExt -out "$work/ext.ttf"
pack "$work/ext.ttf" "$fonts/ExtHanaMinB.ttf.zst"

# The rare ideographs: every character of CJK Extensions B-I that neither
# LXGW WenKai nor the cut above draws, as a bitmap from HanaMinB, else
# from BabelStone Han (Extensions G, H and I); one store for each, as their
# licences differ. The first lists the characters neither has.
# BabelStone Han is trixie's 16.0.1, which has all of Extension I and more
# of G and H than bookworm's 15.0.5: fetched with a throwaway apt
# configuration of its own (sources, lists and cache in $work), leaving the
# system's sources and lists alone.
cd "$work"
mkdir -p apt/lists/partial apt/cache/archives/partial
echo "deb http://deb.debian.org/debian trixie main" >apt/trixie.list
trixie() {
	apt-get -o Dir::Etc::sourcelist="$work/apt/trixie.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache" \
		-o APT::Get::List-Cleanup=0 "$@"
}
trixie -q update >/dev/null
trixie download fonts-babelstone-han=16.0.1-1 2>/dev/null
dpkg-deb -x fonts-babelstone-han_*.deb bs
cp bs/usr/share/doc/fonts-babelstone-han/copyright "$fonts/rare/LICENSE-BabelStoneHan.txt"
cd "$repo"
go run ./fonts/internal/mkrare -size 24 \
	-src "$work/hz/usr/share/fonts/truetype/hanazono/HanaMinB.ttf,$work/bs/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf" \
	-out "$work/rare-hanamin.bin,$work/rare-babelstone.bin" \
	-lacking "fonts/LXGWWenKai-Regular.ttf,$work/ext.ttf"
pack "$work/rare-hanamin.bin" "$fonts/rare/RareHanaMinB.bin.zst"
pack "$work/rare-babelstone.bin" "$fonts/rare/RareBabelStoneHan.bin.zst"

# LXGW WenKai TC: npm has only Google Fonts' WOFF2 slices of it; joined
# and cut to what Traditional text takes from it (make-kai-tc.py says what).
cd "$work"
npm pack --silent @fontsource/lxgw-wenkai-tc@5.3.0 >/dev/null
mkdir tc
tar xzf fontsource-lxgw-wenkai-tc-5.3.0.tgz -C tc
/usr/bin/python3 "$fonts/make-kai-tc.py" "$work/kai-tc.ttf" "$repo/internal/opencc/dict" tc/package/files/lxgw-wenkai-tc-*-400-normal.woff2
pack "$work/kai-tc.ttf" "$fonts/LXGWWenKaiTC-Regular.ttf.zst"
/usr/bin/python3 "$fonts/make-kai-tc.py" -frequent "$work/ud/usr/share/unicode:4" "$work/kai-tc-bold.ttf" "$repo/internal/opencc/dict" tc/package/files/lxgw-wenkai-tc-*-700-normal.woff2
pack "$work/kai-tc-bold.ttf" "$fonts/LXGWWenKaiTC-Bold.ttf.zst"
cp tc/package/LICENSE "$fonts/LICENSE-LXGWWenKaiTC.txt"

# The Noto faces of Debian's fonts-noto-core 20201225-1, as shipped.
cd "$work"
apt-get download fonts-noto-core=20201225-1 2>/dev/null
dpkg-deb -x fonts-noto-core_*.deb noto
cp noto/usr/share/doc/fonts-noto-core/copyright "$fonts/LICENSE-Noto.txt"
mkdir -p "$fonts/noto"
for f in NotoSerif-Regular NotoSerif-Italic NotoSerif-Bold NotoSerif-BoldItalic \
	NotoNaskhArabic-Regular NotoNaskhArabic-Bold NotoSerifHebrew-Regular NotoSerifDevanagari-Regular \
	NotoSerifBengali-Regular NotoSerifGurmukhi-Regular NotoSerifGujarati-Regular NotoSansOriya-Regular \
	NotoSerifTamil-Regular NotoSerifTelugu-Regular NotoSerifKannada-Regular NotoSerifMalayalam-Regular \
	NotoSerifSinhala-Regular NotoSerifThai-Regular NotoSerifLao-Regular NotoSerifKhmer-Regular \
	NotoSerifMyanmar-Regular NotoSerifTibetan-Regular NotoSerifGeorgian-Regular NotoSerifArmenian-Regular \
	NotoSerifEthiopic-Regular NotoSansThaana-Regular NotoSansSymbols2-Regular \
	NotoSansCherokee-Regular NotoSansCanadianAboriginal-Regular NotoSansVai-Regular NotoSansYi-Regular \
	NotoSansTifinagh-Regular \
	NotoSerifHebrew-Bold NotoSerifDevanagari-Bold NotoSerifBengali-Bold NotoSerifTamil-Bold \
	NotoSerifThai-Bold NotoSerifGujarati-Bold NotoSerifGurmukhi-Bold NotoSerifTelugu-Bold \
	NotoSerifKannada-Bold NotoSerifMalayalam-Bold NotoSerifGeorgian-Bold; do
	pack "noto/usr/share/fonts/truetype/noto/$f.ttf" "$fonts/noto/$f.ttf.zst"
done
cd "$repo"
ls -l "$fonts"/*.zst "$fonts"/rare/*.zst
