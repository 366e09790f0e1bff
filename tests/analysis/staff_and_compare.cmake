# ccsim staff and ccsim compare end to end on the tiny scenario, as a user runs them:
# staff answers head counts and sends whoever wants a roster to ccsim schedule (its
# head-count curve stacked into rows was no roster: no breaks, no absence), and both HTML
# reports pass the browser check (tests/report/check_report.py).
file(REMOVE_RECURSE ${WORK})
function(run_ok)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${SOURCE}/tests/data
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "exit ${code}: ${ARGN}\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run_ok(${CCSIM} staff tiny -n 20 --target "sl(20s)>=0.80" --out ${WORK}/staff)
foreach(f staffing.csv summary.json report.html)
  if(NOT EXISTS ${WORK}/staff/${f})
    message(FATAL_ERROR "ccsim staff wrote no ${f}")
  endif()
endforeach()
file(STRINGS ${WORK}/staff/staffing.csv rows)
list(LENGTH rows n)
if(NOT n EQUAL 5)  # header and four half hours, every staff column in agents
  message(FATAL_ERROR "staffing.csv has ${n} lines, expected 5:\n${rows}")
endif()
# The day's totals are agent-hours, in summary.json: 4 half hours of at least one agent.
file(READ ${WORK}/staff/summary.json staff_json)
string(JSON hours GET "${staff_json}" day simulated_agent_hours)
if(hours LESS 2)
  message(FATAL_ERROR "summary.json: day.simulated_agent_hours is ${hours}")
endif()
if("${out}" MATCHES "target missed|did not converge")
  message(FATAL_ERROR "the search did not meet its target:\n${out}")
endif()

if(EXISTS ${WORK}/staff/staffing_roster.csv)
  message(FATAL_ERROR "ccsim staff wrote a roster; rosters are ccsim schedule's")
endif()
if(NOT "${out}" MATCHES "ccsim schedule")
  message(FATAL_ERROR "ccsim staff did not point to ccsim schedule for a roster:\n${out}")
endif()

run_ok(${CCSIM} compare tiny -n 10 --marginal --add 1
       --variant "absent: center.absenteeism=0.2" --out ${WORK}/compare)
if(NOT "${out}" MATCHES "most service level per unit of cost")
  message(FATAL_ERROR "compare printed no verdict:\n${out}")
endif()

# Scenario variants, swaps and the tidy interval and replication files.
run_ok(${CCSIM} compare tiny -n 5 --scenario "other: tiny" --swap "rep-1,supervisor+1"
       --rank service_level,cost --out ${WORK}/compare_tidy)
foreach(f comparison_intervals.csv comparison_replications.csv)
  file(STRINGS ${WORK}/compare_tidy/${f} rows)
  list(GET rows 0 header)
  list(LENGTH rows n)
  message(STATUS "${f}: ${n} lines; ${header}")
endforeach()
file(STRINGS ${WORK}/compare_tidy/comparison_intervals.csv rows)
list(GET rows 0 header)
if(NOT header STREQUAL "variant,interval_start,metric,mean,ci95_half_width,diff_vs_baseline,diff_ci95_half_width")
  message(FATAL_ERROR "comparison_intervals.csv header: ${header}")
endif()
list(LENGTH rows n)
# 3 variants x 4 half hours x the compared figures (9 today), plus the header
if(n LESS 109)
  message(FATAL_ERROR "comparison_intervals.csv has ${n} lines")
endif()
# A scenario against itself: identical days, every paired difference exactly 0.
if(NOT "${rows}" MATCHES "other,08:30,service_level,[^,]*,[^,]*,0,0")
  message(FATAL_ERROR "tiny against itself has a non-zero paired difference:\n${rows}")
endif()
file(STRINGS ${WORK}/compare_tidy/comparison_replications.csv rows)
if(NOT "${rows}" MATCHES "rep-1,supervisor\\+1\",5,cost,")
  message(FATAL_ERROR "comparison_replications.csv lacks the swap's 5th replication")
endif()

if(CHECK_REPORT)
  foreach(r staff compare compare_tidy)
    run_ok(${PYTHON} ${CHECK_REPORT} ${WORK}/${r}/report.html)
  endforeach()
endif()
