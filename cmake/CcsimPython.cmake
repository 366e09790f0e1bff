# The Python module (python/): built when Python's headers and pybind11 are there, and
# otherwise skipped with a message, so the C++ build never needs them.
option(CCSIM_PYTHON "Build the Python module ccsim (python/), if Python and pybind11 are found" ON)
set(CCSIM_PYTHON_BUILD OFF)
if(CCSIM_PYTHON AND (CCSIM_SANITIZE OR CCSIM_FUZZ))
  # A sanitized module would need the ASan runtime preloaded into python3; the Release
  # suite tests the module, the sanitized one the code beneath it.
  message(STATUS "ccsim: the Python module is off in a sanitized build")
elseif(CCSIM_PYTHON)
  # Debian's interpreter, which has pandas (scripts/setup.sh), before any python3 on PATH
  # (a pyenv shim has neither pandas nor, often, the headers). -DPython3_EXECUTABLE=... wins.
  if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3)
  endif()
  find_package(Python3 COMPONENTS Interpreter Development QUIET)
  if(Python3_FOUND)
    set(PYBIND11_FINDPYTHON ON)  # pybind11 uses the Python3 found above
    find_package(pybind11 CONFIG QUIET)
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(CCSIM_PYTHON_BUILD ON)
    # The module is a shared object that links the layers' static libraries into it.
    set(CMAKE_POSITION_INDEPENDENT_CODE ON)
    # PIC alone lets GCC assume any global function may be interposed at load time, which
    # stops inlining across the layers' own functions; nothing here is ever interposed.
    add_compile_options($<$<CXX_COMPILER_ID:GNU,Clang>:-fno-semantic-interposition>)
  else()
    message(STATUS "ccsim: the Python module is off: Python 3 with its headers and pybind11 "
                   "were not found (sudo apt-get install python3-dev pybind11-dev, or "
                   "scripts/setup.sh)")
  endif()
endif()
