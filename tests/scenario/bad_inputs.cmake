# Registers one test per folder under tests/data/bad/: `ccsim check <case>` run from
# tests/data/bad must exit 65 and print exactly the case's expected.txt.
file(GLOB bad_cases LIST_DIRECTORIES true RELATIVE ${PROJECT_SOURCE_DIR}/tests/data/bad
     ${PROJECT_SOURCE_DIR}/tests/data/bad/*)
foreach(case IN LISTS bad_cases)
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/tests/data/bad/${case})
    add_test(NAME BadInput.${case}
      COMMAND ${CMAKE_COMMAND} -DCCSIM=$<TARGET_FILE:ccsim> -DCASE=${case}
              -DDIR=${PROJECT_SOURCE_DIR}/tests/data/bad
              -P ${CMAKE_CURRENT_LIST_DIR}/check_bad_input.cmake)
    set_tests_properties(BadInput.${case} PROPERTIES LABELS quick)
  endif()
endforeach()
