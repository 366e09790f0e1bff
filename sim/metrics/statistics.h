// The statistics kernel: every mean, standard deviation and Student-t confidence interval
// across replications in ccsim comes from here (run summaries, the staffing search, mix
// comparisons), so they all follow one rule for undefined values and small samples.
//
// Undefined values: a NaN value (an interval with no calls has no service level) is left
// out, and `n` says how many values were used.
//
// The n < 2 rule: with no defined value the mean is undefined (NaN); with fewer than two,
// the spread is: sd, se and half_width are NaN, because one replication says nothing about
// its own precision. Writers show NaN as undefined (an empty CSV cell, JSON null, "–"), and
// a test against NaN bounds is false, so a decision never rests on one replication.
//
// Two estimators of a ratio figure over days (service level, ASA, occupancy ...):
//   mean of daily figures   mean over days of num_d / den_d (each day weighs the same;
//                           days where den_d = 0 are undefined and left out): mean_ci
//   pooled                  sum num_d / sum den_d (ContactCenters' "ratio of averages";
//                           each call weighs the same): RatioEstimator, with a delta-method
//                           interval. They differ where days differ in volume, most in
//                           quiet intervals; sim/metrics/catalogue.h says which figures are
//                           ratios.
#pragma once

#include <cstddef>
#include <limits>
#include <span>

namespace sim::metrics {

inline constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

// Mean and variance accumulated in the order given (Welford 1962), stable for long runs.
class Welford {
 public:
  void add(double x);  // NaN is left out
  std::size_t n() const { return n_; }
  double mean() const { return n_ ? mean_ : kUndefined; }
  double variance() const;  // sample variance (n - 1); NaN with n < 2

 private:
  double mean_ = 0, m2_ = 0;
  std::size_t n_ = 0;
};

struct MeanCi {
  double mean = 0, sd = 0;
  double half_width = 0;  // two-sided, at the confidence asked for
  std::size_t n = 0;      // values that were defined
  double se = 0;          // standard error of the estimate
  std::size_t dof = 0;    // degrees of freedom of its t interval
};

// The Student t quantile: P(T_dof <= t) = p. NaN for dof = 0.
double t_quantile(double p, std::size_t dof);

// Mean with its two-sided Student-t interval at `confidence` (0.95: the usual 95 %).
MeanCi mean_ci(const Welford& w, double confidence = 0.95);
MeanCi mean_ci(std::span<const double> values, double confidence = 0.95);

// The pooled estimator sum num / sum den over days, with the delta-method interval of a
// ratio of means: var ~ S^2(num - R den) / (n mean(den)^2). Every day counts, also one with
// den = 0 (it adds nothing to either sum); NaN values are left out. Undefined while the
// denominators sum to 0; the n < 2 rule as above.
class RatioEstimator {
 public:
  void add(double num, double den);
  MeanCi ci(double confidence = 0.95) const;

 private:
  double mean_num_ = 0, mean_den_ = 0, c_nn_ = 0, c_dd_ = 0, c_nd_ = 0;
  std::size_t n_ = 0;
};

}  // namespace sim::metrics
