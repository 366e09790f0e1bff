#include "sim/model/busyness.h"

#include <cmath>
#include <string>

#include "sim/engine/distributions.h"
#include "sim/engine/random.h"

namespace sim::model {
namespace {

// The interval factors' stream: the day's purpose with index 1 (the day's is index 0), not
// "busyness/intervals", which a call type named "intervals" would share.
constexpr std::uint64_t kIntervalStream = 1;

// Gamma with mean 1 and this CV, from its own stream; 1 (no draw) for a CV of 0.
double gamma_factor(double cv, std::uint64_t seed, std::uint64_t replication,
                    const std::string& purpose) {
  if (!(cv > 0.0)) return 1.0;
  engine::RandomStream rng(seed, replication, purpose, 0);
  return engine::Gamma::from_mean_cv(1.0, cv).sample(rng);
}

// The interval factors I_k: lognormal with mean 1 and CV `cv`, logs a stationary AR(1).
std::vector<double> interval_factors(const Busyness& b, std::size_t intervals,
                                     std::uint64_t seed, std::uint64_t replication) {
  std::vector<double> f(intervals, 1.0);
  if (!(b.interval_cv > 0.0)) return f;
  engine::RandomStream rng(seed, replication, "busyness", kIntervalStream);
  const engine::Normal standard(0.0, 1.0);
  const double s = std::sqrt(std::log1p(b.interval_cv * b.interval_cv));
  const double rho = b.interval_correlation;
  const double innovation = s * std::sqrt(1.0 - rho * rho);
  double z = s * standard.sample(rng);
  for (std::size_t k = 0; k < intervals; ++k) {
    if (k > 0) z = rho * z + innovation * standard.sample(rng);
    f[k] = std::exp(z - 0.5 * s * s);
  }
  return f;
}

}  // namespace

std::vector<std::vector<double>> draw_busyness(const Center& c, std::uint64_t seed,
                                               std::uint64_t replication) {
  bool any = c.busyness.any();
  for (const CallType& t : c.call_types) any = any || t.busyness_cv > 0.0;
  if (!any) return {};
  const double day = gamma_factor(c.busyness.day_cv, seed, replication, "busyness");
  const std::vector<double> interval = interval_factors(c.busyness, c.intervals(), seed, replication);
  std::vector<std::vector<double>> out;
  out.reserve(c.call_types.size());
  for (const CallType& t : c.call_types) {
    const double type = day * gamma_factor(t.busyness_cv, seed, replication, "busyness/" + t.name);
    std::vector<double>& row = out.emplace_back(interval);
    for (double& x : row) x *= type;
  }
  return out;
}

void apply_busyness(const Center& c, const std::vector<double>& interval_factor, ArrivalRates& r) {
  // The interval bounds are computed as arrival_rates computes them, so comparing is exact.
  std::size_t k = 0;
  for (std::size_t i = 0; i < r.rates.size(); ++i) {
    while (k + 1 < interval_factor.size() &&
           r.bounds[i] >= c.open_s + c.interval_s * static_cast<double>(k + 1)) {
      ++k;
    }
    r.rates[i] *= interval_factor[k];
  }
}

}  // namespace sim::model
