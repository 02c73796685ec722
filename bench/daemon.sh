#!/usr/bin/env bash
# Daemon figures for BENCHMARKS.md: idle CPU and wake-ups per minute with 1,000 feeds none due, resident
# memory with 1,000 and 5,000 feeds configured, and the time from SIGHUP to a new feed's first fetch.
#
#   bash bench/daemon.sh [SECONDS]      (default 60: the idle window measured)
#
# Needs a release build (it makes one) and python3 (a loopback HTTP server for the reload measurement).
set -euo pipefail
cd "$(dirname "$0")/.."
window=${1:-60}
swift build -c release --product gleaner >/dev/null
bin=$PWD/.build/release/gleaner
work=$(mktemp -d /tmp/gleaner-bench-daemon.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# A loopback server with one small feed.
mkdir -p "$work/www"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>one</title></item></channel></rss>\n' > "$work/www/feed.xml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
sleep 0.5

# Context switches per thread ("tid count"); a thread that went to sleep and woke again counts one each time.
switches() {
  for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" '/^(non)?voluntary_ctxt_switches:/ {s+=$2} END {print tid, s+0}' "$t/status" 2>/dev/null || true
  done
}
cpu_ticks() { awk '{print $14+$15}' /proc/"$1"/stat; }

# A config of N feeds (distinct URLs on one host), all scheduled an hour ahead.
prepare() {
  local n=$1 conf=$work/feeds-$1.conf store=$work/store-$1.sqlite
  { echo "interval = 1h"; for i in $(seq 1 "$n"); do echo "http://127.0.0.1:$port/feed.xml?n=$i"; done; } > "$conf"
  "$bin" feeds --config "$conf" --store "$store" >/dev/null
  sqlite3 "$store" "UPDATE feeds SET next_due = strftime('%s','now') + 3600, next_due_reason = 'bench'"
}

measure_idle() {
  local n=$1
  prepare "$n"
  "$bin" run --config "$work/feeds-$n.conf" --store "$work/store-$n.sqlite" 2>"$work/log-$n" &
  local pid=$!
  # Let start-up finish and Dispatch's idle worker threads retire before measuring.
  sleep 10
  local cpu0 cpu1 s
  cpu0=$(cpu_ticks $pid); switches $pid > "$work/sw0"
  sleep "$window"
  cpu1=$(cpu_ticks $pid); switches $pid > "$work/sw1"
  # Threads present at both ends: the difference; threads born in between: all of theirs.
  s=$(awk 'NR==FNR {a[$1]=$2; next} {s += $2 - ($1 in a ? a[$1] : 0)} END {print s+0}' "$work/sw0" "$work/sw1")
  local rss hwm threads
  rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status); hwm=$(awk '/^VmHWM:/ {print $2}' /proc/$pid/status)
  threads=$(ls /proc/$pid/task | wc -l)
  kill -TERM $pid; wait $pid || true
  local hz; hz=$(getconf CLK_TCK)
  awk -v n="$n" -v c=$((cpu1-cpu0)) -v hz="$hz" -v w="$window" -v s="$s" -v rss="$rss" -v hwm="$hwm" -v t="$threads" 'BEGIN {
    printf "%5d feeds, none due: CPU %.2f s in %d s (%.3f%%), %.1f wake-ups/min (context switches, all %d threads), RSS %.1f MiB (peak %.1f MiB)\n",
      n, c/hz, w, 100*c/hz/w, s*60/w, t, rss/1024, hwm/1024 }'
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
measure_idle 1000
window=10 measure_idle 5000

# SIGHUP to the first fetch of a feed added to feeds.conf.
conf=$work/feeds-hup.conf; store=$work/store-hup.sqlite
echo "http://127.0.0.1:$port/feed.xml?first" > "$conf"
"$bin" run --config "$conf" --store "$store" 2>"$work/log-hup" &
pid=$!
for _ in $(seq 100); do grep -q 'fetched' "$work/log-hup" && break; sleep 0.05; done
for i in 1 2 3 4 5; do
  echo "http://127.0.0.1:$port/feed.xml?added=$i name=added$i" >> "$conf"
  start=$(date +%s.%N)
  kill -HUP $pid
  for _ in $(seq 1000); do grep -q "feed=added$i" "$work/log-hup" && break; sleep 0.005; done
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v i=$i 'BEGIN { printf "SIGHUP to first fetch of a new feed (run %d): %.0f ms\n", i, (b-a)*1000 }'
done
kill -TERM $pid; wait $pid || true
