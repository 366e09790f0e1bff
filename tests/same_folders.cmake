# Fails unless folders A and B hold the same files, byte for byte, names and subfolders
# included, and at least MIN_FILES of them (it guards against comparing nothing). WHAT
# names the two runs in the message. Included by same_bytes_any_threads.cmake and
# same_bytes_under_mpi.cmake.
file(GLOB_RECURSE files RELATIVE ${A} ${A}/*)
list(LENGTH files n)
if(n LESS MIN_FILES)
  message(FATAL_ERROR "expected at least ${MIN_FILES} output files, got ${n}: ${files}")
endif()
# diff (diffutils, essential on Debian) compares the trees, file names included.
execute_process(COMMAND diff -r -q ${A} ${B} RESULT_VARIABLE differ
                OUTPUT_VARIABLE what)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "the outputs of ${WHAT} differ:\n${what}")
endif()
