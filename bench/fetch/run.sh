#!/usr/bin/env bash
# Fetch benchmark: `gleaner fetch` against `curl --parallel` over the same feeds, served by one loopback nginx.
#
#   bench/fetch/run.sh [COUNT ...]        default: 1000 5000
#
# For each COUNT: generates COUNT feeds of 30 articles (~50 KB) in a temp dir, serves them from nginx on
# 127.0.0.1 (etag on, gzip on), then measures with /usr/bin/time -v (wall, user+sys CPU, peak RSS):
#   gleaner first      fresh store: fetch, parse, store everything
#   gleaner unchanged  second run: every feed answers 304
#   curl first         curl --parallel --parallel-max 50 --compressed, bodies to /dev/null (ETags saved)
#   curl conditional   the same with --etag-compare, so every feed answers 304 too
# gleaner runs with max-transfers = max-transfers-per-host = 50 (all feeds share one host), as curl does.
# Environment: GLEANER (binary; default: build the release one), PORT (default 18080), KEEP=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -gt 0 ]; then counts=("$@"); else counts=(1000 5000); fi
port="${PORT:-18080}"
parallel=50

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt-get install -y nginx-light >/dev/null
fi
. "$here/../nginx.sh"

if [ -z "${GLEANER:-}" ]; then
    (cd "$root" && swift build -c release --product gleaner --scratch-path .build-bench >/dev/null)
    GLEANER="$root/.build-bench/release/gleaner"
fi

work="$(mktemp -d /tmp/gleaner-fetch-bench.XXXXXX)"
chmod 755 "$work"  # nginx's worker runs as nobody when started by root
cleanup() {
    stop_nginx
    [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

# "wall user sys maxrss_kib" from a /usr/bin/time -v report.
measure() {
    local report="$1"; shift
    /usr/bin/time -v -o "$report" "$@" >/dev/null 2>"$report.stderr" || { echo "failed: $*" >&2; tail -5 "$report.stderr" >&2; }
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
        END { printf "%.2f %.2f %.2f %d\n", w, u, s, m }' "$report"
}

printf "machine: %s cores, %s\n" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf "%-6s %-18s %8s %8s %10s\n" feeds run wall_s cpu_s peak_MiB

for count in "${counts[@]}"; do
    dir="$work/$count"
    mkdir -p "$dir/www" "$dir/nginx/logs" "$dir/etags"
    python3 "$here/gen_feeds.py" "$dir/www" "$count"

    start_nginx "$dir" "$port"

    {
        echo "store = $dir/store.sqlite"
        echo "max-transfers = $parallel"
        echo "max-transfers-per-host = $parallel"
        for i in $(seq 0 $((count - 1))); do echo "http://127.0.0.1:$port/feed-$i.xml"; done
    } >"$dir/feeds.conf"
    : >"$dir/curl-first.conf"; : >"$dir/curl-cond.conf"
    for i in $(seq 0 $((count - 1))); do
        if [ "$i" -gt 0 ]; then echo next >>"$dir/curl-first.conf"; echo next >>"$dir/curl-cond.conf"; fi
        printf 'url = "http://127.0.0.1:%s/feed-%s.xml"\noutput = "/dev/null"\ncompressed\netag-save = "%s/etags/%s"\n' \
            "$port" "$i" "$dir" "$i" >>"$dir/curl-first.conf"
        printf 'url = "http://127.0.0.1:%s/feed-%s.xml"\noutput = "/dev/null"\ncompressed\netag-compare = "%s/etags/%s"\n' \
            "$port" "$i" "$dir" "$i" >>"$dir/curl-cond.conf"
    done

    run() {  # label, command...
        local label="$1"; shift
        read -r wall user sys rss < <(measure "$dir/$label.time" "$@")
        printf "%-6s %-18s %8.2f %8.2f %10.1f\n" "$count" "$label" "$wall" "$(echo "$user + $sys" | bc)" \
            "$(echo "scale=1; $rss / 1024" | bc)"
    }
    run curl-first curl -s --parallel --parallel-max "$parallel" -K "$dir/curl-first.conf"
    run curl-conditional curl -s --parallel --parallel-max "$parallel" -K "$dir/curl-cond.conf"
    run gleaner-first "$GLEANER" fetch --config "$dir/feeds.conf"
    run gleaner-unchanged "$GLEANER" fetch --config "$dir/feeds.conf"
    tail -1 "$dir/gleaner-first.time.stderr" 2>/dev/null || true
    "$GLEANER" fetch --config "$dir/feeds.conf" | tail -1 | sed 's/^/check (third run): /'

    stop_nginx
done
