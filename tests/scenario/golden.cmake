# Golden end-to-end case: the tiny scenario, seed 7, 3 replications, with the trace. Every
# output file must equal tests/data/tiny/golden/ byte for byte. A change to the model, its
# random draws or the output format changes these files: check the difference makes
# sense, then accept it with
#   (cd tests/data && ../../build/ccsim run tiny -n 3 --seed 7 --trace -q --out tiny/golden)
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CCSIM} run tiny -n 3 --seed 7 --trace -q --out ${WORK}
                WORKING_DIRECTORY ${SOURCE}/tests/data RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "ccsim run exited with ${code}")
endif()
foreach(f calls.csv agents.csv calls_summary.csv agents_summary.csv mechanisms.csv summary.json
          trace.csv)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${f}
                          ${SOURCE}/tests/data/tiny/golden/${f} RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "${f} differs from tests/data/tiny/golden/${f}; compare with\n"
                        "  diff ${WORK}/${f} ${SOURCE}/tests/data/tiny/golden/${f}\n"
                        "and if the change is intended, accept it as golden.cmake says.")
  endif()
endforeach()
