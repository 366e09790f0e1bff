// Random shrinkage (Role::shrinkage) and the shift-end and close policies (Center::shift_end,
// Center::at_close).
//
// The shrinkage tests run thousands of agents through a day without calls, so that every
// change of state is shrinkage or a break, and compare what the model publishes (lost()
// facts, the agents' states) with the configuration. Each tolerance is stated in standard
// errors next to the check; with 4.5 standard errors per check a check fails with another
// seed with a chance of about 7e-6, the file about 1e-4. The seed is fixed, so the run is
// reproducible, not retried.
//
// The policy tests use one agent, calls of exactly 1000 s that never hang up, all waiting
// from the start (handed to the model as contacts due at 0), so every answer and log-off
// time is known and a revert of the policy changes them.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"

namespace sim::model {
namespace {

using fixtures::single_skill;

constexpr double kShift = 8 * 3600.0;
constexpr int kAgents = 2000;  // per role

// Everything the model says, kept as plain rows.
struct Log : NullObserver {
  struct Lost {
    int agent, role;
    LostTime kind;
    double seconds, t;
  };
  struct State {
    int agent, role;
    AgentState from, to;
    double t;
  };
  std::vector<Lost> lost_rows;
  std::vector<State> states;
  std::vector<double> answers, cleared_at;
  int carried_calls = 0;
  void lost(int agent, int role, LostTime kind, double seconds, double t) {
    lost_rows.push_back({agent, role, kind, seconds, t});
  }
  void agent_state(int agent, int role, AgentState from, AgentState to, double t) {
    states.push_back({agent, role, from, to, t});
  }
  void answered(const CallFact&, double t, double, int, int) { answers.push_back(t); }
  void cleared(const CallFact&, double t, double) { cleared_at.push_back(t); }
  void carried(const CallFact&, double, double) { ++carried_calls; }
};

// A day of kShift without calls: roles "late_early", "unplanned" and "jitter", kAgents each
// on shift all day; the jitter role's agents have one 15-minute break planned at 4 h.
Center quiet_day() {
  Center c = single_skill(0, 0.0, 100.0, std::nullopt, kShift);
  const Role plain = c.roles[0];
  c.roles = {plain, plain, plain};
  c.roles[0].name = "late_early";
  c.roles[0].shrinkage.late_probability = 0.2;
  c.roles[0].shrinkage.late_mean_s = 600;
  c.roles[0].shrinkage.early_probability = 0.1;
  c.roles[0].shrinkage.early_mean_s = 900;
  c.roles[1].name = "unplanned";
  c.roles[1].shrinkage.unplanned_per_hour = 0.5;
  c.roles[1].shrinkage.unplanned_mean_s = 360;
  c.roles[2].name = "jitter";
  c.roles[2].shrinkage.break_jitter_s = 600;
  for (int r = 0; r < 3; ++r) {
    for (int i = 0; i < kAgents; ++i) {
      Agent a;
      a.name = "a" + std::to_string(r) + "_" + std::to_string(i);
      a.role = r;
      a.shift_end_s = kShift;
      if (r == 2) a.breaks = {{4 * 3600.0, 900.0}};
      c.agents.push_back(a);
    }
  }
  return c;
}

Log run_quiet(const Center& c, std::uint64_t replication = 0) {
  EXPECT_EQ(c.validate(), "");
  Log log;
  ContactCenter<Log> m(c, 17, replication, log);
  m.run();
  return log;
}

struct Sample {
  double n = 0, sum = 0;
  double mean() const { return sum / n; }
};

TEST(Shrinkage, LateAndEarlySharesAndMeansMatchTheConfiguration) {
  const Center c = quiet_day();
  const Log log = run_quiet(c);
  Sample late, early;
  for (const auto& l : log.lost_rows) {
    if (l.role != 0) continue;
    Sample& s = l.kind == LostTime::late ? late : early;
    ASSERT_NE(l.kind, LostTime::unplanned);
    s.n += 1;
    s.sum += l.seconds;
  }
  const Shrinkage& k = c.roles[0].shrinkage;
  // Shares: binomial over kAgents; means: exponential, se = mean / sqrt(n).
  auto share_se = [](double p) { return std::sqrt(p * (1 - p) / kAgents); };
  EXPECT_NEAR(late.n / kAgents, k.late_probability, 4.5 * share_se(k.late_probability));
  EXPECT_NEAR(early.n / kAgents, k.early_probability, 4.5 * share_se(k.early_probability));
  EXPECT_NEAR(late.mean(), k.late_mean_s, 4.5 * k.late_mean_s / std::sqrt(late.n));
  EXPECT_NEAR(early.mean(), k.early_mean_s, 4.5 * k.early_mean_s / std::sqrt(early.n));
}

// The published lateness is when the agent logs in; the time left early, when it logs off.
TEST(Shrinkage, ALateAgentJoinsAndAnEarlyOneLeavesWhenTheFactsSay) {
  const Log log = run_quiet(quiet_day());
  std::vector<double> joined(3 * kAgents, -1), left(3 * kAgents, -1);
  for (const auto& s : log.states) {
    const auto i = static_cast<std::size_t>(s.agent);
    if (s.from == AgentState::offline && joined[i] < 0) joined[i] = s.t;
    if (s.to == AgentState::offline) left[i] = s.t;
  }
  int checked = 0;
  for (const auto& l : log.lost_rows) {
    const auto i = static_cast<std::size_t>(l.agent);
    if (l.kind == LostTime::late) {
      EXPECT_EQ(l.t, 0.0);
      EXPECT_DOUBLE_EQ(joined[i], l.seconds) << l.agent;
      ++checked;
    } else if (l.kind == LostTime::early) {
      EXPECT_DOUBLE_EQ(left[i], l.t) << l.agent;
      EXPECT_DOUBLE_EQ(l.t + l.seconds, kShift) << l.agent;
      ++checked;
    }
  }
  EXPECT_GT(checked, kAgents / 5);
}

TEST(Shrinkage, UnplannedStartsPerHourAndMeanLengthMatchTheConfiguration) {
  const Center c = quiet_day();
  const Log log = run_quiet(c);
  // Starts in the first 7 h only: one beginning later may be cut at the shift end.
  const double window_h = 7.0;
  Sample length;
  for (const auto& l : log.lost_rows) {
    if (l.role == 0 || l.role == 2) {
      EXPECT_NE(l.kind, LostTime::unplanned);
    }
    if (l.role != 1 || l.t >= window_h * 3600) continue;
    length.n += 1;
    length.sum += l.seconds;
  }
  const Shrinkage& k = c.roles[1].shrinkage;
  const double expected = k.unplanned_per_hour * window_h * kAgents;  // Poisson: se = sqrt
  EXPECT_NEAR(length.n, expected, 4.5 * std::sqrt(expected));
  EXPECT_NEAR(length.mean(), k.unplanned_mean_s, 4.5 * k.unplanned_mean_s / std::sqrt(length.n));
  // Each is lost in full: the role's time off the phones is their sum (no breaks here).
  double away = 0, lost = 0;
  std::vector<double> since(3 * kAgents, -1);
  for (const auto& s : log.states) {
    if (s.role != 1) continue;
    const auto i = static_cast<std::size_t>(s.agent);
    if (s.to == AgentState::on_break) since[i] = s.t;
    if (s.from == AgentState::on_break) away += s.t - since[i];
  }
  for (const auto& l : log.lost_rows) lost += l.role == 1 ? l.seconds : 0.0;
  EXPECT_NEAR(away, lost, 1e-6 * lost);
}

// The jittered break starts are uniform on planned +- break_jitter_s: all inside, mean at
// the plan, and each quarter of the range holds a quarter of them (chi-square, 3 degrees
// of freedom, below 20.5: p = 1.3e-4).
TEST(Shrinkage, BreakStartsAreUniformWithinTheJitter) {
  const Center c = quiet_day();
  const Log log = run_quiet(c);
  const double planned = 4 * 3600.0, j = c.roles[2].shrinkage.break_jitter_s;
  std::vector<double> quarters(4, 0.0);
  Sample start;
  for (const auto& s : log.states) {
    if (s.role != 2 || s.to != AgentState::on_break) continue;
    ASSERT_GE(s.t, planned - j);
    ASSERT_LE(s.t, planned + j);
    start.n += 1;
    start.sum += s.t;
    quarters[std::min<std::size_t>(3, static_cast<std::size_t>((s.t - planned + j) / (j / 2)))] += 1;
  }
  ASSERT_EQ(start.n, kAgents);
  EXPECT_NEAR(start.mean(), planned, 4.5 * (j / std::sqrt(3.0)) / std::sqrt(start.n));
  double chi2 = 0;
  for (double q : quarters) chi2 += (q - kAgents / 4.0) * (q - kAgents / 4.0) / (kAgents / 4.0);
  EXPECT_LT(chi2, 20.5);
  // Without jitter every break starts at the plan.
  Center fixed = c;
  fixed.roles[2].shrinkage.break_jitter_s = 0;
  for (const auto& s : run_quiet(fixed).states) {
    if (s.role == 2 && s.to == AgentState::on_break) {
      ASSERT_EQ(s.t, planned);
    }
  }
}

// The day's figures: lost hours per role in agents.csv are the lost() facts, and planned
// hours the shifts less planned breaks, whatever the shrinkage.
TEST(Shrinkage, DayFiguresCarryThePlannedAndLostHours) {
  const Center c = quiet_day();
  const Log log = run_quiet(c);
  const auto r = metrics::simulate_day(c, 17, 0, 30.0);
  double late = 0, early = 0, unplanned = 0;
  for (const auto& l : log.lost_rows) {
    (l.kind == LostTime::late ? late : l.kind == LostTime::early ? early : unplanned) += l.seconds;
  }
  EXPECT_NEAR(r.day_agents.lost_late_s, late, 1e-6 * late);
  EXPECT_NEAR(r.day_agents.lost_early_s, early, 1e-6 * early);
  EXPECT_NEAR(r.day_agents.lost_unplanned_s, unplanned, 1e-6 * unplanned);
  EXPECT_DOUBLE_EQ(r.day_agents.planned_s, 3 * kAgents * kShift - kAgents * 900.0);
  EXPECT_DOUBLE_EQ(r.day_agents.paid_s, 3 * kAgents * kShift);  // leaving early is still paid
}

// Unplanned time off is taken like a pull: an agent on a call finishes it first.
TEST(Shrinkage, UnplannedTimeOffWaitsForTheCallInHand) {
  Center c = single_skill(5, 0.5, 100.0, std::nullopt, kShift);  // always a queue
  c.roles[0].shrinkage.unplanned_per_hour = 2;
  c.roles[0].shrinkage.unplanned_mean_s = 300;
  Log log;
  ContactCenter<Log> m(c, 3, 0, log);
  m.run();
  int breaks = 0;
  for (const auto& s : log.states) {
    if (s.to != AgentState::on_break) continue;
    ++breaks;
    EXPECT_EQ(s.from, AgentState::talking);
  }
  EXPECT_GT(breaks, 40);
  // One due while the agent is already away follows it without a change of state.
  EXPECT_LE(static_cast<std::size_t>(breaks), log.lost_rows.size());
}

// Without shrinkage nothing is drawn: a role's shrinkage changes only its own agents.
TEST(Shrinkage, OneRolesShrinkageLeavesAnotherRolesAgentsAlone) {
  Center c = quiet_day();
  c.roles[1].shrinkage = {};
  const Log with = run_quiet(c);
  c.roles[0].shrinkage.late_probability = 0.5;
  const Log other = run_quiet(c);
  auto of_role = [](const Log& l, int role) {
    std::vector<double> t;
    for (const auto& s : l.states) {
      if (s.role == role) t.push_back(s.t);
    }
    return t;
  };
  EXPECT_EQ(of_role(with, 2), of_role(other, 2));
  EXPECT_NE(of_role(with, 0), of_role(other, 0));
  for (const auto& l : with.lost_rows) EXPECT_NE(l.role, 1);
}

// --- shift end and close -------------------------------------------------------------

constexpr double kCall = 1000.0;

// One agent on [0, shift_end), open [0, close); `calls` callers waiting from 0, each call
// exactly kCall long, nobody hangs up, every issue resolved.
struct Policy {
  Log log;
  std::vector<CarriedContact> carried;
  metrics::DayResults day;
};
Policy run_policy(double shift_end, double close, int calls,
                  const std::function<void(Center&)>& set) {
  Center c = single_skill(1, 0.0, kCall, std::nullopt, close);
  c.call_types[0].work_s = engine::Deterministic(kCall);
  c.agents[0].shift_end_s = shift_end;
  set(c);
  EXPECT_EQ(c.validate(), "");
  std::vector<CarriedContact> due;
  for (int k = 0; k < calls; ++k) due.push_back({static_cast<std::uint64_t>(k), 0.0, 0, 1, false});
  Policy p;
  metrics::DayCollector collector(c, 30.0);
  metrics::Tee<Log, metrics::DayCollector> tee{p.log, collector};
  ContactCenter<metrics::Tee<Log, metrics::DayCollector>> m(c, 5, 0, tee);
  m.receive(due);
  m.run();
  p.carried = m.carried();
  p.day = collector.finish(m.simulator().now());
  return p;
}
double logged_off(const Log& log) { return log.states.back().t; }

// Calls at 0, 1000, 2000, 3000 (the one in hand at the 3600 s shift end); the fifth waits.
TEST(ShiftEnd, FinishCallFinishesTheCallInHandAndTakesNoOther) {
  const Policy p = run_policy(3600, 7200, 6, [](Center& c) { c.at_close = AtClose::clear; });
  EXPECT_EQ(p.log.answers, (std::vector<double>{0, 1000, 2000, 3000}));
  EXPECT_EQ(logged_off(p.log), 4000);
  EXPECT_EQ(p.log.cleared_at, (std::vector<double>{7200, 7200}));
  EXPECT_DOUBLE_EQ(p.day.day_agents.overtime_s, 400);
}

// clear_queue with a 1000 s limit: the call free at 4000 (< 3600 + 1000) is taken, the one
// free at 5000 is not; a limit of 400 s ends exactly at 4000: not taken.
TEST(ShiftEnd, ClearQueueAnswersWaitingCallsUpToTheLimitAndNotBeyond) {
  auto clear_queue = [](double limit) {
    return [limit](Center& c) {
      c.at_close = AtClose::clear;
      c.shift_end = {ShiftEnd::clear_queue, limit, 1.5};
    };
  };
  const Policy p = run_policy(3600, 7200, 6, clear_queue(1000));
  EXPECT_EQ(p.log.answers, (std::vector<double>{0, 1000, 2000, 3000, 4000}));
  EXPECT_EQ(logged_off(p.log), 5000);
  EXPECT_EQ(p.log.cleared_at, (std::vector<double>{7200}));
  EXPECT_DOUBLE_EQ(p.day.day_agents.overtime_s, 1400);
  EXPECT_DOUBLE_EQ(p.day.day_agents.overtime_cost, 1400 * 30.0 / 3600 * 1.5);
  const Policy at_limit = run_policy(3600, 7200, 6, clear_queue(400));
  EXPECT_EQ(at_limit.log.answers.size(), 4u);
  EXPECT_EQ(logged_off(at_limit.log), 4000);
}

// The shift ends at close (the default day's full-time shifts): the agent on a call at
// close serves the two callers still waiting, in overtime. This used to clear them.
TEST(AtClose, ServeAnswersTheCallsWaitingAtCloseInOvertime) {
  const Policy p = run_policy(3600, 3600, 6, [](Center& c) { c.at_close = AtClose::serve; });
  EXPECT_EQ(p.log.answers, (std::vector<double>{0, 1000, 2000, 3000, 4000, 5000}));
  EXPECT_TRUE(p.log.cleared_at.empty());
  EXPECT_EQ(logged_off(p.log), 6000);
  EXPECT_DOUBLE_EQ(p.day.day_agents.overtime_s, 2400);
  EXPECT_EQ(p.day.day.cleared, 0u);
}

// An agent whose shift ended before close and who is still on its last call at close
// serves too; one whose shift ends after close keeps serving past it.
TEST(AtClose, ServeKeepsEveryoneOnAtCloseUntilTheQueueIsEmpty) {
  const Policy overtime = run_policy(2500, 2800, 5, [](Center& c) { c.at_close = AtClose::serve; });
  EXPECT_EQ(overtime.log.answers, (std::vector<double>{0, 1000, 2000, 3000, 4000}));
  const Policy later = run_policy(4500, 3600, 6, [](Center& c) { c.at_close = AtClose::serve; });
  EXPECT_EQ(later.log.answers.size(), 6u);
  EXPECT_EQ(logged_off(later.log), 6000);
}

TEST(AtClose, ClearClearsTheCallsWaitingAtClose) {
  const Policy p = run_policy(3600, 3600, 6, [](Center& c) { c.at_close = AtClose::clear; });
  EXPECT_EQ(p.log.answers.size(), 4u);
  EXPECT_EQ(p.log.cleared_at, (std::vector<double>{3600, 3600}));
  EXPECT_EQ(p.log.carried_calls, 0);
  EXPECT_EQ(logged_off(p.log), 4000);
}

// call_back: the two callers waiting at close are cleared and carried to the next day,
// after its opening (24:00 + open + a redial delay), as their next attempt, a redial.
TEST(AtClose, CallBackCarriesTheCallsWaitingAtCloseToTheNextDay) {
  const Policy p = run_policy(3600, 3600, 6, [](Center& c) { c.at_close = AtClose::call_back; });
  EXPECT_EQ(p.log.answers.size(), 4u);
  EXPECT_EQ(p.log.cleared_at.size(), 2u);
  ASSERT_EQ(p.carried.size(), 2u);
  for (const CarriedContact& k : p.carried) {
    EXPECT_GT(k.due_s, 86400.0 + 0.0);  // open_s is 0 here
    EXPECT_EQ(k.attempt, 2);
    EXPECT_TRUE(k.redial);
  }
  EXPECT_EQ(p.day.day.carried_out, 2u);
  // At max_attempts a caller is not carried again: cleared only.
  const Policy last = run_policy(3600, 3600, 6, [](Center& c) {
    c.at_close = AtClose::call_back;
    c.customers.max_attempts = 2;
  });
  EXPECT_TRUE(last.carried.empty());
  EXPECT_EQ(last.log.cleared_at.size(), 2u);
}

}  // namespace
}  // namespace sim::model
