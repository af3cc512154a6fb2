#!/usr/bin/env bash
# Uncached verification cost: keygate's PBKDF2-HMAC-SHA512 against OpenSSL's stock
# PKCS5_PBKDF2_HMAC at the rounds keygate verifies (6000 for API keys, 600000 for passwords),
# measured in one run; prints per-derivation CPU times and the ratio keygate/stock, and writes
# bench/results/pbkdf2-<N>cores.txt.
# Usage: bench/pbkdf2.sh [path/to/pbkdf2_bench] [repetitions]
set -euo pipefail
bin=${1:-build/bench/pbkdf2_bench}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/results"
{
  echo "# keygate pbkdf2 bench $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# per-derivation thread CPU time, medians; stock = OpenSSL $(openssl version | cut -d' ' -f2) PKCS5_PBKDF2_HMAC; load average $(cut -d' ' -f1 /proc/loadavg)"
  "$bin" "${2:-31}"
} | tee "$here/results/pbkdf2-$(nproc)cores.txt"
