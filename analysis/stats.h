// Estimates across replications beyond the kernel's plain mean: control variates. Means,
// intervals and the rule for undefined values and n < 2 are the statistics kernel's
// (sim/metrics/statistics.h), used here as they are.
#pragma once

#include <span>
#include <vector>

#include "sim/metrics/statistics.h"

namespace analysis {

using sim::metrics::MeanCi;
using sim::metrics::mean_ci;

// Control-variate estimate of E[Y] (Lavenberg & Welch 1981): regress y on controls whose
// expectations `control_means` are known, y_i = a + b'(x_i - mu) + e_i, and take a; the
// interval is a's OLS interval with n - 1 - q degrees of freedom. controls[j][i] is control
// j in replication i. Replications where y is NaN are left out. Falls back to mean_ci when
// there are too few replications for the regression (n <= q + 2) or the controls do not
// vary. Eigen solves the normal equations.
MeanCi control_variate_mean(std::span<const double> y,
                            const std::vector<std::vector<double>>& controls,
                            std::span<const double> control_means, double confidence = 0.95);

}  // namespace analysis
