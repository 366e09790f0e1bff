// Competency-mix comparison: several variants of one center (other rosters, more agents
// of a role, a competency raised by training) meet the same customers (common random
// numbers: replication k of every variant draws the same arrivals, work content, patience
// and outcomes), so their differences are estimated pairwise, replication by replication,
// with much narrower confidence intervals than independent runs would give.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/staffing.h"
#include "analysis/stats.h"
#include "sim/metrics/catalogue.h"
#include "sim/model/config.h"

namespace analysis {

struct Variant {
  std::string name;
  std::string description;
  sim::model::Center center;
};

using sim::metrics::AgentMetric;
using sim::metrics::CallMetric;
using sim::metrics::DayFigure;
using sim::metrics::kComparedFigures;  // the catalogue's list of compared figures

struct CompareOptions {
  std::size_t replications = 30;
  std::uint64_t seed = 1;
  std::size_t threads = 0;
  double sl_threshold_s = 30;
  // false: common random numbers; true: variant i simulates with seed + i, independent
  // streams (only to measure what CRN buys).
  bool independent = false;
  // Keep each interval's figures (comparison_intervals.csv); every variant must then have
  // the baseline's opening, closing and interval length (same_intervals).
  bool intervals = true;
};

using Figures = sim::metrics::PerFigure<double>;

struct VariantResult {
  std::string name, description;
  // Every figure of the day across replications, and its paired difference variant -
  // first variant: value[CallMetric::service_level].
  sim::metrics::PerFigure<MeanCi> value, diff;
  // The same for each interval from opening (empty unless CompareOptions::intervals).
  std::vector<sim::metrics::PerFigure<MeanCi>> interval_value, interval_diff;
  std::vector<Figures> replications;  // [replication - 1]: the day's figures
  bool on_frontier = false;   // no other variant has both lower cost and higher SL
};

struct Comparison {
  std::vector<VariantResult> variants;  // variants[0] is the baseline
  std::size_t replications = 0;
  bool independent = false;
  std::vector<double> interval_starts;  // seconds since midnight; empty: day totals only
};

// "" when `other` has `base`'s opening, closing and interval length (so interval k means
// the same half hour in both); else what differs, for an error message.
std::string same_intervals(const sim::model::Center& base, const sim::model::Center& other);

Comparison compare(const std::vector<Variant>& variants, const CompareOptions& o);

// Variants for "what buys the most service level per dollar": for every role, `add`
// more agents of it on duty from opening to closing; for every competency, one level more
// (capped at 3) for every agent of `trained_role`. Names: "+5 rep_2", "judgment +1 rep_1".
std::vector<Variant> marginal_variants(const sim::model::Center& base, int add, int trained_role);

// Paired difference a - b of one figure over the replications both ran (a and b from one
// comparison on common random numbers).
MeanCi paired_difference(const VariantResult& a, const VariantResult& b, DayFigure f);

// Ranking on several figures, each the way the catalogue says is better: lexicographic
// with statistical ties. The first figure orders the variants; those it cannot tell from
// the best at 95 % (paired interval of the difference covers 0) are ordered among
// themselves by the next figure, and so on; the last figure orders by its mean. Returns
// indices into c.variants, best first.
std::vector<std::size_t> rank_variants(const Comparison& c, const std::vector<DayFigure>& by);
// Whether any figure of `by` tells a from b at 95 % (paired interval excludes 0).
bool distinguishable(const VariantResult& a, const VariantResult& b,
                     const std::vector<DayFigure>& by);

// Swaps between roles: "rep_1-10,rep_2+7" removes ten rep_1 and adds seven rep_2.
struct Swap {
  int role = 0;
  int change = 0;  // agents added (> 0) or removed (< 0)
};
// The swap's parts, or what is wrong (an unknown role, a malformed part, a zero change).
std::variant<std::vector<Swap>, std::string> parse_swap(const std::string& text,
                                                        const sim::model::Center& base);
// "rep_1-10,rep_2+7" again, from the changes (roles in roster order, zero changes left out).
std::string swap_text(const std::vector<Swap>& swaps, const sim::model::Center& base);
// The base with the swap applied, or why it cannot be (removes more than the roster has).
// Which agents go: of each role, the removals are spread evenly over the role's agents in
// order of shift start (the k-th of n removals is the agent at position (k + 1/2) n / m of
// the m sorted), so every shift loses about its share and the coverage keeps its shape.
// Who comes: the added agents take the removed agents' places in the roster (same place,
// shift and breaks, new role and journey levels), in removal order; once those are used,
// they are appended on the roster's most common shift, copying in turn the breaks of the
// agents on it. Removed places left over are erased (the agents after them move up one
// place, and so draw absence and shrinkage from that place's streams). A removed agent's
// pulls (staff events) are not passed on to the newcomer.
std::variant<sim::model::Center, std::string> apply_swap(const sim::model::Center& base,
                                                         const std::vector<Swap>& swaps);
// The roster's planned daily cost: each agent's shift hours x the role's wage. Absence and
// overtime left out, so it is exact: what the same-budget search holds to.
double planned_cost(const sim::model::Center& c);

// The same-budget search (ccsim compare --same-budget / --cheapest-meeting): a hill climb
// over mixes reached from the base by swaps between roles, on common random numbers.
// Each step tries, from the current mix and for every ordered pair of roles (a, b), "a -m,
// b +n" for m in 1, 2, 4 with n the most the budget allows (and, for the cheapest mix,
// "a -m" alone), evaluates them all on the same replications and moves to the best if it
// beats the current mix; it stops when none does or the evaluations run out. A local
// search: the answer is the best mix it saw, not a proven optimum.
struct MixSearchOptions {
  // Maximise this figure at a planned cost not above the base's ...
  std::optional<DayFigure> maximise;
  // ... or minimise the planned cost with every target met by the day's mean figure.
  std::vector<Target> targets;
  int max_evaluations = 60;
};
struct MixSearchResult {
  std::vector<Swap> best;  // from the base; empty: nothing better than the base found
  double base_cost = 0, best_cost = 0;  // planned
  int evaluations = 0;
  bool base_meets = true;  // the targets, at the base (cheapest mix only)
  bool found = false;      // a mix better than the base (or, cheapest: meeting the targets)
};
MixSearchResult search_mix(const sim::model::Center& base, const MixSearchOptions& m,
                           const CompareOptions& o);
// Whether the day's mean figures meet every target (Target::metric on the day row).
bool meets(const Figures& mean, const std::vector<Target>& targets);

}  // namespace analysis
