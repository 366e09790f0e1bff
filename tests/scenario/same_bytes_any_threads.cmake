# Same scenario, same seed: byte-identical output folders on 1 and 2 threads (replications
# finish in a different order on 2; they are reduced and written in replication order).
file(REMOVE_RECURSE ${WORK})
foreach(j 1 2)
  execute_process(COMMAND ${CCSIM} run ${SOURCE}/scenarios/water_main_break -n 6 --seed 3
                          --trace -q -j ${j} --out ${WORK}/j${j} RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "ccsim run -j ${j} exited with ${code}")
  endif()
endforeach()
file(GLOB files RELATIVE ${WORK}/j1 ${WORK}/j1/*)
list(LENGTH files n)
if(n LESS 6)
  message(FATAL_ERROR "expected 6 output files, got: ${files}")
endif()
foreach(f IN LISTS files)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/j1/${f} ${WORK}/j2/${f}
                  RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "${f} differs between --threads 1 and --threads 2")
  endif()
endforeach()
