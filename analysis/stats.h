// Means and Student-t confidence intervals across replications. Undefined values (NaN:
// an interval with no calls has no service level) are left out, and the count says how
// many were used.
#pragma once

#include <cstddef>
#include <span>

namespace analysis {

struct MeanCi {
  double mean = 0, sd = 0;
  double half_width = 0;  // two-sided at the confidence asked for
  std::size_t n = 0;      // values that were defined
};

// Two-sided interval at `confidence` (0.95: the usual 95 % interval). With n < 2 the
// half-width is infinite: one replication says nothing about its own precision.
MeanCi mean_ci(std::span<const double> values, double confidence = 0.95);

// One-sided Student-t quantile t_{confidence, n-1}: mean - t sd/sqrt(n) is a lower
// confidence bound at that level.
double one_sided_t(double confidence, std::size_t n);

}  // namespace analysis
