// Outbound dialing (issue 19): the threshold rule, retries, the carry to the next day, and
// the reductions (an empty list, or a reserve nobody can exceed, is today's model on the
// same streams). The exact cases use deterministic talk and ring times, so every dial's
// time is known and a revert of a rule changes them.
#include <gtest/gtest.h>

#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/metrics/horizon.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"
#include "tests/support/same_day.h"

namespace sim::model {
namespace {

// `agents` on shift all day, no inbound arrivals, one outbound type "dun" with a list of
// `accounts`, every dial `outcome`: right party (talk 100 s), or no answer (ring 10 s).
Center dialer(int agents, int accounts, DialOutcome outcome, int reserve, double day_s = 3600.0) {
  Center c = fixtures::single_skill(agents, 0.0, 300.0, std::nullopt, day_s);
  CallType t = c.call_types[0];
  t.name = "dun";
  t.channel = Channel::outbound;
  t.work_s = engine::Deterministic(100.0);
  t.outbound = {accounts, outcome == DialOutcome::right_party ? 1.0 : 0.0,
                outcome == DialOutcome::no_answer ? 1.0 : 0.0, 10.0, 30.0, 1000.0, 3};
  c.call_types.push_back(t);
  c.arrivals.emplace_back(c.intervals(), 0.0);
  c.outbound.idle_reserve = reserve;
  return c;
}

struct Dials : NullObserver {
  struct Row {
    double t;
    std::uint64_t account;
    DialOutcome outcome;
    int remaining;
  };
  std::vector<Row> rows;
  int left = -1;
  void dialed(int, double t, int, int, std::uint64_t account, int, DialOutcome o, double,
              int remaining) {
    rows.push_back({t, account, o, remaining});
  }
  void list_left(int, double, int remaining) { left = remaining; }
};

Dials run(const Center& c) {
  EXPECT_EQ(c.validate(), "");
  Dials d;
  ContactCenter<Dials> cc(c, 1, 0, d);
  cc.run();
  return d;
}

TEST(Outbound, TheDialerKeepsTheReserveIdle) {
  // 3 agents, reserve 1: two dial at a time, 100 s each, so 2 dials end every 100 s; the
  // third agent never dials (with it, only 1 would be idle).
  const Dials d = run(dialer(3, 10, DialOutcome::right_party, 1));
  ASSERT_EQ(d.rows.size(), 10u);
  for (std::size_t i = 0; i < d.rows.size(); ++i) {
    EXPECT_DOUBLE_EQ(d.rows[i].t, 100.0 * static_cast<double>(i / 2 + 1)) << i;
  }
  EXPECT_EQ(d.left, 0);
  EXPECT_EQ(d.rows.back().remaining, 0);
}

TEST(Outbound, NoAnswersAreDialedAgainUpToMaxAttempts) {
  // One agent, one account that never answers: rings at 0, 1010 and 2020 (10 s each, due
  // again 1000 s after), then given up: nothing left at the end.
  const Dials d = run(dialer(1, 1, DialOutcome::no_answer, 0));
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_DOUBLE_EQ(d.rows[0].t, 10.0);
  EXPECT_DOUBLE_EQ(d.rows[1].t, 1020.0);
  EXPECT_DOUBLE_EQ(d.rows[2].t, 2030.0);
  EXPECT_EQ(d.rows[0].remaining, 1);
  EXPECT_EQ(d.rows[2].remaining, 0);
  EXPECT_EQ(d.rows[0].account, d.rows[2].account);
}

TEST(Outbound, AccountsLeftAtTheDaysEndCarryWithTheirAttempts) {
  // A 1500 s day: the account rings at 0 and 1010; its third dial would be due at 2020,
  // after close, so it carries as attempt 2, and the next day dials it at its opening.
  const Center c = dialer(1, 1, DialOutcome::no_answer, 0, 1500.0);
  Dials d;
  ContactCenter<Dials> cc(c, 1, 0, d);
  cc.run();
  EXPECT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.left, 1);
  ASSERT_EQ(cc.carried().size(), 1u);
  EXPECT_EQ(cc.carried()[0].attempt, 2);
  EXPECT_DOUBLE_EQ(cc.carried()[0].due_s, 2020.0);
  // The next day lists one fresh account; the carried one, due since yesterday, goes first
  // (its last attempt), then the fresh one at 10 and again at 1020.
  Center next = dialer(1, 1, DialOutcome::no_answer, 0, 1500.0);
  Dials d2;
  ContactCenter<Dials> cc2(next, 2, 0, d2, 1);
  std::vector<CarriedContact> due = cc.carried();
  due[0].due_s -= 86400.0;  // the next day's clock, as the horizon shifts it
  cc2.receive(due);
  cc2.run();
  ASSERT_EQ(d2.rows.size(), 3u);
  EXPECT_EQ(d2.rows[0].account, d.rows[0].account);
  EXPECT_DOUBLE_EQ(d2.rows[0].t, 10.0);
  EXPECT_NE(d2.rows[1].account, d.rows[0].account);
  EXPECT_DOUBLE_EQ(d2.rows[1].t, 20.0);
  EXPECT_DOUBLE_EQ(d2.rows[2].t, 1030.0);
  EXPECT_EQ(d2.left, 1) << "the fresh account, its third dial due after close";
}

TEST(Outbound, AHorizonCarriesTheListFromDayToDay) {
  // One agent, 100 s a dial, 1000 s a day: 10 dials a day. Monday lists 50 (40 left);
  // Tuesday lists 50 more and dials 10 of Monday's first (they are due since Monday).
  Horizon h;
  h.days = {Day{"Mon", true, dialer(1, 50, DialOutcome::right_party, 0, 1000.0)},
            Day{"Tue", true, dialer(1, 50, DialOutcome::right_party, 0, 1000.0)}};
  const metrics::HorizonResults r = metrics::simulate_horizon(h, 3, 0, 30.0);
  ASSERT_EQ(r.days.size(), 2u);
  EXPECT_EQ(r.days[0].outbound_day.attempts, 10u);
  EXPECT_EQ(r.days[0].outbound_day.list_left, 40u);
  EXPECT_EQ(r.days[1].outbound_day.contacts, 10u);
  EXPECT_EQ(r.days[1].outbound_day.list_left, 80u);
  EXPECT_EQ(r.beyond, 80u);
  const metrics::HorizonTotals t = metrics::combine(r.days);
  EXPECT_EQ(t.totals.outbound_day.attempts, 20u);
  EXPECT_EQ(t.totals.outbound_day.list_left, 80u) << "the last day's list, not a sum";
}

TEST(Outbound, ASurgeOnEveryTypeBringsNoCallOfAnOutboundType) {
  // A surge injected on all types (the live view's default) re-advances each type's
  // pending arrival; an outbound type has none, and must not get one, even with expected
  // calls in its arrivals row (which the model ignores for an outbound type).
  Center c = dialer(2, 5, DialOutcome::right_party, 0);
  c.arrivals[1].assign(c.intervals(), 20.0);
  struct Offers : Dials {
    int outbound_offered = 0;
    void offered(const CallFact& f, double) { outbound_offered += f.type == 1; }
  } log;
  ContactCenter<Offers> cc(c, 1, 0, log);
  cc.run_until(50.0);
  cc.inject_surge(3000.0, 8.0, ~std::uint64_t{0});
  cc.run();
  EXPECT_EQ(log.outbound_offered, 0);
  EXPECT_EQ(log.rows.size(), 5u);
}

// Reductions: the default day with an outbound type whose list is empty, or whose reserve
// no staff can exceed, is the default day with a phone type nobody calls, figure for figure.
TEST(Outbound, AnEmptyListOrAnUnreachableReserveIsTodaysModel) {
  Center base = fixtures::default_center();
  CallType quiet = base.call_types[0];
  quiet.name = "collections";
  quiet.eligible = base.call_types[0].eligible;
  base.call_types.push_back(quiet);
  base.arrivals.emplace_back(base.intervals(), 0.0);
  Center empty = base, reserved = base;
  for (Center* c : {&empty, &reserved}) {
    CallType& t = c->call_types.back();
    t.channel = Channel::outbound;
    t.patience_s.reset();
    t.outbound.list_size = c == &empty ? 0 : 500;
  }
  reserved.outbound.idle_reserve = static_cast<int>(reserved.agents.size());
  const auto today = metrics::simulate_day(base, 7, 0, 30.0);
  EXPECT_TRUE(fixtures::same_day(today, metrics::simulate_day(empty, 7, 0, 30.0)));
  EXPECT_TRUE(fixtures::same_day(today, metrics::simulate_day(reserved, 7, 0, 30.0)));
  // And the check can fail: a reserve the staff does exceed changes the day.
  reserved.outbound.idle_reserve = 2;
  const auto blended = metrics::simulate_day(reserved, 7, 0, 30.0);
  EXPECT_FALSE(fixtures::same_day(today, blended));
  EXPECT_GT(blended.outbound_day.attempts, 0u);
  // Dials stay out of every inbound figure: the first calls offered are today's (redials
  // and repeats follow the waits, which the blend changes).
  const auto first_calls = [](const metrics::CallStats& s) {
    return s.offered - s.redials - s.repeats;
  };
  EXPECT_EQ(first_calls(blended.day), first_calls(today.day));
}

}  // namespace
}  // namespace sim::model
