# Same input, same seed: byte-identical output folders on 1 and 2 threads (work finishes in
# a different order on 2; it is reduced and written in a fixed order). Runs
# `${CCSIM} ${ARGS} -j <threads> --out <folder>` for 1 and 2 threads and compares the two
# folders, file names and subfolders included. MIN_FILES guards against comparing nothing.
file(REMOVE_RECURSE ${WORK})
foreach(j 1 2)
  execute_process(COMMAND ${CCSIM} ${ARGS} -j ${j} --out ${WORK}/j${j}
                  RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "ccsim ${ARGS} -j ${j} exited with ${code}: ${err}")
  endif()
endforeach()
set(A ${WORK}/j1)
set(B ${WORK}/j2)
set(WHAT "--threads 1 and --threads 2")
include(${CMAKE_CURRENT_LIST_DIR}/same_folders.cmake)
