// The metric catalogue: one undefined rule, the figures computed from known counts, names
// that are unique, and documented where users read them.
#include "sim/metrics/catalogue.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace sim::metrics {
namespace {

TEST(Catalogue, EveryRateOfADayWithNoCallsIsUndefinedAndEveryCountIsZero) {
  const CallStats none;
  for (CallMetric m : call_metrics()) {
    const double v = value(m, none, {1800, false});
    if (def(m).unit == Unit::calls && m != CallMetric::mean_queue && m != CallMetric::backlog_left) {
      EXPECT_EQ(v, 0.0) << def(m).name;
    } else if (m != CallMetric::mean_queue && m != CallMetric::backlog_left) {
      EXPECT_TRUE(std::isnan(v)) << def(m).name << " = " << v;
      EXPECT_FALSE(def(m).undefined.empty()) << def(m).name << " must say when it is undefined";
    }
  }
  // The rate methods are the catalogue's values: undefined, never 0.
  EXPECT_TRUE(std::isnan(none.service_level()));
  EXPECT_TRUE(std::isnan(none.service_level(SlVariant::of_offered)));
  EXPECT_TRUE(std::isnan(none.abandonment_rate()));
  EXPECT_TRUE(std::isnan(none.asa_s()));
  EXPECT_TRUE(std::isnan(AgentStats{}.occupancy()));
}

TEST(Catalogue, FiguresFollowTheirDefinitions) {
  const CallStats c{.offered = 100,
                    .answered = 90,
                    .abandoned = 10,
                    .short_abandoned = 4,
                    .answered_within = 72,
                    .handled = 80,
                    .resolved = 60,
                    .wait_answered_s = 900,
                    .talk_s = 16000,
                    .wrap_s = 4000,
                    .queue_area = 3600};
  EXPECT_DOUBLE_EQ(value(CallMetric::service_level, c), 72.0 / 96.0);
  EXPECT_DOUBLE_EQ(value(CallMetric::asa_s, c), 10.0);
  EXPECT_DOUBLE_EQ(value(CallMetric::abandonment_rate, c), 0.1);
  EXPECT_DOUBLE_EQ(value(CallMetric::aht_s, c), 250.0);
  EXPECT_DOUBLE_EQ(value(CallMetric::fcr_rate, c), 0.75);
  EXPECT_DOUBLE_EQ(value(CallMetric::mean_queue, c, {1800, false}), 2.0);
  EXPECT_TRUE(std::isnan(value(CallMetric::mean_queue, c, {36000, true})));  // interval only

  const AgentStats a{.logged_in_s = 7200, .talking_s = 3600, .wrapping_s = 1200,
                     .on_break_s = 1200, .paid_s = 7200, .cost = 50, .handled = 20,
                     .agents_present = 2};
  EXPECT_DOUBLE_EQ(value(AgentMetric::occupancy, a, {1800, false}), 0.8);
  EXPECT_DOUBLE_EQ(value(AgentMetric::staffed, a, {1800, false}), 4.0);
  EXPECT_DOUBLE_EQ(value(AgentMetric::on_phones, a, {1800, false}), 6000.0 / 1800);
  EXPECT_DOUBLE_EQ(value(AgentMetric::paid_h, a, {1800, false}), 2.0);
  EXPECT_DOUBLE_EQ(value(AgentMetric::cost_per_handled, a, {1800, false}), 2.5);
  EXPECT_DOUBLE_EQ(value(AgentMetric::agents_present, a, {36000, true}), 2.0);
  EXPECT_TRUE(std::isnan(value(AgentMetric::agents_present, a, {1800, false})));  // day only
}

TEST(Catalogue, NamesAreUniqueSnakeCaseAndEveryFigureIsDescribed) {
  const auto check = [](const MetricDef& d, std::set<std::string_view>& seen) {
    EXPECT_TRUE(seen.insert(d.name).second) << d.name << " twice";
    for (char ch : d.name) EXPECT_TRUE(std::islower(ch) || std::isdigit(ch) || ch == '_') << d.name;
    EXPECT_FALSE(d.label.empty()) << d.name;
    EXPECT_FALSE(d.definition.empty()) << d.name;
    EXPECT_FALSE(unit_name(d.unit).empty()) << d.name;
  };
  std::set<std::string_view> calls, agents;
  for (CallMetric m : call_metrics()) check(def(m), calls);
  for (AgentMetric m : agent_metrics()) check(def(m), agents);
  EXPECT_EQ(calls.size(), kCallMetrics);
  EXPECT_EQ(agents.size(), kAgentMetrics);
  // A pooled figure is a ratio: it has a rule for when it is undefined.
  for (CallMetric m : call_metrics()) {
    if (def(m).pooled) {
      EXPECT_FALSE(def(m).undefined.empty()) << def(m).name;
    }
  }
}

// scenarios/README.md documents every column of calls.csv and agents.csv under the
// catalogue's name, in a table row of the section of its file.
TEST(Catalogue, TheScenarioReadmeDocumentsEveryFigureByItsName) {
  std::ifstream in(std::string(CCSIM_SOURCE_DIR) + "/scenarios/README.md");
  ASSERT_TRUE(in) << "scenarios/README.md not found";
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const auto section = [&](const std::string& heading) {
    const auto from = readme.find(heading);
    EXPECT_NE(from, std::string::npos) << heading;
    return readme.substr(from, readme.find("\n### ", from + 1) - from);
  };
  const std::string calls = section("### calls.csv"), agents = section("### agents.csv");
  for (CallMetric m : call_metrics()) {
    EXPECT_NE(calls.find("`" + std::string(def(m).name) + "`"), std::string::npos) << def(m).name;
  }
  for (AgentMetric m : agent_metrics()) {
    EXPECT_NE(agents.find("`" + std::string(def(m).name) + "`"), std::string::npos)
        << def(m).name;
  }
}

TEST(Catalogue, DayFiguresIndexEitherTable) {
  PerFigure<int> f;
  f[CallMetric::asa_s] = 1;
  f[DayFigure(AgentMetric::cost)] = 2;
  EXPECT_EQ(f.calls[index(CallMetric::asa_s)], 1);
  EXPECT_EQ(f[AgentMetric::cost], 2);
  EXPECT_EQ(def(DayFigure(AgentMetric::paid_h)).name, "paid_h");
}

}  // namespace
}  // namespace sim::metrics
