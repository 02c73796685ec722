#!/bin/sh
# Article extraction (gleaner extract) against trafilatura in the same run: pages per second on the dev
# set, and peak memory on a 10 MB page. Usage, from the repository root:
#   sh bench/extract.sh [PAGES]        (PAGES: how many dev pages to time, default all 711)
# Needs ../shared/corpus/extraction and, for the reference, `pip install trafilatura==2.3.1`.
# Quality (F1) is the scorer's job: see BENCHMARKS.md, "Article extraction", for its commands.
set -eu
CORPUS=${CORPUS:-../shared/corpus/extraction}
LIMIT=${1:-100000}
swift build -c release --product gleaner >/dev/null
swift build -c release --product gleaner-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)/gleaner
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0
for f in "$CORPUS"/wcxb-dev-articles/html/*.html.gz; do
    [ "$n" -ge "$LIMIT" ] && break
    gzip -dc "$f" > "$TMP/$(basename "$f" .gz)"
    n=$((n + 1))
done
echo "pages: $n ($(du -sh "$TMP" | cut -f1))"

# Gleaner: one process per page, as the scorer and a shell user run it (process start included).
start=$(date +%s.%N)
for f in "$TMP"/*.html; do "$BIN" extract --json --content-type 'text/html; charset=utf-8' "$f" >/dev/null 2>&1 || true; done
end=$(date +%s.%N)
g=$(echo "$n / ($end - $start)" | bc -l)
printf 'gleaner extract (CLI):  %.1f pages/s (one process per page, process start included)\n' "$g"
# The same pages in one warm process, as the daemon runs the extractor.
line=$("$BIN-bench" extract "$TMP"/*.html)
echo "gleaner (in process):   $line"
g=${line%% *}

if python3 -c 'import trafilatura' 2>/dev/null; then
    # trafilatura in one warm Python process (its import not counted): the most favourable way to run it.
    t=$(python3 - "$TMP" <<'PY'
import glob, sys, time, trafilatura
files = sorted(glob.glob(sys.argv[1] + "/*.html"))
pages = [open(f, "rb").read().decode("utf-8", "replace") for f in files]
start = time.perf_counter()
for p in pages:
    trafilatura.extract(p, include_comments=False)
print(len(pages) / (time.perf_counter() - start))
PY
)
    printf 'trafilatura 2.3.1:      %.1f pages/s (one warm process, extract() only)\n' "$t"
    printf 'ratio:                  %.1fx\n' "$(echo "$g / $t" | bc -l)"
fi

# Peak memory on a 10 MB page: the dev set's Arabic article with its body repeated to 10 MB.
python3 - "$CORPUS/arabic/jannah-article.html" "$TMP/big.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
a = page.index('<div class="entry-content'); b = page.index('</div>', page.index('<h2', a))
body = page[a:b]
reps = (10 << 20) // len(body.encode()) + 1
open(sys.argv[2], "w", encoding="utf-8").write(page[:a] + body * reps + page[b:])
PY
size=$(stat -c %s "$TMP/big.html")
/usr/bin/time -v "$BIN" extract --json "$TMP/big.html" 2>"$TMP/time" >/dev/null
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time")
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time")
printf '10 MB page (%d bytes): peak RSS %d KB (%.1fx the page), %s wall\n' "$size" "$rss" "$(echo "$rss * 1024 / $size" | bc -l)" "$wall"
