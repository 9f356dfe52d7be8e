#!/usr/bin/env bash
# Prints wall time, peak memory and output sizes of one CLI conversion per
# input, as a user running the tool would see them (process start, font
# loading and file writes included). Compare with a headless browser
# printing the same page: about 1 s and 224 MiB for the sample (see
# ../shared/notes/verified-facts.md).
set -euo pipefail
[ -x /usr/bin/time ] || { echo "measure.sh needs /usr/bin/time: apt-get install time" >&2; exit 1; }
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/convert
out=$(mktemp -d)
go build -o "$bin" ./cmd/convert
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(testdata/sample-zh.txt testdata/pages/gmw/source.html testdata/pages/pixnet/source.html testdata/pages/wikipedia/source.html)
printf '%-40s %8s %10s %10s %10s\n' input wall_s peak_MiB pdf_KB epub_KB
for in in "${inputs[@]}"; do
	best=""
	for _ in 1 2 3; do
		rm -rf "$out"/*
		/usr/bin/time -f '%e %M' -o "$out/time" "$bin" -o "$out" -images=false "$in" >/dev/null 2>&1
		read -r wall rss <"$out/time"
		if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then best="$wall $rss"; fi
	done
	read -r wall rss <<<"$best"
	pdf=$(stat -c %s "$out"/*.pdf)
	epub=$(stat -c %s "$out"/*.epub)
	awk -v name="$in" -v w="$wall" -v r="$rss" -v p="$pdf" -v e="$epub" 'BEGIN { printf "%-40s %8s %10.1f %10.1f %10.1f\n", name, w, r/1024, p/1024, e/1024 }'
done
