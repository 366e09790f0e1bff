#!/usr/bin/env bash
# Fuzzes the input readers: scripts/fuzz.sh HARNESS SECONDS [libFuzzer options...]
#   HARNESS  scenario (the scenario loader: TOML, tables, base chains), tables (the CSV
#            tables), call_log (the reader of `ccsim fit`), or all (each in turn)
#   SECONDS  how long each harness runs
# Builds tests/fuzz in build-fuzz/ (Clang, libFuzzer, ASan, UBSan), makes the seed corpus
# from the repository (tests/fuzz/corpus/, and the scenarios, tests/data/tiny,
# tests/data/bad and tests/data/calllog in each harness's input format), fuzzes from it
# with a fixed seed, and prints the executions and the crash, timeout and out-of-memory
# counts. Exit 0 when all are 0, else 1; each finding is kept in build-fuzz/findings/HARNESS/
# and replayed by  build-fuzz/HARNESS_fuzz build-fuzz/findings/HARNESS/crash-...
# Options after SECONDS go to libFuzzer (e.g. -fork=4 for four processes).
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# < 2)) || ! [[ $2 =~ ^[0-9]+$ ]]; then
  sed -n '2,13s/^# \{0,1\}//p' "$0" >&2
  exit 64
fi
harness=$1 seconds=$2
shift 2
case $harness in
  all) harnesses=(scenario tables call_log) ;;
  scenario | tables | call_log) harnesses=("$harness") ;;
  *) echo "fuzz.sh: unknown harness '$harness' (scenario, tables, call_log or all)" >&2; exit 64 ;;
esac

scripts/setup.sh --packages-only
build=build-fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
        -DCCSIM_FUZZ=ON -DCCSIM_BUILD_TESTS=OFF -DCCSIM_BUILD_BENCH=OFF >/dev/null
fi
targets=()
for h in "${harnesses[@]}"; do targets+=("${h}_fuzz"); done
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >/dev/null

# Seeds: the committed corpus, and the repository's inputs in each harness's format.
seeds_scenario() {  # scenario.toml, then "=== NAME" and each table (and a base's files)
  local dir f base
  for dir in tests/data/tiny tests/data/bad/*/ scenarios/*/; do
    dir=${dir%/}
    [ -f "$dir/scenario.toml" ] || continue
    {
      cat "$dir/scenario.toml"
      for f in "$dir"/*.csv "$dir"/*.toml; do
        [ -f "$f" ] && [ "${f##*/}" != scenario.toml ] && printf '\n=== %s\n' "${f##*/}" && cat "$f"
      done
      base=$(sed -n 's/^base = "\.\.\/\([a-z_]*\)\/scenario.toml".*/\1/p' "$dir/scenario.toml")
      if [ -n "$base" ] && [ -d "scenarios/$base" ]; then
        for f in scenarios/"$base"/*; do printf '\n=== ../%s/%s\n' "$base" "${f##*/}"; cat "$f"; done
      fi
    } >"$1/$(echo "$dir" | tr / _)"
  done
}
seeds_tables() {  # a first byte f, p or r, then the table
  local f name
  for f in tests/data/tiny/*.csv tests/data/bad/*/*.csv scenarios/*/*.csv; do
    name=${f##*/}
    case $name in forecast*) k=f ;; profile*) k=p ;; roster*) k=r ;; *) continue ;; esac
    { printf %s "$k"; cat "$f"; } >"$1/$(echo "$f" | tr / _)"
  done
}
seeds_call_log() {  # the log; mapped.csv behind the --columns mapping of call_log_test
  cp tests/data/calllog/* "$1/"
  { printf '#fuzz columns=%s\n' "date=day,arrival=enter,wait=queue_s,outcome=result,service_start=talk_start,service_time=talk_s,agent=who,queue_start=,type=,priority=,answered=ANS|ANSWERED,abandoned=ABN,ignored="
    cat tests/data/calllog/mapped.csv; } >"$1/mapped_with_columns"
  { printf '#fuzz skip\n'; cat tests/data/calllog/bad.txt; } >"$1/bad_skipped"
}

status=0
for h in "${harnesses[@]}"; do
  corpus=$build/corpus/$h findings=$build/findings/$h
  rm -rf "$corpus" "$findings"
  mkdir -p "$corpus/seeds" "$corpus/work" "$findings"
  [ -d "tests/fuzz/corpus/$h" ] && cp tests/fuzz/corpus/"$h"/* "$corpus/seeds/"
  "seeds_$h" "$corpus/seeds"
  log=$build/fuzz-$h.log
  echo "fuzz $h: ${seconds} s from $(ls "$corpus/seeds" | wc -l) seeds; log in $log"
  # Fork mode keeps going after a finding, so one run counts them all.
  set +e
  "$build/${h}_fuzz" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -seed=1 -timeout=10 -rss_limit_mb=2048 -max_len=131072 \
    -dict="tests/fuzz/$h.dict" -artifact_prefix="$findings/" -print_final_stats=1 "$@" \
    "$corpus/work" "$corpus/seeds" >"$log" 2>&1
  rc=$?
  set -e
  # Executions from the last status line ("#RUNS: cov: ..."); findings from the files
  # libFuzzer saved (a seed that fails is saved too, but not counted in that line).
  runs=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 | sed -n 's/^#\([0-9]*\):.*/\1/p')
  count() { find "$findings" -type f -name "$1-*" | wc -l; }
  crashes=$(($(count crash) + $(count leak) + $(count deadly-signal)))
  timeouts=$(count timeout) ooms=$(count oom)
  echo "fuzz $h: ${runs:-0} executions, $crashes crashes, $timeouts timeouts, $ooms out-of-memory"
  if [ -z "$runs" ] || ((crashes + timeouts + ooms > 0)); then
    status=1
    [ -z "$runs" ] && echo "fuzz $h: libFuzzer did not run (exit $rc); the end of $log:" && tail -20 "$log"
    # What each finding trips, from a replay (the first ten).
    find "$findings" -type f | sort | head -10 | while read -r f; do
      why=$("$build/${h}_fuzz" -timeout=10 -rss_limit_mb=2048 "$f" 2>&1 |
            grep -m1 -E 'ERROR: |runtime error|property violated|ALARM|out-of-memory' || true)
      echo "  $f: ${why:-see $log}"
    done
  fi
done
exit $status
