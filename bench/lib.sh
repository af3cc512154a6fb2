# Shared by bench/run.sh and bench/backends.sh (sourced, not run): waiting for a server's port,
# the XML-RPC request bodies and the wrk run. Callers set work, here, threads, connections,
# duration; server output goes to $work/server.log.

# Sets port once the server started with $! = server_pid logged "serving on ..."; exits if not.
wait_for_port() {
  for _ in $(seq 100); do
    port=$(grep -o 'serving on http://127.0.0.1:[0-9]*' "$work/server.log" | grep -o '[0-9]*$' || true)
    [[ -n "$port" ]] && return 0
    sleep 0.1
  done
  echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}

call_body() {  # $1 = method name, $2 = params XML
  printf "<?xml version='1.0'?><methodCall><methodName>%s</methodName><params>%s</params></methodCall>" "$1" "$2"
}
p() { printf '<param><value>%s</value></param>' "$1"; }

# $1 = database, $2 = key (uid 2); writes $work/count.xml (search_count on res.partner) and
# $work/search_read.xml (80 sale orders, 5 fields).
write_bodies() {
  local db=$1 key=$2
  local auth="$(p "<string>$db</string>")$(p '<int>2</int>')$(p "<string>$key</string>")"
  local no_domain='<array><data><value><array><data></data></array></value></data></array>'
  call_body execute_kw "$auth$(p '<string>res.partner</string>')$(p '<string>search_count</string>')$(p "$no_domain")" > "$work/count.xml"
  local fields='<value><string>name</string></value><value><string>partner_id</string></value><value><string>date_order</string></value><value><string>state</string></value><value><string>amount_total</string></value>'
  call_body execute_kw "$auth$(p '<string>sale.order</string>')$(p '<string>search_read</string>')$(p "$no_domain")$(p "<struct><member><name>fields</name><value><array><data>$fields</data></array></value></member><member><name>limit</name><value><int>80</int></value></member></struct>")" > "$work/search_read.xml"
}

# $1 = label, $2 = body file, $3 = path; prints "label RESULT rps=... p50_us=...".
run() {
  local out
  out=$(BODY_FILE="$2" RPC_PATH="$3" wrk -t"$threads" -c"$connections" -d"$duration" -s "$here/xmlrpc_post.lua" "http://127.0.0.1:$port" | grep '^RESULT')
  echo "$1 $out"
}

rps() { sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$1"; }

# $1 = label, $2 = body file, $3 = path, $4 = total requests/s; prints "label RESULT rps=...
# p50_us=... p99_us=...". A constant rate (hey -q, per worker, with $connections workers), not a
# closed loop: the latency of a call is measured at the rate asked, not at the rate the server
# happens to keep up with.
run_at_rate() {
  local per_worker out
  per_worker=$(awk -v r="$4" -v c="$connections" 'BEGIN { q = r / c; printf "%d", (q < 1 ? 1 : q) }')
  out=$(hey -z "$duration" -c "$connections" -q "$per_worker" -m POST -T text/xml -D "$2" \
        "http://127.0.0.1:$port$3")
  awk -v label="$1" '
    /Requests\/sec:/ { rps = $2 }
    /^ +50% in/ { p50 = $3 * 1e6 }
    /^ +99% in/ { p99 = $3 * 1e6 }
    /^ +\[[0-9]+\]/ { codes = codes " " $0 }
    END { printf "%s RESULT rps=%.1f p50_us=%d p99_us=%d status:%s\n", label, rps, p50, p99, codes }' <<<"$out"
}
