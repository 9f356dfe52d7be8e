#!/bin/sh
# Remakes dict/ from Debian's OpenCC (package opencc, Apache 2.0): its
# binary dictionaries written out as text with its own opencc_dict, so the
# tables here are exactly those of the reference implementation the tests
# compare against (testdata/*.want were made with the same package's
# opencc command).
set -eu
cd "$(dirname "$0")"
src=/usr/share/opencc
for d in STPhrases STCharacters TWPhrases TWVariants HKVariants \
	TSPhrases TSCharacters TWVariantsRevPhrases TWVariantsRev; do
	opencc_dict -i "$src/$d.ocd2" -o "dict/$d.txt" -f ocd2 -t text
done
cp /usr/share/common-licenses/Apache-2.0 dict/LICENSE
dpkg-query -W -f='OpenCC ${Version} (Debian package opencc), by BYVoid, Apache 2.0\n' opencc >dict/SOURCE
