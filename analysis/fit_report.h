// What `ccsim fit` shows and writes besides the scenario: the estimates as CSV tables, a
// JSON summary, the one-screen summary, and fit_report.html (analysis/html.h) with the
// data against the fitted distributions. Pure functions of the fit: same log and options,
// same bytes.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "analysis/fit.h"

namespace analysis {

// Absolute differences allowed between simulated and log figures (the acceptance of the
// calibration issue): abandonment and service level within 2 percentage points, mean wait
// within 20 %.
struct Tolerance {
  double abandonment_pp = 2, service_level_pp = 2, wait_relative = 0.20;
};
struct Verdict {
  bool abandonment = false, service_level = false, wait = false;
  bool all() const { return abandonment && service_level && wait; }
};
Verdict judge(const Figures& log, const Figures& simulated, const Tolerance& t = {});

// The fitted model simulated: the month day by day (Fit::day_centers, what the acceptance
// judges) and the average-day scenario (Fit::center) repeated.
struct Validation {
  FigureCi by_day, average_day;
  std::uint64_t seed = 1;
};

// arrivals.csv, service.csv, patience.csv, patience_km.csv, staffing.csv, summary.json,
// and validation.csv when `v` is given. Throws std::runtime_error on a write error.
void write_fit_tables(const std::filesystem::path& dir, const sim::scenario::CallLog& log,
                      const Fit& fit, const Validation* v);
void write_fit_report(const std::filesystem::path& file, const sim::scenario::CallLog& log,
                      const Fit& fit, const Validation* v);
void print_fit(std::ostream& os, const sim::scenario::CallLog& log, const Fit& fit,
               const Validation* v);

}  // namespace analysis
