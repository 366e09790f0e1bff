#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of report.html: the default scenario,
# 30 replications, seed 1, shown in headless Chromium at 1280 x 2600 (the top of the page:
# headline figures, the day's timeline, service level by call type). The same check as the
# browser test runs first, so a broken report never becomes the picture.
#   scripts/screenshot_report.sh [BUILD_DIR]     (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$build/ccsim" run scenarios/default -n 30 --seed 1 -q --out "$out/default"
mkdir -p docs
/usr/bin/python3 tests/report/check_report.py "$out/default/report.html" \
  --screenshot docs/report.png --width 1280 --height 2600
ls -l docs/report.png
