#include "sim/metrics/statistics.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <vector>

namespace sim::metrics {

void Welford::add(double x) {
  if (std::isnan(x)) return;
  const double n = static_cast<double>(++n_);
  const double delta = x - mean_;
  mean_ += delta / n;
  m2_ += delta * (x - mean_);
}

double Welford::variance() const {
  if (n_ < 2) return kUndefined;
  return std::max(0.0, m2_ / static_cast<double>(n_ - 1));
}

namespace {
double t_quantile_uncached(double p, std::size_t dof) {
  const boost::math::students_t t(static_cast<double>(dof));
  return boost::math::quantile(t, p);
}
}  // namespace

// Boost's quantile works in long double and costs about as much as 10^4 additions; a run's
// summary asks it for every cell with the same (p, dof) (issue 18: 20 % of the README's
// default run). Each thread keeps the answers it computed: the same value, computed once.
// The cache holds one entry per (p, dof) seen, dof <= replications; cleared past kMax so
// that a long-lived process (ccsim live) cannot grow it without bound.
double t_quantile(double p, std::size_t dof) {
  if (dof == 0) return kUndefined;
  struct Entry {
    double p;
    std::size_t dof;
    double t;
  };
  constexpr std::size_t kMax = 4096;
  thread_local std::vector<Entry> cache;  // most recent last: a run asks one (p, dof) mostly
  for (auto e = cache.rbegin(); e != cache.rend(); ++e) {
    if (e->dof == dof && e->p == p) return e->t;
  }
  if (cache.size() == kMax) cache.clear();
  cache.push_back({p, dof, t_quantile_uncached(p, dof)});
  return cache.back().t;
}

namespace {

// The interval of a mean of n values with standard deviation sd (of one value), on n - 1
// degrees of freedom: t sd / sqrt(n), in that order of operations.
MeanCi with_interval(double mean, double sd, std::size_t n, double confidence) {
  MeanCi r;
  r.n = n;
  r.mean = n ? mean : kUndefined;
  if (n < 2) {
    r.sd = r.se = r.half_width = kUndefined;
    return r;
  }
  const double root_n = std::sqrt(static_cast<double>(n));
  r.sd = sd;
  r.se = sd / root_n;
  r.dof = n - 1;
  r.half_width = t_quantile(0.5 + confidence / 2, r.dof) * sd / root_n;
  return r;
}

}  // namespace

MeanCi mean_ci(const Welford& w, double confidence) {
  return with_interval(w.mean(), std::sqrt(w.variance()), w.n(), confidence);
}

MeanCi mean_ci(std::span<const double> values, double confidence) {
  Welford w;
  for (double x : values) w.add(x);
  return mean_ci(w, confidence);
}

void RatioEstimator::add(double num, double den) {
  if (std::isnan(num) || std::isnan(den)) return;
  const double n = static_cast<double>(++n_);
  const double dn = num - mean_num_, dd = den - mean_den_;
  mean_num_ += dn / n;
  mean_den_ += dd / n;
  c_nn_ += dn * (num - mean_num_);
  c_dd_ += dd * (den - mean_den_);
  c_nd_ += dn * (den - mean_den_);
}

MeanCi RatioEstimator::ci(double confidence) const {
  if (!(mean_den_ > 0)) return with_interval(kUndefined, kUndefined, 0, confidence);
  const double r = mean_num_ / mean_den_;
  // The linearised value num - r den has mean 0; its sd over mean(den) is the sd of one day
  // in the ratio's units.
  const double s2 = n_ >= 2 ? (c_nn_ - 2 * r * c_nd_ + r * r * c_dd_) / static_cast<double>(n_ - 1)
                            : kUndefined;
  return with_interval(r, std::sqrt(std::max(0.0, s2)) / mean_den_, n_, confidence);
}

}  // namespace sim::metrics
