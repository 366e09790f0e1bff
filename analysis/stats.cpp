#include "analysis/stats.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace analysis {

double one_sided_t(double confidence, std::size_t n) {
  if (n < 2) return std::numeric_limits<double>::infinity();
  const boost::math::students_t t(static_cast<double>(n - 1));
  return boost::math::quantile(t, confidence);
}

MeanCi mean_ci(std::span<const double> values, double confidence) {
  MeanCi r;
  double m2 = 0;
  for (double x : values) {  // Welford, in the order given
    if (std::isnan(x)) continue;
    ++r.n;
    const double d = x - r.mean;
    r.mean += d / static_cast<double>(r.n);
    m2 += d * (x - r.mean);
  }
  if (r.n == 0) {
    r.mean = std::numeric_limits<double>::quiet_NaN();
    r.half_width = std::numeric_limits<double>::infinity();
    return r;
  }
  if (r.n < 2) {
    r.half_width = std::numeric_limits<double>::infinity();
    return r;
  }
  r.sd = std::sqrt(m2 / static_cast<double>(r.n - 1));
  r.half_width = one_sided_t(0.5 + confidence / 2, r.n) * r.sd /
                 std::sqrt(static_cast<double>(r.n));
  return r;
}

}  // namespace analysis
