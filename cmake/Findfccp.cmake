# fast-cpp-csv-parser ships as a single header (Debian: libfccp-dev) without a
# CMake package; this module wraps it as the imported target fccp::fccp.
find_path(fccp_INCLUDE_DIR NAMES csv.h PATH_SUFFIXES libfccp)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(fccp REQUIRED_VARS fccp_INCLUDE_DIR)
if(fccp_FOUND AND NOT TARGET fccp::fccp)
  find_package(Threads REQUIRED)  # csv.h reads ahead on a worker thread
  add_library(fccp::fccp INTERFACE IMPORTED)
  set_target_properties(fccp::fccp PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${fccp_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
mark_as_advanced(fccp_INCLUDE_DIR)
