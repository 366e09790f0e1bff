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
file(GLOB_RECURSE files RELATIVE ${WORK}/j1 ${WORK}/j1/*)
list(LENGTH files n)
if(n LESS MIN_FILES)
  message(FATAL_ERROR "expected at least ${MIN_FILES} output files, got ${n}: ${files}")
endif()
# diff (diffutils, essential on Debian) compares the trees, file names included.
execute_process(COMMAND diff -r -q ${WORK}/j1 ${WORK}/j2 RESULT_VARIABLE differ
                OUTPUT_VARIABLE what)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "the outputs of --threads 1 and --threads 2 differ:\n${what}")
endif()
