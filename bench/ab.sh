#!/usr/bin/env bash
# A/B comparison of two keygate binaries on the warm RPC path, in one run: both servers serve
# copies of one demo database, and wrk measures them in turn, A then B in odd rounds and B then A
# in even ones, so that load from elsewhere on the machine, and going first, fall on both alike. Prints each round's requests/s and B/A ratio, and
# the median ratio, for common.version() and execute_kw search_count with a warm credential cache.
# Usage: bench/ab.sh A_BIN B_BIN ; env ROUNDS (default 5), DURATION (default 5s), THREADS,
# CONNECTIONS.
set -euo pipefail
a_bin=$(realpath "$1")
b_bin=$(realpath "$2")
rounds=${ROUNDS:-5}
duration=${DURATION:-5s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
root=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$root"' EXIT

"$a_bin" --data-dir "$root/a" db create bench --demo 2>/dev/null
key=$("$a_bin" --data-dir "$root/a" key new --db bench admin --name bench 2>/dev/null)
cp -r "$root/a" "$root/b"

work=$root/a
"$a_bin" --data-dir "$root/a" serve --http-port 0 2>"$work/server.log" &
wait_for_port
a_port=$port
work=$root/b
"$b_bin" --data-dir "$root/b" serve --http-port 0 2>"$work/server.log" &
wait_for_port
b_port=$port

call_body version "" >"$root/version.xml"
work=$root
write_bodies bench "$key"
for p in "$a_port" "$b_port"; do
  curl -s -X POST -H 'Content-Type: text/xml' --data-binary @"$root/count.xml" \
    "http://127.0.0.1:$p/xmlrpc/2/object" | grep -q '<int>' \
    || { echo "authenticated call failed on port $p" >&2; exit 1; }
done

measure() {  # $1 = port, $2 = body, $3 = path: prints requests/s
  port=$1
  rps "$(run x "$2" "$3")"
}

echo "# keygate A/B $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# A = $a_bin"
echo "# B = $b_bin"
echo "# wrk -t$threads -c$connections -d$duration over loopback, $rounds rounds (AB, BA, AB, ...)"
for what in version:version.xml:/xmlrpc/2/common execute_kw_warm:count.xml:/xmlrpc/2/object; do
  IFS=: read -r label body path <<<"$what"
  ratios=()
  for i in $(seq "$rounds"); do
    if ((i % 2)); then
      a=$(measure "$a_port" "$root/$body" "$path")
      b=$(measure "$b_port" "$root/$body" "$path")
    else
      b=$(measure "$b_port" "$root/$body" "$path")
      a=$(measure "$a_port" "$root/$body" "$path")
    fi
    r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
    ratios+=("$r")
    echo "$label round $i: A $a rps, B $b rps, B/A $r (load $(cut -d' ' -f1 /proc/loadavg))"
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk -v l="$label" '{ v[NR] = $1 } END {
    printf "%s: median B/A %.3f, min %.3f, max %.3f\n", l, v[int((NR + 1) / 2)], v[1], v[NR] }'
done
