#!/bin/sh
# Remakes dict/ from Debian's jieba (package python3-jieba, MIT): its
# dictionary of 349,046 Chinese words with their frequencies, the part of
# speech dropped and the lines sorted bytewise, so a word is found by a
# binary search over the bytes with no table built at run time.
set -eu
cd "$(dirname "$0")"
src=/usr/lib/python3/dist-packages/jieba/dict.txt
awk '{print $1 " " $2}' "$src" | LC_ALL=C sort -u -k1,1 >dict/zh.txt
awk '{s += $2} END {print s}' dict/zh.txt >dict/total
sed -n '/^License: Expat/,$p' /usr/share/doc/python3-jieba/copyright >dict/LICENSE
sed -n 's/^Copyright: \(2012.*\)/Copyright \1/p' /usr/share/doc/python3-jieba/copyright | head -1 >>dict/LICENSE
dpkg-query -W -f='jieba ${Version} (Debian package python3-jieba), dict.txt, by Sun Junyi, MIT (Expat)\n' python3-jieba >dict/SOURCE

# ICU's word-break dictionaries for Thai, Lao, Khmer and Burmese, as
# Debian's libicu72 ships them inside libicudata (byte for byte those of
# ICU 78, the ICU of Node's Intl.Segmenter that the tests compare with),
# and ICU's licence as Node's copy of it gives it in full (Debian's
# libicu72 copyright file shortens it; the Lao and Burmese dictionaries
# carry BSD notices of their own in it).
go run ./internal/mkdict -icu /usr/lib/x86_64-linux-gnu/libicudata.so.72 -out dict
awk '/^- ICU, located at deps\/icu-small/ {on = 1; next} on && /^  """$/ {if (++q == 2) exit; next} on' /usr/share/doc/nodejs/LICENSE | sed 's/^    //' >dict/LICENSE-ICU
dpkg-query -W -f='ICU ${Version} (Debian package libicu72), libicudata.so.72: brkitr/thaidict.dict, laodict.dict, khmerdict.dict, burmesedict.dict as th.dict, lo.dict, km.dict, my.dict; Unicode-3.0 and the ICU licence, BSD notices for Lao and Burmese (LICENSE-ICU)\n' libicu72 >>dict/SOURCE
