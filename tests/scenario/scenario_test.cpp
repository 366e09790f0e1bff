// The shipped scenarios load, inheritance and overrides do what scenarios/README.md says,
// and each trainer scenario's event shows in the per-interval results where it should.
//
// The trainer checks compare a scenario with the default under the same seeds (common
// random numbers: before an event the two days are the same customers meeting the same
// agents), as paired differences across replications.
#include "sim/scenario/scenario.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "sim/metrics/day_metrics.h"

namespace sim::scenario {
namespace {

using metrics::DayResults;

const std::string kRoot = CCSIM_SOURCE_DIR;

Scenario load(const std::string& name, const std::vector<std::string>& overrides = {}) {
  const auto r = load_scenario(kRoot + "/scenarios/" + name + "/scenario.toml", overrides);
  EXPECT_TRUE(r.errors.empty()) << r.errors.to_string();
  return r.scenario.value_or(Scenario{});
}

int type_index(const Scenario& s, const std::string& name) {
  for (std::size_t i = 0; i < s.center.call_types.size(); ++i) {
    if (s.center.call_types[i].name == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no call type " << name;
  return 0;
}

double expected_calls(const Scenario& s, int type) {
  double sum = 0;
  for (double x : s.center.arrivals[static_cast<std::size_t>(type)]) sum += x;
  return sum;
}

// Replications of two scenarios with the same seeds.
struct Pair {
  std::vector<DayResults> a, b;
};
Pair simulate_pair(const Scenario& a, const Scenario& b, int reps) {
  Pair p;
  for (int r = 1; r <= reps; ++r) {
    const auto rep = static_cast<std::uint64_t>(r);
    p.a.push_back(metrics::simulate_day(a.center, 11, rep, a.sl_threshold_s));
    p.b.push_back(metrics::simulate_day(b.center, 11, rep, b.sl_threshold_s));
  }
  return p;
}

// Mean and standard error of f(a) - f(b) over the pairs.
struct Diff {
  double mean = 0, se = 0;
};
Diff paired(const Pair& p, const std::function<double(const DayResults&)>& f) {
  std::vector<double> d;
  for (std::size_t i = 0; i < p.a.size(); ++i) d.push_back(f(p.a[i]) - f(p.b[i]));
  Diff out;
  for (double x : d) out.mean += x;
  out.mean /= static_cast<double>(d.size());
  for (double x : d) out.se += (x - out.mean) * (x - out.mean);
  out.se = std::sqrt(out.se / static_cast<double>(d.size() - 1) / static_cast<double>(d.size()));
  return out;
}

TEST(ShippedScenarios, AllLoadAndValidate) {
  for (const char* name :
       {"default", "water_main_break", "billing_slowdown", "shutoff_notice_wave", "new_hires"}) {
    const auto r = load_scenario(kRoot + "/scenarios/" + name + "/scenario.toml");
    EXPECT_TRUE(r.errors.empty()) << name << ":\n" << r.errors.to_string();
    ASSERT_TRUE(r.scenario.has_value()) << name;
    EXPECT_EQ(r.scenario->center.validate(), "") << name;
    EXPECT_FALSE(r.scenario->name.empty()) << name;
  }
}

TEST(ShippedScenarios, DefaultIsAMidSizeUtilityWithTheFiveRoles) {
  const Scenario s = load("default");
  EXPECT_GE(s.center.agents.size(), 150u);
  EXPECT_LE(s.center.agents.size(), 300u);
  EXPECT_EQ(s.role_names(), (std::vector<std::string>{"rep_1", "rep_2", "senior_specialist",
                                                      "supervisor", "assistant_manager"}));
  EXPECT_EQ(s.center.interval_s, 1800.0);
  EXPECT_NEAR(expected_calls(s, type_index(s, "bill_explanation")) +
                  expected_calls(s, type_index(s, "outage")),
              11500 * (0.22 + 0.06), 1e-6);
}

// base = "../default/scenario.toml": everything inherited, [scenario] replaced key by key,
// [[events]] appended, files resolved relative to the file that names them.
TEST(Inheritance, TrainerScenarioKeepsTheDefaultAndAddsItsEvent) {
  const Scenario d = load("default"), w = load("water_main_break");
  EXPECT_NE(d.name, w.name);
  EXPECT_EQ(d.center.agents.size(), w.center.agents.size());
  EXPECT_EQ(d.role_names(), w.role_names());
  const int outage = type_index(d, "outage"), bill = type_index(d, "bill_explanation");
  const auto& da = d.center.arrivals, &wa = w.center.arrivals;
  // Intervals start at 08:00: index 3 is 09:30, 8 is 12:00, 12 is 14:00.
  for (std::size_t k = 0; k < da[0].size(); ++k) {
    const double mult = k < 3 ? 1.0 : k < 8 ? 8.0 : k < 12 ? 3.0 : 1.0;
    EXPECT_NEAR(wa[static_cast<std::size_t>(outage)][k],
                mult * da[static_cast<std::size_t>(outage)][k], 1e-9)
        << "interval " << k;
    EXPECT_EQ(wa[static_cast<std::size_t>(bill)][k], da[static_cast<std::size_t>(bill)][k]);
  }
}

TEST(Overrides, SetReplacesScalarsAndNamedArrayElements) {
  const Scenario s = load("default", {"center.absenteeism=0.2", "call_types.outage.priority=9",
                                      "roles.rep_1.wage_per_hour=30.5"});
  EXPECT_DOUBLE_EQ(s.center.absenteeism, 0.2);
  EXPECT_EQ(s.center.call_types[static_cast<std::size_t>(type_index(s, "outage"))].priority, 9);
  EXPECT_DOUBLE_EQ(s.center.roles[0].wage_per_hour, 30.5);
}

TEST(Overrides, BadValuesAreReportedAgainstTheCommandLine) {
  const auto r = load_scenario(kRoot + "/scenarios/default/scenario.toml",
                               {"center.absenteeism=2", "center.absenteism=0.1"});
  ASSERT_FALSE(r.scenario.has_value());
  const std::string text = r.errors.to_string();
  EXPECT_NE(text.find("--set: center.absenteeism: must be between 0 and 0.95, got 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("center.absenteism: unknown key; did you mean 'absenteeism'?"),
            std::string::npos)
      << text;
  const auto r2 = load_scenario(kRoot + "/scenarios/default/scenario.toml", {"nonsense"});
  EXPECT_EQ(r2.errors.to_string(), "--set: nonsense: must be key.path=value\n");
}

// The water main breaks at 09:30: before it the day is the default day call for call;
// from 09:30 outage calls multiply and the all-types service level drops.
TEST(TrainerScenarios, WaterMainBreakShowsInOutageCallsAndServiceLevelFrom0930) {
  const Scenario d = load("default"), w = load("water_main_break");
  const Pair p = simulate_pair(w, d, 20);
  const std::size_t outage = static_cast<std::size_t>(type_index(d, "outage"));
  const std::size_t types = d.center.call_types.size();
  for (std::size_t i = 0; i < p.a.size(); ++i) {
    for (std::size_t k = 0; k < 3; ++k) {  // 08:00-09:30: the same customers arrive
      EXPECT_EQ(p.a[i].interval[k].offered, p.b[i].interval[k].offered) << "interval " << k;
    }
  }
  for (std::size_t k = 3; k < 8; ++k) {  // 09:30-12:00: outage calls x 8 (CI below)
    const Diff extra = paired(p, [&](const DayResults& r) {
      return static_cast<double>(r.interval_type[k * types + outage].offered);
    });
    const double base = expected_calls(d, static_cast<int>(outage)) > 0
                            ? d.center.arrivals[outage][k]
                            : 0.0;
    EXPECT_NEAR(extra.mean, 7.0 * base, 4 * extra.se + 0.05 * 7.0 * base) << "interval " << k;
  }
  // Service level of all customers in 10:00-10:30 (interval 4): down by a margin that
  // clears 5 standard errors of the paired difference.
  const Diff sl = paired(p, [](const DayResults& r) { return r.interval[4].service_level(); });
  RecordProperty("sl_1000_drop", std::to_string(-sl.mean));
  EXPECT_LT(sl.mean + 5 * sl.se, 0.0) << "SL change " << sl.mean << " se " << sl.se;
  EXPECT_LT(sl.mean, -0.15);
}

// The billing system slows 10:00-12:00: talk time of billing calls x 1.5 there, unchanged
// in the afternoon.
TEST(TrainerScenarios, BillingSlowdownStretchesTalkTimeOnlyInItsWindow) {
  const Scenario d = load("default"), b = load("billing_slowdown");
  const Pair p = simulate_pair(b, d, 12);
  const std::size_t bill = static_cast<std::size_t>(type_index(d, "bill_explanation"));
  const std::size_t types = d.center.call_types.size();
  const auto talk_ratio = [&](std::size_t from, std::size_t to) {
    double ta = 0, ha = 0, tb = 0, hb = 0;
    for (std::size_t i = 0; i < p.a.size(); ++i) {
      for (std::size_t k = from; k < to; ++k) {
        ta += p.a[i].interval_type[k * types + bill].talk_s;
        ha += static_cast<double>(p.a[i].interval_type[k * types + bill].handled);
        tb += p.b[i].interval_type[k * types + bill].talk_s;
        hb += static_cast<double>(p.b[i].interval_type[k * types + bill].handled);
      }
    }
    return (ta / ha) / (tb / hb);
  };
  const double in = talk_ratio(4, 7), after = talk_ratio(12, 17);
  RecordProperty("talk_ratio_1000_1130", std::to_string(in));
  RecordProperty("talk_ratio_1400_1630", std::to_string(after));
  // Talk per call is lognormal with CV 0.7 and about 2,000 calls in each window: the
  // ratio's sampling error is about 0.03, so 0.15 is five of them.
  EXPECT_NEAR(in, 1.5, 0.15);
  EXPECT_NEAR(after, 1.0, 0.1);
}

TEST(TrainerScenarios, ShutoffNoticeWaveTriplesDelinquencyCalls) {
  const Scenario d = load("default"), s = load("shutoff_notice_wave");
  const int t = type_index(d, "shutoff_delinquency");
  EXPECT_NEAR(expected_calls(s, t), 3.0 * expected_calls(d, t), 1e-6);
  const Pair p = simulate_pair(s, d, 8);
  double a = 0, b = 0;
  for (std::size_t i = 0; i < p.a.size(); ++i) {
    a += static_cast<double>(p.a[i].type[static_cast<std::size_t>(t)].offered);
    b += static_cast<double>(p.b[i].type[static_cast<std::size_t>(t)].offered);
  }
  // Redials of abandoned callers come on top in the congested scenario: 3 to 3.6 times.
  EXPECT_GT(a / b, 2.9);
  EXPECT_LT(a / b, 3.6);
}

TEST(TrainerScenarios, NewHiresAddTenRepIAndLiftServiceLevel) {
  const Scenario d = load("default"), n = load("new_hires");
  EXPECT_EQ(n.center.agents.size(), d.center.agents.size() + 10);
  int added = 0;
  for (const auto& a : n.center.agents) added += a.name.rfind("added_rep_1", 0) == 0 ? 1 : 0;
  EXPECT_EQ(added, 10);
  const Pair p = simulate_pair(n, d, 12);
  const Diff sl = paired(p, [](const DayResults& r) { return r.day.service_level(); });
  RecordProperty("day_sl_gain", std::to_string(sl.mean));
  EXPECT_GT(sl.mean - 5 * sl.se, 0.0) << sl.mean << " se " << sl.se;
}

}  // namespace
}  // namespace sim::scenario
