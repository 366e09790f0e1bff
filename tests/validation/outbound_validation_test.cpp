// The blended center (issue 19) against its Markov chain: c identical agents, inbound
// M/M/c (Poisson arrivals at rate lambda, exponential talk with rate mu, no abandonment,
// FIFO), an outbound list that never runs out, every dial reaching the right party with an
// exponential talk of rate theta and no wrap-up, and the threshold rule: an agent dials only
// when, with it, more than r agents are idle (config.h OutboundRules).
//
// Derivation. Let n be the inbound calls in the center (talking or waiting) and o the
// dials in progress. Whenever more than r agents would be idle a dial starts at once, so
// the chain lives on the states with idle = max(0, c - n - o) <= r; inbound talking is
// b = min(n, c - o). From (n, o):
//   an arrival (lambda)            -> (n + 1, o): it takes an idle agent or waits;
//   an inbound end (b mu)          -> (n - 1, o) if a call waited (n > c - o) or fewer
//                                     than r others are idle (c - n - o < r); else the
//                                     freed agent dials: (n - 1, o + 1);
//   a dial's end (o theta)         -> (n, o - 1) if a call waited (the agent takes it) or
//                                     fewer than r others are idle; else the agent dials
//                                     again and the state stays (no transition).
// Truncated at n = c + 200 (the probability beyond is far below 1e-12 at these loads) and
// solved for pi Q = 0, sum pi = 1, with Eigen's sparse LU. By PASTA an arrival waits with
// probability P(n + o >= c); dials end at the rate theta E[o].
//
// The simulation is one long stationary day in 41 batches (the first dropped as warm-up);
// each figure is checked within 5.5 batch-means standard errors, a false-failure chance
// below 1e-5 per check for a right model (the seeds are fixed: the outcome is
// deterministic; the budget says how unlucky another seed could be).
#include <gtest/gtest.h>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <cmath>
#include <vector>

#include "sim/model/contact_center.h"
#include "tests/support/batch_means.h"
#include "tests/support/centers.h"

namespace {

using sim::model::CallFact;
using sim::model::Center;

constexpr double kZ = 5.5;

struct Chain {
  double p_wait, dial_rate;
};

Chain solve_chain(int c, int r, double lambda, double mu, double theta) {
  const int n_max = c + 200;
  const int width = c + 1;
  auto id = [&](int n, int o) { return n * width + o; };
  auto valid = [&](int n, int o) { return o <= c && c - n - o <= r; };
  const int states = (n_max + 1) * width;
  std::vector<Eigen::Triplet<double>> q;  // transposed generator: rows are target states
  std::vector<double> out(static_cast<std::size_t>(states), 0.0);
  auto rate = [&](int from, int to, double x) {
    if (from == to || x == 0.0) return;
    q.emplace_back(to, from, x);
    out[static_cast<std::size_t>(from)] += x;
  };
  for (int n = 0; n <= n_max; ++n) {
    for (int o = 0; o <= c; ++o) {
      if (!valid(n, o)) continue;
      const int s = id(n, o);
      if (n < n_max) rate(s, id(n + 1, o), lambda);
      const int b = std::min(n, c - o);
      const bool waiting = n > c - o;
      if (b > 0) {
        const bool dials = !waiting && c - n - o >= r;
        rate(s, dials ? id(n - 1, o + 1) : id(n - 1, o), b * mu);
      }
      if (o > 0) {
        const bool dials = !waiting && c - n - o >= r;
        if (!dials) rate(s, id(n, o - 1), o * theta);
      }
    }
  }
  for (int s = 0; s < states; ++s) q.emplace_back(s, s, -out[static_cast<std::size_t>(s)]);
  // States the rule forbids have no transitions: pin them to 0 with a unit diagonal.
  for (int n = 0; n <= n_max; ++n) {
    for (int o = 0; o <= c; ++o) {
      if (!valid(n, o)) q.emplace_back(id(n, o), id(n, o), 1.0);
    }
  }
  // One balance equation (state (c, 0)'s row is as good as any) becomes sum pi = 1.
  const int replaced = id(n_max, 0);
  std::vector<Eigen::Triplet<double>> a;
  for (const auto& t : q) {
    if (t.row() != replaced) a.push_back(t);
  }
  for (int n = 0; n <= n_max; ++n) {
    for (int o = 0; o <= c; ++o) {
      if (valid(n, o)) a.emplace_back(replaced, id(n, o), 1.0);
    }
  }
  Eigen::SparseMatrix<double> m(states, states);
  m.setFromTriplets(a.begin(), a.end());
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(states);
  rhs(replaced) = 1.0;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu(m);
  EXPECT_EQ(lu.info(), Eigen::Success);
  const Eigen::VectorXd pi = lu.solve(rhs);
  Chain out_c{0.0, 0.0};
  for (int n = 0; n <= n_max; ++n) {
    for (int o = 0; o <= c; ++o) {
      if (!valid(n, o)) continue;
      const double p = pi(id(n, o));
      if (n + o >= c) out_c.p_wait += p;
      out_c.dial_rate += p * o * theta;
    }
  }
  return out_c;
}

// Per batch: inbound answers (by the batch offered in) and how many waited; dials by the
// batch they ended in. Independent of DayCollector.
struct Batches : sim::model::NullObserver {
  struct Batch {
    double answered = 0, waited = 0, dials = 0, list_left = 0;
  };
  double batch_s;
  std::vector<Batch> b;
  std::size_t at(double t) const {
    return std::min(b.size() - 1, static_cast<std::size_t>(t / batch_s));
  }
  void answered(const CallFact& c, double, double wait, int, int) {
    Batch& x = b[at(c.offered_s)];
    ++x.answered;
    x.waited += wait > 0.0;
  }
  void dialed(int, double t, int, int, std::uint64_t, int, sim::model::DialOutcome, double,
              int remaining) {
    ++b[at(t)].dials;
    b.back().list_left = remaining;
  }
};

using sim::fixtures::batch_mean;
using sim::fixtures::Estimate;

void check_blend(int c, int r, double offered_erlangs, std::uint64_t seed) {
  const double handle_s = 300.0, dial_s = 200.0;
  const double lambda = offered_erlangs / handle_s;
  const double batch = 2000.0 * handle_s;
  Center center = sim::fixtures::single_skill(c, lambda, handle_s, std::nullopt, 41 * batch, 0, batch);
  sim::model::CallType out = center.call_types[0];
  out.name = "collections";
  out.channel = sim::model::Channel::outbound;
  out.work_s = sim::engine::Exponential(dial_s);
  out.outbound.list_size = 2'000'000;  // never runs out (checked below)
  out.outbound.right_party = 1.0;
  out.outbound.no_answer = 0.0;
  out.outbound.max_attempts = 1;
  center.call_types.push_back(out);
  center.arrivals.emplace_back(center.intervals(), 0.0);
  center.outbound.idle_reserve = r;
  ASSERT_EQ(center.validate(), "");

  Batches obs;
  obs.batch_s = batch;
  obs.b.resize(center.intervals());
  sim::model::ContactCenter<Batches> model(center, seed, 0, obs);
  model.run();
  ASSERT_GT(obs.b.back().list_left, 0) << "the list ran out: not the chain's model";

  const Chain chain = solve_chain(c, r, lambda, 1.0 / handle_s, 1.0 / dial_s);
  using B = Batches::Batch;
  const Estimate wait = batch_mean(obs.b, [](const B& x) { return x.waited / x.answered; });
  const Estimate dials = batch_mean(obs.b, [&](const B& x) { return x.dials / batch; });
  EXPECT_NEAR(wait.mean, chain.p_wait, kZ * wait.se)
      << "P(wait): simulated " << wait.mean << " +- " << wait.se << ", chain " << chain.p_wait;
  EXPECT_NEAR(dials.mean, chain.dial_rate, kZ * dials.se)
      << "dials/s: simulated " << dials.mean << " +- " << dials.se << ", chain " << chain.dial_rate;
  // The check can fail: the chain without the reserve (r = 0) is far from this one.
  if (r > 0) {
    EXPECT_GT(std::abs(solve_chain(c, 0, lambda, 1.0 / handle_s, 1.0 / dial_s).p_wait - chain.p_wait),
              10 * kZ * wait.se);
  }
}

TEST(OutboundValidation, BlendWithAReserveOfTwoMatchesItsMarkovChain) { check_blend(10, 2, 6.0, 21); }
TEST(OutboundValidation, BlendWithAReserveOfOneAtHighLoadMatchesItsMarkovChain) {
  check_blend(12, 1, 10.0, 22);
}

}  // namespace
