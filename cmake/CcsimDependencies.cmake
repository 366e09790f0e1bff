# Every dependency is a Debian package found with find_package; nothing is downloaded.
# A missing one stops configuration naming the package to install
# (scripts/setup.sh installs them all).

macro(ccsim_require package debian_package)
  find_package(${package} ${ARGN} QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR
      "ccsim: ${package} was not found. Install the Debian package '${debian_package}':\n"
      "    sudo apt-get install ${debian_package}\n"
      "or run scripts/setup.sh, which installs every package the project needs.")
  endif()
endmacro()

ccsim_require(Boost libboost-program-options-dev CONFIG COMPONENTS program_options)
ccsim_require(Eigen3 libeigen3-dev CONFIG)
ccsim_require(tomlplusplus libtomlplusplus-dev CONFIG)
ccsim_require(fccp libfccp-dev)
ccsim_require(nlohmann_json nlohmann-json3-dev CONFIG)
find_package(Threads REQUIRED)  # the replication thread pool
# COIN-OR CBC, the integer-program solver of ccsim schedule (analysis/integer_program.h):
# Debian ships it with a pkg-config file, not a CMake package.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(CBC QUIET IMPORTED_TARGET cbc)
endif()
if(NOT CBC_FOUND)
  message(FATAL_ERROR
    "ccsim: COIN-OR CBC was not found (pkg-config cbc). Install the Debian packages "
    "'coinor-libcbc-dev' and 'pkg-config':\n"
    "    sudo apt-get install coinor-libcbc-dev pkg-config\n"
    "or run scripts/setup.sh, which installs every package the project needs.")
endif()
if(CCSIM_BUILD_TESTS)
  ccsim_require(GTest libgtest-dev CONFIG)
endif()
if(CCSIM_BUILD_BENCH)
  ccsim_require(benchmark libbenchmark-dev CONFIG)
endif()
# MPI and Boost.MPI (analysis/cluster.h) are optional: without them ccsim is one process,
# as the quick start needs. Debian: libopenmpi-dev libboost-mpi-dev openmpi-bin.
set(CCSIM_HAVE_MPI OFF)
if(CCSIM_MPI AND (CCSIM_SANITIZE OR CCSIM_FUZZ))
  # Open MPI's own allocations read as leaks to LeakSanitizer; the Release suite runs the
  # MPI tests, the sanitized one everything else.
  message(STATUS "ccsim: MPI is off in a sanitized build")
elseif(CCSIM_MPI)
  find_package(MPI QUIET COMPONENTS CXX)
  find_package(boost_mpi ${Boost_VERSION} CONFIG QUIET)
  find_package(boost_serialization ${Boost_VERSION} CONFIG QUIET)
  if(MPI_CXX_FOUND AND boost_mpi_FOUND AND boost_serialization_FOUND)
    set(CCSIM_HAVE_MPI ON)
  else()
    message(STATUS "ccsim: MPI or Boost.MPI not found; building without MPI (one process). "
                   "For mpirun: sudo apt-get install libopenmpi-dev libboost-mpi-dev openmpi-bin")
  endif()
endif()
