#!/bin/sh
# The parser's figures (see Tests/CONFORMANCE.md): throughput against a bare libxml2 pass, with and without
# the HTML sanitizer, and peak memory of a whole-document parse against a streamed one (onArticle).
# Usage: sh bench/parse.sh [SECONDS]      (from the repository root; needs python3 and /usr/bin/time)
set -e
S=${1:-5}
swift build -c release --product gleaner-bench >/dev/null
swift build -c release --product gleaner >/dev/null
B=.build/release
[ -f /tmp/benchfeeds/big-rss.xml ] || python3 bench/gen-feeds.py /tmp/benchfeeds
for input in /tmp/benchfeeds/big-rss.xml /tmp/benchfeeds/big-atom.xml "../shared/corpus/realworld-dev/*.xml ../shared/corpus/realworld-dev/*.rss ../shared/corpus/realworld-dev/*.atom"; do
  echo "== $input (HTML sanitizer on: the default)"
  $B/gleaner-bench parse --seconds "$S" $input | tail -3
  echo "== $input (GLEANER_BENCH_SANITIZE=0)"
  GLEANER_BENCH_SANITIZE=0 $B/gleaner-bench parse --seconds "$S" $input | tail -1
done
for f in /tmp/benchfeeds/big-rss.xml /tmp/benchfeeds/big-atom.xml; do
  /usr/bin/time -v $B/gleaner parse --json "$f" 2>&1 >/dev/null | grep "Maximum resident" | sed "s|^|gleaner parse --json $f: |"
  GLEANER_BENCH_STREAM=1 $B/gleaner-bench parse "$f"
done
