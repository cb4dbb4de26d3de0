#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (issue 13 §2.7), from Debian's server binaries.
#
#   source .ci/postgres.sh            # starts it and exports CITYEVAL_TEST_POSTGRES_URL
#   eval "$(.ci/postgres.sh start)"   # the same from another shell
#   .ci/postgres.sh stop              # stops the cluster started before and removes its folder
#
# initdb in a temporary folder, postgres on 127.0.0.1:${CITYEVAL_PG_PORT:-54329} with fsync off (the
# data is thrown away), one role with a password that may create databases (each test makes its own,
# tests/conftest.py). Run as root, the server runs as the "postgres" user (PostgreSQL refuses root).
# Nothing is installed or changed outside the temporary folder.

_ce_pg_main() {
    local port="${CITYEVAL_PG_PORT:-54329}"
    local bindir="${CITYEVAL_PG_BINDIR:-}"
    if [ -z "$bindir" ]; then
        bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    fi
    if [ ! -x "$bindir/initdb" ]; then
        echo "postgres.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2
        return 1
    fi
    local state="${TMPDIR:-/tmp}/cityeval-pg-$port"
    if [ "${1:-}" = "stop" ]; then
        if [ -f "$state/run-as" ]; then
            local who
            who="$(cat "$state/run-as")"
            _ce_pg_as "$who" "$bindir/pg_ctl" -D "$state/data" -m fast -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$state"
        return 0
    fi
    local who=""
    if [ "$(id -u)" -eq 0 ]; then
        who=postgres
        id -u "$who" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$who"
    fi
    if [ -f "$state/run-as" ]; then  # a cluster left by an earlier run: start afresh
        _ce_pg_as "$(cat "$state/run-as")" "$bindir/pg_ctl" -D "$state/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$state"
    mkdir -p "$state"
    local user=cityeval password
    password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" >"$state/password"
    printf '%s\n' "$who" >"$state/run-as"
    [ -n "$who" ] && chown -R "$who" "$state"
    chmod 700 "$state"
    _ce_pg_as "$who" "$bindir/initdb" -D "$state/data" -U "$user" --pwfile="$state/password" \
        --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 || {
        cat "$state/initdb.log" >&2
        return 1
    }
    _ce_pg_as "$who" "$bindir/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $state -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=200" start >/dev/null || {
        cat "$state/server.log" >&2
        return 1
    }
    PGPASSWORD="$password" "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qAt \
        -c "CREATE DATABASE cityeval" >/dev/null
    export CITYEVAL_TEST_POSTGRES_URL="postgresql+psycopg://$user:$password@127.0.0.1:$port/cityeval"
    echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" \
        "(CITYEVAL_TEST_POSTGRES_URL set; stop with .ci/postgres.sh stop)" >&2
}

_ce_pg_as() {  # run a command as the given user ("" = as we are)
    local who="$1"
    shift
    if [ -z "$who" ]; then
        "$@"
    else
        runuser -u "$who" -- "$@"
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then  # run, not sourced: print the export for eval
    set -euo pipefail
    _ce_pg_main "${1:-start}"
    if [ "${1:-start}" != "stop" ]; then
        printf 'export CITYEVAL_TEST_POSTGRES_URL=%q\n' "$CITYEVAL_TEST_POSTGRES_URL"
    fi
else
    _ce_pg_main "$@"
fi
