#!/usr/bin/env bash
# kill -9 at random moments of ccsim run, staff and fit, then one run that completes:
# no partial output may be visible and no hidden folder left. CI runs 15 kills
# (ctest -R OutputSafety.kill); this runs as many as asked.
# usage: scripts/kill_loop.sh [KILLS=60] [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/.."
KILL_SEED=${2:-1} exec python3 tests/output/output_safety.py "$PWD/build/ccsim" "$PWD" \
  "$PWD/build/kill_loop" kill "${1:-60}"
