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

}  // namespace
}  // namespace sim::metrics
