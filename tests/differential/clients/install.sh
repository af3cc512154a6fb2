#!/usr/bin/env bash
# Installs the npm clients of package-lock.json into PREFIX (PREFIX/node_modules), once: a later
# run with the same lock file does nothing. Installs Debian's nodejs and npm first if npm is
# missing. Used by the differential suite's set-up (test_clients.py).
set -euo pipefail
prefix=${1:?usage: install.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v npm >/dev/null; then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q >/dev/null
  "${sudo[@]}" apt-get install -y -q --no-install-recommends nodejs npm >/dev/null
fi

mkdir -p "$prefix"
if cmp -s "$here/package-lock.json" "$prefix/package-lock.json" && [[ -d "$prefix/node_modules" ]]; then
  exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$prefix/"
cd "$prefix"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
