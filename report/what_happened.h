// What the run's report and terminal summary say about the day's intervals: which miss
// the scenario's goals ([goals], sim/scenario/scenario.h), which three were worst, and
// why, in plain sentences written from the figures the run already has (report/results.h):
// the call types that queued most, the roles that were saturated, the escalated parts
// that waited, and the events in force.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "report/results.h"

namespace report {

// Occupancy from which a role counts as saturated: its agents had next to no idle time.
inline constexpr double kSaturatedOccupancy = 0.95;

// An interval's service level and abandonment (shares, NaN: no calls) against the goals.
struct IntervalVerdict {
  std::size_t interval = 0;
  double service_level = 0, abandonment = 0;
  bool sl_below = false, abandonment_above = false;
};
IntervalVerdict verdict(const RunInfo& info, const Summary& s, std::size_t interval);
// Every interval that misses a goal, in time order.
std::vector<IntervalVerdict> intervals_below_goals(const RunInfo& info, const Summary& s);

// The `k` worst intervals, worst first: the lowest service level, ties broken by the
// higher abandonment, then by time; intervals without a service level are left out.
std::vector<std::size_t> worst_intervals(const RunInfo& info, const Summary& s, std::size_t k = 3);

// Why interval i went as it did, as sentences: "10:30-11:00: service level 61.0 % (goal
// 80 %), abandonment 9.1 % (goal at most 5 %). In force: ... Queued most: ... Saturated: ...
// 31 escalated parts waited 6.0 min on average for a supervisor-capable agent."
std::string what_happened(const RunInfo& info, const Summary& s, std::size_t interval);

// The terminal's flag: "intervals below the goals (...):" and one line per interval, at
// most `max_lines`, then how many more; nothing when every interval meets the goals.
void print_below_goals(std::ostream& os, const RunInfo& info, const Summary& s,
                       std::size_t max_lines = 5);

}  // namespace report
