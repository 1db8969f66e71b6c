#!/usr/bin/env bash
# Measures examples/batch on N generated posts: files/s, MB/s and peak RSS
# with -workers 1 and -workers 2, each run ROUNDS times in turn, and the
# load average around each run (another process on the machine distorts
# the ratio; "others" is the CPU time that other processes took during the
# run, from /proc/stat). Run from anywhere:
#
#	N=100000 ROUNDS=3 examples/batch/measure.sh
#
# It needs GNU time (/usr/bin/time; apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-100000}
ROUNDS=${ROUNDS:-3}
DIR=${DIR:-/tmp/article-posts-$N}
BIN=${BIN:-/tmp/article-batch}
OUT=${OUT:-/tmp/article-measure}
mkdir -p "$OUT"

go build -o "$BIN" ./examples/batch
[ -d "$DIR" ] || "$BIN" -gen "$N" "$DIR"
echo "posts: $N in $DIR ($(du -sh --apparent-size "$DIR" | cut -f1)); $(nproc) cores, $(go version | cut -d' ' -f3), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
find "$DIR" -type f -exec cat {} + >/dev/null # into the page cache: every run reads from memory

busy() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; } # user nice system irq softirq steal, in ticks
tck=$(getconf CLK_TCK)

for r in $(seq "$ROUNDS"); do
	for w in 1 2; do
		before=$(cut -d' ' -f1 /proc/loadavg)
		b0=$(busy)
		/usr/bin/time -v "$BIN" -workers "$w" -o /dev/null "$DIR" 2>"$OUT/w$w-r$r.txt" || true
		b1=$(busy)
		after=$(cut -d' ' -f1 /proc/loadavg)
		others=$(awk -F': ' -v b="$((b1 - b0))" -v tck="$tck" '/User time|System time/ {own += $2} END {printf "%.1f s", b/tck - own}' "$OUT/w$w-r$r.txt")
		summary=$(grep '^batch:' "$OUT/w$w-r$r.txt")
		rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$OUT/w$w-r$r.txt")
		cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$OUT/w$w-r$r.txt")
		echo "round $r -workers $w: ${summary#batch: }; peak RSS $rss; CPU $cpu; others $others; load $before -> $after"
	done
done
