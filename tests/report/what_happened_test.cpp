// The run report's judgement of intervals (report/what_happened.h) and summary.json's
// scenario part, on a Summary built by hand: four intervals, two customer call types, one
// escalation type, two roles, one replication, so every figure is exactly what it set.
#include "report/what_happened.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace {

using sim::metrics::AgentMetric;
using sim::metrics::CallMetric;

struct Fixture {
  report::RunInfo info;
  std::vector<sim::metrics::Ratio> figures;

  Fixture() {
    info.scenario_name = "hand-built";
    info.description = "Four intervals set by hand.";
    info.call_types = {"billing", "outage", "escalated"};
    info.escalation_part = {false, false, true};
    info.roles = {"rep", "supervisor"};
    info.open_s = 8 * 3600.0;
    info.close_s = 10 * 3600.0;
    info.interval_s = 1800;
    info.intervals = 4;
    info.events = {{"surge", 8.5 * 3600, 9 * 3600, "outage calls x8"},
                   {"routing", 9.75 * 3600, 9.75 * 3600, "least_qualified_first"}};
    const report::Summary shape(info);
    figures.assign(shape.size(), {0, 1});
    const double sl[] = {0.9, 0.5, 0.7, 0.5}, ab[] = {0.01, 0.02, 0.10, 0.08};
    for (std::size_t i = 0; i < 4; ++i) {
      call(shape, i, 3, CallMetric::service_level, sl[i]);
      call(shape, i, 3, CallMetric::abandonment_rate, ab[i]);
    }
    // 09:30: billing queued, outage hardly, the escalated parts most (but they are not a
    // customer queue); rep saturated.
    call(shape, 3, 0, CallMetric::mean_queue, 4);
    call(shape, 3, 0, CallMetric::asa_s, 252);
    call(shape, 3, 1, CallMetric::mean_queue, 0.05);
    call(shape, 3, 2, CallMetric::mean_queue, 10);
    call(shape, 3, 2, CallMetric::offered, 31);
    call(shape, 3, 2, CallMetric::answered, 30);
    call(shape, 3, 2, CallMetric::asa_s, 360);
    agent(shape, 3, 0, AgentMetric::occupancy, 0.97);
    agent(shape, 3, 1, AgentMetric::occupancy, 0.6);
    // 08:30: nobody saturated; the supervisors busiest.
    agent(shape, 1, 0, AgentMetric::occupancy, 0.8);
    agent(shape, 1, 1, AgentMetric::occupancy, 0.9);
  }
  void call(const report::Summary& s, std::size_t i, std::size_t t, CallMetric m, double v) {
    figures[s.call_index(i, t, m)] = {v, 1};
  }
  void agent(const report::Summary& s, std::size_t i, std::size_t r, AgentMetric m, double v) {
    figures[s.agent_index(i, r, m)] = {v, 1};
  }
  report::Summary summary() const {
    report::Summary s(info);
    s.add(figures);
    return s;
  }
};

TEST(WhatHappened, WorstThreeByServiceLevelTiesByAbandonment) {
  const Fixture f;
  const auto s = f.summary();
  // 08:30 and 09:30 share 50 %: 09:30 abandoned more, so it comes first.
  EXPECT_EQ(report::worst_intervals(f.info, s), (std::vector<std::size_t>{3, 1, 2}));
  EXPECT_EQ(report::worst_intervals(f.info, s, 1), (std::vector<std::size_t>{3}));
}

TEST(WhatHappened, NamesQueuesSaturatedRolesEscalationsAndEventsInForce) {
  const Fixture f;
  const auto s = f.summary();
  EXPECT_EQ(report::what_happened(f.info, s, 3),
            "09:30-10:00: service level 50.0 % (goal 80 %), abandonment 8.0 % (goal at most "
            "5 %). In force: 09:45  routing: least_qualified_first. Queued most: billing "
            "waited 4.2 min on average (4.0 in queue). Saturated: rep occupancy 97 %. 31 "
            "escalated parts queued for a supervisor-capable agent and waited 6.0 min on "
            "average.");
  EXPECT_EQ(report::what_happened(f.info, s, 1),
            "08:30-09:00: service level 50.0 % (goal 80 %), abandonment 2.0 % (goal at most "
            "5 %). In force: 08:30-09:00  surge: outage calls x8. No role saturated; the "
            "busiest, supervisor, at occupancy 90 %.");
}

TEST(WhatHappened, TerminalListsIntervalsBelowTheGoalsCappedWithACount) {
  Fixture f;
  f.info.goals.abandonment_rate = 0.09;
  const auto s = f.summary();
  std::ostringstream os;
  report::print_below_goals(os, f.info, s, 2);
  EXPECT_EQ(os.str(),
            "\n  intervals below the goals (SL 80 %, abandonment at most 9 %):\n"
            "    08:30  SL 50.0 %\n"
            "    09:00  SL 70.0 % / abandonment 10.0 %\n"
            "    and 1 more (report.html lists every interval)\n");
  f.info.goals = {0.4, 0.5};  // every interval meets these: nothing printed
  std::ostringstream none;
  report::print_below_goals(none, f.info, f.summary());
  EXPECT_EQ(none.str(), "");
}

TEST(SummaryJson, CarriesTheDescriptionGoalsAndEvents) {
  const Fixture f;
  std::ostringstream os;
  report::write_summary_json(os, f.info, f.summary());
  const auto j = nlohmann::json::parse(os.str());
  EXPECT_EQ(j["description"], "Four intervals set by hand.");
  EXPECT_EQ(j["goals"]["service_level"], 0.8);
  ASSERT_EQ(j["events"].size(), 2u);
  EXPECT_EQ(j["events"][0]["text"], "08:30-09:00  surge: outage calls x8");
  EXPECT_EQ(j["events"][0]["kind"], "surge");
  EXPECT_EQ(j["events"][0]["start"], "08:30:00");
  EXPECT_EQ(j["events"][0]["end"], "09:00:00");
  EXPECT_EQ(j["events"][0]["what"], "outage calls x8");
  EXPECT_EQ(j["events"][1]["end"], "09:45:00");
}

}  // namespace
