// The default utility: call types, roles and competency profiles of a mid-size water and
// power utility's contact center, grounded in the seed documents (shared/seeds) and
// listed with their sources and assumptions in sim/model/README.md. Every number here is
// an assumption a scenario file can override; none is hidden elsewhere in the code.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "sim/model/config.h"

namespace sim::model {

// Role indices of utility_roles(), ordered by rank.
enum UtilityRole : int { kRepI = 0, kRepII, kSenior, kSupervisor, kAssistantManager };

std::vector<Role> utility_roles();
// Call types with the escalation target last ("escalated_billing"); shares in
// utility_call_shares() follow the same order (0 for the escalation target).
std::vector<CallType> utility_call_types();
std::vector<double> utility_call_shares();
// Half-hourly profile of a weekday from 08:00 to 18:00 (20 intervals), summing to 1.
std::vector<double> utility_intraday_profile();

// Staggered 8.5-hour shifts with two 15-minute breaks and a 30-minute lunch, spread over the
// start times so that staffing follows the intraday profile roughly. counts[r] agents of
// role r.
std::vector<Agent> staggered_roster(const std::vector<int>& counts, double open_s,
                                    double close_s);

// The default day: 08:00-18:00, `daily_calls` expected customer calls, `counts` agents per
// role (default: 50 Rep I, 110 Rep II, 25 senior, 12 supervisors, 3 assistant managers).
Center utility_day(double daily_calls = 11000.0,
                   const std::vector<int>& counts = {50, 110, 25, 12, 3});

// A single-skill center for validation against queueing theory: `agents` identical
// journey-level agents on duty for the whole horizon, Poisson arrivals at `rate_per_s`,
// exponential handle times with mean `mean_handle_s`, exponential patience with mean
// `mean_patience_s` (nullopt: infinite), no wrap-up, `trunks` lines (0: unlimited).
Center single_skill(int agents, double rate_per_s, double mean_handle_s,
                    std::optional<double> mean_patience_s, double horizon_s,
                    std::size_t trunks = 0, double interval_s = 1800.0);

}  // namespace sim::model
