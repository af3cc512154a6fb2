#!/usr/bin/env bash
# clang-tidy on the C++ sources that the last commits touched (default: the last 10; CI passes
# nothing), one clang-tidy per core. Uses build/compile_commands.json, so run after `make build`.
# Warnings are printed; a file clang-tidy cannot analyse fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-10}
total=$(git rev-list --count HEAD)
(( commits > total - 1 )) && commits=$((total - 1))
mapfile -t files < <(git diff --name-only --diff-filter=AM "HEAD~${commits}" -- 'src/*.cc' |
                     grep -v '_test\.cc$' || true)
if (( ${#files[@]} == 0 )); then
  echo "tidy: no source file changed in the last ${commits} commits"
  exit 0
fi
echo "tidy: ${#files[@]} files changed in the last ${commits} commits"
# One clang-tidy per core, a few files each.
printf '%s\0' "${files[@]}" | xargs -0 -n 4 -P "$(nproc)" clang-tidy -p build --quiet
