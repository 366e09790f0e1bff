// Per-interval staffing search: the smallest number of agents on the phones in each
// interval such that every target (service level, abandonment, ASA) is met with a stated
// confidence, found by simulating the whole day with common random numbers, starting from
// the Erlang A (or C) answer for each interval.
//
// How intervals interact: calls still waiting at an interval's end are served by the next
// interval's agents, and a short interval leaves a backlog that hurts the next one. The
// search therefore never evaluates an interval alone: every candidate is a whole-day
// staffing vector simulated from opening, and each interval's figures are those of the
// calls offered in it (sim/metrics/day_metrics.h). Trimming one interval can make a later
// one fail; the search then puts the agent back and freezes that interval (see
// staffing.cpp), so the answer meets every target together, not each in isolation.
//
// Staff here means agents on the phones: no breaks and no absence in the simulated
// positions. `scheduled` converts it to heads with a shrinkage allowance.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/erlang.h"
#include "analysis/stats.h"
#include "sim/metrics/catalogue.h"
#include "sim/model/config.h"

namespace analysis {

// The interval figures a target can be on: catalogue entries (sim/metrics/catalogue.h),
// in this order wherever the search keeps or writes them.
inline constexpr std::array<sim::metrics::CallMetric, 3> kTargetFigures = {
    sim::metrics::CallMetric::service_level, sim::metrics::CallMetric::abandonment_rate,
    sim::metrics::CallMetric::asa_s};

// A target on one of kTargetFigures. An interval-day where the figure is undefined (no
// calls, none answered) is left out: it can miss no target.
struct Target {
  sim::metrics::CallMetric metric = sim::metrics::CallMetric::service_level;
  bool at_least = true;       // ">=" (service level); "<=" (abandonment, ASA)
  double value = 0;           // in the figure's unit: a share (0..1), or seconds for ASA
  double sl_threshold_s = 0;  // T of SL(T)
  std::string text;           // as written, for reports
};

// "sl(30s)>=0.80", "sl(20)>=80%", "sl>=0.8" (T = default_sl_s), "abandon<=0.05",
// "abandon<=5%", "asa<=60s". Returns the target or a message saying what is wrong.
std::variant<Target, std::string> parse_target(const std::string& text, double default_sl_s);
// Every text parsed and appended to `out`; none given: sl>=0.80 and abandon<=0.05. All sl
// targets must share one threshold (the search judges one SL per interval). "" or what is
// wrong with the first bad one.
std::string read_targets(const std::vector<std::string>& texts, double default_sl_s,
                         std::vector<Target>& out);

enum class Criterion {
  mean,  // the expected figure meets the target with `confidence` (one-sided t bound)
  days,  // the share of simulated days on which the interval meets it is >= `confidence`
};

struct StaffingOptions {
  std::vector<Target> targets;
  Criterion criterion = Criterion::mean;
  double confidence = 0.95;
  std::size_t replications = 40;
  std::uint64_t seed = 1;
  std::size_t threads = 0;
  int only_role = -1;       // -1: every role, in the roster's mix; r: only role r varies
  double shrinkage = kDefaultShrinkage;  // scheduled = ceil(on phones / (1 - shrinkage))
  int max_evaluations = 60;
  // Estimate each interval's figures with its arrivals as control variates (stats.h):
  // narrower intervals from the same replications.
  bool control_variates = true;
  std::function<void(int evaluation, int failing)> progress;  // optional
};

struct IntervalStaffing {
  double start_s = 0;
  double offered = 0;         // expected customer contacts, every channel (forecast)
  // Journey-level agent time the contacts need / interval: a chat at 1/k of an agent (k
  // its roles' mean chat_concurrency), a written item in full (staffing.cpp, interval_load).
  double load_erlangs = 0;
  int erlang = 0;             // analytic answer (Erlang A, or C without patience), on phones
  int simulated = 0;          // the search's answer, on phones (all roles)
  int scheduled = 0;          // simulated with the shrinkage allowance
  std::vector<int> per_role;  // simulated, by role
  // kTargetFigures at the answer, across replications (95 % intervals).
  std::array<MeanCi, kTargetFigures.size()> achieved;
  double p_met = 0;           // share of simulated days meeting every target
  double cost = 0;            // wages of the on-phone agents over the interval (currency)
  bool met = false;           // every target met by the criterion

  const MeanCi& figure(sim::metrics::CallMetric m) const;  // m: one of kTargetFigures
};

struct StaffingResult {
  std::vector<IntervalStaffing> intervals;
  std::vector<std::vector<int>> staff;  // [interval][role], the answer
  int evaluations = 0;                  // whole-day batches simulated
  bool converged = false;               // every interval met and no agent left to trim
  double sl_threshold_s = 30;
};

StaffingResult search_staffing(const sim::model::Center& base, const StaffingOptions& o);

// Judges a given staffing (staff[k][r], as with_staffing takes it) against o's targets
// the way the search does: the figures of every interval, and whether it meets them.
std::vector<IntervalStaffing> assess_staffing(const sim::model::Center& base,
                                              const std::vector<std::vector<int>>& staff,
                                              const StaffingOptions& o);

// Judges a whole center (its own roster, breaks and absenteeism) the same way: per_role and
// simulated are the agents on shift at each interval's midpoint; cost is left 0.
std::vector<IntervalStaffing> assess_center(const sim::model::Center& c, const StaffingOptions& o);

// The center with staff[k][r] agents of role r on duty through interval k (no breaks, no
// absence): each agent's shift is a run of consecutive intervals, so a count that steps up
// and down becomes stacked shifts, as a workforce planner draws them.
sim::model::Center with_staffing(const sim::model::Center& base,
                                 const std::vector<std::vector<int>>& staff);

// Agents of each role on shift at each interval's midpoint: [interval][role].
std::vector<std::vector<int>> rostered_staff(const sim::model::Center& c);

}  // namespace analysis
