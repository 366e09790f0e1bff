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

}  // namespace sim::scenario
