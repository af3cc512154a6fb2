#!/usr/bin/env bash
# `make run`: makes sure the demo database exists, creates a fresh API key for the demo
# administrator (it expires after a day, so repeated runs leave no never-expiring administrator
# keys behind: housekeeping purges them), prints a ready-to-paste Python snippet, then serves in
# the foreground.
set -euo pipefail
bin=${1:-build/keygate}
data_dir=${KEYGATE_DATA_DIR:-./data}
port=${KEYGATE_HTTP_PORT:-8069}
interface=${KEYGATE_HTTP_INTERFACE:-127.0.0.1}
export KEYGATE_DATA_DIR=$data_dir

if ! "$bin" db list | grep -qx demo; then
  "$bin" db create demo --demo
fi
key=$("$bin" key new --db demo admin --name "make run $(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        --expires-days 1 2>/dev/null)

cat <<SNIPPET

keygate is starting on http://$interface:$port with database "demo".
Paste this into /usr/bin/python3 to read five partners with a fresh API key:

import xmlrpc.client
url, db, username, api_key = 'http://$interface:$port', 'demo', 'admin', '$key'
common = xmlrpc.client.ServerProxy(f'{url}/xmlrpc/2/common')
uid = common.authenticate(db, username, api_key, {})
models = xmlrpc.client.ServerProxy(f'{url}/xmlrpc/2/object')
print(models.execute_kw(db, uid, api_key, 'res.partner', 'search_read', [[]], {'fields': ['name', 'email'], 'limit': 5}))

(The key is shown only this once and expires in a day; list keys with:
$bin key list --db demo --data-dir $data_dir)
SNIPPET
exec "$bin" serve --http-interface "$interface" --http-port "$port"
