#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster: a new cluster in a temporary directory,
# listening on a free port on 127.0.0.1 only, trust authentication, removed afterwards (also when
# the command fails or is interrupted). The command sees where it is through
#   KEYGATE_TEST_PG_HOST, KEYGATE_TEST_PG_PORT, KEYGATE_TEST_PG_USER  (connect here)
#   KEYGATE_TEST_PG_DATA, KEYGATE_TEST_PG_BIN                          (the cluster's files)
#   KEYGATE_TEST_PG_CTL  (a script running pg_ctl on the cluster as its owner: `... restart`)
# PostgreSQL refuses to run as root, so under root the cluster belongs to an unprivileged
# system user (keygate-test, created when missing).
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

pg_bin=""
for d in /usr/lib/postgresql/15/bin /usr/local/pgsql/bin; do
  if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then pg_bin=$d; break; fi
done
if [[ -z "$pg_bin" ]]; then
  echo "with-postgres: PostgreSQL 15 not found (install postgresql-15: make deps)" >&2
  exit 1
fi

as_owner=()
owner=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  owner=keygate-test
  if ! id -u "$owner" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$owner"
  fi
  as_owner=(runuser -u "$owner" --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keygate-pg.XXXXXX")
chmod 0755 "$tmp"
data="$tmp/data"
mkdir "$data"
[[ ${#as_owner[@]} -eq 0 ]] || chown "$owner" "$tmp" "$data"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -f "$data/postmaster.pid" ]]; then
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')

"${as_owner[@]}" "$pg_bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
cat >"$data/pg_hba.conf" <<HBA
local all all trust
host  all all 127.0.0.1/32 trust
HBA
cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

# The helper the tests use to restart the server (as the cluster's owner).
cat >"$tmp/pg_ctl" <<CTL
#!/usr/bin/env bash
exec ${as_owner[*]} "$pg_bin/pg_ctl" -D "$data" -l "$tmp/server.log" -w "\$@"
CTL
chmod 0755 "$tmp/pg_ctl"

"$tmp/pg_ctl" start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }

export KEYGATE_TEST_PG_HOST=127.0.0.1
export KEYGATE_TEST_PG_PORT=$port
export KEYGATE_TEST_PG_USER=postgres
export KEYGATE_TEST_PG_DATA=$data
export KEYGATE_TEST_PG_BIN=$pg_bin
export KEYGATE_TEST_PG_CTL=$tmp/pg_ctl

set +e
"$@"
rc=$?
set -e
exit "$rc"
