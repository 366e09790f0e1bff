// Exact results of the classic single-skill queues, used to validate the simulator and as
// the manager's calculator. A: offered load in Erlangs (arrival rate x mean handle time),
// n: agents. Computed by recurrences on ratios, never factorials, so they stay finite for
// n up to tens of thousands.
#pragma once

namespace analysis {

// Erlang B: blocking probability of M/M/n/n. Recurrence B(k) = A B(k-1) / (k + A B(k-1)).
double erlang_b(int n, double a);

// Erlang C: probability that an arrival waits in M/M/n (A < n; returns 1 when A >= n, the
// convention that an unstable queue makes everyone wait).
double erlang_c(int n, double a);

// M/M/n mean wait of all callers, in units of the mean handle time (A < n; +inf otherwise).
double erlang_c_asa(int n, double a, double mean_handle);

// M/M/n service level: P(wait <= t) = 1 - C e^{-(n-A) t / mean_handle}.
double erlang_c_service_level(int n, double a, double mean_handle, double t);

// Erlang A (M/M/n+M; Palm 1943, Garnett, Mandelbaum & Reiman 2002): Poisson arrivals at
// rate lambda, n agents with exponential service at rate mu, exponential patience at rate
// theta > 0. Exact, from the birth-death stationary distribution summed until the terms
// vanish (scaled so that it neither overflows nor underflows).
struct ErlangAResult {
  double p_wait;          // P(an arrival finds all agents busy)
  double p_abandon;       // P(an arrival abandons) = theta * mean_wait_all
  double mean_wait_all;   // E[time in queue] over all arrivals (abandoners: until they leave)
  double asa;             // E[wait | answered]
  double mean_queue;      // E[number waiting]
};
ErlangAResult erlang_a(int n, double lambda, double mu, double theta);

}  // namespace analysis
