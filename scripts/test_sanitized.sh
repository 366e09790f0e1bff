#!/usr/bin/env bash
# CI, after scripts/test.sh: every test again, built with AddressSanitizer and
# UndefinedBehaviorSanitizer (CCSIM_SANITIZE=ON) in build-asan/. The first report ends the
# program, so the test that hit it fails. Extra arguments go to ctest, e.g. -L quick.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --packages-only
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCCSIM_SANITIZE=ON \
      -DCCSIM_BUILD_TESTS=ON -DCCSIM_BUILD_BENCH=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export UBSAN_OPTIONS=print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" "$@"
