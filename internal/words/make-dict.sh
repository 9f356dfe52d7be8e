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
