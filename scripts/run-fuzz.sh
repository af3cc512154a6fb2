#!/usr/bin/env bash
# Runs libFuzzer targets built by `make fuzz` (build dir with -DKEYGATE_FUZZ=ON), each for a set
# time, then merges the inputs that reached new code back into its corpus (fuzz/corpus/TARGET),
# minimized with -merge=1 on edge coverage (hand-written seeds are kept), and prints the
# executions per target.
#
#   scripts/run-fuzz.sh BUILD_DIR SECONDS TARGET...
#
# A crash, leak, sanitizer report or broken invariant leaves the input in
# BUILD_DIR/fuzz-artifacts/ and makes the script exit 1 after the other targets have run.
set -u
build=$1
seconds=$2
shift 2
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
failed=()
summary=()
for target in "$@"; do
  binary=$build/fuzz/${target}_fuzz
  corpus=fuzz/corpus/$target
  fresh=$build/fuzz-new/$target
  rm -rf "$fresh"
  mkdir -p "$fresh" "$corpus"
  dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
  log=$build/fuzz-$target.log
  echo "== $target: ${seconds}s"
  nice -n 10 "$binary" "${dict[@]}" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$target-" "$fresh" "$corpus" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  # Rebuild the corpus small: the hand-written seeds (named files) stay, then only the inputs
  # (old or new, named by their SHA-1) that reach an edge nothing before them reached.
  minimal=$build/fuzz-min/$target
  rm -rf "$minimal"
  mkdir -p "$minimal"
  find "$corpus" -maxdepth 1 -type f -regextype posix-extended ! -regex '.*/[0-9a-f]{40}' -exec cp {} "$minimal" \;
  if nice -n 10 "$binary" -merge=1 -use_counters=0 "$minimal" "$corpus" "$fresh" >>"$log" 2>&1; then
    find "$corpus" -maxdepth 1 -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -delete
    cp -n "$minimal"/* "$corpus"/
  fi
  if [ $status -ne 0 ]; then
    failed+=("$target")
    grep -m1 -E 'ERROR|runtime error|invariant broken|SUMMARY' "$log"
  fi
  summary+=("$(printf '%-16s %12s executions %8s exec/s  %s' "$target" "${runs:-?}" "${rate:-?}" \
    "$([ $status -eq 0 ] && echo 'nothing found' || echo "FOUND: see $log")")")
done
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]} (inputs in $artifacts)"
  exit 1
fi
