// Competency-mix comparison: several variants of one center (other rosters, more agents
// of a role, a competency raised by training) meet the same customers (common random
// numbers: replication k of every variant draws the same arrivals, work content, patience
// and outcomes), so their differences are estimated pairwise, replication by replication,
// with much narrower confidence intervals than independent runs would give.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/stats.h"
#include "sim/metrics/catalogue.h"
#include "sim/model/config.h"

namespace analysis {

struct Variant {
  std::string name;
  std::string description;
  sim::model::Center center;
};

// The day's figures compared, in this order: catalogue entries (sim/metrics/catalogue.h)
// of the all-types row (calls) and the all-roles row (agents). Names, labels, units and
// which way is better are the catalogue's.
using sim::metrics::AgentMetric;
using sim::metrics::CallMetric;
using sim::metrics::DayFigure;
inline constexpr std::array<DayFigure, 9> kComparedFigures = {
    CallMetric::service_level, CallMetric::asa_s,       CallMetric::abandonment_rate,
    CallMetric::fcr_rate,      CallMetric::repeat_rate, AgentMetric::occupancy,
    AgentMetric::cost,         AgentMetric::paid_h,     CallMetric::live_service_level};

struct CompareOptions {
  std::size_t replications = 30;
  std::uint64_t seed = 1;
  std::size_t threads = 0;
  double sl_threshold_s = 30;
  // false: common random numbers; true: variant i simulates with seed + i, independent
  // streams (only to measure what CRN buys).
  bool independent = false;
};

struct VariantResult {
  std::string name, description;
  // Every figure of the day across replications, and its paired difference variant -
  // first variant: value[CallMetric::service_level].
  sim::metrics::PerFigure<MeanCi> value, diff;
  bool on_frontier = false;   // no other variant has both lower cost and higher SL
};

struct Comparison {
  std::vector<VariantResult> variants;  // variants[0] is the baseline
  std::size_t replications = 0;
  bool independent = false;
};

Comparison compare(const std::vector<Variant>& variants, const CompareOptions& o);

// Variants for "what buys the most service level per dollar": for every role, `add`
// more agents of it on duty from opening to closing; for every competency, one level more
// (capped at 3) for every agent of `trained_role`. Names: "+5 rep_2", "judgment +1 rep_1".
std::vector<Variant> marginal_variants(const sim::model::Center& base, int add, int trained_role);

}  // namespace analysis
