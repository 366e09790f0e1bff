# ccsim fit twice on the same log, with 1 and 2 threads for the validation: the two output
# folders (scenario, days/, tables, report) must be byte-identical.
file(REMOVE_RECURSE ${WORK})
foreach(threads 1 2)
  execute_process(COMMAND ${CCSIM} fit ${LOG} --weekdays sun-thu --validate -n 3 -q
                          -j ${threads} --out ${WORK}/j${threads}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ccsim fit -j ${threads} exited ${rc}: ${err}")
  endif()
endforeach()
file(GLOB_RECURSE written RELATIVE ${WORK}/j1 ${WORK}/j1/*)
list(LENGTH written n)
if(n LESS 20)
  message(FATAL_ERROR "only ${n} files written: ${written}")
endif()
# diff (diffutils, essential on Debian) compares the trees, file names included.
execute_process(COMMAND diff -r -q ${WORK}/j1 ${WORK}/j2 RESULT_VARIABLE differ OUTPUT_VARIABLE what)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "two fits of the same log differ:\n${what}")
endif()
