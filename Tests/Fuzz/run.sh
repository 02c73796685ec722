#!/usr/bin/env bash
# Builds the libFuzzer target with AddressSanitizer and coverage, then runs each of its modes for a bounded time
# from seeds made of committed files (fixtures and Tests/Fuzz/seeds). Any crash, sanitizer report, timeout or
# self-check failure (see the modes' files) fails the script.
#
#   bash Tests/Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET …]     (default: 60 s, every target)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(feed date config opml extract)

# -Xswiftc -sanitize=fuzzer,address: SwiftPM passes the two sanitizers as two flags and swiftc keeps only the
# last, which would leave the Swift code without coverage instrumentation (Tests/CONFORMANCE.md, "Fuzzing").
swift build --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
    --product gleaner-fuzz --scratch-path .build-fuzz 2>&1 | tail -n 1
fuzzer=.build-fuzz/debug/gleaner-fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seed() {  # seed TARGET DIR: one seed file per committed input
    local target=$1 dir=$2 i=0
    case $target in
        feed)   # the first byte chooses chunk size, charset and base URL (FuzzEntry.swift)
            for f in Tests/Fixtures/parse/*.* Tests/Fixtures/parse/encodings/* Tests/Fixtures/*.xml; do
                [ -f "$f" ] || continue
                i=$((i + 1)); { printf '\x13'; cat "$f"; } >"$dir/$i"
            done ;;
        date)
            while IFS= read -r line; do i=$((i + 1)); printf '%s' "$line" >"$dir/$i"; done <Tests/Fuzz/seeds/dates.txt ;;
        config)
            cp feeds.conf "$dir/shipped"; cp Tests/Fuzz/seeds/config.conf "$dir/hostile" ;;
        opml)
            cp Tests/Fuzz/seeds/feeds.opml "$dir/" ;;
        extract)   # the first byte chooses the charset and whether a page URL is given (FuzzExtract.swift)
            for f in Tests/Fixtures/extraction/*.html; do
                i=$((i + 1)); { printf '\x10'; head -c 60000 "$f"; } >"$dir/$i"
            done ;;
        *)
            for f in Tests/Fuzz/seeds/"$target"/*; do [ -f "$f" ] && cp "$f" "$dir/"; done ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    mkdir -p "$work/$target/corpus" "$work/$target/seeds" "$work/$target/artifacts"
    seed "$target" "$work/$target/seeds"
    set +e
    GLEANER_FUZZ_TARGET=$target "$fuzzer" "$work/$target/corpus" "$work/$target/seeds" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$work/$target/artifacts/" -print_final_stats=1 >"$work/$target/log" 2>&1
    rc=$?
    set -e
    runs=$(grep -m1 '^stat::number_of_executed_units' "$work/$target/log" | awk '{print $2}')
    edges=$(grep -oE 'cov: [0-9]+' "$work/$target/log" | tail -n 1 | awk '{print $2}')
    if [ $rc -eq 0 ]; then
        echo "fuzz $target: ${runs:-?} executions in ${seconds} s, ${edges:-?} edges, no finding"
    else
        echo "fuzz $target: FINDING (exit $rc)"
        tail -n 40 "$work/$target/log"
        for a in "$work/$target/artifacts"/*; do [ -f "$a" ] && { echo "input (base64):"; base64 -w0 "$a" | head -c 4000; echo; }; done
        status=1
    fi
done
exit $status
