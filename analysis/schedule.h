// Shift scheduling by simulation-optimization (Atlason, Epelman & Henderson 2004; Cezik &
// L'Ecuyer 2008): from per-interval requirements to a roster of real shifts.
//
//  1. Requirements: the staffing search (staffing.h) finds agents on the phones per
//     interval and role; divided by (1 - absenteeism) they become heads to schedule.
//  2. An integer program (COIN-OR CBC) picks how many agents work each shift pattern (a
//     role, a shift kind, a start on the grid and a start for each break inside its
//     window) at least paid cost, covering every interval's requirement with the share of
//     the interval each pattern is on the phones.
//  3. The roster is simulated as a whole day with the scenario's absenteeism, with common
//     random numbers; each interval short of the targets by the criterion gets its
//     requirement raised (a cut) and the program is solved again, until every interval
//     meets the targets or a round limit says which cannot.
//
// Everything is deterministic for a seed: the solver runs on one thread with node and gap
// limits, never a time limit, and the replications are those of staffing.h.
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/staffing.h"
#include "sim/model/config.h"
#include "sim/model/shift_rules.h"

namespace analysis {

enum class Mix {
  fixed,  // each role's share of the requirement is the scenario roster's, per interval
  free,   // roles whose skills cover another's calls may stand in; the cheapest mix wins
};
enum class Requirements {
  simulation,  // the staffing search, refined by simulating the roster (the default)
  erlang,      // Erlang A per interval, no simulation: what an Erlang spreadsheet gives
};

struct ScheduleOptions {
  // Targets, criterion, confidence, replications, seed and threads: of the search and of
  // every verification. `only_role` and `shrinkage` are not used.
  StaffingOptions staffing;
  Mix mix = Mix::fixed;
  Requirements requirements = Requirements::simulation;
  int max_rounds = 12;     // verifications (and solves) at most
  double gap = 0.02;       // the solver stops within this relative gap of its best bound
  std::function<void(const std::string& step)> progress;  // optional, one line each
};

// A shift the rules allow: a role working a kind from a start. The program chooses how
// many agents work it and, separately, how many take each break at each allowed start
// (the implicit break formulation of Aykin 1996, Management Science 42(4)): the breaks'
// placements are not multiplied out into patterns, so a 24-hour day stays small.
struct Shift {
  int role = 0;
  int kind = 0;                                    // index into ShiftRules::shifts
  double start_s = 0, end_s = 0;
  double paid_s = 0, overtime_s = 0;               // per agent
  double pay = 0;                                  // wage x (paid + overtime premium)
  std::vector<std::vector<double>> break_options;  // [break] starts on the break grid
};

// The shifts the rules allow on this day, in a fixed order (role, kind, start): each
// starts on the grid, lies within the earliest start and latest end, overlaps the opening
// hours, and has at least one start for each break inside its window.
std::vector<Shift> enumerate_shifts(const sim::model::Center& c,
                                    const sim::model::ShiftRules& rules);

// One shift of the roster with its breaks placed: what agents are given.
struct Pattern {
  int role = 0;
  int kind = 0;                       // index into ShiftRules::shifts
  double start_s = 0, end_s = 0;
  std::vector<double> break_start_s;  // one per the kind's breaks
  double paid_s = 0, overtime_s = 0;  // per agent
  double pay = 0;                     // wage x (paid + overtime premium), per agent
  std::vector<double> coverage;       // [interval]: share of it on the phones
};

// What is wrong with the rules for this day, naming the interval and the rule: an open
// interval no allowed shift can cover, a minimum on duty above the heads allowed, a break window that
// does not fit its shift. "" when nothing is.
std::string check_rules(const sim::model::Center& c, const sim::model::ShiftRules& rules);

struct ScheduledAgent {
  std::string name;                     // "rep_2_017"
  std::size_t pattern = 0;              // into ScheduleResult::patterns
};

struct CoverageInterval {
  double start_s = 0;
  std::vector<double> on_phones_needed;  // [role] the search's answer (agents on the phones)
  std::vector<double> required;          // [role] heads to cover, after the cuts
  std::vector<int> scheduled;            // [role] heads on shift at the interval's midpoint
  std::vector<double> on_phones;         // [role] scheduled x share not on a break x (1 - absence)
  IntervalStaffing verified;             // the roster simulated: figures, share of days met
};

struct ScheduleRound {
  int round = 0;          // 1, 2, ...
  double payroll = 0;     // of the solution this round
  double lp_bound = 0;    // the LP relaxation's cost, a lower bound on it
  int heads = 0;
  int missed = 0;         // intervals short of the targets when simulated
};

struct ScheduleResult {
  sim::model::ShiftRules rules;             // the rules scheduled by (kinds: breaks, names)
  std::vector<Pattern> patterns;            // the shifts of the roster with their breaks
  std::vector<ScheduledAgent> agents;       // the roster, by role then start
  std::vector<CoverageInterval> intervals;
  std::vector<ScheduleRound> rounds;
  StaffingResult search;                    // the requirements' search (empty for erlang)
  double payroll = 0, overtime_pay = 0, paid_hours = 0;
  double lp_bound = 0;                      // of the final program: its LP relaxation
  double mip_bound = 0;                     // and the solver's proven bound (>= lp_bound)
  double sl_threshold_s = 30;
  bool met = false;                         // every interval meets the targets
  std::vector<std::string> unmet;           // why, one line per interval that does not
};

// Pattern p's breaks, each at its start with its shift kind's length. Throws
// std::logic_error when p has not one start per break of its kind (a bug).
std::vector<sim::model::Break> breaks_of(const sim::model::ShiftRules& rules, const Pattern& p);

// The roster as the simulation runs it: base's agents replaced by the scheduled ones
// (breaks included, absenteeism kept).
sim::model::Center with_roster(const sim::model::Center& base, const ScheduleResult& r);

// The schedule, or what makes the rules infeasible for this day (as check_rules says it,
// or the program proven infeasible: a role's heads capped below what it must cover).
std::variant<ScheduleResult, std::string> schedule_shifts(const sim::model::Center& base,
                                                          const sim::model::ShiftRules& rules,
                                                          const ScheduleOptions& o);

}  // namespace analysis
