// What `ccsim schedule` writes (analysis/schedule.h): roster.csv, which `ccsim run
// SCENARIO --set roster.file=...` accepts unchanged; coverage.csv and summary.json; a
// report.html; and the terminal summary. Every writer takes the center the schedule was
// made for (role names, wages, intervals), the result (with the shift rules it was made
// by: shift kind and break names) and the search's options (targets, criterion).
#pragma once

#include <iosfwd>
#include <string>

#include "analysis/schedule.h"
#include "sim/model/config.h"
#include "sim/model/shift_rules.h"

namespace report {

// The scheduled agents (analysis::with_roster) through the one roster writer
// (sim::scenario::write_roster_csv): agent,role,shift_start,shift_end,breaks,levels.
void write_schedule_roster(std::ostream& os, const sim::model::Center& c,
                           const analysis::ScheduleResult& r);

// One row per interval: interval_start, interval_end; per role <role>_required,
// <role>_scheduled, <role>_on_phones, <role>_on_phones_needed; the same four over all roles
// (required, scheduled, on_phones, on_phones_needed); then the verified figures as
// staffing.csv writes them (service_level, service_level_ci95_half_width, ...,
// asa_s_ci95_half_width, p_days_met, met).
void write_coverage_csv(std::ostream& os, const sim::model::Center& c,
                        const analysis::ScheduleResult& r);

// summary.json: the options, payroll with the LP bound and the gap, heads by role and by
// shift kind, the rounds, whether every interval met the targets (and why not), and the
// coverage per interval.
void write_schedule_json(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const analysis::ScheduleResult& r,
                         const analysis::ScheduleOptions& o);

// report.html: required against scheduled heads per interval, the shifts as a Gantt chart
// by role, the payroll, the verified service per interval, the rounds and what is unmet.
void write_schedule_html(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const analysis::ScheduleResult& r,
                         const analysis::ScheduleOptions& o);

// The terminal summary: heads by role and shift kind, payroll against the LP bound, the
// worst interval's share of days met, and the criterion in words.
void print_schedule(std::ostream& os, const sim::model::Center& c,
                    const analysis::ScheduleResult& r, const analysis::ScheduleOptions& o);

}  // namespace report
