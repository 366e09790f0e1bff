// IVR, IVR messages and callbacks (issue 16, part C): the reductions the issue demands
// (containment 0 and no time is no IVR; acceptance 0 is no callbacks), the accounting of
// every callback, and where an IVR message acts. The comparisons with Erlang C are in
// tests/validation/queueing_validation_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"
#include "tests/support/same_day.h"

namespace sim::model {
namespace {

using fixtures::default_center;
using fixtures::default_day;
using fixtures::same_day;
using fixtures::type_index;
using metrics::simulate_day;

// The default day with a third of its agents: queues long enough for callbacks.
Center busy_day() { return default_day(3000.0, {8, 20, 2, 4, 1}); }

TEST(Ivr, ZeroTimeAndZeroContainmentEqualsNoIvr) {
  const Center plain = default_center();
  Center with = plain;
  for (CallType& t : with.call_types) t.ivr = Ivr{engine::Deterministic(0.0), 0.0};
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    EXPECT_TRUE(same_day(simulate_day(plain, 7, rep, 30.0), simulate_day(with, 7, rep, 30.0)))
        << "replication " << rep;
  }
  // The comparison can fail: containment changes the day.
  with.call_types[0].ivr->containment = 0.5;
  EXPECT_FALSE(same_day(simulate_day(plain, 7, 0, 30.0), simulate_day(with, 7, 0, 30.0)));
}

// The share contained is the configured one (binomial: 5 standard errors, a false failure
// below 1e-6 per seed), and contained calls never reach an agent.
TEST(Ivr, ContainsTheConfiguredShareAndTheRestQueue) {
  Center c = default_center();
  const auto bill = static_cast<std::size_t>(type_index(c, "bill_explanation"));
  c.call_types[bill].ivr = Ivr{engine::Exponential(45.0), 0.4};
  const auto r = simulate_day(c, 11, 0, 30.0);
  const auto& t = r.type[bill];
  const double n = static_cast<double>(t.offered - t.blocked);
  ASSERT_GT(n, 500.0);
  EXPECT_NEAR(static_cast<double>(t.ivr_contained) / n, 0.4, 5.0 * std::sqrt(0.24 / n));
  EXPECT_EQ(t.ivr_contained + t.answered + t.abandoned + t.cleared + t.blocked, t.offered);
  EXPECT_EQ(r.day.ivr_contained, t.ivr_contained);
}

// A message deflects only callers of its types who enter the IVR while it plays.
TEST(Ivr, AMessageDeflectsItsShareOnlyWhileItPlays) {
  Center c = default_center();
  const auto outage = static_cast<std::size_t>(type_index(c, "outage"));
  const auto bill = static_cast<std::size_t>(type_index(c, "bill_explanation"));
  for (std::size_t t : {outage, bill}) c.call_types[t].ivr = Ivr{engine::Deterministic(20.0), 0.0};
  c.ivr_messages.push_back({10 * 3600.0, 14 * 3600.0, 0.6, std::uint64_t{1} << outage});
  ASSERT_EQ(c.validate(), "");
  const auto r = simulate_day(c, 5, 0, 30.0);
  EXPECT_EQ(r.type[bill].ivr_deflected, 0u);
  std::uint64_t inside = 0, offered_inside = 0;
  for (std::size_t k = 0; k < r.intervals; ++k) {
    const double start = c.open_s + c.interval_s * static_cast<double>(k);
    const auto& cell = r.interval_type[k * r.types + outage];
    const bool plays = start >= 10 * 3600.0 && start < 14 * 3600.0;
    if (!plays) {
      EXPECT_EQ(cell.ivr_deflected, 0u) << "interval " << k;
    } else {
      inside += cell.ivr_deflected, offered_inside += cell.offered - cell.blocked;
    }
  }
  const double n = static_cast<double>(offered_inside);
  ASSERT_GT(n, 100.0);
  EXPECT_NEAR(static_cast<double>(inside) / n, 0.6, 5.0 * std::sqrt(0.24 / n));
}

// The live view's lever: a message injected at t gives the day the [[events]] entry
// starting at t gives (t between events, so the order at t cannot differ).
TEST(Ivr, AnInjectedMessageEqualsTheScenarioEvent) {
  Center c = default_center();
  const auto outage = static_cast<std::size_t>(type_index(c, "outage"));
  c.call_types[outage].ivr = Ivr{engine::Exponential(30.0), 0.1};
  const double at = 11 * 3600.0 + 0.123, end = 13 * 3600.0;
  const std::uint64_t types = std::uint64_t{1} << outage;
  Center scheduled = c;
  scheduled.ivr_messages.push_back({at, end, 0.5, types});
  const auto run = [](const Center& center, double inject_at, std::uint64_t mask, double to) {
    metrics::DayCollector collector(center, 30.0);
    ContactCenter<metrics::DayCollector> cc(center, 8, 1, collector);
    if (mask != 0) {
      cc.run_until(inject_at);
      cc.inject_ivr_message(to, 0.5, mask);
    }
    cc.run();
    return collector.finish(cc.simulator().now());
  };
  const auto injected = run(c, at, types, end), planned = run(scheduled, 0, 0, 0);
  EXPECT_GT(planned.day.ivr_deflected, 0u);
  EXPECT_TRUE(same_day(injected, planned));
}

TEST(Callbacks, AcceptanceZeroEqualsNoCallbacks) {
  const Center plain = busy_day();
  Center with = plain;
  with.callbacks.enabled = true;
  with.callbacks.offer_when_wait_above_s = 30.0;
  for (CallType& t : with.call_types) t.callback_acceptance = 0.0;
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    EXPECT_TRUE(same_day(simulate_day(plain, 9, rep, 30.0), simulate_day(with, 9, rep, 30.0)))
        << "replication " << rep;
  }
  with.call_types[0].callback_acceptance = 0.5;  // the comparison can fail
  EXPECT_FALSE(same_day(simulate_day(plain, 9, 0, 30.0), simulate_day(with, 9, 0, 30.0)));
}

// Every accepted callback ends once: completed or failed; each completed one is answered
// after its delay; accepted / offered is the acceptance (binomial, 5 standard errors).
TEST(Callbacks, EveryAcceptedCallbackIsCompletedOrFailedOnce) {
  Center c = busy_day();
  c.callbacks = {true, 60.0, 0.8, 1.2, 1800.0, 900.0};
  for (CallType& t : c.call_types) t.callback_acceptance = 0.6;
  ASSERT_EQ(c.validate(), "");
  const auto r = simulate_day(c, 3, 0, 30.0);
  const auto& d = r.day;
  const double offered = static_cast<double>(d.callbacks_offered);
  ASSERT_GT(offered, 200.0);
  EXPECT_NEAR(static_cast<double>(d.callbacks_accepted) / offered, 0.6,
              5.0 * std::sqrt(0.24 / offered));
  EXPECT_EQ(d.callbacks_completed + d.callbacks_failed, d.callbacks_accepted);
  EXPECT_GT(d.callbacks_failed, 0u);  // unanswered (20%) at least
  EXPECT_GT(d.callback_delay_s, 0.0);
  // Not placed within the patience: no completed callback waited longer than it.
  EXPECT_LE(d.callback_delay_s / static_cast<double>(d.callbacks_completed), 1800.0);
}

// An agent with a callback waiting past callback_priority_after_s places it before live
// calls: a shorter priority time gives shorter delays to the callbacks of the same day.
TEST(Callbacks, APriorityTimeShortensTheDelayToTheCallback) {
  Center c = busy_day();
  c.callbacks = {true, 60.0, 1.0, 1.0, 4 * 3600.0, 4 * 3600.0};
  for (CallType& t : c.call_types) t.callback_acceptance = 0.5;
  const auto mean_delay = [&](double priority_after_s) {
    c.callbacks.callback_priority_after_s = priority_after_s;
    const auto d = simulate_day(c, 4, 0, 30.0).day;
    return d.callback_delay_s / static_cast<double>(d.callbacks_completed);
  };
  EXPECT_LT(mean_delay(300.0), mean_delay(4 * 3600.0));
}

}  // namespace
}  // namespace sim::model
