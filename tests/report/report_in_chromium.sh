#!/usr/bin/env bash
# Runs `ccsim run` on a scenario and opens its report.html in headless Chromium
# (check_report.py): fails on any console error, uncaught exception, load of anything from
# outside the file, or chart that did not render with its marks. Leaves report.png next to
# the report for a look. Chromium missing is a failure, not a skip (scripts/setup.sh
# installs it).
#   report_in_chromium.sh CCSIM SCENARIO WORK [ccsim run options...] [--check CHECK OPTIONS...]
# (what follows --check goes to check_report.py, e.g. --section channels)
set -euo pipefail
ccsim=$1 scenario=$2 work=$3
shift 3
run_args=() check_args=()
while (($#)); do
  if [[ $1 == --check ]]; then shift; check_args=("$@"); break; fi
  run_args+=("$1"); shift
done
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
"$ccsim" run "$scenario" -q --out "$work/out" "${run_args[@]}"
exec /usr/bin/python3 "$here/check_report.py" "$work/out/report.html" \
  --screenshot "$work/report.png" --width 1280 --height 2400 "${check_args[@]}"
