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
  python3-dev pybind11-dev python3-pytest    # the Python module (python/) and its tests
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

# `import ccsim` from Debian's python3 anywhere: a .pth file in its site directory names
# build/python, where the module is built (docs/python.md). Skipped when CMake built no module.
if [ -d build/python/ccsim ]; then
  site=$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])')
  pth="$site/ccsim.pth"
  if [ "$(cat "$pth" 2>/dev/null)" != "$PWD/build/python" ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo mkdir -p "$site"
    echo "$PWD/build/python" | $sudo tee "$pth" >/dev/null
    echo "setup: import ccsim now finds $PWD/build/python ($pth)"
  fi
fi
