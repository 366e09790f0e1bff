# The output CSVs load with pd.read_csv(path) and no options (check_pandas.py says what is
# checked).
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CCSIM} run ${SOURCE}/tests/data/tiny -n 4 --trace -q --out ${WORK}
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "ccsim run exited with ${code}")
endif()
execute_process(COMMAND ${PYTHON} ${SOURCE}/tests/scenario/check_pandas.py ${WORK}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "check_pandas.py failed (${code}):\n${out}${err}")
endif()
message(STATUS "${out}")
