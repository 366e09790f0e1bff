// A center written by sim/scenario/scenario_writer.h reads back as the same center: the
// shipped scenarios (roles, overflow, escalation, breaks, level overrides, a slowdown
// event, chat and written work) written out, loaded again and simulated with the same seed give the same day; a
// description with control characters reads back as written.
#include "sim/scenario/scenario_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/scenario/scenario.h"

namespace sim::scenario {
namespace {

namespace fs = std::filesystem;

void expect_round_trip(const std::string& name, const std::vector<std::string>& overrides = {}) {
  const auto original = scenario::load_scenario(
      std::string(CCSIM_SOURCE_DIR) + "/scenarios/" + name + "/scenario.toml", overrides);
  ASSERT_TRUE(original.scenario) << original.errors.to_string();
  // Its own folder per call: ctest runs the tests of this file in parallel.
  const fs::path dir = fs::temp_directory_path() /
                       ("ccsim_writer_test_" + name + "_" + std::to_string(overrides.size()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ScenarioHeader h;
  h.name = original.scenario->name;
  // Every character TOML makes a writer escape: quote, backslash, newline and the other
  // control characters (the hand-written writer left \x01 and DEL raw: the file did not load).
  h.description = "round trip \"quoted\" \\ \nsecond line\twith a tab, \x01 and \x7f";
  h.sl_threshold_s = original.scenario->sl_threshold_s;
  h.comment = "written by scenario_writer_test";
  write_scenario(dir, original.scenario->center, h);
  const auto again = scenario::load_scenario(dir / "scenario.toml");
  ASSERT_TRUE(again.scenario) << again.errors.to_string();
  const model::Center& a = original.scenario->center;
  const model::Center& b = again.scenario->center;
  EXPECT_EQ(again.scenario->description, h.description);
  EXPECT_EQ(a.agents.size(), b.agents.size());
  EXPECT_EQ(a.arrivals, b.arrivals);
  EXPECT_EQ(a.slowdowns.size(), b.slowdowns.size());
  EXPECT_EQ(a.busyness.day_cv, b.busyness.day_cv);
  EXPECT_EQ(a.busyness.interval_cv, b.busyness.interval_cv);
  EXPECT_EQ(a.busyness.interval_correlation, b.busyness.interval_correlation);
  for (std::size_t t = 0; t < a.call_types.size(); ++t) {
    EXPECT_EQ(a.call_types[t].busyness_cv, b.call_types[t].busyness_cv);
    EXPECT_EQ(a.call_types[t].callback_acceptance, b.call_types[t].callback_acceptance);
    EXPECT_EQ(a.call_types[t].ivr.has_value(), b.call_types[t].ivr.has_value());
    EXPECT_EQ(a.call_types[t].channel, b.call_types[t].channel) << a.call_types[t].name;
    EXPECT_EQ(a.call_types[t].response_goal_s, b.call_types[t].response_goal_s);
    EXPECT_EQ(a.call_types[t].role_ranks, b.call_types[t].role_ranks) << a.call_types[t].name;
    EXPECT_EQ(a.call_types[t].sl_threshold_s, b.call_types[t].sl_threshold_s);
    EXPECT_EQ(a.call_types[t].conference.has_value(), b.call_types[t].conference.has_value());
    if (a.call_types[t].conference && b.call_types[t].conference) {
      EXPECT_EQ(a.call_types[t].conference->probability, b.call_types[t].conference->probability);
      EXPECT_EQ(a.call_types[t].conference->roles, b.call_types[t].conference->roles);
    }
    const model::OutboundList &la = a.call_types[t].outbound, &lb = b.call_types[t].outbound;
    EXPECT_EQ(std::tie(la.list_size, la.right_party, la.no_answer, la.ring_s, la.wrong_party_s,
                       la.retry_after_s, la.max_attempts),
              std::tie(lb.list_size, lb.right_party, lb.no_answer, lb.ring_s, lb.wrong_party_s,
                       lb.retry_after_s, lb.max_attempts));
  }
  EXPECT_EQ(a.outbound.idle_reserve, b.outbound.idle_reserve);
  EXPECT_EQ(a.routing.agent_selection, b.routing.agent_selection);
  EXPECT_EQ(a.chat.slowdown_per_extra, b.chat.slowdown_per_extra);
  EXPECT_EQ(a.written.dedicated, b.written.dedicated);
  EXPECT_EQ(a.written.idle_reserve, b.written.idle_reserve);
  EXPECT_EQ(a.written.starting_backlog, b.written.starting_backlog);
  const model::Callbacks &ca = a.callbacks, &cb = b.callbacks;
  EXPECT_EQ(std::tie(ca.enabled, ca.offer_when_wait_above_s, ca.answer_probability,
                     ca.handle_multiplier, ca.callback_patience_s, ca.callback_priority_after_s),
            std::tie(cb.enabled, cb.offer_when_wait_above_s, cb.answer_probability,
                     cb.handle_multiplier, cb.callback_patience_s, cb.callback_priority_after_s));
  EXPECT_EQ(a.ivr_messages.size(), b.ivr_messages.size());
  EXPECT_EQ(a.at_close, b.at_close);
  EXPECT_EQ(a.shift_end.action, b.shift_end.action);
  EXPECT_EQ(a.shift_end.clear_limit_s, b.shift_end.clear_limit_s);
  EXPECT_EQ(a.shift_end.overtime_premium, b.shift_end.overtime_premium);
  for (std::size_t r = 0; r < a.roles.size(); ++r) {
    EXPECT_EQ(a.roles[r].chat_concurrency, b.roles[r].chat_concurrency) << a.roles[r].name;
    const model::Shrinkage &x = a.roles[r].shrinkage, &y = b.roles[r].shrinkage;
    EXPECT_EQ(std::tie(x.late_probability, x.late_mean_s, x.unplanned_per_hour, x.unplanned_mean_s,
                       x.break_jitter_s, x.early_probability, x.early_mean_s),
              std::tie(y.late_probability, y.late_mean_s, y.unplanned_per_hour, y.unplanned_mean_s,
                       y.break_jitter_s, y.early_probability, y.early_mean_s));
  }
  for (int rep = 1; rep <= 3; ++rep) {
    const auto x = metrics::simulate_day(a, 5, static_cast<std::uint64_t>(rep), 30);
    const auto y = metrics::simulate_day(b, 5, static_cast<std::uint64_t>(rep), 30);
    EXPECT_EQ(x.day.offered, y.day.offered);
    EXPECT_EQ(x.day.answered, y.day.answered);
    EXPECT_EQ(x.day.abandoned, y.day.abandoned);
    EXPECT_EQ(x.day.answered_within, y.day.answered_within);
    EXPECT_EQ(x.day.wait_answered_s, y.day.wait_answered_s);
    EXPECT_EQ(x.day_agents.cost, y.day_agents.cost);
    EXPECT_EQ(x.day_agents.lost_unplanned_s, y.day_agents.lost_unplanned_s);
    EXPECT_EQ(x.day.callbacks_completed, y.day.callbacks_completed);
    EXPECT_EQ(x.day.ivr_deflected, y.day.ivr_deflected);
    EXPECT_EQ(x.day.written_answered, y.day.written_answered);
    EXPECT_EQ(x.day.within_goal, y.day.within_goal);
    EXPECT_EQ(x.day.backlog_left, y.day.backlog_left);
    EXPECT_EQ(x.day_agents.chat_load_s, y.day_agents.chat_load_s);
    EXPECT_EQ(x.outbound_day.attempts, y.outbound_day.attempts);
    EXPECT_EQ(x.outbound_day.contacts, y.outbound_day.contacts);
  }
  fs::remove_all(dir);
}

TEST(ScenarioWriter, TheDefaultDayReadsBackAsTheSameDay) { expect_round_trip("default"); }
TEST(ScenarioWriter, ASlowdownEventIsWrittenAsAnEvent) { expect_round_trip("billing_slowdown"); }
TEST(ScenarioWriter, NewHiresWithLevelOverridesReadBack) { expect_round_trip("new_hires"); }
TEST(ScenarioWriter, DayEndPoliciesAndShrinkageReadBack) {
  expect_round_trip("default", {"center.at_close=call_back", "center.shift_end=clear_queue",
                                "center.shift_end_clear_limit_min=12.5", "center.overtime_premium=1.5",
                                "roles.rep_2.late_probability=0.1", "roles.rep_2.late_mean_min=7",
                                "roles.rep_2.unplanned_per_hour=0.3",
                                "roles.rep_2.unplanned_mean_min=9.5",
                                "roles.rep_2.break_jitter_min=10"});
}
TEST(ScenarioWriter, CallbacksIvrAndAnIvrMessageReadBack) { expect_round_trip("outage_storm"); }
// Group preference ranks, per-type service-level thresholds and random selection (issue 19).
TEST(ScenarioWriter, RanksThresholdsAndRandomSelectionReadBack) { expect_round_trip("bilingual"); }
// Issue 19: outbound types with their lists and [outbound]'s idle reserve.
TEST(ScenarioWriter, OutboundListsAndTheIdleReserveReadBack) { expect_round_trip("collections"); }
// front_office's first day: chat concurrency per role and its slowdown, a written type
// with its goal, [written]'s idle reserve and starting backlog.
TEST(ScenarioWriter, ChatAndWrittenCorrespondenceReadBack) { expect_round_trip("front_office"); }
// A dedicated written role (front_office blends instead) and a goal other than 24 h.
TEST(ScenarioWriter, DedicatedWrittenRoleReadsBack) {
  expect_round_trip("front_office", {"written.dedicated_roles=[\"senior_specialist\"]",
                                     "written.idle_reserve=0",
                                     "call_types.email_letter.response_goal_h=48"});
}
TEST(ScenarioWriter, BusynessReadsBack) {
  expect_round_trip("default", {"busyness.day_cv=0.17", "busyness.interval_cv=0.1",
                                "busyness.interval_correlation=0.6", "call_types.outage.busyness_cv=0.4"});
}

// Issue 19: a call type's conference (its time is checked by the same simulated day).
TEST(ScenarioWriter, AConferenceReadsBack) {
  expect_round_trip("default", {"call_types.billing_dispute.conference={ probability = 0.3, "
                                "roles = [\"supervisor\", \"assistant_manager\"], "
                                "time = { distribution = \"exponential\", mean_s = 120 } }"});
}

}  // namespace
}  // namespace sim::scenario
