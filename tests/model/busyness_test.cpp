// Arrival-rate uncertainty (sim/model/busyness.h): the day's, a call type's and the
// intervals' busyness factors give the variance the gamma-mixed Poisson model says, and a
// CV of 0 draws nothing.
//
// Flake budget: every check is a two-sided 99 % interval computed from the sample (z =
// 2.576), so with another seed each fails about 1 time in 100; with the fixed seeds here
// the outcome is deterministic. None is retried.
#include "sim/model/busyness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/metrics/statistics.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"

namespace sim::model {
namespace {

constexpr double kZ99 = 2.576;
constexpr std::uint64_t kSeed = 15;

// First attempts offered, per call type and interval (no redials or repeats are configured).
struct OfferedCounts : NullObserver {
  const Center* c;
  std::vector<std::vector<double>> n;  // [type][interval]
  explicit OfferedCounts(const Center& center)
      : c(&center), n(center.call_types.size(), std::vector<double>(center.intervals(), 0.0)) {}
  void offered(const CallFact& f, double t) {
    if (f.attempt != 0 || f.escalated_part) return;
    const auto k = static_cast<std::size_t>((t - c->open_s) / c->interval_s);
    n[f.type][k] += 1.0;
  }
};

// Each replication's [type][interval] first-attempt counts.
std::vector<std::vector<std::vector<double>>> offered(const Center& c, int reps) {
  std::vector<std::vector<std::vector<double>>> out;
  for (int r = 0; r < reps; ++r) {
    OfferedCounts obs(c);
    ContactCenter<OfferedCounts> m(c, kSeed, static_cast<std::uint64_t>(r), obs);
    m.run();
    out.push_back(std::move(obs.n));
  }
  return out;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// The sample variance with the standard error of its estimate, from the fourth central
// moment: Var(S^2) ~ (m4 - (n - 3)/(n - 1) S^4) / n.
struct VarianceCi {
  double mean, mean_se, variance, variance_se;
};
VarianceCi variance_ci(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = sum(x) / n;
  double m2 = 0, m4 = 0;
  for (double v : x) {
    const double d = (v - mean) * (v - mean);
    m2 += d;
    m4 += d * d;
  }
  const double s2 = m2 / (n - 1);
  m4 /= n;
  return {mean, std::sqrt(s2 / n), s2, std::sqrt((m4 - (n - 3) / (n - 1) * s2 * s2) / n)};
}

// Expects the day's offered calls of one type to have mean `m` and variance m + c^2 m^2.
void expect_mixed_poisson(const std::vector<double>& daily, double m, double cv) {
  const VarianceCi v = variance_ci(daily);
  const double expected = m + cv * cv * m * m;
  ::testing::Test::RecordProperty("cv_" + std::to_string(cv) + "_variance", std::to_string(v.variance));
  ::testing::Test::RecordProperty("cv_" + std::to_string(cv) + "_expected", std::to_string(expected));
  EXPECT_NEAR(v.mean, m, kZ99 * v.mean_se) << "cv " << cv;
  EXPECT_NEAR(v.variance, expected, kZ99 * v.variance_se) << "cv " << cv << ", mean " << v.mean;
}

// A single-skill day of 8 hours, 200 calls expected, ample agents, nobody redials.
Center quiet_day() {
  return fixtures::single_skill(8, 200.0 / (8 * 3600.0), 60.0, std::nullopt, 8 * 3600.0);
}

std::vector<double> daily_totals(const std::vector<std::vector<std::vector<double>>>& days,
                                 std::size_t type) {
  std::vector<double> out;
  for (const auto& d : days) out.push_back(sum(d[type]));
  return out;
}

// Jongbloed & Koole (2001): with a Gamma(mean 1, CV c) day factor the day's calls have
// variance mean + c^2 mean^2. 2000 replications.
TEST(Busyness, DayFactorGivesTheVarianceOfAGammaMixedPoisson) {
  for (const double cv : {0.2, 0.5}) {
    Center c = quiet_day();
    c.busyness.day_cv = cv;
    const double m = sum(c.arrivals[0]);
    expect_mixed_poisson(daily_totals(offered(c, 2000), 0), m, cv);
  }
}

// Without busyness the same check holds with c = 0 (Poisson): the check can tell them apart.
TEST(Busyness, WithoutItTheDayIsPoisson) {
  const Center c = quiet_day();
  const auto daily = daily_totals(offered(c, 2000), 0);
  expect_mixed_poisson(daily, sum(c.arrivals[0]), 0.0);
  const VarianceCi v = variance_ci(daily);
  EXPECT_LT(v.variance + kZ99 * v.variance_se, 200.0 + 0.2 * 0.2 * 200.0 * 200.0);
}

// A call type's own factor moves that type alone: the other stays Poisson.
TEST(Busyness, ATypeFactorLeavesTheOtherTypePoisson) {
  Center c = quiet_day();
  CallType other = c.call_types[0];
  other.name = "other";
  c.call_types.push_back(other);
  c.arrivals.push_back(c.arrivals[0]);
  c.call_types[0].busyness_cv = 0.4;
  ASSERT_EQ(c.validate(), "");
  const auto days = offered(c, 2000);
  expect_mixed_poisson(daily_totals(days, 0), sum(c.arrivals[0]), 0.4);
  expect_mixed_poisson(daily_totals(days, 1), sum(c.arrivals[1]), 0.0);
}

// Pooled lag-1 correlation of the interval counts' excess over the forecast.
double lag1_correlation(const Center& c, int reps) {
  const auto days = offered(c, reps);
  double sxy = 0, sxx = 0, syy = 0;
  for (const auto& d : days) {
    for (std::size_t k = 0; k + 1 < d[0].size(); ++k) {
      const double x = d[0][k] - c.arrivals[0][k], y = d[0][k + 1] - c.arrivals[0][k + 1];
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
  }
  return sxy / std::sqrt(sxx * syy);
}

// Interval factors whose logs follow an AR(1): neighbouring intervals move together with
// rho 0.8 and independently with rho 0. 50 calls per interval, interval CV 0.3; then
// Corr(N_k, N_k+1) = m^2 (exp(rho s^2) - 1) / (m + m^2 cv^2), s^2 = ln(1 + cv^2): 0.65 for
// rho 0.8. With rho 0, 1000 x 15 independent pairs give the correlation an SE of 0.008.
TEST(Busyness, IntervalFactorsAreCorrelatedAsConfigured) {
  Center c = fixtures::single_skill(20, 50.0 / 1800.0, 60.0, std::nullopt, 8 * 3600.0);
  c.busyness.interval_cv = 0.3;
  const double m = 50.0, s2 = std::log1p(0.09);
  c.busyness.interval_correlation = 0.8;
  const double correlated = lag1_correlation(c, 1000);
  c.busyness.interval_correlation = 0.0;
  const double independent = lag1_correlation(c, 1000);
  RecordProperty("lag1_rho_0.8", std::to_string(correlated));
  RecordProperty("lag1_rho_0", std::to_string(independent));
  EXPECT_NEAR(correlated, m * m * std::expm1(0.8 * s2) / (m + m * m * 0.09), 0.08);
  EXPECT_NEAR(independent, 0.0, kZ99 / std::sqrt(1000.0 * 15.0));
}

// A CV of 0 draws nothing: a correlation alone changes no byte of the day, and the default
// scenario's day is the same as with the struct's defaults spelled out.
TEST(Busyness, ZeroCvDrawsNothing) {
  const Center base = fixtures::default_day(1500.0, {10, 20, 5, 4, 1});
  Center zero = base;
  zero.busyness = Busyness{0.0, 0.0, 0.9};
  EXPECT_TRUE(draw_busyness(zero, kSeed, 0).empty());
  const auto a = metrics::simulate_day(base, kSeed, 0, 30.0);
  const auto b = metrics::simulate_day(zero, kSeed, 0, 30.0);
  EXPECT_EQ(a.day.offered, b.day.offered);
  EXPECT_EQ(a.day.answered, b.day.answered);
  EXPECT_EQ(a.day.wait_answered_s, b.day.wait_answered_s);
  // ... and a positive CV does change the day (so the comparison above can fail).
  Center busy = base;
  busy.busyness.day_cv = 0.3;
  EXPECT_NE(metrics::simulate_day(busy, kSeed, 0, 30.0).day.offered, a.day.offered);
}

// A surge piece inside an interval takes that interval's factor, and the forecast's rates
// are otherwise multiplied interval by interval.
TEST(Busyness, SurgePiecesTakeTheirIntervalsFactor) {
  Center c = fixtures::single_skill(1, 60.0 / 1800.0, 60.0, std::nullopt, 3 * 1800.0);
  apply_surge(c, {600.0, 2400.0, 2.0});  // inside interval 0 to inside interval 1
  ArrivalRates r = arrival_rates(c, 0);
  const ArrivalRates before = r;
  apply_busyness(c, {3.0, 5.0, 7.0}, r);
  ASSERT_EQ(r.bounds, (std::vector<double>{0, 600, 1800, 2400, 3600, 5400}));
  const std::vector<double> factor{3, 3, 5, 5, 7};
  for (std::size_t i = 0; i < r.rates.size(); ++i) {
    EXPECT_DOUBLE_EQ(r.rates[i], before.rates[i] * factor[i]) << "piece " << i;
  }
}

// Common random numbers: the factors depend on the seed, the replication and the call
// type's name, not on the roster or on the other call types.
TEST(Busyness, FactorsDependOnNeitherRosterNorOtherTypes) {
  Center c = quiet_day();
  c.busyness = Busyness{0.3, 0.2, 0.5};
  c.call_types[0].busyness_cv = 0.2;
  const auto f = draw_busyness(c, kSeed, 4);
  Center d = c;
  d.agents.resize(1);
  CallType other = c.call_types[0];
  other.name = "other";
  d.call_types.push_back(other);
  d.arrivals.push_back(d.arrivals[0]);
  const auto g = draw_busyness(d, kSeed, 4);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(f[0], g[0]);
  EXPECT_NE(g[0], g[1]);  // the new type draws its own factor
  EXPECT_NE(f, draw_busyness(c, kSeed, 5));
}

}  // namespace
}  // namespace sim::model
