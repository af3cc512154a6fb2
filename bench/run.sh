#!/usr/bin/env bash
# Reproducible throughput benchmark of keygate's hot paths, with wrk over loopback:
#   1. unauthenticated common.version()
#   2. execute_kw search_count on res.partner with an API key, warm credential cache
#   3. the same with the cache disabled (credential_cache_size = 0): every call verifies the
#      key's PBKDF2 hash (6000 rounds), as Odoo does on every call
#   4. the warm call at half of its peak rate (2), at a constant rate (hey -q): its p99
# Prints requests/s, latencies and the ratios; writes bench/results/latest.txt.
# Usage: bench/run.sh [path/to/keygate] ; env DURATION (default 10s), THREADS, CONNECTIONS.
set -euo pipefail
bin=$(realpath "${1:-build/keygate}")
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" --data-dir "$work" db create bench --demo 2>/dev/null
key=$("$bin" --data-dir "$work" key new --db bench admin --name bench 2>/dev/null)

start_server() {  # $1 = extra serve flags; sets port
  : >"$work/server.log"
  "$bin" --data-dir "$work" serve --http-port 0 "$@" 2>"$work/server.log" &
  server_pid=$!
  wait_for_port
}

call_body version "" > "$work/version.xml"
write_bodies bench "$key"

start_server
# Sanity: the authenticated call must succeed before it is measured.
curl -s -X POST -H 'Content-Type: text/xml' --data-binary @"$work/count.xml" "http://127.0.0.1:$port/xmlrpc/2/object" | grep -q '<int>' \
  || { echo "authenticated call failed" >&2; exit 1; }
version=$(run "version" "$work/version.xml" /xmlrpc/2/common)
warm=$(run "execute_kw_warm" "$work/count.xml" /xmlrpc/2/object)
half_rate=$(awk -v w="$(rps "$warm")" 'BEGIN { printf "%d", w / 2 }')
half=$(run_at_rate "execute_kw_warm_at_half_peak($half_rate/s)" "$work/count.xml" /xmlrpc/2/object "$half_rate")
search_read=$(run "search_read_80x5" "$work/search_read.xml" /xmlrpc/2/object)
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

start_server --credential-cache-size 0
cold=$(run "execute_kw_cold" "$work/count.xml" /xmlrpc/2/object)
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

direct=$(/usr/bin/python3 "$here/search_read_direct.py" "$work/bench.sqlite" "${duration%s}" 2)
direct="sqlite_direct_80x5 $direct"

mkdir -p "$here/results"
{
  echo "# keygate bench $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# wrk -t$threads -c$connections -d$duration over loopback"
  echo "$version"
  echo "$warm"
  echo "$half"
  echo "$cold"
  echo "$search_read"
  echo "$direct"
  awk -v v="$(rps "$version")" -v w="$(rps "$warm")" -v c="$(rps "$cold")" \
      -v s="$(rps "$search_read")" -v d="$(rps "$direct")" 'BEGIN {
    printf "ratio warm/cold execute_kw: %.1fx\n", w / c
    printf "ratio warm execute_kw / version: %.2f\n", w / v
    printf "ratio search_read over XML-RPC / same query on SQLite directly: %.2f\n", s / d }'
  sed -E 's/.*p99_us=([0-9]+).*/p99 of the warm call at half its peak rate: \1 us (goal < 2000)/' <<<"$half"
} | tee "$here/results/latest.txt"
