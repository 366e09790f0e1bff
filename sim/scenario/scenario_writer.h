// Writes a model::Center back out as a scenario folder that `ccsim check` and `ccsim run`
// read: scenario.toml (built as a toml::table, keys in alphabetical order, and printed with
// every string escaped as TOML requires and numbers in their shortest exact form), forecast.csv (expected calls per interval and
// call type) and roster.csv (one row per agent, breaks as "HH:MM:SS/minutes"). Numbers
// are written exactly (whole numbers as integers), so reading the folder back gives the
// same center.
//
// Slowdowns and routing changes are written as [[events]]; surges and staff changes are
// already part of the arrivals and the roster. No [schedule] is written: a Center holds no
// shift rules (`ccsim fit` builds one from a call log), and a scenario without the table
// reads back with the defaults of sim/model/shift_rules.h. Times are written to the whole
// second. A normal distribution, which the format has no name for, is refused
// (std::invalid_argument).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "sim/model/config.h"

namespace sim::scenario {

struct ScenarioHeader {
  std::string name, description;
  std::string comment;  // lines written at the top of scenario.toml as # comments
  double sl_threshold_s = 30;
};

// Writes into `dir` (which must exist); throws std::runtime_error if a file cannot be
// written.
void write_scenario(const std::filesystem::path& dir, const model::Center& center,
                    const ScenarioHeader& header);

// roster.csv: agent,role,shift_start,shift_end,breaks,levels, names quoted as RFC 4180
// asks, times as HH:MM:SS, an agent's own levels as "job_knowledge=3;...". The one roster
// writer: `ccsim fit` and any other command that hands out a roster use it.
void write_roster_csv(std::ostream& os, const model::Center& center);

}  // namespace sim::scenario
