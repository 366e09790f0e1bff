// Issue 19: retrials that keep the issue, queue capacity and balking. Reductions first
// (a mechanism off, or degenerate, is today's model on the same streams, bit for bit),
// then what each does to a customer, checked against the customer's own draws
// (customer.h), so that a revert of the rule changes the numbers.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "sim/metrics/catalogue.h"
#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"
#include "tests/support/same_day.h"

namespace sim::model {
namespace {

constexpr std::uint64_t kSeed = 19;

metrics::DayResults day(const Center& c) {
  EXPECT_EQ(c.validate(), "");
  return metrics::simulate_day(c, kSeed, 0, 30.0);
}

// The default day under pressure: fewer agents than it needs, so calls wait, abandon,
// redial, and a queue fills.
Center busy_default() {
  Center c = fixtures::default_day(1800, {6, 14, 3, 2, 1});
  c.customers.redial_probability = 0.6;
  return c;
}

TEST(RetrialReduction, DegenerateSettingsAreTodaysModel) {
  const Center base = busy_default();
  const metrics::DayResults today = day(base);
  ASSERT_GT(today.day.abandoned, 50u);  // the mechanisms would have something to act on
  ASSERT_GT(today.day.redials, 20u);

  Center huge_queue = base;  // a capacity never reached
  huge_queue.queue_capacity = 1000000;
  EXPECT_TRUE(fixtures::same_day(today, day(huge_queue)));

  Center unheard = base;  // every type may balk, but only at a wait nobody hears
  for (CallType& t : unheard.call_types) {
    if (t.channel == Channel::phone) t.balk = {1e9, 1.0};
  }
  EXPECT_TRUE(fixtures::same_day(today, day(unheard)));

  Center never = base;  // a wait everybody hears, and a probability of 0
  for (CallType& t : never.call_types) t.balk = {0.0, 0.0};
  EXPECT_TRUE(fixtures::same_day(today, day(never)));

  Center no_redials = base;  // keeping the issue with nobody redialling
  no_redials.customers.redial_probability = 0.0;
  const metrics::DayResults without = day(no_redials);
  no_redials.customers.retrial_keeps_issue = true;
  EXPECT_TRUE(fixtures::same_day(without, day(no_redials)));
}

TEST(RetrialReduction, EachMechanismOnChangesTheDay) {
  const Center base = busy_default();
  const metrics::DayResults today = day(base);
  Center small_queue = base;
  small_queue.queue_capacity = 3;
  const metrics::DayResults q = day(small_queue);
  EXPECT_GT(q.day.blocked_queue_full, 0u);
  EXPECT_EQ(q.day.blocked, 0u);
  EXPECT_EQ(today.day.blocked_queue_full, 0u);

  Center balking = base;
  for (CallType& t : balking.call_types) {
    if (t.channel == Channel::phone) t.balk = {60.0, 0.5};
  }
  const metrics::DayResults b = day(balking);
  EXPECT_GT(b.day.balked, 0u);
  EXPECT_EQ(today.day.balked, 0u);

  Center keeps = base;
  keeps.customers.retrial_keeps_issue = true;
  EXPECT_FALSE(fixtures::same_day(today, day(keeps)));
}

// A single-skill queue of journey-level agents (talk = the work draw) where callers
// abandon and every one redials soon: each completed redial's talk is its own attempt's
// work draw, or with retrial_keeps_issue the work draw of the attempt before it.
struct Talks : NullObserver {
  std::vector<std::pair<CallFact, double>> redials;  // completed redials and their talk
  void completed(const CallFact& c, double, int, int, double talk, double, bool, bool) {
    if (c.redial) redials.emplace_back(c, talk);
  }
};

Center impatient(bool keeps) {
  Center c = fixtures::single_skill(3, 1.0 / 60.0, 240.0, 60.0, 4 * 3600.0);
  c.customers.redial_probability = 1.0;
  c.customers.redial_delay_s = engine::Exponential(120.0);
  c.customers.max_attempts = 2;  // one redial: the issue is attempt 0's
  c.customers.retrial_keeps_issue = keeps;
  return c;
}

double work_of(const Center& c, std::uint64_t customer, std::uint8_t attempt) {
  auto rng = attempt_stream(kSeed, 0, customer, attempt);
  return draw_attempt(c.call_types[0], nullptr, rng).work_s;
}

TEST(RetrialKeepsIssue, ARedialBringsTheWorkOfTheAttemptBeforeIt) {
  for (const bool keeps : {false, true}) {
    const Center c = impatient(keeps);
    ASSERT_EQ(c.validate(), "");
    Talks log;
    ContactCenter<Talks> model(c, kSeed, 0, log);
    model.run();
    ASSERT_GT(log.redials.size(), 30u);
    for (const auto& [fact, talk] : log.redials) {
      const double own = work_of(c, fact.customer, fact.attempt);
      const double first = work_of(c, fact.customer, 0);
      EXPECT_DOUBLE_EQ(talk, keeps ? first : own) << "customer " << fact.customer;
    }
  }
}

// Carried past close: the contact keeps its issue, and its time since the first attempt,
// into the next day (receive), where its talk is the first attempt's work.
TEST(RetrialKeepsIssue, ACarriedRedialKeepsTheIssueIntoTheNextDay) {
  Center c = impatient(true);
  c.customers.redial_delay_s = engine::Deterministic(5 * 3600.0);  // always after close
  NullObserver none;
  ContactCenter<NullObserver> first(c, kSeed, 0, none);
  first.run();
  std::vector<CarriedContact> due = first.carried();
  ASSERT_GT(due.size(), 10u);
  for (CarriedContact& k : due) {
    ASSERT_TRUE(k.issue.has_value());
    EXPECT_DOUBLE_EQ(k.issue->work_s, work_of(c, k.customer, 0));
    EXPECT_GT(k.age_s, 5 * 3600.0 - 1e-9);  // the redial delay, plus the wait before it
    k.due_s -= 86400.0;                      // tomorrow's clock: before opening
  }
  Talks log;
  ContactCenter<Talks> next(c, kSeed + 1, 0, log, 1);
  next.receive(due);
  next.run();
  ASSERT_GT(log.redials.size(), 5u);
  for (const auto& [fact, talk] : log.redials) {
    EXPECT_TRUE(fact.carried);
    EXPECT_DOUBLE_EQ(talk, work_of(c, fact.customer, 0));
    EXPECT_LT(fact.first_offered_s, 0.0);  // yesterday, in today's clock
  }
}

// time_to_resolve_s from the facts, independently of DayCollector: for each completion
// that resolved the issue, its time less the offer of the customer's attempt 0.
struct Resolutions : NullObserver {
  std::map<std::uint64_t, double> first;
  double sum = 0;
  std::uint64_t n = 0;
  void offered(const CallFact& c, double t) {
    if (c.attempt == 0 && !c.escalated_part) first.emplace(c.customer, t);
  }
  void completed(const CallFact& c, double t, int, int, double, double, bool resolved, bool) {
    if (!resolved) return;
    sum += t - first.at(c.customer);
    ++n;
  }
};

TEST(TimeToResolve, SpansEveryAttemptFromTheFirstOffer) {
  Center c = busy_default();
  c.customers.retrial_keeps_issue = true;
  metrics::DayCollector collector(c, 30.0);
  Resolutions facts;
  metrics::Tee<metrics::DayCollector, Resolutions> both{collector, facts};
  ContactCenter<decltype(both)> model(c, kSeed, 0, both);
  model.run();
  const metrics::DayResults r = collector.finish(model.simulator().now());
  ASSERT_GT(facts.n, 100u);
  const double written_too = metrics::value(metrics::CallMetric::time_to_resolve_s, r.day);
  EXPECT_NEAR(written_too, facts.sum / static_cast<double>(facts.n), 1e-6 * written_too);
  // Longer than the talk alone: the waits, and the earlier attempts, count.
  EXPECT_GT(written_too, metrics::value(metrics::CallMetric::talk_s, r.day));
}

}  // namespace
}  // namespace sim::model
