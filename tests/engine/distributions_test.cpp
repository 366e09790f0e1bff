#include "sim/engine/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace sim::engine {
namespace {

constexpr std::uint64_t kSeed = 20261124;

template <class D>
std::vector<double> first_draws(const D& d, int n = 4) {
  RandomStream r(kSeed, 0, "golden");
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(static_cast<double>(d.sample(r)));
  return v;
}

void expect_draws(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_DOUBLE_EQ(got[i], want[i]) << "draw " << i;
}

// Golden first draws (SimGrid's habit): any change to an algorithm, to the seeding or to the
// number of uniforms a draw consumes shows up here, and must be made on purpose.
TEST(Samplers, GoldenFirstDrawsForAFixedSeed) {
  expect_draws(first_draws(Uniform(2.0, 5.0)),
               {2.6534162355415534, 3.8005489114799773, 3.4096587302306158, 3.5693435026165266});
  expect_draws(first_draws(Exponential(300.0)),
               {457.2459663026284, 153.15621582954958, 226.5793946612213, 194.38647238714478});
  expect_draws(first_draws(Normal(10.0, 2.0)),
               {7.1773712261722231, 7.5678061049665777, 8.3087540340182837, 9.3259137506112708});
  expect_draws(first_draws(Gamma(2.5, 4.0)),
               {2.7298918471364106, 5.1575740443996612, 6.8298210603289906, 15.9844966998792});
  expect_draws(first_draws(Gamma(0.5, 2.0)), {0.11483316502965733, 0.38428970428871972,
                                              0.013725036912837366, 1.1457368522934888});
  expect_draws(first_draws(Gamma::erlang(3, 240.0)),
               {76.974377026931634, 134.18233490519549, 172.26201555801202, 372.36853811093386});
  expect_draws(first_draws(Lognormal(300.0, 0.8)),
               {86.816038219905565, 99.593497021880196, 129.23964869730327, 184.8188701778665});
  expect_draws(first_draws(Empirical({1.0, 2.0, 4.0, 8.0})),
               {1.6534162355415534, 3.6010978229599546, 2.8193174604612321, 3.1386870052330531});
  expect_draws(first_draws(Bernoulli(0.3)), {1, 0, 0, 0});
  const std::vector<double> w{0.1, 0.2, 0.3, 0.4};
  expect_draws(first_draws(Discrete(w)), {3, 2, 3, 2});

  PiecewiseConstantArrivals a(0.0, 1800.0, {0.01, 0.05, 0.0, 0.02});
  RandomStream r(kSeed, 0, "golden");
  std::vector<double> times;
  double t = 0.0;
  for (int i = 0; i < 4; ++i) times.push_back(t = a.next(t, r));
  expect_draws(times,
               {152.41532210087612, 203.46739404405932, 278.9938589311331, 343.78934972684806});
}

// Mean and variance of n draws against theory. Tolerance: 5 standard errors, a two-sided
// chance of 5.7e-7 per check of failing by bad luck if the sampler is right (the seed is
// fixed, so the outcome is deterministic; the budget says how unlucky a seed could be).
// Standard error of the mean: sqrt(var / n); of the sample variance: sqrt((m4 - s^4) / n),
// with m4 the sample's fourth central moment.
struct Moments {
  double mean, var, m4;
};
template <class D>
Moments moments(const D& d, int n, const char* stream) {
  RandomStream r(kSeed, 1, stream);
  std::vector<double> x(static_cast<std::size_t>(n));
  double sum = 0.0;
  for (double& v : x) sum += (v = static_cast<double>(d.sample(r)));
  const double mean = sum / n;
  double s2 = 0.0, s4 = 0.0;
  for (double v : x) {
    const double c = (v - mean) * (v - mean);
    s2 += c;
    s4 += c * c;
  }
  return {mean, s2 / (n - 1), s4 / n};
}

template <class D>
void check_moments(const D& d, const char* name, int n = 400'000) {
  constexpr double z = 5.0;
  const Moments m = moments(d, n, name);
  const double se_mean = std::sqrt(d.variance() / n);
  const double se_var = std::sqrt(std::max(m.m4 - m.var * m.var, 0.0) / n);
  EXPECT_NEAR(m.mean, d.mean(), z * se_mean + 1e-12) << name << " mean";
  EXPECT_NEAR(m.var, d.variance(), z * se_var + 1e-12) << name << " variance";
}

TEST(Samplers, MeanAndVarianceAgreeWithTheory) {
  check_moments(Uniform(-3.0, 7.0), "uniform");
  check_moments(Exponential(300.0), "exponential");
  check_moments(Normal(-2.0, 5.0), "normal");
  check_moments(Gamma(2.5, 4.0), "gamma");
  check_moments(Gamma(0.3, 10.0), "gamma_small_shape");
  check_moments(Gamma::erlang(4, 200.0), "erlang");
  check_moments(Gamma::from_mean_cv(360.0, 0.5), "gamma_mean_cv");
  check_moments(Lognormal(300.0, 0.6), "lognormal");
  check_moments(Empirical({0.0, 1.0, 1.5, 4.0, 10.0}), "empirical");
  check_moments(Bernoulli(0.27), "bernoulli");
  check_moments(Deterministic(42.0), "deterministic");
}

TEST(Samplers, LognormalIsParameterisedByTheMeanAndCvOfTheValue) {
  const Lognormal d(300.0, 0.8);
  EXPECT_DOUBLE_EQ(d.sigma * d.sigma, std::log(1.0 + 0.64));
  EXPECT_NEAR(std::exp(d.mu + 0.5 * d.sigma * d.sigma), 300.0, 1e-9);
}

// Discrete: each category's frequency within 5 binomial standard errors of its weight.
TEST(Samplers, DiscreteFrequenciesMatchTheWeights) {
  const std::vector<double> w{5.0, 0.0, 1.0, 3.0, 0.5, 0.5};
  const Discrete d(w);
  RandomStream r(kSeed, 2, "discrete");
  constexpr int n = 500'000;
  std::vector<int> count(w.size());
  for (int i = 0; i < n; ++i) ++count[d.sample(r)];
  EXPECT_EQ(count[1], 0);
  for (std::size_t k = 0; k < w.size(); ++k) {
    const double p = w[k] / 10.0;
    EXPECT_DOUBLE_EQ(d.probability(k), p);
    EXPECT_NEAR(static_cast<double>(count[k]) / n, p, 5.0 * std::sqrt(p * (1 - p) / n) + 1e-12)
        << "category " << k;
  }
}

// Non-homogeneous Poisson: the count in each interval over many days has mean and variance
// equal to the integrated rate (5 standard errors each, as above).
TEST(Samplers, PiecewiseConstantArrivalsHavePoissonCountsPerInterval) {
  const std::vector<double> rates{0.02, 0.10, 0.0, 0.05};  // per second, 30-minute intervals
  const PiecewiseConstantArrivals a(3600.0, 1800.0, rates);
  RandomStream r(kSeed, 3, "arrivals");
  constexpr int days = 4000;
  std::vector<std::vector<double>> counts(rates.size(), std::vector<double>(days));
  for (int d = 0; d < days; ++d) {
    for (double t = a.next(0.0, r); t < a.end(); t = a.next(t, r)) {
      ASSERT_GE(t, a.start());
      ++counts[static_cast<std::size_t>((t - a.start()) / 1800.0)][static_cast<std::size_t>(d)];
    }
  }
  for (std::size_t k = 0; k < rates.size(); ++k) {
    const double lambda = rates[k] * 1800.0;
    const double start = 3600.0 + 1800.0 * static_cast<double>(k);
    EXPECT_DOUBLE_EQ(a.expected_count(start, start + 1800.0), lambda);
    double mean = 0.0, var = 0.0;
    for (double c : counts[k]) mean += c;
    mean /= days;
    for (double c : counts[k]) var += (c - mean) * (c - mean);
    var /= days - 1;
    // Poisson: Var(mean) = lambda/n; Var(s^2) ~ (lambda + 2 lambda^2)/n.
    EXPECT_NEAR(mean, lambda, 5.0 * std::sqrt(lambda / days) + 1e-12) << "interval " << k;
    EXPECT_NEAR(var, lambda, 5.0 * std::sqrt((lambda + 2 * lambda * lambda) / days) + 1e-12)
        << "interval " << k;
  }
}

TEST(Samplers, InvalidParametersAreRejectedWithTheSamplersName) {
  EXPECT_THROW(Exponential(0.0), std::invalid_argument);
  EXPECT_THROW(Exponential(std::nan("")), std::invalid_argument);
  EXPECT_THROW(Uniform(2.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Normal(0.0, -1.0), std::invalid_argument);
  EXPECT_THROW(Gamma(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Gamma::erlang(0, 1.0), std::invalid_argument);
  EXPECT_THROW(Gamma::from_mean_cv(240.0, 1e-200), std::invalid_argument);  // shape 1/cv^2 = inf
  EXPECT_THROW(Lognormal(-5.0, 0.5), std::invalid_argument);
  EXPECT_THROW(Empirical({1.0}), std::invalid_argument);
  EXPECT_THROW(Bernoulli(1.5), std::invalid_argument);
  const std::vector<double> zeros{0.0, 0.0};
  EXPECT_THROW(Discrete{zeros}, std::invalid_argument);
  EXPECT_THROW(PiecewiseConstantArrivals(0.0, 0.0, {1.0}), std::invalid_argument);
  EXPECT_THROW(PiecewiseConstantArrivals(0.0, 60.0, {-1.0}), std::invalid_argument);
  try {
    Lognormal(300.0, -1.0);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "lognormal: cv must be >= 0");
  }
}

TEST(Samplers, AnyDistributionDispatchesToTheChosenSampler) {
  const AnyDistribution d = Lognormal(300.0, 0.8);
  RandomStream a(kSeed, 0, "golden"), b(kSeed, 0, "golden");
  EXPECT_EQ(sample(d, a), Lognormal(300.0, 0.8).sample(b));
  EXPECT_DOUBLE_EQ(mean(d), 300.0);
  EXPECT_DOUBLE_EQ(variance(d), 300.0 * 300.0 * 0.64);
}

}  // namespace
}  // namespace sim::engine
