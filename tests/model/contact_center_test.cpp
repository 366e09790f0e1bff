#include "sim/model/contact_center.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string_view>
#include <tuple>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/competency.h"
#include "tests/support/centers.h"
#include "tests/support/same_day.h"

namespace sim::model {
namespace {

using fixtures::default_center;
using fixtures::default_day;
using fixtures::single_skill;
using metrics::DayResults;
using metrics::simulate_day;

// Index of a role of the default scenario, by name.
int role(std::string_view name) {
  static const Center c = default_center();
  return fixtures::role_index(c, name);
}

// A small default day: every call type, `n` agents of one role plus the supervisors and
// assistant managers escalations need.
Center small_day(std::string_view role_name, int n, double daily_calls = 1500.0) {
  std::vector<int> counts{0, 0, 0, 4, 1};
  counts[static_cast<std::size_t>(role(role_name))] += n;
  return default_day(daily_calls, counts);
}

// Paired differences over replications with the same seeds (common random numbers).
struct Paired {
  double mean = 0, se = 0;
};
template <class F>
Paired paired(const Center& a, const Center& b, int reps, F metric) {
  std::vector<double> d;
  for (int r = 0; r < reps; ++r) {
    const auto rep = static_cast<std::uint64_t>(r);
    d.push_back(metric(simulate_day(a, 5, rep, 30.0)) - metric(simulate_day(b, 5, rep, 30.0)));
  }
  Paired p;
  for (double x : d) p.mean += x;
  p.mean /= static_cast<double>(d.size());
  for (double x : d) p.se += (x - p.mean) * (x - p.mean);
  p.se = std::sqrt(p.se / static_cast<double>(d.size() - 1) / static_cast<double>(d.size()));
  return p;
}

// Competency acts on the whole call: with the same customers, a roster of journey-level
// Rep II beats the same number of entry-level Rep I on AHT, first-contact resolution and
// repeat contacts. Tolerance: the paired mean difference must clear zero by 5 standard
// errors (one-sided false-failure chance about 3e-7).
TEST(Competency, RepIIBeatsRepIOnAhtFcrAndRepeatsWithTheSameCustomers) {
  const Center rep1 = small_day("rep_1", 45);
  const Center rep2 = small_day("rep_2", 45);
  ASSERT_EQ(rep1.validate(), "");
  const auto aht = paired(rep1, rep2, 20, [](const DayResults& r) { return r.day.aht_s(); });
  const auto fcr = paired(rep2, rep1, 20, [](const DayResults& r) { return r.day.fcr_rate(); });
  const auto rep = paired(rep1, rep2, 20, [](const DayResults& r) { return r.day.repeat_rate(); });
  RecordProperty("aht_rep1_minus_rep2_s", std::to_string(aht.mean));
  RecordProperty("fcr_rep2_minus_rep1", std::to_string(fcr.mean));
  RecordProperty("repeat_rate_rep1_minus_rep2", std::to_string(rep.mean));
  EXPECT_GT(aht.mean, 5.0 * aht.se) << aht.mean;
  EXPECT_GT(fcr.mean, 5.0 * fcr.se) << fcr.mean;
  EXPECT_GT(rep.mean, 5.0 * rep.se) << rep.mean;
}

// Records, per completed call, who finished it.
struct CompletionLog : NullObserver {
  struct Row {
    std::uint16_t type;
    bool escalated_part;
    int role;
  };
  std::vector<Row> completed_rows;
  int transfers = 0;
  void completed(const CallFact& c, double, int, int role, double, double, bool, bool) {
    completed_rows.push_back({c.type, c.escalated_part, role});
  }
  void transferred(const CallFact&, double, int, int, TransferReason) { ++transfers; }
};

TEST(Competency, ACallNeedingSupervisorAuthorityIsNeverCompletedByARepIAlone) {
  Center c = small_day("rep_1", 30);
  const int dispute = fixtures::type_index(c, "billing_dispute");
  const auto d = static_cast<std::size_t>(dispute);
  c.call_types[d].authority_probability = 1.0;
  c.call_types[d].irate_probability = 0.0;
  c.call_types[d].eligible = RoleMask{1} << role("rep_1");
  CompletionLog log;
  ContactCenter<CompletionLog> m(c, 9, 0, log);
  m.run();
  int by_rep1 = 0, by_authority = 0;
  for (const auto& row : log.completed_rows) {
    if (row.type == dispute && !row.escalated_part && row.role == role("rep_1")) ++by_rep1;
    if (row.escalated_part &&
        (row.role == role("supervisor") || row.role == role("assistant_manager"))) {
      ++by_authority;
    }
  }
  EXPECT_EQ(by_rep1, 0);
  EXPECT_GT(log.transfers, 50);
  EXPECT_GT(by_authority, 50);
}

// Least-qualified-first keeps the experts free: seniors sit idle longer than under
// longest-idle routing, on the same day with the same customers.
TEST(Routing, LeastQualifiedFirstLeavesSeniorsIdleLongerThanLongestIdle) {
  Center li = default_day(1800.0, {0, 25, 15, 4, 1});
  Center lqf = li;
  lqf.routing.agent_selection = AgentSelection::least_qualified_first;
  const auto a = simulate_day(li, 3, 0, 30.0);
  const auto b = simulate_day(lqf, 3, 0, 30.0);
  const auto senior = static_cast<std::size_t>(role("senior_specialist"));
  const auto rep2 = static_cast<std::size_t>(role("rep_2"));
  RecordProperty("senior_idle_h_longest_idle", std::to_string(a.role[senior].idle_s / 3600));
  RecordProperty("senior_idle_h_lqf", std::to_string(b.role[senior].idle_s / 3600));
  EXPECT_GT(b.role[senior].idle_s, 1.2 * a.role[senior].idle_s);
  EXPECT_LT(b.role[rep2].idle_s, a.role[rep2].idle_s);
}

using fixtures::same_day;

TEST(ContactCenter, SameSeedGivesBitIdenticalResults) {
  Center c = default_center();
  c.absenteeism = 0.08;
  const auto a = simulate_day(c, 42, 3, 30.0);
  const auto b = simulate_day(c, 42, 3, 30.0);
  EXPECT_TRUE(same_day(a, b));
  EXPECT_FALSE(same_day(a, simulate_day(c, 42, 4, 30.0)));  // another replication differs
  EXPECT_FALSE(same_day(a, simulate_day(c, 43, 3, 30.0)));  // and another seed
}

// Counts every fact, for the accounting identities below.
struct Ledger : NullObserver {
  std::uint64_t n_offered = 0, n_customer = 0, n_blocked = 0, n_abandoned = 0, n_cleared = 0,
                n_answered = 0, n_transferred = 0, n_completed = 0, n_redials = 0, n_repeats = 0;
  void offered(const CallFact& c, double) {
    ++n_offered;
    n_customer += !c.escalated_part;
    n_redials += c.redial;
    n_repeats += c.repeat;
  }
  void blocked(const CallFact&, double) { ++n_blocked; }
  void abandoned(const CallFact&, double, double) { ++n_abandoned; }
  void cleared(const CallFact&, double, double) { ++n_cleared; }
  void answered(const CallFact&, double, double, int, int) { ++n_answered; }
  void transferred(const CallFact&, double, int, int, TransferReason) { ++n_transferred; }
  void completed(const CallFact&, double, int, int, double, double, bool, bool) {
    ++n_completed;
  }
};

// Every offered contact ends exactly once: blocked, abandoned, cleared, or answered (and
// then completed or transferred, a transfer being offered again to the escalation queue).
TEST(ContactCenter, EveryContactEndsExactlyOnce) {
  Center c = default_center();
  c.trunks = 150;
  c.at_close = AtClose::clear;
  Ledger l;
  ContactCenter<Ledger> m(c, 8, 0, l);
  m.run();
  EXPECT_EQ(l.n_offered, l.n_blocked + l.n_abandoned + l.n_cleared + l.n_answered);
  EXPECT_EQ(l.n_answered, l.n_completed + l.n_transferred);
  EXPECT_EQ(l.n_offered - l.n_customer, l.n_transferred);
  EXPECT_GT(l.n_blocked, 0u);
  EXPECT_GT(l.n_redials, 0u);
  EXPECT_GT(l.n_repeats, 0u);
}

TEST(ContactCenter, AbsentAgentsNeverWorkAndAreNotPaid) {
  Center c = default_day(3000.0, {10, 20, 5, 4, 1});
  c.absenteeism = 0.3;
  const auto r = simulate_day(c, 1, 0, 30.0);
  EXPECT_GT(r.day_agents.agents_absent, 5u);
  EXPECT_EQ(r.day_agents.agents_absent + r.day_agents.agents_present, c.agents.size());
  // Paid time is the scheduled shifts of those present plus overtime; the agents kept
  // here are all full-time, so every shift has the same length.
  const double shift = c.agents[0].shift_end_s - c.agents[0].shift_start_s;
  for (const Agent& a : c.agents) ASSERT_EQ(a.shift_end_s - a.shift_start_s, shift) << a.name;
  EXPECT_NEAR(r.day_agents.paid_s - r.day_agents.overtime_s,
              shift * static_cast<double>(r.day_agents.agents_present), 1e-6);
}

// Shift end: an agent finishes the current call and logs off; the extra time is overtime.
// Breaks: an agent busy when a break comes due takes it in full after the call.
struct StateLog : NullObserver {
  std::vector<std::tuple<double, AgentState, AgentState>> changes;
  void agent_state(int, int, AgentState from, AgentState to, double t) {
    changes.emplace_back(t, from, to);
  }
};

TEST(ContactCenter, AgentsFinishTheirCallAtShiftEndAndTakeDueBreaksAfterIt) {
  Center c = single_skill(1, 1.0 / 60.0, 600.0, std::nullopt, 3600.0);
  c.agents[0].shift_end_s = 1800.0;
  c.agents[0].breaks = {{900.0, 300.0}};
  StateLog log;
  ContactCenter<StateLog> m(c, 2, 0, log);
  m.run();
  ASSERT_FALSE(log.changes.empty());
  // The break starts at or after 900 s, only from talking/wrapping or idle, and lasts 300 s.
  bool saw_break = false;
  for (std::size_t i = 0; i < log.changes.size(); ++i) {
    const auto& [t, from, to] = log.changes[i];
    if (to == AgentState::on_break) {
      saw_break = true;
      EXPECT_GE(t, 900.0);
      ASSERT_LT(i + 1, log.changes.size());
      EXPECT_NEAR(std::get<0>(log.changes[i + 1]) - t, 300.0, 1e-9);
    }
  }
  EXPECT_TRUE(saw_break);
  const auto& [t_last, from_last, to_last] = log.changes.back();
  EXPECT_EQ(to_last, AgentState::offline);
  EXPECT_GE(t_last, 1800.0);  // logged off at shift end or after the call it was on
  EXPECT_NE(from_last, AgentState::on_break);
}

// Time off the phones, pinned on one agent and a day without calls (so every change of
// state is a break or a pull): the agent's (time, new state) list, and what it must be.
using Timeline = std::vector<std::pair<double, AgentState>>;
Timeline timeline_of(const Agent& agent, double day_s = 10000.0) {
  Center c = single_skill(1, 0.0, 100.0, std::nullopt, day_s);
  c.agents[0] = agent;
  EXPECT_EQ(c.validate(), "");
  StateLog log;
  ContactCenter<StateLog> m(c, 1, 0, log);
  m.run();
  Timeline out;
  for (const auto& [t, from, to] : log.changes) out.emplace_back(t, to);
  return out;
}
Agent on_shift(double start_s, double end_s, std::vector<Break> breaks, std::vector<Pull> pulls) {
  Agent a;
  a.name = "ana";
  a.shift_start_s = start_s;
  a.shift_end_s = end_s;
  a.breaks = std::move(breaks);
  a.pulls = std::move(pulls);
  return a;
}
constexpr AgentState kOff = AgentState::offline, kIdle = AgentState::idle,
                     kBreak = AgentState::on_break;

// The leave event of a break at the shift start comes before the agent's join at that
// instant (same-instant order); it was ignored, so the agent worked through the break.
TEST(Breaks, ABreakDueAtTheShiftStartIsTakenFromTheShiftStart) {
  EXPECT_EQ(timeline_of(on_shift(1000, 5000, {{1000, 300}}, {})),
            (Timeline{{1000, kBreak}, {1300, kIdle}, {5000, kOff}}));
}

// A break that comes due during another break (a delayed one, or overlapping planned
// ones) used to be dropped; now the agent stays off until the later end.
TEST(Breaks, OverlappingBreaksMergeIntoOneStretchOff) {
  EXPECT_EQ(timeline_of(on_shift(0, 5000, {{1000, 600}, {1300, 600}}, {})),
            (Timeline{{0, kIdle}, {1000, kBreak}, {1900, kIdle}, {5000, kOff}}));
}

// A pull from the shift start takes the agent off the phones from the first second; the
// planned breaks outside it are still taken, one wholly inside it merges into it.
TEST(Pulls, APullFromTheShiftStartKeepsThePlannedBreaksOutsideIt) {
  EXPECT_EQ(timeline_of(on_shift(0, 9000, {{1000, 300}, {5000, 600}}, {{0, 2000}})),
            (Timeline{{0, kBreak}, {2000, kIdle}, {5000, kBreak}, {5600, kIdle}, {9000, kOff}}));
}

// A pull that starts during a break lasts until the pull's end, not the break's.
TEST(Pulls, APullStartingDuringABreakLastsUntilItsOwnEnd) {
  EXPECT_EQ(timeline_of(on_shift(0, 9000, {{1000, 600}}, {{1200, 3000}})),
            (Timeline{{0, kIdle}, {1000, kBreak}, {3000, kIdle}, {9000, kOff}}));
}

// A planned break that starts during a pull and runs past its end keeps the agent off
// until the break's end: it is taken, not cut short.
TEST(Pulls, ABreakRunningPastAPullsEndIsTakenInFull) {
  EXPECT_EQ(timeline_of(on_shift(0, 9000, {{1900, 600}}, {{1000, 2000}})),
            (Timeline{{0, kIdle}, {1000, kBreak}, {2500, kIdle}, {9000, kOff}}));
}

// A pull that comes due during a call starts when the call ends and still ends at its
// own end (a break would last its full length from then). The agent is always busy here:
// calls every 2 s on average, 100 s each, nobody hangs up.
TEST(Pulls, APullDueDuringACallStartsAfterItAndEndsOnTime) {
  Center c = single_skill(1, 0.5, 100.0, std::nullopt, 4000.0);
  c.call_types[0].work_s = engine::Deterministic(100.0);
  c.agents[0].pulls = {{550, 2000}};
  StateLog log;
  ContactCenter<StateLog> m(c, 3, 0, log);
  m.run();
  int pulled = 0;
  for (std::size_t i = 0; i < log.changes.size(); ++i) {
    const auto& [t, from, to] = log.changes[i];
    if (to != kBreak) continue;
    ++pulled;
    EXPECT_EQ(from, AgentState::talking);
    EXPECT_GT(t, 550.0);
    EXPECT_LE(t, 650.0);  // the end of the call it was on at 550
    ASSERT_LT(i + 1, log.changes.size());
    EXPECT_EQ(std::get<0>(log.changes[i + 1]), 2000.0);
    EXPECT_EQ(std::get<2>(log.changes[i + 1]), AgentState::talking);  // the queue is long
  }
  EXPECT_EQ(pulled, 1);
}

TEST(ContactCenter, CallsStillQueuedAtClosingAreClearedWhenConfigured) {
  Center c = single_skill(2, 0.05, 600.0, std::nullopt, 3600.0);
  c.at_close = AtClose::clear;
  const auto r = simulate_day(c, 4, 0, 30.0);
  EXPECT_GT(r.day.cleared, 0u);
  EXPECT_EQ(r.day.offered, r.day.answered + r.day.abandoned + r.day.cleared + r.day.blocked);
}

TEST(ContactCenter, OverflowRolesTakeCallsOnlyAfterTheDelay) {
  // One journey agent for the restoration queue, entry agents as overflow after 60 s.
  Center c = default_day(2500.0, {20, 2, 0, 4, 1});
  struct Waits : NullObserver {
    int restoration, rep1;
    double min_rep1_wait = 1e9;
    int rep1_restorations = 0;
    void answered(const CallFact& f, double, double w, int, int r) {
      if (f.type == restoration && r == rep1) {
        ++rep1_restorations;
        min_rep1_wait = std::min(min_rep1_wait, w);
      }
    }
  } w;
  w.restoration = fixtures::type_index(c, "restoration");
  w.rep1 = role("rep_1");
  ContactCenter<Waits> m(c, 6, 0, w);
  m.run();
  EXPECT_GT(w.rep1_restorations, 10);
  EXPECT_GE(w.min_rep1_wait,
            c.call_types[static_cast<std::size_t>(w.restoration)].overflow_after_s);
}

TEST(Competency, EffectsAreMonotoneInTheLevels) {
  const CompetencyEffects e;
  const auto types = default_center().call_types;
  for (const CallType& t : types) {
    for (std::uint8_t l = 1; l < 3; ++l) {
      Levels lo, hi;
      lo.fill(l);
      hi.fill(static_cast<std::uint8_t>(l + 1));
      EXPECT_GE(talk_multiplier(e, lo, t), talk_multiplier(e, hi, t)) << t.name;
      EXPECT_LE(fcr_probability(e, lo, t), fcr_probability(e, hi, t)) << t.name;
      EXPECT_GE(error_probability(e, lo, t), error_probability(e, hi, t)) << t.name;
      EXPECT_GE(wrap_multiplier(e, lo), wrap_multiplier(e, hi));
      EXPECT_GE(irate_transfer_probability(e, lo), irate_transfer_probability(e, hi));
    }
  }
  // Journey level is the reference: its multipliers are exactly 1.
  Levels journey;
  journey.fill(2);
  EXPECT_DOUBLE_EQ(talk_multiplier(e, journey, types[0]), 1.0);
  EXPECT_DOUBLE_EQ(fcr_probability(e, journey, types[0]), types[0].fcr);
}

TEST(Config, ValidateNamesTheProblem) {
  Center c = default_center();
  EXPECT_EQ(c.validate(), "");
  c.arrivals[0].pop_back();
  EXPECT_EQ(c.validate(), "arrivals: need 20 intervals per call type");
  c = default_center();
  c.agents[3].role = 9;
  EXPECT_EQ(c.validate(), "agent agent_004: unknown role");
  c = default_center();
  c.call_types[1].fcr = 1.5;
  EXPECT_EQ(c.validate(), "call type billing_dispute: probabilities and fractions must be in [0, 1]");
}

}  // namespace
}  // namespace sim::model

namespace sim::model {
namespace {
// Regression: interval bounds that are not exact in binary (horizon / 7) once stalled the
// collector's integration loop at a bound.
TEST(ContactCenter, IntervalLengthsThatAreNotExactInBinaryDoNotStall) {
  const double horizon = 10000.0;
  const Center c = single_skill(5, 0.04, 100.0, 200.0, horizon, 0, horizon / 7.0);
  ASSERT_EQ(c.intervals(), 7u);
  const auto r = metrics::simulate_day(c, 1, 0, 20.0);
  EXPECT_GT(r.day.offered, 300u);
  EXPECT_EQ(r.day.offered, r.day.answered + r.day.abandoned);
  double logged = 0;
  for (const auto& a : r.interval_agents) logged += a.logged_in_s;
  EXPECT_NEAR(logged, 5 * horizon, 1e-6);
}
}  // namespace
}  // namespace sim::model

namespace sim::model {
namespace {

struct TalkLog : NullObserver {
  std::vector<std::pair<double, double>> answered_at_talk;  // (time answered, talk)
  std::vector<double> answer_times;
  std::vector<int> roles;
  void answered(const CallFact&, double t, double, int, int role) {
    answer_times.push_back(t);
    roles.push_back(role);
  }
  void completed(const CallFact&, double t, int, int, double talk, double, bool, bool) {
    answered_at_talk.emplace_back(t - talk, talk);
  }
};

// A billing-system slowdown multiplies the talk time of calls answered inside its window.
TEST(ContactCenter, SlowdownMultipliesTalkTimeInsideItsWindowOnly) {
  Center c = single_skill(3, 0.01, 100.0, std::nullopt, 6000.0);
  c.call_types[0].work_s = engine::Deterministic(100.0);
  c.slowdowns = {{2000.0, 4000.0, 1.5}};
  TalkLog log;
  ContactCenter<TalkLog> m(c, 1, 0, log);
  m.run();
  int inside = 0, outside = 0;
  for (const auto& [start, talk] : log.answered_at_talk) {
    const bool in = start >= 2000.0 && start < 4000.0;
    EXPECT_NEAR(talk, in ? 150.0 : 100.0, 1e-9) << "answered at " << start;
    (in ? inside : outside) += 1;
  }
  EXPECT_GT(inside, 5);
  EXPECT_GT(outside, 5);
}

// A scheduled routing change switches the policy from that instant on.
TEST(ContactCenter, RoutingChangeTakesEffectAtItsTime) {
  Center c = default_day(600.0, {0, 20, 20, 2, 1});
  c.routing.agent_selection = AgentSelection::longest_idle;
  c.routing_changes = {{13 * 3600.0, Routing{AgentSelection::least_qualified_first, true}}};
  TalkLog log;
  ContactCenter<TalkLog> m(c, 2, 0, log);
  m.run();
  // With many idle agents, least-qualified-first sends new calls to Rep II, never to an
  // idle senior while a Rep II is idle; longest-idle uses both.
  const int senior = role("senior_specialist");
  int senior_before = 0, senior_after = 0, after = 0;
  for (std::size_t i = 0; i < log.answer_times.size(); ++i) {
    if (log.answer_times[i] < 13 * 3600.0) {
      senior_before += log.roles[i] == senior;
    } else {
      ++after;
      senior_after += log.roles[i] == senior;
    }
  }
  EXPECT_GT(senior_before, 20);
  EXPECT_GT(after, 100);
  EXPECT_LT(senior_after * 10, senior_before);
}

TEST(Competency, AnAgentsOwnLevelsOverrideTheRole) {
  Center c = default_day(1000.0, {3, 0, 0, 1, 1});
  Levels strong;
  strong.fill(3);
  c.agents[1].levels = strong;  // one strong new hire among Rep I
  const EffectTables t(c);
  const Levels& rep1 = c.roles[static_cast<std::size_t>(c.agents[0].role)].levels;
  EXPECT_DOUBLE_EQ(t.talk_multiplier(0, 0), talk_multiplier(c.effects, rep1, c.call_types[0]));
  EXPECT_DOUBLE_EQ(t.talk_multiplier(1, 0), talk_multiplier(c.effects, strong, c.call_types[0]));
  EXPECT_LT(t.talk_multiplier(1, 0), t.talk_multiplier(0, 0));
  EXPECT_GT(t.fcr(1, 0), t.fcr(0, 0));
}

}  // namespace
}  // namespace sim::model
