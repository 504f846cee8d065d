#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for Ethos's tests: initdb and pg_ctl, as an unprivileged user,
# in a new temporary directory, listening on a free port on 127.0.0.1 only.
#
#   eval "$(Scripts/postgres-test-cluster.sh start)"   # sets ETHOS_TEST_POSTGRES and ETHOS_TEST_POSTGRES_DIR
#   swift test
#   Scripts/postgres-test-cluster.sh stop "$ETHOS_TEST_POSTGRES_DIR"
#
# Needs Debian's `postgresql` (or any PostgreSQL whose initdb and pg_ctl are on PATH or under
# /usr/lib/postgresql/*/bin). Run as root, the cluster belongs to the `postgres` user (or
# `nobody`), since PostgreSQL refuses to run as root.
set -euo pipefail

bindir() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$found" ] && [ -x "$found/pg_ctl" ] || { echo "error: PostgreSQL's initdb and pg_ctl were not found (apt-get install postgresql)" >&2; exit 1; }
    echo "$found"
}

as_owner() {  # as_owner USER COMMAND…: runs COMMAND as USER when we are root, else as ourselves
    local owner=$1; shift
    if [ "$(id -u)" = 0 ]; then
        if command -v runuser >/dev/null 2>&1; then runuser -u "$owner" -- "$@"; else su -s /bin/sh "$owner" -c "$(printf '%q ' "$@")"; fi
    else
        "$@"
    fi
}

owner() {
    if [ "$(id -u)" != 0 ]; then id -un; elif id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

case "${1:-}" in
start)
    bin=$(bindir)
    user=$(owner)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/ethos-postgres.XXXXXX")
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown "$user" "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$user" "$bin/initdb" -D "$dir/data" -U ethos --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a test cluster is thrown away, and CI's disk is slow enough without it.
    as_owner "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$user" "$bin/createdb" -h 127.0.0.1 -p "$port" -U ethos ethos
    echo "export ETHOS_TEST_POSTGRES='postgres://ethos@127.0.0.1:$port/ethos?sslmode=disable'"
    echo "export ETHOS_TEST_POSTGRES_DIR='$dir'"
    ;;
stop)
    dir=${2:?usage: postgres-test-cluster.sh stop DIR}
    [ -d "$dir/data" ] || { echo "error: $dir holds no cluster" >&2; exit 1; }
    as_owner "$(stat -c %U "$dir/data")" "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR" >&2
    exit 64
    ;;
esac
