#include "analysis/stats.h"

#include <Eigen/Dense>
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
    r.half_width = r.se = std::numeric_limits<double>::infinity();
    return r;
  }
  if (r.n < 2) {
    r.half_width = r.se = std::numeric_limits<double>::infinity();
    return r;
  }
  r.sd = std::sqrt(m2 / static_cast<double>(r.n - 1));
  r.se = r.sd / std::sqrt(static_cast<double>(r.n));
  r.dof = r.n - 1;
  r.half_width =
      one_sided_t(0.5 + confidence / 2, r.n) * r.sd / std::sqrt(static_cast<double>(r.n));
  return r;
}

MeanCi control_variate_mean(std::span<const double> y,
                            const std::vector<std::vector<double>>& controls,
                            std::span<const double> control_means, double confidence) {
  const std::size_t q = controls.size();
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!std::isnan(y[i])) rows.push_back(i);
  }
  const std::size_t n = rows.size();
  if (q == 0 || n <= q + 2) return mean_ci(y, confidence);
  Eigen::MatrixXd z(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(q + 1));
  Eigen::VectorXd v(static_cast<Eigen::Index>(n));
  for (std::size_t r = 0; r < n; ++r) {
    const auto row = static_cast<Eigen::Index>(r);
    z(row, 0) = 1.0;
    for (std::size_t j = 0; j < q; ++j) {
      z(row, static_cast<Eigen::Index>(j + 1)) = controls[j][rows[r]] - control_means[j];
    }
    v(row) = y[rows[r]];
  }
  const Eigen::MatrixXd ztz = z.transpose() * z;
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(ztz);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      ldlt.vectorD().minCoeff() <= 1e-12 * ldlt.vectorD().maxCoeff()) {
    return mean_ci(y, confidence);  // a control that does not vary
  }
  const Eigen::VectorXd beta = ldlt.solve(z.transpose() * v);
  const Eigen::VectorXd resid = v - z * beta;
  const double dof = static_cast<double>(n - q - 1);
  const double sigma2 = resid.squaredNorm() / dof;
  const Eigen::VectorXd e0 = Eigen::VectorXd::Unit(static_cast<Eigen::Index>(q + 1), 0);
  const double var_a = sigma2 * ldlt.solve(e0)(0);
  MeanCi r;
  r.n = n;
  r.mean = beta(0);
  r.sd = std::sqrt(var_a * static_cast<double>(n));  // the sd a plain mean would need
  r.se = std::sqrt(var_a);
  r.dof = n - q - 1;
  const boost::math::students_t t(dof);
  r.half_width = boost::math::quantile(t, 0.5 + confidence / 2) * std::sqrt(var_a);
  return r;
}

}  // namespace analysis
