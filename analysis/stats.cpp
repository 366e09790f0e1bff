#include "analysis/stats.h"

#include <Eigen/Dense>
#include <cmath>

namespace analysis {

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
  r.half_width = sim::metrics::t_quantile(0.5 + confidence / 2, r.dof) * std::sqrt(var_a);
  return r;
}

}  // namespace analysis
