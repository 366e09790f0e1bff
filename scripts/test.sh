#!/usr/bin/env bash
# Quick start, step 2 (and CI): install what is missing, build, run every test.
# Extra arguments go to ctest, e.g. scripts/test.sh -L quick
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
