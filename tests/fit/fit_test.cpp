// The calibration estimators on synthetic data with known answers, and the fit's
// determinism. Random numbers come from std::mt19937_64, whose output the standard fixes,
// turned into uniforms here, so the data are the same with every standard library.
#include "analysis/fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <vector>

#include "report/fit_report.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_writer.h"

namespace analysis {
namespace {

double uniform(std::mt19937_64& g) { return (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53; }
double exponential(std::mt19937_64& g, double mean) { return -mean * std::log(uniform(g)); }
double normal(std::mt19937_64& g) {
  return std::sqrt(-2 * std::log(uniform(g))) * std::cos(2 * M_PI * uniform(g));
}

// Callers with exponential patience (mean 300 s) meet a queue that would answer them after
// an exponential virtual wait (mean 60 s): about 83 % are answered first, so most patience
// values are censored.
struct Censored {
  std::vector<double> times;
  std::vector<char> event;
};
Censored censored_sample(std::size_t n, double patience_mean, double wait_mean, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  Censored c;
  for (std::size_t i = 0; i < n; ++i) {
    const double p = exponential(g, patience_mean), w = exponential(g, wait_mean);
    c.times.push_back(std::min(p, w));
    c.event.push_back(p < w ? 1 : 0);
  }
  return c;
}

// The censored MLE's 95 % interval covers the true mean; the naive mean of the abandoners'
// waits (expected 1 / (1/300 + 1/60) = 50 s) is nowhere near it. With this seed the check
// is fixed; over seeds the interval misses 300 about 5 % of the time, the naive estimate
// never comes within a factor of 3.
TEST(Patience, CensoredMleRecoversKnownPatienceWhileTheNaiveMeanDoesNot) {
  const Censored c = censored_sample(20000, 300, 60, 7);
  const ExponentialFit f = censored_exponential(c.times, c.event);
  EXPECT_GT(f.events, 2500u);
  EXPECT_LT(f.events, 4200u);  // heavy censoring: about 17 % abandon
  EXPECT_LE(f.mean_low, 300.0);
  EXPECT_GE(f.mean_high, 300.0);
  EXPECT_LT(f.mean_high - f.mean_low, 40.0);  // and the interval is informative
  const double naive = naive_mean(c.times, c.event);
  EXPECT_NEAR(naive, 50.0, 3.0);
  EXPECT_LT(naive, f.mean_low / 3);
}

// Kaplan-Meier needs no model: S(t) follows exp(-t/300) within 3 Greenwood standard errors
// (a 0.3 % chance per point for an unbiased estimate; three points checked).
TEST(Patience, KaplanMeierFollowsTheTrueSurvivalCurve) {
  const Censored c = censored_sample(20000, 300, 60, 11);
  const auto km = kaplan_meier(c.times, c.event);
  ASSERT_FALSE(km.empty());
  for (double t : {30.0, 100.0, 200.0}) {
    const auto it = std::upper_bound(km.begin(), km.end(), t,
                                     [](double x, const KmPoint& p) { return x < p.t; });
    ASSERT_NE(it, km.begin());
    const KmPoint& p = *std::prev(it);
    EXPECT_NEAR(p.survival, std::exp(-t / 300), 3 * p.se) << "t = " << t;
  }
  for (std::size_t i = 1; i < km.size(); ++i) EXPECT_LE(km[i].survival, km[i - 1].survival);
}

TEST(Patience, KaplanMeierCountsTiesAsEventsFirst) {
  // Times 1 (event), 2 (censored), 2 (event), 3 (event): S = 3/4, then 3/4 * (1 - 1/3), then 0.
  const std::vector<double> t = {2, 1, 3, 2};
  const std::vector<char> e = {0, 1, 1, 1};
  const auto km = kaplan_meier(t, e);
  ASSERT_EQ(km.size(), 3u);
  EXPECT_DOUBLE_EQ(km[0].survival, 0.75);
  EXPECT_DOUBLE_EQ(km[1].survival, 0.5);
  EXPECT_DOUBLE_EQ(km[2].survival, 0.0);
}

// Parameters recovered from 20,000 draws: the MLE's standard errors are about 0.5 %
// (lognormal sigma) and 1 % (gamma shape); the bounds are several of them wide.
TEST(ServiceFit, LognormalAndGammaRecoverTheirParameters) {
  std::mt19937_64 g(3);
  std::vector<double> ln, ga;
  for (int i = 0; i < 20000; ++i) ln.push_back(std::exp(5.0 + 0.8 * normal(g)));
  for (int i = 0; i < 20000; ++i) {  // gamma(3, 60) as a sum of three exponentials
    ga.push_back(exponential(g, 60) + exponential(g, 60) + exponential(g, 60));
  }
  const DistributionFit l = fit_lognormal(ln);
  EXPECT_NEAR(l.p1, 5.0, 0.03);
  EXPECT_NEAR(l.p2, 0.8, 0.02);
  const DistributionFit gm = fit_gamma(ga);
  EXPECT_NEAR(gm.p1, 3.0, 0.12);
  EXPECT_NEAR(gm.mean, 180.0, 3.0);
  // Each family fits its own data (KS below the 5 % critical value) and not the other's.
  EXPECT_LT(l.ks, ks_critical_5pct(ln.size()));
  EXPECT_LT(gm.ks, ks_critical_5pct(ga.size()));
  EXPECT_GT(fit_gamma(ln).ks, 3 * ks_critical_5pct(ln.size()));
  EXPECT_GT(fit_lognormal(ga).ks, 3 * ks_critical_5pct(ga.size()));
  // By moments: the sample mean exactly.
  double mean = 0;
  for (double x : ln) mean += x;
  EXPECT_NEAR(fit_lognormal_moments(ln).mean, mean / static_cast<double>(ln.size()), 1e-9);
}

TEST(FitOptions, ParseWeekdaysAndMonths) {
  EXPECT_EQ(parse_weekdays("sun-thu"), 0b0011111u);
  EXPECT_EQ(parse_weekdays("mon-fri"), 0b0111110u);
  EXPECT_EQ(parse_weekdays("fri-sun"), 0b1100001u);
  EXPECT_EQ(parse_weekdays("mon,wed"), 0b0001010u);
  EXPECT_FALSE(parse_weekdays("monday"));
  EXPECT_FALSE(parse_weekdays(""));
  EXPECT_EQ(parse_month("1999-10"), std::make_pair(1999, 10));
  EXPECT_FALSE(parse_month("1999-13"));
  EXPECT_FALSE(parse_month("99-10"));
}

// A small synthetic log through the whole fit: two call types, one agent each way, and the
// same records fitted twice give the same numbers.
// Ten weekdays of calls from 09:00 to 12:00, one every 120 s on average; with `swing`, odd
// days are 1 + swing and even days 1 - swing times as busy.
sim::scenario::CallLog synthetic_log(double swing = 0) {
  sim::scenario::CallLog log;
  log.files = {"synthetic"};
  log.types = {"A", "B"};
  log.agents = {"ann", "bob"};
  std::mt19937_64 g(5);
  for (int day = 0; day < 10; ++day) {
    const std::int32_t d = sim::scenario::days_from_civil(2024, 3, 4) + day;  // from a Monday
    double t = 9 * 3600;
    double free_at[2] = {0, 0};
    const double busy = 1 + (day % 2 ? swing : -swing);
    while ((t += exponential(g, 120 / busy)) < 12 * 3600) {
      sim::scenario::CallRecord r;
      r.day = d;
      r.weekday = static_cast<std::uint8_t>((1 + day) % 7);
      r.type = uniform(g) < 0.7 ? 0 : 1;
      r.arrival_s = std::floor(t);
      const int a = free_at[0] <= free_at[1] ? 0 : 1;
      const double start = std::max(r.arrival_s, free_at[a]);
      const double patience = exponential(g, 200);
      r.wait_s = start - r.arrival_s;
      r.answered = r.wait_s <= patience;
      if (!r.answered) {
        r.wait_s = std::floor(patience);
      } else {
        r.agent = a;
        r.service_known = true;
        r.service_start_s = start;
        r.service_s = std::ceil(exponential(g, r.type == 0 ? 150 : 300));
        free_at[a] = start + r.service_s + 5;
      }
      log.records.push_back(r);
    }
  }
  log.rows = log.records.size();
  return log;
}

TEST(Fit, BuildsAValidScenarioAndIsDeterministic) {
  const auto log = synthetic_log();
  FitOptions o;
  o.weekdays = 0b1111111;
  const auto a = fit_call_log(log, o), b = fit_call_log(log, o);
  ASSERT_TRUE(a.fit) << a.error;
  ASSERT_TRUE(b.fit);
  const Fit& f = *a.fit;
  EXPECT_EQ(f.days.size(), 10u);
  EXPECT_EQ(f.open_s, 9 * 3600);
  EXPECT_EQ(f.close_s, 12 * 3600);
  EXPECT_EQ(f.types, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(f.center.validate(), "");
  EXPECT_EQ(f.day_centers.size(), 10u);
  EXPECT_NEAR(f.log.offered_per_day, static_cast<double>(log.records.size()) / 10, 1e-9);
  // Expected arrivals sum to the calls kept.
  double calls = 0;
  for (const auto& row : f.center.arrivals) {
    for (double x : row) calls += x;
  }
  EXPECT_NEAR(calls * 10, static_cast<double>(f.records.size()), 1e-6);
  // Deterministic: every estimate identical.
  EXPECT_EQ(f.log.abandonment, b.fit->log.abandonment);
  for (std::size_t t = 0; t < 2; ++t) {
    EXPECT_EQ(f.service[t].lognormal.cv, b.fit->service[t].lognormal.cv);
    EXPECT_EQ(f.patience[t].mle.mean, b.fit->patience[t].mle.mean);
  }
  EXPECT_EQ(f.staffing.mean, b.fit->staffing.mean);
  ASSERT_EQ(f.center.agents.size(), b.fit->center.agents.size());
  // The log's figures use the simulator's definitions: SL of offered within 20 s.
  std::size_t within = 0;
  for (const auto& r : f.records) within += r.answered && r.wait_s <= 20;
  EXPECT_DOUBLE_EQ(f.log.service_level,
                   static_cast<double>(within) / static_cast<double>(f.records.size()));
}

// An undefined figure (no service time known, no answered call) is null in summary.json:
// the hand-written writer put nothing there, which is not JSON.
TEST(Fit, SummaryJsonIsJsonWhenAFigureIsUndefined) {
  const auto log = synthetic_log();
  FitOptions o;
  o.weekdays = 0b1111111;
  auto r = fit_call_log(log, o);
  ASSERT_TRUE(r.fit) << r.error;
  r.fit->log.service_s = std::numeric_limits<double>::quiet_NaN();
  r.fit->log.asa_s = std::numeric_limits<double>::infinity();
  Validation v;
  v.by_day.mean = v.average_day.mean = r.fit->log;  // NaN and infinity there too
  const auto dir = std::filesystem::temp_directory_path() / "ccsim_fit_summary_json_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  report::write_fit_tables(dir, log, *r.fit, &v);
  std::ifstream in(dir / "summary.json");
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove_all(dir);
  EXPECT_EQ(text.str().find("NaN"), std::string::npos);
  EXPECT_EQ(text.str().find("nf"), std::string::npos);
  const auto j = nlohmann::json::parse(text.str());  // throws on anything that is not JSON
  EXPECT_TRUE(j["log"]["mean_service_s"].is_null());
  EXPECT_TRUE(j["log"]["mean_wait_answered_s"].is_null());
  EXPECT_TRUE(j["simulated_by_day"]["mean"]["mean_service_s"].is_null());
  // A defined figure to the 10 significant digits of the CSVs.
  EXPECT_NEAR(j["log"]["abandonment"].get<double>(), r.fit->log.abandonment,
              1e-9 * r.fit->log.abandonment);
  EXPECT_EQ(j["records_kept"].get<std::size_t>(), r.fit->records.size());
}

// The day-to-day variation becomes the scenario's busyness: day_cv = sqrt((var - mean) /
// mean^2) of the daily totals, written into scenario.toml and read back; the days simulated
// one by one keep their own counts and draw no busyness on top.
TEST(Fit, WritesTheFittedDayCvIntoTheScenario) {
  const auto log = synthetic_log(0.5);
  FitOptions o;
  o.weekdays = 0b1111111;
  const auto r = fit_call_log(log, o);
  ASSERT_TRUE(r.fit) << r.error;
  std::map<std::int32_t, double> per_day;
  for (const auto& rec : log.records) per_day[rec.day] += 1;
  double mean = 0, var = 0;
  for (const auto& [d, n] : per_day) mean += n / 10;
  for (const auto& [d, n] : per_day) var += (n - mean) * (n - mean) / 9;
  const double expected = std::sqrt((var - mean) / (mean * mean));
  EXPECT_NEAR(r.fit->arrivals.day_cv, expected, 1e-12);
  EXPECT_NEAR(expected, 0.5, 0.15);  // days of 0.5 and 1.5 times the mean: CV 0.5
  EXPECT_EQ(r.fit->center.busyness.day_cv, r.fit->arrivals.day_cv);
  for (const auto& dc : r.fit->day_centers) EXPECT_FALSE(dc.busyness.any());
  const auto dir = std::filesystem::temp_directory_path() / "ccsim_fit_busyness_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  sim::scenario::write_scenario(dir, r.fit->center, {"busy", "", "", 20});
  const auto again = sim::scenario::load_scenario(dir / "scenario.toml");
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(again.scenario) << again.errors.to_string();
  EXPECT_EQ(again.scenario->center.busyness.day_cv, r.fit->arrivals.day_cv);
  // Poisson days (no swing) give a CV near 0: the estimate is not a constant.
  const auto calm = fit_call_log(synthetic_log(), o);
  ASSERT_TRUE(calm.fit);
  EXPECT_LT(calm.fit->arrivals.day_cv, 0.15);
}

TEST(Fit, SaysWhyWhenNothingIsLeft) {
  const auto log = synthetic_log();
  FitOptions o;
  o.weekdays = 0b1000000;  // Saturdays only: the synthetic log has one
  o.year = 2023;
  o.month = 1;
  const auto r = fit_call_log(log, o);
  EXPECT_FALSE(r.fit);
  EXPECT_EQ(r.error, "no records left on the chosen month and weekdays");
}

}  // namespace
}  // namespace analysis

namespace analysis {
namespace {

// A type with almost no abandons has a censored mean patience of years; written as such
// the fitted scenario would not load (durations are bounded at 30 days), which made
// `ccsim fit` fail with an internal error. Such callers never hang up within a day.
TEST(Patience, NoAbandonsWithinTheScenarioBoundIsWrittenAsNone) {
  PatienceFit p;
  p.mle.mean = 400 * 86400.0;  // one abandon in a long log
  EXPECT_FALSE(scenario_patience(p, false).has_value());
  EXPECT_FALSE(scenario_patience(p, true).has_value());
  p.mle.mean = std::numeric_limits<double>::infinity();  // no abandon at all
  EXPECT_FALSE(scenario_patience(p, false).has_value());
  p.mle.mean = 300;
  ASSERT_TRUE(scenario_patience(p, false).has_value());
  EXPECT_TRUE(std::holds_alternative<sim::engine::Exponential>(*scenario_patience(p, false)));
  EXPECT_DOUBLE_EQ(sim::engine::mean(*scenario_patience(p, false)), 300);
  // Kaplan-Meier whose exponential tail would pass the bound: the exponential instead.
  p.mle.mean = 20 * 86400.0;
  p.km = {{60, 0.99, 0.001}};
  ASSERT_TRUE(scenario_patience(p, true).has_value());
  EXPECT_TRUE(std::holds_alternative<sim::engine::Exponential>(*scenario_patience(p, true)));
  p.mle.mean = 300;
  EXPECT_TRUE(std::holds_alternative<sim::engine::Empirical>(*scenario_patience(p, true)));
}

}  // namespace
}  // namespace analysis
