// The model against exact queueing results. Each test runs a long stationary day with a
// fixed seed, splits it into batches (the intervals), drops the first batch as warm-up, and
// compares the batch mean with theory within a tolerance from the batch-means confidence
// interval: 5.5 standard errors, which for t with 30+ degrees of freedom is a two-sided
// false-failure chance below 1e-5 per check if the model is right. The seeds are fixed, so
// the outcome is deterministic; the budget says how unlucky another seed could be.
#include <Eigen/Sparse>
#include <gtest/gtest.h>

#include <array>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/erlang.h"
#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "tests/support/batch_means.h"
#include "tests/support/centers.h"

namespace {

using sim::model::CallFact;
using sim::model::Center;

constexpr double kZ = 5.5;

// Per-batch counts, by the interval a call was offered in; independent of DayCollector.
struct BatchObserver : sim::model::NullObserver {
  struct Batch {
    double offered = 0, blocked = 0, answered = 0, immediate = 0, within = 0, abandoned = 0;
    double wait_answered = 0, wait_all = 0;
    double queue_full = 0, balked = 0;  // issue 19
  };
  double interval_s, sl_s;
  std::vector<Batch> b;
  BatchObserver(const Center& c, double sl) : interval_s(c.interval_s), sl_s(sl), b(c.intervals()) {}
  Batch& at(const CallFact& c) { return b[static_cast<std::size_t>(c.offered_s / interval_s)]; }
  void offered(const CallFact& c, double) { ++at(c).offered; }
  void blocked(const CallFact& c, double) { ++at(c).blocked; }
  void blocked_queue_full(const CallFact& c, double) { ++at(c).queue_full; }
  void balked(const CallFact& c, double) { ++at(c).balked; }
  void abandoned(const CallFact& c, double, double w) {
    ++at(c).abandoned;
    at(c).wait_all += w;
  }
  void answered(const CallFact& c, double, double w, int, int) {
    Batch& x = at(c);
    ++x.answered;
    x.immediate += (w == 0.0);
    x.within += (w <= sl_s);
    x.wait_answered += w;
    x.wait_all += w;
  }
};

using sim::fixtures::batch_mean;
using sim::fixtures::Estimate;

#define EXPECT_WITHIN_CI(est, exact, what)                                               \
  do {                                                                                   \
    const Estimate e_ = (est);                                                           \
    const double x_ = (exact);                                                           \
    EXPECT_NEAR(e_.mean, x_, kZ * e_.se) << what << ": simulated " << e_.mean << " +- " \
                                         << e_.se << " (1 se), exact " << x_;            \
    ::testing::Test::RecordProperty(what, std::to_string(e_.mean) + " vs " + std::to_string(x_));       \
  } while (0)

BatchObserver run(const Center& c, double sl_s, std::uint64_t seed) {
  EXPECT_EQ(c.validate(), "");
  BatchObserver obs(c, sl_s);
  sim::model::ContactCenter<BatchObserver> model(c, seed, 0, obs);
  model.run();
  return obs;
}

// The batch means of P(wait), ASA and SL(sl) against Erlang C for n servers at load a.
void expect_erlang_c(const BatchObserver& o, int n, double a, double handle, double sl) {
  using B = BatchObserver::Batch;
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return 1.0 - x.immediate / x.answered; }),
                   analysis::erlang_c(n, a), "P(wait)");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.wait_answered / x.answered; }),
                   analysis::erlang_c_asa(n, a, handle), "ASA");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.within / x.answered; }),
                   analysis::erlang_c_service_level(n, a, handle, sl), "SL(20s)");
}

// n servers: n agents on the phone, or n / chats agents each holding `chats` chats at once
// with no slowdown (each agent is that many servers; the queue is FIFO and which free
// server takes a chat does not change the waits, so the model must be M/M/n).
void check_erlang_c(int n, double a, std::uint64_t seed, int chats = 1) {
  const double handle = 300.0, sl = 20.0;
  const double rate = a / handle;
  // 41 batches of 2,000 mean handle times each: enough to wash out the warm-up, and short
  // enough that the test takes about a second.
  const double batch = 2000.0 * handle;
  Center c = sim::fixtures::single_skill(n / chats, rate, handle, std::nullopt, 41 * batch, 0, batch);
  if (chats > 1) {
    c.call_types[0].channel = sim::model::Channel::chat;
    c.roles[0].chat_concurrency = chats;
  }
  expect_erlang_c(run(c, sl, seed), n, a, handle, sl);
}

TEST(Validation, MMnMatchesErlangCAtModerateLoad) { check_erlang_c(20, 15.0, 11); }
// Chat (issue 16): no published chat figure could be reproduced. Tezcan & Zhang
// (Operations Research 62(4), 2014) and Long, Tezcan & Zhang (M&SOM 26(5), 2024) give
// asymptotic (fluid, LP-based) results, with a service rate that follows the agent's
// current number of chats, where ours is fixed when a chat starts. The exact reduction is
// checked instead: 10 agents holding 2 chats each, no slowdown, are M/M/20; 8 holding 4 at
// high load are M/M/32.
TEST(Validation, ChatWithoutSlowdownMatchesErlangCWithAServerPerChatSlot) {
  check_erlang_c(20, 15.0, 13, 2);
}
TEST(Validation, ChatOfFourAtHighLoadMatchesErlangC) { check_erlang_c(32, 29.0, 14, 4); }
TEST(Validation, MMnMatchesErlangCAtHighLoad) { check_erlang_c(50, 46.0, 12); }  // rho = 0.92

TEST(Validation, MMnnBlockingMatchesErlangB) {
  const int n = 10;
  const double a = 8.0, handle = 180.0;
  const double batch = 1000.0 * handle;
  const Center c = sim::fixtures::single_skill(n, a / handle, handle, std::nullopt, 41 * batch,
                                               static_cast<std::size_t>(n), batch);
  const BatchObserver o = run(c, 20.0, 13);
  using B = BatchObserver::Batch;
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.blocked / x.offered; }),
                   analysis::erlang_b(n, a), "P(blocked)");
  // Nobody waits in a loss system.
  for (const auto& x : o.b) EXPECT_EQ(x.immediate, x.answered);
}

// The whole-model benchmark's case: c = 100, lambda = 95/min, handle 1 min, patience 2 min.
TEST(Validation, MMnPlusMMatchesErlangA) {
  const int n = 100;
  const double handle = 60.0, patience = 120.0, rate = 95.0 / 60.0;
  const double batch = 1000.0 * handle;
  const Center c = sim::fixtures::single_skill(n, rate, handle, patience, 41 * batch, 0, batch);
  const BatchObserver o = run(c, 20.0, 14);
  const auto exact = analysis::erlang_a(n, rate, 1.0 / handle, 1.0 / patience);
  using B = BatchObserver::Batch;
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.abandoned / x.offered; }),
                   exact.p_abandon, "P(abandon)");
  EXPECT_WITHIN_CI(
      batch_mean(o.b, [](const B& x) { return 1.0 - x.immediate / x.offered; }), exact.p_wait,
      "P(wait)");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.wait_answered / x.answered; }),
                   exact.asa, "ASA");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.wait_all / x.offered; }),
                   exact.mean_wait_all, "mean wait of all callers");
}

// Little's law as a sample-path identity: on a day that starts and ends empty, the area
// under the number-waiting curve equals the sum of all waits, whatever the call types,
// roles, priorities, escalations and shifts. Checked on the default day (scenarios/default).
TEST(Validation, LittlesLawHoldsOnTheMultiTypeMultiRoleDay) {
  const Center c = sim::fixtures::default_center();
  ASSERT_EQ(c.validate(), "");
  const auto r = sim::metrics::simulate_day(c, 2024, 0, 30.0);
  double area = 0.0;
  for (const auto& t : r.type) area += t.queue_area;
  ASSERT_GT(r.day.offered, 5000u);
  ASSERT_GT(r.total_wait_s, 1000.0);
  EXPECT_NEAR(area, r.total_wait_s, 1e-9 * r.total_wait_s);
  // L = lambda W over the day: mean number waiting = offered per second x mean wait.
  const double horizon = r.last_event_s - c.open_s;
  double offered = 0;
  for (const auto& t : r.type) offered += static_cast<double>(t.offered);
  EXPECT_NEAR(area / horizon, offered / horizon * (r.total_wait_s / offered),
              1e-9 * area / horizon);
}

// A finite day starts empty and stops taking calls at closing, so its waits are shorter
// than the steady state's: a two-hour day's ASA over 400 replications lies well below
// Erlang C's (one-sided, 5.5 standard errors of the replication mean).
TEST(Validation, FiniteDayWaitsLessThanSteadyState) {
  const int n = 30;
  const double a = 28.5, handle = 300.0;  // rho = 0.95: slow to reach the steady state
  Center c = sim::fixtures::single_skill(n, a / handle, handle, std::nullopt, 2 * 3600.0);
  for (auto& agent : c.agents) agent.shift_end_s += 4 * 3600.0;  // serve everyone queued
  std::vector<double> asa;
  for (std::uint64_t rep = 0; rep < 400; ++rep) {
    const auto r = sim::metrics::simulate_day(c, 77, rep, 20.0);
    ASSERT_EQ(r.day.cleared, 0u);
    asa.push_back(r.day.asa_s());
  }
  double m = 0, s2 = 0;
  for (double x : asa) m += x;
  const double k = static_cast<double>(asa.size());
  m /= k;
  for (double x : asa) s2 += (x - m) * (x - m);
  const double se = std::sqrt(s2 / (k - 1) / k);
  const double steady = analysis::erlang_c_asa(n, a, handle);
  RecordProperty("finite_day_asa", std::to_string(m) + " +- " + std::to_string(se));
  RecordProperty("steady_state_asa", std::to_string(steady));
  EXPECT_LT(m + kZ * se, steady) << "finite-day ASA " << m << " (se " << se
                                 << ") vs steady state " << steady;
}

// --- IVR and callbacks (issue 16, part C) ---------------------------------------------
// No published callback result could be reproduced exactly: Armony & Maglaras (2004,
// "Contact centers with a call-back option and real-time delay information", Operations
// Research 52(4)) and later work (e.g. the threshold policies analysed at Sabanci/Leiden,
// 2022) give many-server asymptotics or matrix-analytic solutions for other disciplines.
// Both tests below compare against exact Erlang C results instead (Koole & Mandelbaum
// 2002, "Queueing models of call centers: an introduction", Annals of OR 113, section 2).

// The IVR as an infinite-server stage before the queue: a Poisson stream delayed by
// independent IVR times and thinned by containment p stays Poisson, at rate lambda (1 - p),
// so the queue behind it is M/M/n with offered load a (1 - p). Unlimited trunks.
TEST(Validation, QueueBehindAnIvrIsErlangCAtTheLoadTheIvrLetsThrough) {
  const int n = 20;
  const double a = 21.0, handle = 300.0, containment = 0.3;  // a (1 - p) = 14.7
  const double batch = 2000.0 * handle;
  Center c = sim::fixtures::single_skill(n, a / handle, handle, std::nullopt, 41 * batch, 0, batch);
  c.call_types[0].ivr = sim::model::Ivr{sim::engine::Exponential(90.0), containment};
  const BatchObserver o = run(c, 20.0, 21);
  using B = BatchObserver::Batch;
  const double through = a * (1.0 - containment);
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return 1.0 - x.answered / x.offered; }),
                   containment, "contained share");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return 1.0 - x.immediate / x.answered; }),
                   analysis::erlang_c(n, through), "P(wait)");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.wait_answered / x.answered; }),
                   analysis::erlang_c_asa(n, through, handle), "ASA");
}

// Every caller who would queue behind someone accepts a callback, every callback is
// answered and placed when no live call waits. The policy is work-conserving and does not
// look at service times, and service is exponential, so the number of calls in the system
// is the M/M/n birth-death chain: the mean wait over all callers (a callback's wait being
// its time to the callback) is Erlang C's ASA, while the live queue alone waits less.
// Conferences (issue 19) with probability 1 and a helper pool that is never all busy: each
// representative's service is its own talk plus the conference, both busy. With no talk of
// its own (work 0) the service is the conference time alone, Exp(mean 300 s), so the
// representatives are M/M/n at load a = lambda x 300 whatever the helpers do, as long as one
// is always idle: the helpers are an M/M/inf (60 of them at mean 18 busy: P(all 60 busy) is
// below 1e-12, Poisson tail). Erlang C gives the waits; every conference is held, and the
// helpers' conference time is the representatives' talk time (Little: the same busy time).
TEST(Validation, ConferencesAlwaysHeldMakeTheFirstPoolMMnWithTheLongerService) {
  const int n = 20, helpers = 60;
  const double a = 18.0, mean_s = 300.0;
  const double batch = 2000.0 * mean_s;
  Center c = sim::fixtures::single_skill(n, a / mean_s, mean_s, std::nullopt, 41 * batch, 0, batch);
  c.call_types[0].work_s = sim::engine::Deterministic(0.0);
  c.roles.push_back(c.roles[0]);
  c.roles[1].name = "helper";
  for (int i = 0; i < helpers; ++i) {
    sim::model::Agent h = c.agents[0];
    h.name = "helper_" + std::to_string(i + 1);
    h.role = 1;
    h.shift_end_s = 2 * c.close_s;  // still there for the calls answered after close
    c.agents.push_back(h);
  }
  c.call_types[0].conference =
      sim::model::Conference{1.0, sim::model::RoleMask{2}, sim::engine::Exponential(mean_s)};
  struct Obs : BatchObserver {
    using BatchObserver::BatchObserver;
    double held = 0, missed = 0, joined_s = 0;
    void assist(const CallFact&, double, int, int, int helper, int, double s, sim::model::Help) {
      (helper < 0 ? missed : held) += 1;
      joined_s += s;
    }
  } o(c, 20.0);
  ASSERT_EQ(c.validate(), "");
  sim::model::ContactCenter<Obs> model(c, 23, 0, o);
  model.run();
  expect_erlang_c(o, n, a, mean_s, 20.0);
  double answered = 0;
  for (const BatchObserver::Batch& x : o.b) answered += x.answered;
  EXPECT_EQ(o.missed, 0.0);
  EXPECT_EQ(o.held, answered);
  // Mean conference length over ~100,000 calls: within 5.5 se of 300 (se = 300 / sqrt(N)).
  EXPECT_NEAR(o.joined_s / o.held, mean_s, kZ * mean_s / std::sqrt(o.held));
}

TEST(Validation, CallbacksPlacedWhenIdleKeepTheMeanWaitOfErlangC) {
  const int n = 20;
  const double a = 18.0, handle = 300.0;
  const double batch = 2000.0 * handle;
  Center c = sim::fixtures::single_skill(n, a / handle, handle, std::nullopt, 41 * batch, 0, batch);
  c.callbacks = {true, 0.0, 1.0, 1.0, 1e9, 1e9};
  c.call_types[0].callback_acceptance = 1.0;
  struct Obs : BatchObserver {
    using BatchObserver::BatchObserver;
    double live_answered = 0, live_wait = 0, callbacks = 0;
    void answered(const CallFact& f, double t, double w, int ag, int r) {
      BatchObserver::answered(f, t, w, ag, r);
      if (f.callback) {
        ++callbacks;
      } else {
        ++live_answered;
        live_wait += w;
      }
    }
  } o(c, 20.0);
  ASSERT_EQ(c.validate(), "");
  sim::model::ContactCenter<Obs> model(c, 22, 0, o);
  model.run();
  using B = BatchObserver::Batch;
  const double exact = analysis::erlang_c_asa(n, a, handle);
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.wait_answered / x.answered; }),
                   exact, "ASA of all callers");
  EXPECT_GT(o.callbacks, 1000.0);
  EXPECT_LT(o.live_wait / o.live_answered, 0.5 * exact);
}

}  // namespace

// Written items (issue 16, part E) with dedicated agents are M/M/c without abandonment: an
// answer begins within the goal T with probability 1 - C(c, a) e^{-(c mu - lambda) T}
// (Erlang C's wait distribution). No published result for written correspondence could be
// found; this checks the goal figures (within_goal / written_answered, as DayCollector
// counts them per interval) against that exact queue instead.
TEST(Validation, WrittenGoalRateMatchesErlangCWaitDistribution) {
  const int n = 5;
  const double a = 4.0, handle = 300.0, goal = 600.0;
  const double batch = 2000.0 * handle;
  Center c = sim::fixtures::single_skill(n, a / handle, handle, std::nullopt, 41 * batch, 0, batch);
  c.call_types[0].channel = sim::model::Channel::written;
  c.call_types[0].response_goal_s = goal;
  c.written.dedicated = 1;
  const sim::metrics::DayResults r = sim::metrics::simulate_day(c, 15, 0, 20.0);
  std::vector<BatchObserver::Batch> b(r.intervals);
  for (std::size_t k = 0; k < r.intervals; ++k) {
    b[k].answered = static_cast<double>(r.interval_type[k].written_answered);
    b[k].within = static_cast<double>(r.interval_type[k].within_goal);
  }
  using B = BatchObserver::Batch;
  EXPECT_WITHIN_CI(batch_mean(b, [](const B& x) { return x.within / x.answered; }),
                   analysis::erlang_c_service_level(n, a, handle, goal), "P(within goal)");
}

// --- issue 19: group preference against its Markov chain ---

// BatchObserver per call type.
struct TypedBatches : sim::model::NullObserver {
  std::vector<BatchObserver> t;
  void offered(const CallFact& c, double x) { t[c.type].offered(c, x); }
  void abandoned(const CallFact& c, double x, double w) { t[c.type].abandoned(c, x, w); }
  void answered(const CallFact& c, double x, double w, int a, int r) {
    t[c.type].answered(c, x, w, a, r);
  }
};

// Two groups, two types, exponential everything, all agents at the same service rate mu:
// group A (nA agents) owns type 0 and takes type 1 at rank 2; group B (nB agents) takes
// type 1 only. A type-1 call goes to an idle B agent first, else an idle A agent; a freed A
// agent takes type 0 first, then type 1; a freed B agent takes type 1. Patience Exp(theta).
//
// With one service rate, which type an agent serves does not matter to the future, so
// (a, b, q0, q1) - busy A agents, busy B agents, waiting calls of each type - is a CTMC.
// Valid states: q0 > 0 only if a = nA, q1 > 0 only if a = nA and b = nB. Transitions:
//   lambda0: a < nA ? a + 1 : q0 + 1
//   lambda1: b < nB ? b + 1 : a < nA ? a + 1 : q1 + 1
//   a mu:    q0 > 0 ? q0 - 1 : q1 > 0 ? q1 - 1 : a - 1      (the freed A agent's rank order)
//   b mu:    q1 > 0 ? q1 - 1 : b - 1
//   q0 theta, q1 theta: that queue - 1 (an abandonment)
// Queues are truncated at kQ (arrivals beyond it are dropped); at these loads the chance
// of reaching it is far below 1e-12. The stationary pi solves pi Q = 0, sum pi = 1. By
// PASTA a type-0 call waits iff a = nA, a type-1 call iff a = nA and b = nB; the mean wait
// of all callers of type t is E[q_t] / lambda_t (Little).
struct PreferenceChain {
  double p_wait[2] = {0, 0}, mean_wait[2] = {0, 0};
};

PreferenceChain solve_preference_chain(int na, int nb, double l0, double l1, double mu, double theta) {
  constexpr int kQ = 60;
  std::map<std::array<int, 4>, int> index;
  std::vector<std::array<int, 4>> states;
  for (int a = 0; a <= na; ++a)
    for (int b = 0; b <= nb; ++b)
      for (int q0 = 0; q0 <= (a == na ? kQ : 0); ++q0)
        for (int q1 = 0; q1 <= (a == na && b == nb ? kQ : 0); ++q1) {
          index[{a, b, q0, q1}] = static_cast<int>(states.size());
          states.push_back({a, b, q0, q1});
        }
  const int n = static_cast<int>(states.size());
  std::vector<Eigen::Triplet<double>> entries;
  // Rows of Q^T (columns of Q): (Q^T pi^T) = 0; the last equation replaced by sum pi = 1.
  auto rate = [&](int from, std::array<int, 4> to, double r) {
    if (r <= 0 || to[2] > kQ || to[3] > kQ) return;
    const int j = index.at(to);
    if (j != n - 1) entries.emplace_back(j, from, r);
    if (from != n - 1) entries.emplace_back(from, from, -r);
  };
  for (int i = 0; i < n; ++i) {
    const auto [a, b, q0, q1] = states[static_cast<std::size_t>(i)];
    rate(i, a < na ? std::array{a + 1, b, q0, q1} : std::array{a, b, q0 + 1, q1}, l0);
    rate(i, b < nb   ? std::array{a, b + 1, q0, q1}
            : a < na ? std::array{a + 1, b, q0, q1}
                     : std::array{a, b, q0, q1 + 1}, l1);
    rate(i, q0 > 0   ? std::array{a, b, q0 - 1, q1}
            : q1 > 0 ? std::array{a, b, q0, q1 - 1}
                     : std::array{a - 1, b, q0, q1}, a * mu);
    rate(i, q1 > 0 ? std::array{a, b, q0, q1 - 1} : std::array{a, b - 1, q0, q1}, b * mu);
    rate(i, {a, b, q0 - 1, q1}, q0 * theta);
    rate(i, {a, b, q0, q1 - 1}, q1 * theta);
    entries.emplace_back(n - 1, i, 1.0);
  }
  Eigen::SparseMatrix<double> m(n, n);
  m.setFromTriplets(entries.begin(), entries.end());
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu(m);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
  rhs(n - 1) = 1.0;
  const Eigen::VectorXd pi = lu.solve(rhs);
  PreferenceChain out;
  for (int i = 0; i < n; ++i) {
    const auto [a, b, q0, q1] = states[static_cast<std::size_t>(i)];
    out.p_wait[0] += a == na ? pi(i) : 0.0;
    out.p_wait[1] += a == na && b == nb ? pi(i) : 0.0;
    out.mean_wait[0] += q0 * pi(i) / l0;
    out.mean_wait[1] += q1 * pi(i) / l1;
  }
  return out;
}

TEST(Validation, TwoGroupPreferenceMatchesItsMarkovChain) {
  const int na = 2, nb = 2;
  const double handle = 300.0, patience = 200.0, l0 = 1.2 / handle, l1 = 1.9 / handle;
  const double batch = 2000.0 * handle;
  Center c = sim::fixtures::single_skill(na + nb, l0, handle, patience, 41 * batch, 0, batch);
  c.roles.push_back(c.roles[0]);
  c.roles[1].name = "b";
  for (int k = na; k < na + nb; ++k) c.agents[static_cast<std::size_t>(k)].role = 1;
  c.call_types.push_back(c.call_types[0]);
  c.call_types[1].name = "second";
  c.call_types[1].eligible = 3;
  c.call_types[1].role_ranks = {2, 1};
  c.arrivals.push_back(std::vector<double>(c.intervals(), l1 * batch));
  ASSERT_EQ(c.validate(), "");
  TypedBatches obs;
  obs.t.assign(2, BatchObserver(c, 20.0));
  sim::model::ContactCenter<TypedBatches> model(c, 19, 0, obs);
  model.run();
  const PreferenceChain exact = solve_preference_chain(na, nb, l0, l1, 1 / handle, 1 / patience);
  using B = BatchObserver::Batch;
  for (int t = 0; t < 2; ++t) {
    const std::string type = t == 0 ? "type 0 (A's own)" : "type 1 (B first, then A)";
    EXPECT_WITHIN_CI(batch_mean(obs.t[t].b, [](const B& x) { return 1.0 - x.immediate / x.offered; }),
                     exact.p_wait[t], "P(wait), " + type);
    EXPECT_WITHIN_CI(batch_mean(obs.t[t].b, [](const B& x) { return x.wait_all / x.offered; }),
                     exact.mean_wait[t], "mean wait of all callers, " + type);
  }
}

// Random selection among free agents (issue 19) spreads the load: on a single-skill queue
// at moderate load (8 agents, 4 erlangs: several agents are usually idle when a call
// arrives, so the choice matters), each agent's share of the answered calls, by batch
// means, is 1/8 within the CI. Symmetry gives 1/8 for any rule that does not favour some
// agents; what fails is a choice biased to an index or to a pool's head or tail.
struct AgentShares : sim::model::NullObserver {
  double interval_s = 0;
  // [agent][batch]: `answered` by the agent, of `offered` answered by anyone.
  std::vector<std::vector<BatchObserver::Batch>> agent;
  void answered(const CallFact& c, double, double, int a, int) {
    const auto k = static_cast<std::size_t>(c.offered_s / interval_s);
    for (auto& x : agent) ++x[k].offered;
    ++agent[static_cast<std::size_t>(a)][k].answered;
  }
};

TEST(Validation, RandomSelectionGivesEveryAgentTheSameShareOfCalls) {
  const int n = 8;
  const double handle = 300.0, batch = 1000.0 * handle;
  Center c = sim::fixtures::single_skill(n, 4.0 / handle, handle, std::nullopt, 41 * batch, 0, batch);
  c.routing.agent_selection = sim::model::AgentSelection::random;
  AgentShares obs;
  obs.interval_s = batch;
  obs.agent.assign(n, std::vector<BatchObserver::Batch>(c.intervals()));
  sim::model::ContactCenter<AgentShares> model(c, 21, 0, obs);
  model.run();
  using B = BatchObserver::Batch;
  for (int a = 0; a < n; ++a) {
    EXPECT_WITHIN_CI(batch_mean(obs.agent[static_cast<std::size_t>(a)],
                                [](const B& x) { return x.answered / x.offered; }),
                     1.0 / n, "share of agent " + std::to_string(a));
  }
}

// --- Queue capacity and balking (issue 19) ------------------------------------------
namespace {

// The stationary law of a birth-death chain on 0..rates.size(): rates[n] = lambda_n /
// mu_{n+1}, so pi_{n+1} = pi_n x rates[n] (detailed balance), normalised.
std::vector<double> birth_death(const std::vector<double>& rates) {
  std::vector<double> pi{1.0};
  for (double r : rates) pi.push_back(pi.back() * r);
  double total = 0.0;
  for (double p : pi) total += p;
  for (double& p : pi) p /= total;
  return pi;
}

}  // namespace

// M/M/c/K with c = 10 agents and queue_capacity K - c = 5, no abandonment. In state n
// (calls in the center) arrivals come at lambda while n < K, services end at min(n, c) mu:
// pi_n ~ a^n / n! for n <= c, pi_c (a / c)^(n - c) for c < n <= K, a = lambda / mu. By
// PASTA an arrival finds n with probability pi_n: blocked when n = K (the queue holds
// K - c), waits when c <= n < K. So P(blocked) = pi_K and P(wait | not blocked) =
// sum_{c <= n < K} pi_n / (1 - pi_K). (Gross and Harris, Fundamentals of Queueing Theory,
// M/M/c/K.) A capacity of the queue alone, so no trunk limit is set.
TEST(Validation, QueueCapacityMatchesTheMMcKBirthDeathChain) {
  const int c = 10, queue = 5;
  const double a = 9.5, handle = 180.0;
  const double batch = 1000.0 * handle;
  Center center = sim::fixtures::single_skill(c, a / handle, handle, std::nullopt, 41 * batch, 0, batch);
  center.queue_capacity = queue;
  std::vector<double> rates;
  for (int n = 0; n < c + queue; ++n) rates.push_back(a / std::min(n + 1, c));
  const std::vector<double> pi = birth_death(rates);
  double wait = 0.0;
  for (int n = c; n < c + queue; ++n) wait += pi[static_cast<std::size_t>(n)];
  const double blocked = pi.back();
  const BatchObserver o = run(center, 20.0, 15);
  using B = BatchObserver::Batch;
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.queue_full / x.offered; }), blocked,
                   "P(blocked at a full queue)");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return 1.0 - x.immediate / x.answered; }),
                   wait / (1.0 - blocked), "P(wait | admitted)");
  for (const auto& x : o.b) EXPECT_EQ(x.blocked, 0.0);  // trunks are not what blocked them
}

// Balking with probability p at any wait (wait_s = 0: every caller who must queue hears
// a wait >= 0), no abandonment, unlimited queue. A caller must queue exactly when all c
// agents are busy (n >= c), so the chain has birth rate lambda for n < c and
// lambda (1 - p) for n >= c, deaths min(n, c) mu: pi_n ~ a^n / n! up to c, then
// geometric with ratio r = a (1 - p) / c < 1; truncated where the tail is below 1e-15.
// By PASTA, P(balk) = p P(N >= c), and an admitted caller waits with probability
// (1 - p) P(N >= c) / (1 - p P(N >= c)).
TEST(Validation, BalkingMatchesTheBirthDeathChainWithThinnedArrivalsWhenAllAreBusy) {
  const int c = 10;
  const double a = 11.0, handle = 180.0, p = 0.4;  // a > c: stable only thanks to balking
  const double batch = 1000.0 * handle;
  Center center = sim::fixtures::single_skill(c, a / handle, handle, std::nullopt, 41 * batch, 0, batch);
  center.call_types[0].balk = {0.0, p};
  std::vector<double> rates;
  for (int n = 0; n < c; ++n) rates.push_back(a / (n + 1));
  for (int n = c; n < c + 400; ++n) rates.push_back(a * (1.0 - p) / c);
  const std::vector<double> pi = birth_death(rates);
  double busy = 0.0;
  for (std::size_t n = static_cast<std::size_t>(c); n < pi.size(); ++n) busy += pi[n];
  const BatchObserver o = run(center, 20.0, 16);
  using B = BatchObserver::Batch;
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return x.balked / x.offered; }), p * busy,
                   "P(balk)");
  EXPECT_WITHIN_CI(batch_mean(o.b, [](const B& x) { return 1.0 - x.immediate / x.answered; }),
                   (1.0 - p) * busy / (1.0 - p * busy), "P(wait | admitted)");
}
