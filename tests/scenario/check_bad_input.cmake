# One bad-input case: `ccsim check CASE` (from DIR) exits 65 and its stderr equals
# DIR/CASE/expected.txt word for word.
execute_process(COMMAND ${CCSIM} check ${CASE} WORKING_DIRECTORY ${DIR}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${DIR}/${CASE}/expected.txt expected)
if(NOT code EQUAL 65)
  message(FATAL_ERROR "exit code ${code}, expected 65\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "stderr differs from ${CASE}/expected.txt\n--- got:\n${err}--- expected:\n${expected}")
endif()
