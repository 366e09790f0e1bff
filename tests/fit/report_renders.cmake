# fit_report.html of a validated fit opens in headless Chromium with every chart drawn
# and no console error (tests/report/check_report.py).
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CCSIM} fit ${LOG} --weekdays sun-thu --validate -n 3 -q --out ${WORK}/out
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ccsim fit exited ${rc}: ${err}")
endif()
execute_process(COMMAND ${PYTHON} ${CHECK_REPORT} ${WORK}/out/fit_report.html
                        --screenshot ${WORK}/fit_report.png
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fit_report.html: ${out}${err}")
endif()
