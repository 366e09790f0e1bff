#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, run the default scenario (30
# replications of a mid-size utility's weekday) and write its results to results/default/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build/ccsim run scenarios/default "$@"
