// Issue 19: staff cut by count (add_staff_counts). A count constant over the day is that
// many full-day agents, on the same streams; a drop lets the first agents of the role to
// become free leave, and leaves exactly the new count logged in once the calls in hand end.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"
#include "tests/support/same_day.h"

namespace sim::model {
namespace {

// Eight hours in half hours, 10 calls a minute at 5 minutes each: about 50 agents' work.
Center queue(int agents) {
  return fixtures::single_skill(agents, 1.0 / 6.0, 300.0, 240.0, 8 * 3600.0);
}

TEST(StaffCount, ACountConstantOverTheDayIsThatManyFullDayAgents) {
  const Center named = queue(45);
  Center counted = queue(0);
  add_staff_counts(counted, 0, std::vector<int>(counted.intervals(), 45));
  ASSERT_EQ(counted.agents.size(), 45u);
  ASSERT_EQ(counted.validate(), "");
  for (std::uint64_t r = 0; r < 2; ++r) {
    EXPECT_TRUE(fixtures::same_day(metrics::simulate_day(named, 19, r, 20),
                                   metrics::simulate_day(counted, 19, r, 20)));
  }
}

TEST(StaffCount, ARiseAndAFallMakeOneAgentPerRunOfTheCount) {
  Center c = queue(0);
  add_staff_counts(c, 0, {1, 2, 2, 1, 0, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  // Member 1: [0, 4) and [5, 16); member 2: [1, 3) and [5, 6).
  ASSERT_EQ(c.agents.size(), 4u);
  EXPECT_EQ(c.agents[0].shift_end_s, 4 * 1800.0);
  EXPECT_EQ(c.agents[1].shift_start_s, 5 * 1800.0);
  EXPECT_EQ(c.agents[2].shift_start_s, 1800.0);
  EXPECT_EQ(c.agents[3].shift_end_s, 6 * 1800.0);
}

// Records, after the drop, the agent of each completed call and each log-off, in order.
struct CutObserver : NullObserver {
  double drop_s;
  std::vector<int> completed_by, logged_off;
  std::vector<double> completed_at, logged_off_at;
  explicit CutObserver(double drop) : drop_s(drop) {}
  void completed(const CallFact&, double t, int agent, int, double, double, bool, bool) {
    if (t < drop_s) return;
    completed_by.push_back(agent);
    completed_at.push_back(t);
  }
  void agent_state(int agent, int, AgentState, AgentState to, double t) {
    if (t < drop_s || to != AgentState::offline) return;
    logged_off.push_back(agent);
    logged_off_at.push_back(t);
  }
};

// Six agents, every one busy (calls of exactly 10 minutes, far more than six can take),
// cut to two at 2 h: the first four to finish a call leave then, whichever they are, and
// once every call in hand at 2 h has ended exactly two are logged in.
TEST(StaffCount, ADropLeavesTheFirstAgentsToBecomeFreeAndThenExactlyTheNewCount) {
  Center c = queue(0);
  c.call_types[0].work_s = engine::Deterministic(600.0);
  c.call_types[0].patience_s.reset();
  std::vector<int> counts(c.intervals(), 2);
  std::fill(counts.begin(), counts.begin() + 4, 6);
  add_staff_counts(c, 0, counts);
  ASSERT_EQ(c.validate(), "");
  const double drop = 4 * 1800.0;
  CutObserver o(drop);
  ContactCenter<CutObserver> model(c, 19, 0, o);
  model.run_until(drop);
  auto logged_in = [&] {
    const auto s = model.snapshot();
    int n = 0;
    for (std::size_t f = 0; f < kFloorStates; ++f) {
      if (f != static_cast<std::size_t>(FloorState::off_shift)) n += static_cast<int>(s.agents[0][f]);
    }
    return n;
  };
  EXPECT_EQ(logged_in(), 6);  // all busy: nobody leaves at the drop itself
  model.run_until(drop + 600.0);
  EXPECT_EQ(logged_in(), 2);
  ASSERT_GE(o.completed_by.size(), 4u);
  ASSERT_GE(o.logged_off.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(o.logged_off[k], o.completed_by[k]) << k;
    EXPECT_EQ(o.logged_off_at[k], o.completed_at[k]) << k;
  }
  model.run();
  // Paid time: the matrix's head count x time, plus overtime, which holds the time past the
  // drop until each of the four left (and the serving past close).
  metrics::DayCollector collector(c, 20);
  ContactCenter<metrics::DayCollector> again(c, 19, 0, collector);
  again.run();
  const metrics::DayResults d = collector.finish(again.simulator().now(), again.center().agents);
  double past_drop = 0;
  for (std::size_t k = 0; k < 4; ++k) past_drop += o.logged_off_at[k] - drop;
  double matrix_s = 0;
  for (int n : counts) matrix_s += n * c.interval_s;
  EXPECT_NEAR(d.day_agents.paid_s, matrix_s + d.day_agents.overtime_s, 1e-6);
  EXPECT_GE(d.day_agents.overtime_s, past_drop - 1e-6);
}

}  // namespace
}  // namespace sim::model
