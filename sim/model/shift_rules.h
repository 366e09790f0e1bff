// Shift rules: what a roster written by `ccsim schedule` may contain (shift lengths, start
// grid, breaks and the windows they start in, heads per role, pay). Plain values read from
// the scenario's [schedule] table (scenarios/README.md); the simulation itself never reads
// them. The defaults are the shipped utility day's rules, documented with their sources
// in sim/model/README.md ("Shift rules").
//
// Times are seconds; a break's window is measured from its shift's start.
#pragma once

#include <string>
#include <vector>

#include "sim/model/config.h"

namespace sim::model {

struct BreakRule {
  std::string name;         // "rest", "meal"
  double duration_s = 900;
  bool paid = true;         // an unpaid break (a meal) is not in the paid hours
  double earliest_s = 0;    // the break starts this long after the shift starts, or later,
  double latest_s = 0;      // but no later than this
};

struct ShiftKind {
  std::string name;                // "full_8h"
  double length_s = 8.5 * 3600;    // start to end, breaks included
  bool part_time = false;          // counts against ShiftRules::max_part_time_share
  std::vector<BreakRule> breaks;   // taken in this order, each after the previous ends
  RoleMask roles = ~RoleMask{0};   // roles that may work it
};

struct RoleLimits {
  int min_heads = 0;     // agents of the role scheduled over the day, at least
  int max_heads = -1;    // and at most (-1: no limit)
  int min_on_duty = 0;   // on the phones (not on a break) in every open interval
};

struct ShiftRules {
  double earliest_start_s = -1;  // no shift starts before (-1: the center's opening)
  double latest_end_s = -1;      // nor ends after (-1: the center's closing)
  double start_grid_s = 1800;    // shifts start on this grid, counted from midnight
  double break_grid_s = 900;     // and breaks on this one
  double max_part_time_share = 0.25;     // part-time heads / all heads, at most
  double overtime_after_s = 8 * 3600.0;  // paid time in one shift beyond this ...
  double overtime_rate = 1.5;            // ... is paid at this multiple of the wage
  std::vector<ShiftKind> shifts;         // the allowed shifts
  std::vector<RoleLimits> roles;         // [role]; as many as the center has roles

  double earliest_start(double open_s) const { return earliest_start_s < 0 ? open_s : earliest_start_s; }
  double latest_end(double close_s) const { return latest_end_s < 0 ? close_s : latest_end_s; }
};

// The shifts a scenario without [[schedule.shifts]] allows, for every role: a full-time
// 8 h paid day (8.5 h with a 30-minute unpaid meal and two paid 15-minute rests), a 10 h
// day (one rest more, 1.5 h of it overtime) and a 4 h part-time shift with one paid rest.
inline std::vector<ShiftKind> default_shift_kinds() {
  constexpr double h = 3600, min = 60;
  return {
      {"full_8h", 8.5 * h, false,
       {{"rest", 15 * min, true, 1.5 * h, 3 * h},
        {"meal", 30 * min, false, 3.5 * h, 5 * h},
        {"rest", 15 * min, true, 5.5 * h, 7 * h}}},
      {"long_10h", 10 * h, false,
       {{"rest", 15 * min, true, 1.5 * h, 3 * h},
        {"meal", 30 * min, false, 4 * h, 5.5 * h},
        {"rest", 15 * min, true, 6.5 * h, 8 * h}}},
      {"part_4h", 4 * h, true, {{"rest", 15 * min, true, 1.5 * h, 2.5 * h}}},
  };
}

}  // namespace sim::model
