#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, run the default job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build/ccsim demo
