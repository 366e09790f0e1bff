// The statistics kernel: Welford against the textbook formulas, Student-t intervals against
// published quantiles, the n < 2 rule, and the pooled ratio estimator's coverage.
#include "sim/metrics/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/engine/distributions.h"
#include "sim/engine/random.h"

namespace sim::metrics {
namespace {

// {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, sample variance 32/7. t(0.975, 7) = 2.364624 (any
// table of Student's t).
TEST(Statistics, MeanAndIntervalOfKnownValues) {
  const std::vector<double> x = {2, 4, 4, 4, 5, 5, 7, 9};
  const MeanCi m = mean_ci(x);
  EXPECT_EQ(m.n, 8u);
  EXPECT_EQ(m.dof, 7u);
  EXPECT_DOUBLE_EQ(m.mean, 5.0);
  EXPECT_NEAR(m.sd, std::sqrt(32.0 / 7), 1e-12);
  EXPECT_NEAR(m.se, std::sqrt(32.0 / 7 / 8), 1e-12);
  EXPECT_NEAR(m.half_width, 2.364624 * std::sqrt(32.0 / 7 / 8), 1e-6);
  EXPECT_NEAR(t_quantile(0.975, 7), 2.364624, 1e-6);
}

// The quantile is cached per (p, dof) (issue 18): asked in any order, each pair still gets
// its own published value (t(0.95, 7) = 1.894579, t(0.975, 29) = 2.045230).
TEST(Statistics, TQuantileAskedInAnyOrderGivesEachPairItsOwnValue) {
  for (int round = 0; round < 3; ++round) {
    EXPECT_NEAR(t_quantile(0.975, 7), 2.364624, 1e-6);
    EXPECT_NEAR(t_quantile(0.95, 7), 1.894579, 1e-6);
    EXPECT_NEAR(t_quantile(0.975, 29), 2.045230, 1e-6);
    EXPECT_TRUE(std::isnan(t_quantile(0.975, 0)));
  }
}

TEST(Statistics, UndefinedValuesAreLeftOutAndCounted) {
  const double nan = std::nan("");
  const MeanCi m = mean_ci(std::vector<double>{nan, 1, 3, nan});
  EXPECT_EQ(m.n, 2u);
  EXPECT_DOUBLE_EQ(m.mean, 2.0);
}

// The n < 2 rule (statistics.h): the mean needs one value, the spread two.
TEST(Statistics, FewerThanTwoValuesLeaveTheSpreadUndefined) {
  const MeanCi none = mean_ci(std::vector<double>{});
  EXPECT_EQ(none.n, 0u);
  EXPECT_TRUE(std::isnan(none.mean));
  EXPECT_TRUE(std::isnan(none.half_width));
  const MeanCi one = mean_ci(std::vector<double>{4.5});
  EXPECT_EQ(one.n, 1u);
  EXPECT_DOUBLE_EQ(one.mean, 4.5);
  EXPECT_TRUE(std::isnan(one.sd));
  EXPECT_TRUE(std::isnan(one.se));
  EXPECT_TRUE(std::isnan(one.half_width));
  RatioEstimator r;
  r.add(1, 2);
  EXPECT_DOUBLE_EQ(r.ci().mean, 0.5);
  EXPECT_TRUE(std::isnan(r.ci().half_width));
  EXPECT_TRUE(std::isnan(RatioEstimator{}.ci().mean));
}

// The two estimators of a ratio differ: a quiet day (1 call, not answered in time) and a
// busy one (9 of 10): the mean of daily figures is 0.45, the pooled ratio 9/11. A day with
// no calls is undefined for the first and adds nothing to the second.
TEST(Statistics, PooledRatioIsTheRatioOfSums) {
  RatioEstimator pooled;
  Welford daily;
  for (const auto& [num, den] : {std::pair{0.0, 1.0}, {9.0, 10.0}, {0.0, 0.0}}) {
    pooled.add(num, den);
    daily.add(den > 0 ? num / den : std::nan(""));
  }
  EXPECT_DOUBLE_EQ(pooled.ci().mean, 9.0 / 11.0);
  EXPECT_EQ(pooled.ci().n, 3u);
  EXPECT_DOUBLE_EQ(daily.mean(), 0.45);
  EXPECT_EQ(daily.n(), 2u);
}

// Coverage of the pooled interval: days of Poisson(20) calls, each answered in time with
// probability 0.8, so the true ratio is 0.8. Over 2000 samples of 40 days the 95 % interval
// must cover it 95 % of the time; binomial(2000, 0.95) has sd 0.49 %, and the tolerance of
// 2.5 % is 5 sd (flake budget below 1e-6), wide enough for the delta method's small bias.
TEST(Statistics, PooledIntervalCoversTheTrueRatio) {
  engine::RandomStream rng(5, 1, "test", 0);
  const engine::Exponential gap(1.0);
  int covered = 0;
  const int samples = 2000;
  for (int s = 0; s < samples; ++s) {
    RatioEstimator r;
    for (int day = 0; day < 40; ++day) {
      double den = 0, num = 0, t = gap.sample(rng);
      for (; t < 20.0; t += gap.sample(rng)) {  // Poisson(20) arrivals in [0, 20)
        ++den;
        num += rng.uniform01() < 0.8 ? 1 : 0;
      }
      r.add(num, den);
    }
    const MeanCi ci = r.ci();
    covered += std::fabs(ci.mean - 0.8) <= ci.half_width;
  }
  EXPECT_NEAR(covered / static_cast<double>(samples), 0.95, 0.025);
}

}  // namespace
}  // namespace sim::metrics
