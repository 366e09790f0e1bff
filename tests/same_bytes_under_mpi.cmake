# Same input, same seed: `mpirun -np NP` writes the same output folder, byte for byte, as
# one process (analysis/cluster.h), both on THREADS threads. Runs
#   ${CCSIM} ${ARGS} -j ${THREADS} --out <one>
#   ${MPIRUN} <loopback options> -np ${NP} ${CCSIM} ${ARGS} -j ${THREADS} --out <mpi>
# and compares the folders. The ranks talk over loopback only (shared memory and TCP on
# lo), so the test needs no network; --oversubscribe lets NP exceed the cores.
file(REMOVE_RECURSE ${WORK})
set(mpi_launch ${MPIRUN} --oversubscribe -np ${NP} --mca btl self,vader,tcp
        --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo
        --mca btl_vader_single_copy_mechanism none)
cmake_policy(SET CMP0054 NEW)
# First, that ccsim joins the job at all (else both runs below would be one process).
execute_process(COMMAND ${mpi_launch} ${CCSIM} run ${TINY} -n ${NP} --out ${WORK}/probe
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT out MATCHES "on ${NP} ranks of ")
  message(FATAL_ERROR "mpirun -np ${NP} ccsim run did not run on ${NP} ranks (exit ${code}):\n"
                      "${out}${err}")
endif()
foreach(how one mpi)
  set(launch)
  if(how STREQUAL "mpi")
    set(launch ${mpi_launch})
  endif()
  execute_process(COMMAND ${launch} ${CCSIM} ${ARGS} -j ${THREADS} --out ${WORK}/${how}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${launch} ccsim ${ARGS} -j ${THREADS} exited with ${code}:\n${out}${err}")
  endif()
endforeach()
set(A ${WORK}/one)
set(B ${WORK}/mpi)
set(WHAT "one process and mpirun -np ${NP} (${THREADS} threads each)")
include(${CMAKE_CURRENT_LIST_DIR}/same_folders.cmake)
