#!/usr/bin/env bash
# SQLite against PostgreSQL on keygate's hot paths, with wrk over loopback (the cases of run.sh):
#   execute_kw search_count with an API key, warm credential cache (on PostgreSQL the auth
#   generation comes from LISTEN/NOTIFY: a cached call reads no generation); the same with the
#   cache disabled (every call verifies the key's 6000-round PBKDF2 hash); search_read of 80
#   sale.order records with 5 fields; the warm call and search_read again on one connection, one
#   call at a time, for what a call costs alone. Each server first serves 1 s unmeasured: the
#   first calls open the database connections and fill the caches.
# Needs a PostgreSQL server: run it under scripts/with-postgres.sh (make bench-backends does), or
# set KEYGATE_DB_HOST/PORT/USER/PASSWORD. Prints requests/s per backend and the ratios
# PostgreSQL / SQLite and the difference per call in µs; writes bench/results/sqlite-vs-postgres-<N>cores.txt.
# Usage: bench/backends.sh [path/to/keygate] ; env DURATION (default 3s), THREADS, CONNECTIONS.
set -euo pipefail
bin=$(realpath "${1:-build/keygate}")
duration=${DURATION:-3s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
work=$(mktemp -d)
db="bench_$$"
pg_env=()
if [[ -n "${KEYGATE_TEST_PG_HOST:-}" ]]; then
  pg_env=(KEYGATE_DB_HOST="$KEYGATE_TEST_PG_HOST" KEYGATE_DB_PORT="$KEYGATE_TEST_PG_PORT"
          KEYGATE_DB_USER="$KEYGATE_TEST_PG_USER" KEYGATE_DB_SSLMODE=disable)
elif [[ -n "${KEYGATE_DB_HOST:-}" ]]; then
  pg_env=(KEYGATE_DB_HOST="$KEYGATE_DB_HOST")
else
  echo "bench/backends.sh: no PostgreSQL server (run under scripts/with-postgres.sh)" >&2
  exit 2
fi
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  env "${pg_env[@]}" "$bin" --data-dir "$work" db drop "$db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

kg() {  # $1 = sqlite|postgres, then the keygate arguments
  local backend=$1
  shift
  if [[ $backend == postgres ]]; then
    env "${pg_env[@]}" "$bin" --data-dir "$work" "$@"
  else
    env -u KEYGATE_DB_HOST "$bin" --data-dir "$work" "$@"
  fi
}

start_server() {  # $1 = backend, then extra serve flags; sets port and server_pid
  local backend=$1
  shift
  : >"$work/server.log"
  # Not through kg: $! must be the server itself, so that kill stops it.
  if [[ $backend == postgres ]]; then
    env "${pg_env[@]}" "$bin" --data-dir "$work" serve --http-port 0 "$@" 2>"$work/server.log" &
  else
    env -u KEYGATE_DB_HOST "$bin" --data-dir "$work" serve --http-port 0 "$@" 2>"$work/server.log" &
  fi
  server_pid=$!
  wait_for_port
}

declare -A results
for backend in sqlite postgres; do
  kg "$backend" db create "$db" --demo 2>/dev/null
  key=$(kg "$backend" key new --db "$db" admin --name bench 2>/dev/null)
  write_bodies "$db" "$key"
  start_server "$backend"
  curl -s -X POST -H 'Content-Type: text/xml' --data-binary @"$work/count.xml" "http://127.0.0.1:$port/xmlrpc/2/object" | grep -q '<int>' \
    || { echo "authenticated call failed on $backend" >&2; cat "$work/server.log" >&2; exit 1; }
  duration=1s run warm-up "$work/count.xml" /xmlrpc/2/object >/dev/null
  results[$backend.warm]=$(run "$backend execute_kw_warm" "$work/count.xml" /xmlrpc/2/object)
  results[$backend.search_read]=$(run "$backend search_read_80x5" "$work/search_read.xml" /xmlrpc/2/object)
  # One connection, one call at a time: the time of a call itself, without queueing behind others.
  results[$backend.warm_c1]=$(threads=1 connections=1 run "$backend execute_kw_warm_one_connection" "$work/count.xml" /xmlrpc/2/object)
  results[$backend.search_read_c1]=$(threads=1 connections=1 run "$backend search_read_80x5_one_connection" "$work/search_read.xml" /xmlrpc/2/object)
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  start_server "$backend" --credential-cache-size 0
  results[$backend.cold]=$(run "$backend execute_kw_cold" "$work/count.xml" /xmlrpc/2/object)
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  kg "$backend" db drop "$db" >/dev/null 2>&1
done

mkdir -p "$here/results"
{
  echo "# keygate SQLite vs PostgreSQL $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# wrk -t$threads -c$connections -d$duration over loopback; PostgreSQL $(env "${pg_env[@]}" psql -h "${KEYGATE_TEST_PG_HOST:-$KEYGATE_DB_HOST}" -p "${KEYGATE_TEST_PG_PORT:-5432}" -U "${KEYGATE_TEST_PG_USER:-postgres}" -d postgres -Atc 'SHOW server_version' 2>/dev/null || echo '?') on the same machine"
  for case in warm cold search_read warm_c1 search_read_c1; do
    echo "${results[sqlite.$case]}"
    echo "${results[postgres.$case]}"
  done
  for case in warm cold search_read; do
    awk -v c="$case" -v s="$(rps "${results[sqlite.$case]}")" -v p="$(rps "${results[postgres.$case]}")" \
      'BEGIN { printf "ratio postgres/sqlite %s: %.2f\n", c, p / s }'
  done
  # What a call costs more on PostgreSQL, in µs: alone on one connection (1/rps: its latency),
  # and under load (1/rps at 16 connections: the machine's time per call).
  for case in warm search_read; do
    awk -v c="$case" -v s1="$(rps "${results[sqlite.${case}_c1]}")" -v p1="$(rps "${results[postgres.${case}_c1]}")" \
      -v s="$(rps "${results[sqlite.$case]}")" -v p="$(rps "${results[postgres.$case]}")" \
      'BEGIN { printf "postgres - sqlite per %s call: %+.0f us alone, %+.0f us under load\n", c, 1e6 / p1 - 1e6 / s1, 1e6 / p - 1e6 / s }'
  done
  for backend in sqlite postgres; do
    awk -v b="$backend" -v w="$(rps "${results[$backend.warm]}")" -v c="$(rps "${results[$backend.cold]}")" \
      'BEGIN { printf "ratio warm/cold execute_kw on %s: %.1fx\n", b, w / c }'
  done
} | tee "$here/results/sqlite-vs-postgres-$(nproc)cores.txt"
