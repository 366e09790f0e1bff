#!/usr/bin/env bash
# Installs the Debian packages ccsim needs (only the missing ones), then configures and
# builds a Release tree in build/ (not with --packages-only). Safe to run again: it does
# nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ make python3
  libboost-dev libboost-program-options-dev  # Asio thread pool, command line
  libeigen3-dev                              # linear algebra in analysis/
  libtomlplusplus-dev libfccp-dev            # scenario files: TOML and CSV
  nlohmann-json3-dev                         # every JSON file ccsim writes
  coinor-libcbc-dev pkg-config               # ccsim schedule: the integer-program solver
  libopenmpi-dev libboost-mpi-dev openmpi-bin # optional: mpirun -np N ccsim (analysis/cluster.h)
  libgtest-dev libgmock-dev libbenchmark-dev # tests and benchmarks
  python3-pandas                             # test: the output CSVs load in pandas
  chromium fonts-dejavu-core                 # test: report.html renders in headless Chromium
  clang libclang-rt-14-dev llvm              # fuzzing: Clang, libFuzzer, llvm-symbolizer
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ "${1:-}" = --packages-only ] && exit 0
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCCSIM_BUILD_TESTS=ON -DCCSIM_BUILD_BENCH=ON
cmake --build build -j"$(nproc)"
