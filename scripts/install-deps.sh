#!/usr/bin/env bash
# Installs the Debian packages keygate needs to build, run and test, when any is missing.
# Idempotent and quiet when everything is there; uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libssl-dev libsqlite3-dev libpq-dev libpugixml-dev libxml2-dev rapidjson-dev nlohmann-json3-dev
  libcli11-dev libgtest-dev libgmock-dev libqrencode-dev libjemalloc-dev
  python3 python3-pytest python3-passlib python3-pyotp python3-requests python3-odoorpc
  wrk hey curl sqlite3 postgresql-15 clang-format nginx-light openssl
  help2man groff-base man-db systemd zsh
  chromium chromium-driver python3-selenium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}" >&2
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >/dev/null
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
