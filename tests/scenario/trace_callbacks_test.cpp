// trace.csv's IVR and callback events (sim/metrics/trace.h) on the shipped outage_storm:
// each accepted callback ends exactly once, in a completed or a failed callback, after it
// was accepted; a completed one is answered at once, with the time to the callback as its
// wait; deflections by the IVR message show up.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/metrics/trace.h"
#include "sim/scenario/scenario.h"

namespace sim::metrics {
namespace {

using Attempt = std::pair<std::uint64_t, int>;  // (customer, attempt): one contact attempt

TEST(TraceCallbacks, EachAcceptedCallbackOnOutageStormEndsExactlyOnce) {
  const auto loaded = scenario::load_scenario(std::string(CCSIM_SOURCE_DIR) +
                                              "/scenarios/outage_storm/scenario.toml");
  ASSERT_TRUE(loaded.scenario) << loaded.errors.to_string();
  TraceLog trace;
  const DayResults day = simulate_day(loaded.scenario->center, 1, 1, 30, trace);
  const auto& rec = trace.records();

  std::map<Attempt, double> accepted;  // when
  std::map<Attempt, int> ends;
  std::size_t deflected = 0, completed = 0, failed = 0;
  for (std::size_t i = 0; i < rec.size(); ++i) {
    const TraceRecord& r = rec[i];
    const Attempt a{r.call.customer, r.call.attempt};
    switch (r.event) {
      case TraceEvent::callback_accepted:
        EXPECT_TRUE(accepted.emplace(a, r.t).second) << "accepted twice: " << a.first;
        break;
      case TraceEvent::callback_completed:
      case TraceEvent::callback_failed: {
        ++ends[a];
        const auto it = accepted.find(a);
        ASSERT_NE(it, accepted.end()) << "a callback ended that was never accepted";
        EXPECT_GE(r.t, it->second);
        if (r.event == TraceEvent::callback_failed) {
          ++failed;
          break;
        }
        ++completed;
        EXPECT_DOUBLE_EQ(r.wait_s, r.t - it->second);
        ASSERT_LT(i + 1, rec.size());
        EXPECT_EQ(rec[i + 1].event, TraceEvent::answered) << "a completed callback is answered";
        EXPECT_EQ(rec[i + 1].call.customer, r.call.customer);
        break;
      }
      case TraceEvent::ivr_deflected:
        ++deflected;
        break;
      default:
        break;
    }
  }
  // The storm makes callbacks and deflections many (hundreds); a trace without them
  // would pass the loop above vacuously.
  ASSERT_GT(accepted.size(), 50u);
  EXPECT_GT(completed, 0u);
  EXPECT_GT(failed, 0u);
  EXPECT_EQ(ends.size(), accepted.size()) << "an accepted callback never ended";
  for (const auto& [a, n] : ends) EXPECT_EQ(n, 1) << "customer " << a.first;
  // The trace and the day's counts are the same facts.
  EXPECT_EQ(accepted.size(), static_cast<std::size_t>(day.day.callbacks_accepted));
  EXPECT_EQ(completed, static_cast<std::size_t>(day.day.callbacks_completed));
  EXPECT_EQ(failed, static_cast<std::size_t>(day.day.callbacks_failed));
  EXPECT_EQ(deflected, static_cast<std::size_t>(day.day.ivr_deflected));
  EXPECT_GT(deflected, 0u);
}

// --trace streams (issue 18): a TraceLog with a sink hands on the very records a keeping
// one holds, in order, field for field, and never holds more than one batch.
TEST(TraceCallbacks, StreamedTraceHandsOnEveryRecordInOrderAndHoldsOneBatch) {
  const auto loaded = scenario::load_scenario(std::string(CCSIM_SOURCE_DIR) +
                                              "/scenarios/outage_storm/scenario.toml");
  ASSERT_TRUE(loaded.scenario) << loaded.errors.to_string();
  TraceLog kept;
  simulate_day(loaded.scenario->center, 1, 1, 30, kept);
  constexpr std::size_t kBatch = 100;
  std::vector<TraceRecord> handed;
  std::size_t most_held = 0, batches = 0;
  TraceLog streamed([&](std::span<const TraceRecord> batch) {
    EXPECT_LE(batch.size(), kBatch);
    most_held = std::max(most_held, batch.size());
    ++batches;
    handed.insert(handed.end(), batch.begin(), batch.end());
  }, kBatch);
  simulate_day(loaded.scenario->center, 1, 1, 30, streamed);
  EXPECT_LE(streamed.records().size(), kBatch);
  streamed.flush();
  EXPECT_TRUE(streamed.records().empty());
  const auto& all = kept.records();
  ASSERT_GT(all.size(), 10 * kBatch);  // else one batch would hold the day
  EXPECT_EQ(most_held, kBatch);
  EXPECT_EQ(batches, (all.size() + kBatch - 1) / kBatch);
  ASSERT_EQ(handed.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const TraceRecord &a = all[i], &b = handed[i];
    ASSERT_TRUE(a.t == b.t && a.event == b.event && a.call.customer == b.call.customer &&
                a.call.attempt == b.call.attempt && a.agent == b.agent && a.role == b.role &&
                a.wait_s == b.wait_s && a.talk_s == b.talk_s && a.wrap_s == b.wrap_s &&
                a.resolved == b.resolved && a.error == b.error)
        << "record " << i << " differs";
  }
}

model::Center shipped(const char* name) {
  const auto loaded = scenario::load_scenario(std::string(CCSIM_SOURCE_DIR) + "/scenarios/" +
                                              name + "/scenario.toml");
  EXPECT_TRUE(loaded.scenario) << loaded.errors.to_string();
  return loaded.scenario ? loaded.scenario->center : model::Center{};
}

// A second agent on a call shows in the trace as the day's rows count it: one `conference`
// or `assisted` record per one held (the joining agent, of a helping role, and its time),
// one `*_missed` record per one missed (the agent who went on alone).
TEST(TraceSecondAgents, EachConferenceAndAssistIsOneRecordWithTheJoiningAgent) {
  model::Center c = shipped("default");
  std::size_t dispute = 0, supervisor = 0;
  while (c.call_types[dispute].name != "billing_dispute") ++dispute;
  while (c.roles[supervisor].name != "supervisor") ++supervisor;
  c.call_types[dispute].conference =
      model::Conference{0.5, model::RoleMask{1} << supervisor, engine::Exponential(120.0)};
  c.effects.assist_probability = {0.30, 0.10, 0.02};
  c.floor_support.assist_s = engine::Exponential(90.0);
  ASSERT_EQ(c.validate(), "");
  TraceLog trace;
  const DayResults day = simulate_day(c, 3, 1, 30, trace);
  std::map<TraceEvent, std::uint64_t> n;
  double conference_s = 0, assist_s = 0;
  for (const TraceRecord& r : trace.records()) {
    ++n[r.event];
    if (r.event == TraceEvent::conference) {
      EXPECT_EQ(r.role, static_cast<int>(supervisor));
      EXPECT_EQ(r.call.type, dispute);
      conference_s += r.talk_s;
    } else if (r.event == TraceEvent::assisted) {
      EXPECT_GE(r.agent, 0);
      EXPECT_GE(c.roles[static_cast<std::size_t>(r.role)].levels[static_cast<std::size_t>(
                    model::Competency::supervision)],
                c.floor_support.min_supervision);
      assist_s += r.talk_s;
    } else if (r.event == TraceEvent::conference_missed || r.event == TraceEvent::assist_missed) {
      EXPECT_GE(r.agent, 0);
      EXPECT_EQ(r.talk_s, 0.0);
    }
  }
  ASSERT_GT(n[TraceEvent::conference], 20u);
  ASSERT_GT(n[TraceEvent::assisted], 20u);
  EXPECT_EQ(n[TraceEvent::conference], day.day.conferences);
  EXPECT_EQ(n[TraceEvent::conference_missed], day.day.conferences_missed);
  EXPECT_NEAR(conference_s, day.day_agents.conference_s, 1e-6 * conference_s);
  EXPECT_NEAR(assist_s, day.day_agents.assist_s, 1e-6 * assist_s);
}

// Dials show as one record each, at the end of the dial: the account as the customer, its
// dial number as the attempt (0, 1, 2, ... in time order for each account), the outcome as
// the event; their counts and time are the day's outbound figures.
TEST(TraceDials, EachDialIsOneRecordWithItsAccountAttemptAndOutcome) {
  const model::Center c = shipped("collections");
  TraceLog trace;
  const DayResults day = simulate_day(c, 3, 1, 30, trace);
  std::map<TraceEvent, std::uint64_t> n;
  std::map<std::uint64_t, int> dials;  // per account, so far
  double dial_s = 0;
  for (const TraceRecord& r : trace.records()) {
    if (r.event != TraceEvent::dial_right_party && r.event != TraceEvent::dial_wrong_party &&
        r.event != TraceEvent::dial_no_answer) {
      continue;
    }
    ++n[r.event];
    EXPECT_EQ(r.call.attempt, dials[r.call.customer]++) << "account " << r.call.customer;
    EXPECT_EQ(c.call_types[r.call.type].channel, model::Channel::outbound);
    EXPECT_DOUBLE_EQ(r.call.offered_s, r.t - r.talk_s);
    EXPECT_GE(r.agent, 0);
    dial_s += r.talk_s;
  }
  ASSERT_GT(n[TraceEvent::dial_right_party], 100u);
  EXPECT_EQ(n[TraceEvent::dial_right_party], day.outbound_day.contacts);
  EXPECT_EQ(n[TraceEvent::dial_wrong_party], day.outbound_day.wrong_party);
  EXPECT_EQ(n[TraceEvent::dial_no_answer], day.outbound_day.no_answers);
  EXPECT_NEAR(dial_s, day.outbound_day.dial_s, 1e-6 * dial_s);
  EXPECT_GT(std::count_if(dials.begin(), dials.end(), [](const auto& d) { return d.second > 1; }),
            0);
}

}  // namespace
}  // namespace sim::metrics
