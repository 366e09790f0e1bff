// Means and Student-t confidence intervals across replications. Undefined values (NaN:
// an interval with no calls has no service level) are left out, and the count says how
// many were used.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace analysis {

struct MeanCi {
  double mean = 0, sd = 0;
  double half_width = 0;  // two-sided at the confidence asked for
  std::size_t n = 0;      // values that were defined
  double se = 0;          // standard error of the mean (of the estimate, with controls)
  std::size_t dof = 0;    // degrees of freedom of its t interval
};

// Two-sided interval at `confidence` (0.95: the usual 95 % interval). With n < 2 the
// half-width is infinite: one replication says nothing about its own precision.
MeanCi mean_ci(std::span<const double> values, double confidence = 0.95);

// Control-variate estimate of E[Y] (Lavenberg & Welch 1981): regress y on controls whose
// expectations `control_means` are known, y_i = a + b'(x_i - mu) + e_i, and take a; the
// interval is a's OLS interval with n - 1 - q degrees of freedom. controls[j][i] is control
// j in replication i. Replications where y is NaN are left out. Falls back to mean_ci when
// there are too few replications for the regression (n <= q + 2) or the controls do not
// vary. Eigen solves the normal equations.
MeanCi control_variate_mean(std::span<const double> y,
                            const std::vector<std::vector<double>>& controls,
                            std::span<const double> control_means, double confidence = 0.95);

// One-sided Student-t quantile t_{confidence, n-1}: mean - t sd/sqrt(n) is a lower
// confidence bound at that level.
double one_sided_t(double confidence, std::size_t n);

}  // namespace analysis
