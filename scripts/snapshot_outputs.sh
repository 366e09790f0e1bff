#!/usr/bin/env bash
# Every command's output on every shipped scenario and both bank logs, in one folder, so
# that a refactor can be checked byte for byte: snapshot before, snapshot after, diff -r.
# usage: scripts/snapshot_outputs.sh OUT [CCSIM=build/ccsim]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "$1") ccsim=$(realpath "${2:-build/ccsim}")
bank=../shared/data/anonymous_bank
rm -rf "$out" && mkdir -p "$out"
for dir in scenarios/*/ tests/data/tiny/; do
  name=$(basename "$dir")
  "$ccsim" check "$dir" > "$out/check_$name.txt" 2>&1
  "$ccsim" run "$dir" -n 8 -q --out "$out/run_$name" > /dev/null
  "$ccsim" run "$dir" -n 8 > "$out/run_$name.txt" 2>&1 --out "$out/run_${name}_screen"
done
"$ccsim" run tests/data/tiny -n 2 --trace -q --out "$out/run_tiny_trace"
"$ccsim" staff scenarios/default > "$out/staff_default.txt" --out "$out/staff_default"
"$ccsim" staff tests/data/tiny --criterion days -n 20 > "$out/staff_tiny.txt" --out "$out/staff_tiny"
"$ccsim" compare scenarios/default -n 10 --marginal > "$out/compare_default.txt" --out "$out/compare_default"
"$ccsim" compare tests/data/tiny -n 10 --variant "absent: center.absenteeism=0.1" \
  > "$out/compare_tiny.txt" --out "$out/compare_tiny"
"$ccsim" erlang --calls 100 --interval-min 30 --aht-s 180 --sl-s 20 --target-sl 0.8 \
  --max-occupancy 0.85 --shrinkage 0.3 > "$out/erlang_table.txt"
"$ccsim" erlang --calls 250 --aht-s 300 --patience-s 180 --csv > "$out/erlang.csv"
"$ccsim" erlang --calls 100 --aht-s 180 --agents 14 --sl-s 20 --patience-s 300 > "$out/erlang_agents.txt"
for month in january october; do
  "$ccsim" fit "$bank/$month.txt" --weekdays sun-thu --validate -n 3 \
    > "$out/fit_$month.txt" --out "$out/fit_$month"
done
# Replace this run's folder names in what the screens print, so two snapshots compare.
sed -i "s|$out|OUT|g; s/; [0-9.]* s on [0-9]* threads*/; TIME/; s/); [0-9.]* s$/); TIME/" "$out"/*.txt
echo "snapshot of $(find "$out" -type f | wc -l) files in $out"
