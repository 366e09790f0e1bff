// Written correspondence (issue 16, part E): written items (Channel::written) in a backlog,
// worked by dedicated roles or blended into phone idle time under an idle reserve, carried
// to the next day with their arrival time, and measured against a response goal.
//
// The exact cases use deterministic handle times and a starting backlog (or phone calls
// handed in as contacts due at a known time), so every answer time is known and a revert of
// a rule changes them. The random days only check invariants that hold on every path.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "sim/metrics/catalogue.h"
#include "sim/metrics/day_metrics.h"
#include "sim/metrics/horizon.h"
#include "sim/model/contact_center.h"

namespace sim::model {
namespace {

constexpr std::uint16_t kCall = 0, kMail = 1;  // call types
constexpr int kRep = 0, kClerk = 1;            // roles

// A day of `day_s` seconds from 0: phone calls ("call", `call_s` each, patient) and
// e-mails ("mail", `mail_s` each, a patience of 1 s that a phone call would abandon with)
// both eligible to reps and clerks; `reps` and `clerks` on shift all day. No arrivals
// unless a test sets them.
Center desk(int reps, int clerks, double call_s, double mail_s, double day_s = 8 * 3600.0) {
  Center c;
  c.open_s = 0.0;
  c.close_s = day_s;
  c.interval_s = 1800.0;
  c.roles = {Role{"rep", {2, 2, 2, 2, 2, 2, 2, 2, 1}, Authority::none, 30.0, 0, {}},
             Role{"clerk", {2, 2, 2, 2, 2, 2, 2, 2, 1}, Authority::none, 30.0, 1, {}}};
  CallType call;
  call.name = "call";
  call.work_s = engine::Deterministic(call_s);
  call.patience_s.reset();
  call.eligible = 0b11;
  CallType mail = call;
  mail.name = "mail";
  mail.work_s = engine::Deterministic(mail_s);
  mail.patience_s = engine::Deterministic(1.0);
  mail.channel = Channel::written;
  c.call_types = {call, mail};
  c.arrivals.assign(2, std::vector<double>(c.intervals(), 0.0));
  for (int i = 0; i < reps + clerks; ++i) {
    Agent a;
    a.name = "agent_" + std::to_string(i);
    a.role = i < reps ? kRep : kClerk;
    a.shift_start_s = 0.0;
    a.shift_end_s = day_s;
    c.agents.push_back(std::move(a));
  }
  return c;
}

// What the model says, kept as rows; the floor as the facts describe it.
struct Log : NullObserver {
  struct Answer {
    std::uint16_t type;
    double t, offered_s;
    int agent, role;
    std::size_t others_idle;  // agents of other roles than dedicated ones idle, not counting it
    std::size_t calls_waiting;
  };
  RoleMask dedicated = 0;
  std::vector<Answer> answers;
  std::vector<CallFact> left, carried_in;
  int abandoned_n = 0, cleared_n = 0, offered_mail = 0;
  std::map<int, AgentState> state;
  std::map<int, int> role_of;
  std::size_t calls_waiting = 0;

  void offered(const CallFact& c, double) {
    offered_mail += c.type == kMail;
    if (c.carried) carried_in.push_back(c);
  }
  void abandoned(const CallFact&, double, double) { ++abandoned_n; }
  void cleared(const CallFact&, double, double) { ++cleared_n; }
  void queue_length(int type, std::size_t n, double) {
    if (type == kCall) calls_waiting = n;
  }
  void agent_state(int agent, int role, AgentState, AgentState to, double) {
    state[agent] = to;
    role_of[agent] = role;
  }
  void answered(const CallFact& c, double t, double, int agent, int role) {
    std::size_t idle = 0;
    for (const auto& [a, s] : state) {
      idle += a != agent && s == AgentState::idle && !(dedicated >> role_of[a] & 1u);
    }
    answers.push_back({c.type, t, c.offered_s, agent, role, idle, calls_waiting});
  }
  void backlog_left(const CallFact& c, double) { left.push_back(c); }

  std::vector<double> times(std::uint16_t type) const {
    std::vector<double> out;
    for (const Answer& a : answers) {
      if (a.type == type) out.push_back(a.t);
    }
    return out;
  }
};

Log run(const Center& c, const std::vector<CarriedContact>& due = {}, std::uint64_t seed = 1) {
  EXPECT_EQ(c.validate(), "");
  Log log;
  log.dedicated = c.written.dedicated;
  ContactCenter<Log> cc(c, seed, 0, log);
  cc.receive(due);
  cc.run();
  return log;
}

void add_backlog(Center& c, int count, double age_s) {
  for (int i = 0; i < count; ++i) c.written.starting_backlog.emplace_back(kMail, age_s);
}

TEST(Written, ItemsNeverAbandonAndAreNeverClearedAtClose) {
  Center c = desk(1, 0, 100.0, 1000.0, 3600.0);
  c.at_close = AtClose::clear;
  add_backlog(c, 10, 0.0);
  c.arrivals[kMail].assign(c.intervals(), 5.0);  // and more arrive while they wait
  const Log log = run(c);
  EXPECT_EQ(log.abandoned_n, 0) << "a patience of 1 s would have abandoned them";
  EXPECT_EQ(log.cleared_n, 0);
  // One agent, 1000 s each, 3600 s: answers at 0, 1000, 2000, 3000; the rest carry.
  EXPECT_EQ(log.times(kMail), (std::vector<double>{0, 1000, 2000, 3000}));
  EXPECT_EQ(static_cast<int>(log.left.size()), log.offered_mail - 4);
  EXPECT_GT(log.offered_mail, 10);
}

TEST(Written, ABlendedAgentTakesAWaitingPhoneCallBeforeTheBacklog) {
  Center c = desk(1, 0, 300.0, 1000.0);
  c.agents[0].shift_start_s = 100.0;
  add_backlog(c, 1, 3600.0);  // waiting (and older) before the call
  const Log log = run(c, {{7, 50.0, kCall, 1, false}});
  EXPECT_EQ(log.times(kCall), std::vector<double>{100.0});
  EXPECT_EQ(log.times(kMail), std::vector<double>{400.0}) << "after the call, not before";
}

// With idle_reserve k, three blended agents and a backlog, items start only while k
// others are idle: 3 - k at a time.
TEST(Written, ItemsStartOnlyWhileIdleReserveOthersAreIdle) {
  for (int k = 0; k <= 3; ++k) {
    Center c = desk(3, 0, 300.0, 1000.0, 2500.0);
    c.written.idle_reserve = k;
    add_backlog(c, 20, 0.0);
    const Log log = run(c);
    std::vector<double> expect;
    for (double t : {0.0, 1000.0, 2000.0}) expect.insert(expect.end(), std::max(0, 3 - k), t);
    EXPECT_EQ(log.times(kMail), expect) << "idle_reserve " << k;
    for (const auto& a : log.answers) EXPECT_GE(a.others_idle, static_cast<std::size_t>(k));
  }
}

// A random day: blended reps, dedicated clerks, calls and e-mails arriving. Clerks never
// take a call; a rep takes an e-mail only with no call waiting and the reserve idle.
TEST(Written, DedicatedRolesTakeOnlyWrittenItemsAndRepsBlendByTheRule) {
  Center c = desk(6, 2, 240.0, 600.0);
  c.call_types[kCall].work_s = engine::Exponential(240.0);
  c.call_types[kMail].work_s = engine::Exponential(600.0);
  c.arrivals[kCall].assign(c.intervals(), 36.0);  // 4.8 erlangs for 6 reps
  c.arrivals[kMail].assign(c.intervals(), 12.0);
  c.written.dedicated = 1u << kClerk;
  c.written.idle_reserve = 1;
  const Log log = run(c, {}, 7);
  int rep_mail = 0, clerk_mail = 0;
  for (const auto& a : log.answers) {
    if (a.role == kClerk) {
      EXPECT_EQ(a.type, kMail) << "a clerk answered a call at " << a.t;
      ++clerk_mail;
    } else if (a.type == kMail) {
      ++rep_mail;
      EXPECT_EQ(a.calls_waiting, 0u) << "a rep took an e-mail with a call waiting at " << a.t;
      EXPECT_GE(a.others_idle, 1u) << "the reserve was not idle at " << a.t;
    }
  }
  EXPECT_GT(clerk_mail, 0);
  EXPECT_GT(rep_mail, 0) << "the reps never blended: the test would not see the rule";
}

// One dedicated clerk, 20 items 30 min old at the opening, 500 s each, a 1 h day and a 1 h
// goal: answers begin at 0, 500, ..., 3500 (8), within the goal while 1800 + 500 i <= 3600
// (i = 0..3): goal_rate 4 / 8; 12 left.
TEST(Written, GoalRateOfAnExactCase) {
  Center c = desk(0, 1, 300.0, 500.0, 3600.0);
  c.written.dedicated = 1u << kClerk;
  c.roles.push_back(c.roles[kRep]);  // the phone needs a role that is not dedicated
  c.roles.back().name = "phone";
  c.call_types[kCall].eligible = 0b100;
  c.call_types[kMail].response_goal_s = 3600.0;
  add_backlog(c, 20, 1800.0);
  const metrics::DayResults r = metrics::simulate_day(c, 1, 0, 20.0);
  const metrics::CallStats& m = r.type[kMail];
  EXPECT_EQ(m.written_answered, 8u);
  EXPECT_EQ(m.within_goal, 4u);
  EXPECT_EQ(m.backlog_left, 12u);
  EXPECT_DOUBLE_EQ(metrics::value(metrics::CallMetric::goal_rate, m), 0.5);
  EXPECT_EQ(m.carried_in, 20u) << "the starting backlog counts as carried in";
  EXPECT_EQ(r.day.offered, 0u) << "written items stay out of the all-types call figures";
  EXPECT_EQ(r.day.within_goal, 4u);
}

// Two days: day 1's leftovers wait from the start of day 2, keeping their arrival (a day
// earlier in day 2's clock); each day arrived + backlog at start = answered + backlog left.
TEST(Written, BacklogCarriesToTheNextDayWithItsAge) {
  Center c = desk(0, 2, 300.0, 900.0);
  c.roles.push_back(c.roles[kRep]);
  c.call_types[kCall].eligible = 0b100;
  c.written.dedicated = 1u << kClerk;
  c.call_types[kMail].work_s = engine::Exponential(900.0);
  c.arrivals[kMail].assign(c.intervals(), 5.0);  // 80 a day for about 64 hours of work
  Horizon h;
  h.days = {Day{"mon", true, c}, Day{"tue", true, c}};
  const metrics::HorizonResults hr = metrics::simulate_horizon(h, 3, 0, 20.0);
  const metrics::CallStats &d1 = hr.days[0].type[kMail], &d2 = hr.days[1].type[kMail];
  EXPECT_GT(d1.backlog_left, 0u);
  EXPECT_EQ(d2.carried_in, d1.backlog_left);
  // arrived (offered - carried_in) + backlog at start (carried_in) = answered + left
  for (const metrics::CallStats* d : {&d1, &d2}) {
    EXPECT_EQ(d->offered, d->written_answered + d->backlog_left);
    EXPECT_EQ(d->abandoned + d->cleared, 0u);
  }
  EXPECT_EQ(hr.beyond, d2.backlog_left);

  // The same two days by hand: the items carried in arrive when they arrived, a day back.
  Log day1;
  ContactCenter<Log> first(c, metrics::day_seed(3, 0), 0, day1);
  first.run();
  std::vector<CarriedContact> next = first.carried();
  for (auto& k : next) k.due_s -= metrics::kDaySeconds;
  Log day2;
  ContactCenter<Log> second(c, metrics::day_seed(3, 1), 0, day2, 1);
  second.receive(next);
  second.run();
  ASSERT_EQ(day2.carried_in.size(), day1.left.size());
  for (std::size_t i = 0; i < day1.left.size(); ++i) {
    EXPECT_EQ(day2.carried_in[i].customer, day1.left[i].customer);
    EXPECT_DOUBLE_EQ(day2.carried_in[i].offered_s, day1.left[i].offered_s - metrics::kDaySeconds);
  }
}

TEST(Written, ValidationRejectsAPhoneTypeLeftWithOnlyDedicatedRoles) {
  Center c = desk(1, 1, 300.0, 600.0);
  c.call_types[kCall].eligible = 1u << kClerk;
  c.written.dedicated = 1u << kClerk;
  EXPECT_EQ(c.validate(), "call type call: every eligible role is dedicated to written work");
  c.written.dedicated = 0;
  c.written.starting_backlog = {{kCall, 10.0}};
  EXPECT_EQ(c.validate(), "written: the starting backlog needs written call types and ages >= 0");
}

}  // namespace
}  // namespace sim::model
