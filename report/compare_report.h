// What `ccsim compare` writes: comparison.csv (tidy: one row per variant and metric),
// summary.json, and the screen table with paired differences and the service level
// bought per unit of cost.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "analysis/compare.h"

namespace report {

using analysis::Comparison;
using analysis::VariantResult;

// Service-level points (percentage points of the day's SL) per 1,000 of daily cost,
// from the paired differences; NaN unless the variant costs more than the baseline with
// 95 % confidence.
double sl_points_per_1000(const VariantResult& v);
// A variant that costs nothing extra in the simulation (training) and surely raises the
// SL: what the same SL gain would cost a day as extra staff at the best staffing rate
// among `c`'s variants; NaN otherwise. Compare it with what the training costs.
double staff_equivalent_value(const Comparison& c, const VariantResult& v);

// One row per variant and compared figure (analysis::kComparedFigures, under the
// catalogue's names). Columns: variant, description, metric, mean, ci95_half_width,
// diff_vs_baseline, diff_ci95_half_width, replications, on_frontier, sl_points_per_1000,
// staff_equivalent_value.
void write_comparison_csv(std::ostream& os, const Comparison& c);
// comparison_intervals.csv, tidy: one row per variant, interval and compared figure.
// Columns: variant, interval_start (HH:MM), metric, mean, ci95_half_width,
// diff_vs_baseline, diff_ci95_half_width (paired, empty for the baseline).
void write_comparison_intervals_csv(std::ostream& os, const Comparison& c);
// comparison_replications.csv, tidy: one row per variant, replication and compared figure.
// Columns: variant, replication, metric, value (empty where undefined).
void write_comparison_replications_csv(std::ostream& os, const Comparison& c);
void write_comparison_json(std::ostream& os, const std::string& scenario_name, const Comparison& c,
                           std::uint64_t seed);
// The screen table (with the live calls' service level when `callbacks`: a callback
// taken off the queue then counts as served), then the ranking on `rank` and whether its
// top two can be told apart.
void print_comparison(std::ostream& os, const Comparison& c, bool callbacks,
                      const std::vector<analysis::DayFigure>& rank);
// report.html: paired differences with CI bars, the cost-versus-service-level frontier,
// and the table of every variant.
void write_comparison_html(std::ostream& os, const std::string& scenario_name, const Comparison& c,
                           std::uint64_t seed);

}  // namespace report
