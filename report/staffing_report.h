// What `ccsim staff` writes: the staffing table (CSV and screen), summary.json and the
// HTML report. Rosters are `ccsim schedule`'s (schedule_report.h).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "analysis/staffing.h"
#include "sim/model/config.h"

namespace report {

using analysis::StaffingResult;
using analysis::StaffingOptions;

// One row per interval, every staff column in agents (heads on the phones): interval_start,
// interval_end, offered, load_erlangs, erlang_agents, simulated_agents, difference,
// scheduled, <role>_agents..., then each target figure of the catalogue with its 95 %
// half-width (service_level, service_level_ci95_half_width, abandonment_rate, ...,
// asa_s_ci95_half_width), p_days_met, met, cost (wages over the interval). The day's
// totals, in agent-hours, are in summary.json.
void write_staffing_csv(std::ostream& os, const sim::model::Center& c, const StaffingResult& r);


// summary.json: the options, the answer per interval, the day's totals in agent-hours and
// whether the search converged.
void write_staffing_json(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const StaffingResult& r,
                         const StaffingOptions& o);

// report.html: the staff by interval (Erlang against simulation, scheduled heads), the
// service level and abandonment achieved with their intervals and targets, the table.
void write_staffing_html(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const StaffingResult& r,
                         const StaffingOptions& o);

// The table a manager reads on screen.
void print_staffing(std::ostream& os, const sim::model::Center& c, const StaffingResult& r,
                    const StaffingOptions& o);

}  // namespace report
