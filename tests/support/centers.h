// Centers for the tests and benchmarks.
//
// The default center is scenarios/default itself, loaded through the scenario layer: the
// day users run is the day the tests check and the benchmark times, kept in one place
// (it used to exist twice, as a C++ fixture and as the scenario, and they had drifted).
// A test that needs a variation asks for `ccsim --set` overrides or edits the loaded
// Center. single_skill is not the default center but a textbook queue for the checks
// against Erlang formulas.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/config.h"

namespace sim::fixtures {

// scenarios/default/scenario.toml with `overrides` as `ccsim run --set` takes them, e.g.
// "forecast.daily_calls=1500". Throws std::runtime_error with the input errors, so a test
// fails (and the benchmark stops) saying what is wrong with the file.
model::Center default_center(const std::vector<std::string>& overrides = {});

// The default day with `daily_calls` expected customer calls (the profile and the shares
// unchanged) and only the first counts[r] agents of role r, in roster order. The default
// roster lists its full-time agents (8.5-hour shifts) before its part-timers, so up to 50
// rep_1 and 110 rep_2 are all full-time. Throws if a role has fewer agents than asked.
model::Center default_day(double daily_calls, const std::vector<int>& counts);

// Index of the role or call type of that name; throws if there is none.
int role_index(const model::Center& c, std::string_view name);
int type_index(const model::Center& c, std::string_view name);

// A single-skill center for validation against queueing theory: `agents` identical
// journey-level agents on duty for the whole horizon, Poisson arrivals at `rate_per_s`,
// exponential handle times with mean `mean_handle_s`, exponential patience with mean
// `mean_patience_s` (nullopt: infinite), no wrap-up, `trunks` lines (0: unlimited).
model::Center single_skill(int agents, double rate_per_s, double mean_handle_s,
                           std::optional<double> mean_patience_s, double horizon_s,
                           std::size_t trunks = 0, double interval_s = 1800.0);

}  // namespace sim::fixtures
