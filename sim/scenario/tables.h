// The scenario's CSV tables (fast-cpp-csv-parser) and the timed changes that act on them.
// Internal to sim/scenario: errors go to InputErrors with file, line and column.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/model/config.h"
#include "sim/scenario/input_error.h"
#include "sim/scenario/limits.h"

namespace sim::scenario {

// A number in an error message: whole numbers in full, others as the stream prints them.
std::string fmt(double x);

// The competencies as scenario files and rosters spell them, in model::Competency order:
// model::competency_name's names, the one spelling.
const std::vector<std::string>& competency_names();

// Each table is read whole by read_input_file (regular files only, within the size limit);
// nullopt when it has a problem, every one of them in `errors` (input_error.h).
// forecast.csv: interval_start,call_type,calls -> [call type][interval] expected calls.
std::optional<std::vector<std::vector<double>>> read_forecast(
    const std::string& file, const model::Center& c, const std::vector<std::string>& types,
    const Limits& limits, InputErrors& errors);
// profile.csv: interval_start,share -> share per interval (sums to 1).
std::optional<std::vector<double>> read_profile(const std::string& file, const model::Center& c,
                                                const Limits& limits, InputErrors& errors);
// roster.csv: agent,role,shift_start,shift_end[,breaks][,levels].
std::optional<std::vector<model::Agent>> read_roster(const std::string& file,
                                                     const model::Center& c,
                                                     const std::vector<std::string>& roles,
                                                     const Limits& limits, InputErrors& errors);

// A surge: the expected calls of the call types in `mask` x multiplier over [start, end),
// pro rata for intervals the window covers in part.
void surge(model::Center& c, std::uint64_t mask, double start, double end, double multiplier);
// count > 0: that many agents of `role` added on a shift [start, end) without breaks, with
// `levels` if given. count < 0: that many agents of `role` on shift at `start` pulled off
// the phones until `end` (model::Pull: after their current call, still paid), the first
// in roster order that no earlier event pulls during [start, end): pulling one agent twice
// would take fewer off the phones than the event says.
struct StaffChange {
  int on_shift = 0;        // agents of the role on shift at start, before this change
  int pulled_already = 0;  // of those, pulled by an earlier event during [start, end)
  int done = 0;            // agents added or pulled: fewer than asked if too few are free
};
StaffChange staff_change(model::Center& c, int role, int count, double start, double end,
                         const std::optional<model::Levels>& levels);

}  // namespace sim::scenario
