#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL store tests (.ci/run uses it; so can a developer):
#
#   uri=$(scripts/pg-test-cluster.sh start DIR)   # initdb in DIR, start on a free loopback port, print the URI
#   GLEANER_TEST_POSTGRES=$uri swift test --filter GleanerStorePostgresTests
#   scripts/pg-test-cluster.sh stop DIR
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user (the package creates
# it), otherwise to the caller. Authentication is `trust` on 127.0.0.1 and the socket in DIR only: the
# cluster is for tests and listens nowhere else.
set -euo pipefail

bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bindir/initdb" ] || { echo "pg-test-cluster: no PostgreSQL server found (apt install postgresql)" >&2; exit 1; }

cmd=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    port=${3:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U gleaner -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U gleaner gleaner_test
    echo "$port" >"$dir/port"
    echo "postgresql://gleaner@127.0.0.1:$port/gleaner_test"
    ;;
stop)
    [ -d "$dir/data" ] || exit 0
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
*)
    echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
