#!/usr/bin/env bash
# The daemon's first pass against a one-shot `gleaner fetch` of the same feeds, in the same run: CPU (user+sys)
# and peak memory of each, so that per-feed work in the scheduler shows up as a ratio.
#
#   bash bench/daemon-pass.sh [COUNT ...]        default: 1000 10000
#
# For each COUNT: COUNT feeds of 30 articles (~50 KB, bench/fetch/gen_feeds.py) served by one loopback nginx
# (as bench/fetch/run.sh does); `gleaner fetch` into one fresh store, then `gleaner run` into another until
# every feed has been fetched once (read from the store), then SIGTERM. The daemon spreads a start's due feeds
# over up to half the interval (2m here: one minute at most), so its wall time is not comparable, its CPU is.
# Environment: GLEANER (binary; default: build the release one), PORT (default 18081), KEEP=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ $# -gt 0 ]; then counts=("$@"); else counts=(1000 10000); fi
port="${PORT:-18081}"
parallel=16

. "$here/nginx.sh"
if [ -z "${GLEANER:-}" ]; then
    (cd "$root" && swift build -c release --product gleaner --scratch-path .build-bench >/dev/null)
    GLEANER="$root/.build-bench/release/gleaner"
fi

work="$(mktemp -d /tmp/gleaner-daemon-pass.XXXXXX)"
chmod 755 "$work"
daemon_pid=""
cleanup() {
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
    stop_nginx
    [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
hz=$(getconf CLK_TCK)

printf "machine: %s cores, %s\n" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf "%-6s %-14s %8s %8s %10s\n" feeds run wall_s cpu_s peak_MiB

for count in "${counts[@]}"; do
    dir="$work/$count"
    mkdir -p "$dir/www"
    python3 "$here/fetch/gen_feeds.py" "$dir/www" "$count"
    start_nginx "$dir" "$port"

    {
        echo "interval = 2m"
        echo "min-interval = 1m"
        echo "adaptive = no"
        echo "max-transfers = $parallel"
        echo "max-transfers-per-host = $parallel"
        for i in $(seq 0 $((count - 1))); do echo "http://127.0.0.1:$port/feed-$i.xml"; done
    } >"$dir/feeds.conf"

    # One-shot fetch.
    /usr/bin/time -v -o "$dir/fetch.time" "$GLEANER" fetch --config "$dir/feeds.conf" --store "$dir/fetch.sqlite" \
        >/dev/null 2>"$dir/fetch.err" || true
    awk -F': ' -v n="$count" '
        /Elapsed \(wall clock\)/ { k = split($2, p, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
        END { printf "%-6d %-14s %8.2f %8.2f %10.1f\n", n, "fetch", w, u + s, m / 1024 }' "$dir/fetch.time"

    # The daemon's first pass: until every feed has an attempt.
    start=$(date +%s.%N)
    "$GLEANER" run --config "$dir/feeds.conf" --store "$dir/run.sqlite" --log-level warning 2>"$dir/run.err" &
    daemon_pid=$!
    while :; do
        sleep 1
        done_count=$(sqlite3 "file:$dir/run.sqlite?mode=ro" "SELECT COUNT(*) FROM feeds WHERE last_attempt IS NOT NULL" 2>/dev/null || echo 0)
        [ "$done_count" -ge "$count" ] && break
        kill -0 "$daemon_pid" 2>/dev/null || { echo "daemon died" >&2; tail -5 "$dir/run.err" >&2; exit 1; }
    done
    end=$(date +%s.%N)
    ticks=$(awk '{print $14 + $15}' /proc/$daemon_pid/stat)
    hwm=$(awk '/^VmHWM:/ {print $2}' /proc/$daemon_pid/status)
    kill -TERM "$daemon_pid"; wait "$daemon_pid" || true; daemon_pid=""
    awk -v n="$count" -v a="$start" -v b="$end" -v t="$ticks" -v hz="$hz" -v m="$hwm" 'BEGIN {
        printf "%-6d %-14s %8.2f %8.2f %10.1f\n", n, "run-first-pass", b - a, t / hz, m / 1024 }'
    failed=$(sqlite3 "file:$dir/run.sqlite?mode=ro" "SELECT COUNT(*) FROM feeds WHERE consecutive_failures > 0")
    [ "$failed" = 0 ] || echo "warning: $failed feeds failed in the daemon's pass" >&2

    stop_nginx
done
