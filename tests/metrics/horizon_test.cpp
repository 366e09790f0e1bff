// The multi-day horizon (sim/metrics/horizon.h): a one-day horizon is the plain day, the
// contacts carried out of one day are exactly those carried into the next (or beyond the
// horizon), overnight returns follow the day's profile, a closed day passes its contacts
// on, and warm-up days bring the returning load into the first day.
#include "sim/metrics/horizon.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "sim/scenario/scenario.h"
#include "tests/support/centers.h"

namespace sim::metrics {
namespace {

// The default day at a third of its calls, every contact that comes back doing so within
// six hours: all of day 1's carried contacts fall due before day 2's close.
model::Center short_returns_day() {
  model::Center c = fixtures::default_center({"forecast.daily_calls=4000"});
  c.customers.repeat_delay_s = engine::Deterministic(6 * 3600.0);
  c.customers.error_repeat_delay_s = engine::Deterministic(6 * 3600.0);
  c.customers.max_attempts = 10;
  return c;
}

model::Horizon days_of(const model::Center& c, std::initializer_list<bool> open) {
  model::Horizon h;
  int i = 0;
  for (bool o : open) h.days.push_back({"d" + std::to_string(++i), o, o ? c : model::Center{}});
  return h;
}

TEST(Horizon, OneDayWithoutWarmUpIsThePlainDayDrawForDraw) {
  const model::Center c = fixtures::default_center({"forecast.daily_calls=3000"});
  const auto h = simulate_horizon(days_of(c, {true}), 7, 3, 30.0);
  const DayResults d = simulate_day(c, 7, 3, 30.0);
  ASSERT_EQ(h.days.size(), 1u);
  EXPECT_EQ(h.days[0].day.offered, d.day.offered);
  EXPECT_EQ(h.days[0].day.answered_within, d.day.answered_within);
  EXPECT_EQ(h.days[0].day.carried_out, d.day.carried_out);
  EXPECT_DOUBLE_EQ(h.days[0].day.talk_s, d.day.talk_s);
  EXPECT_DOUBLE_EQ(h.days[0].day_agents.idle_s, d.day_agents.idle_s);
  EXPECT_EQ(h.beyond, d.day.carried_out);
}

// The accounting identity of the issue: what day 1 carries out, day 2 carries in.
TEST(Horizon, ContactsCarriedIntoDayTwoAreThoseDrawnAfterDayOnesClose) {
  const model::Center c = short_returns_day();
  const auto h = days_of(c, {true, true});
  std::uint64_t total = 0;
  for (std::uint64_t rep = 1; rep <= 10; ++rep) {
    const auto r = simulate_horizon(h, 11, rep, 30.0);
    EXPECT_EQ(r.days[0].day.carried_in, 0u);
    EXPECT_EQ(r.days[1].day.carried_in, r.days[0].day.carried_out) << "replication " << rep;
    EXPECT_EQ(r.beyond, r.days[1].day.carried_out);
    total += r.days[1].day.carried_in;
  }
  EXPECT_GT(total, 1000u);  // the identity is not 0 = 0
}

// With the default delays (some come back days later) the identity holds over the horizon.
TEST(Horizon, EveryCarriedContactArrivesOrIsBeyondTheHorizon) {
  const model::Center c = fixtures::default_center({"forecast.daily_calls=4000"});
  const auto h = days_of(c, {true, true, true, true});
  for (std::uint64_t rep = 1; rep <= 5; ++rep) {
    const auto r = simulate_horizon(h, 5, rep, 30.0);
    std::uint64_t out = 0, in = 0;
    for (const auto& d : r.days) out += d.day.carried_out, in += d.day.carried_in;
    EXPECT_GT(in, 0u);
    EXPECT_EQ(out, in + r.beyond);
  }
}

// Contacts due overnight come back over the day like its first calls, not all at 08:00.
TEST(Horizon, OvernightReturnsFollowTheDaysProfile) {
  const model::Center c = short_returns_day();
  const auto r = simulate_horizon(days_of(c, {true, true}), 3, 1, 30.0);
  const DayResults& d2 = r.days[1];
  std::size_t intervals_with_returns = 0;
  for (const auto& i : d2.interval) intervals_with_returns += i.carried_in > 0;
  ASSERT_GT(d2.day.carried_in, 300u);
  EXPECT_LT(static_cast<double>(d2.interval[0].carried_in),
            0.10 * static_cast<double>(d2.day.carried_in));
  EXPECT_GE(intervals_with_returns, d2.intervals - 1);
}

TEST(Horizon, AClosedDayPassesItsContactsToTheNextOpenDay) {
  const model::Center c = short_returns_day();
  const auto r = simulate_horizon(days_of(c, {true, false, true}), 2, 1, 30.0);
  EXPECT_EQ(r.days[1].intervals, 0u);  // closed: nothing happened
  EXPECT_GT(r.days[0].day.carried_out, 0u);
  EXPECT_EQ(r.days[2].day.carried_in, r.days[0].day.carried_out);
}

TEST(Horizon, WarmUpDaysBringTheReturningLoadIntoTheFirstDay) {
  const model::Center c = short_returns_day();
  auto h = days_of(c, {true, true});
  EXPECT_EQ(simulate_horizon(h, 2, 1, 30.0).days[0].day.carried_in, 0u);
  h.warm_up_days = 2;
  const auto r = simulate_horizon(h, 2, 1, 30.0);
  ASSERT_EQ(r.days.size(), 2u);
  EXPECT_GT(r.days[0].day.carried_in, 300u);
}

TEST(HorizonTotals, SumTheOpenDaysAndLeaveWaitPercentilesUndefined) {
  const model::Center c = short_returns_day();
  const auto r = simulate_horizon(days_of(c, {true, false, true}), 2, 1, 30.0);
  const auto t = combine(r.days);
  EXPECT_EQ(t.totals.day.offered, r.days[0].day.offered + r.days[2].day.offered);
  EXPECT_DOUBLE_EQ(t.totals.day_agents.paid_s,
                   r.days[0].day_agents.paid_s + r.days[2].day_agents.paid_s);
  EXPECT_DOUBLE_EQ(t.span_s, 2 * (c.close_s - c.open_s));
  EXPECT_TRUE(std::isnan(t.totals.day.wait_p90_s));
}

// scenarios/week: the days, their volumes and Saturday's own roster, Sunday closed.
TEST(HorizonScenario, TheWeekHasItsDaysVolumesAndRosters) {
  const auto week = scenario::load_scenario(std::string(CCSIM_SOURCE_DIR) + "/scenarios/week/scenario.toml");
  ASSERT_TRUE(week.scenario) << week.errors.to_string();
  const auto base = scenario::load_scenario(std::string(CCSIM_SOURCE_DIR) + "/scenarios/default/scenario.toml");
  ASSERT_TRUE(base.scenario);
  const auto calls = [](const model::Center& c) {
    double n = 0;
    for (const auto& row : c.arrivals) {
      for (double x : row) n += x;
    }
    return n;
  };
  const auto& days = week.scenario->horizon.days;
  ASSERT_EQ(days.size(), 7u);
  EXPECT_EQ(days[0].name, "Mon");
  EXPECT_NEAR(calls(days[0].center), 1.12 * calls(base.scenario->center), 1e-6);
  EXPECT_EQ(days[5].center.agents.size(), (base.scenario->center.agents.size() + 1) / 2);
  EXPECT_FALSE(days[6].open);
  EXPECT_EQ(week.scenario->horizon.warm_up_days, 2u);
  EXPECT_NEAR(calls(week.scenario->center), calls(days[0].center), 1e-6);  // what staff plans
}

}  // namespace
}  // namespace sim::metrics
