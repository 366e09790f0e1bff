// Exact results of the classic single-skill queues, used to validate the simulator, to seed
// the simulation-based staffing search, and as the manager's calculator (`ccsim erlang`).
//
// Notation: lambda arrivals per unit time (Poisson), n agents, exponential handle times of
// mean 1/mu, offered load A = lambda / mu in Erlangs, exponential patience of mean 1/theta.
// Times are in whatever unit the caller uses for the mean handle time (seconds in ccsim).
//
// Numerics: everything is computed from recurrences on ratios, in log space where a
// quantity can leave the range of a double, never from factorials or powers. Results are
// finite and inside [0, 1] on the tested grid (n up to 20,000, A up to 30,000, including
// n = 20,000 with A = 10,000 and A = 19,990) and for Erlang C at n = 10^6. Cost: O(n) for
// B and C; Erlang A adds O(J) where J is the number of queue states that matter, about
// max(0, lambda - n mu) / theta plus a few dozen standard deviations (hundreds to a few
// thousand for a contact center; J is capped at 10^8, reached only when patience is
// nearly infinite and n well below A, where Erlang C's convention is the better model).
//
// Convention for n <= A (Erlang C only; Erlang A is always stable because callers leave):
// M/M/n then has no steady state and the queue grows without bound, so the functions
// return the limit a long-overloaded queue approaches: P(wait) = 1, SL(t) = 0, ASA = +inf,
// occupancy = 1. The same convention is used by the published tables we test against
// (perehinik/call-center-tools: C(A = 1000, n = 900) = 1). Staffing searches never return
// such an n for Erlang C.
#pragma once

#include <limits>
#include <optional>

namespace analysis {

// Erlang B: blocking probability of M/M/n/n, by B(k) = A B(k-1) / (k + A B(k-1)). Underflows
// to 0 once B < 1e-308 (n far above A); log_erlang_b keeps the value.
double erlang_b(int n, double a);
// ln B(n, A), finite wherever B > 0 in exact arithmetic (e.g. ln B(10000, 200) = -29325.75).
double log_erlang_b(int n, double a);

// Erlang B's inverse questions (lines or trunks; a blocked call is lost). Both throw
// std::invalid_argument for NaN or out-of-range arguments (programmer errors: the command
// line checks user input first).
// Fewest lines n >= 1 with B(n, A) <= max_blocking, A >= 0 finite, max_blocking in (0, 1).
// B falls as n grows, so one pass of the recurrence stops at the answer: O(n). kNoStaffing
// (below) if n would pass kMaxAgents.
int lines_required(double a, double max_blocking);
// The largest offered load A (Erlangs) with B(n, A) <= max_blocking, n >= 1, max_blocking in
// (0, 1). B rises from 0 to 1 with A, and the carried load A (1 - B) < n gives
// B > 1 - n / A, so the answer lies below n / (1 - max_blocking): bisection there to a
// relative 1e-12, about 45 passes of O(n).
double erlang_b_load(int n, double max_blocking);

// Erlang C: P(an arrival waits) in M/M/n, C = n B / (n - A (1 - B)). 1 when A >= n.
double erlang_c(int n, double a);

// M/M/n mean wait of all callers (ASA; every caller is answered), in the unit of
// mean_handle: C mean_handle / (n - A). +inf when A >= n.
double erlang_c_asa(int n, double a, double mean_handle);

// M/M/n service level: P(wait <= t) = 1 - C e^{-(n - A) t / mean_handle}, t in the unit of
// mean_handle. Every caller is answered, so it is the share of offered and of answered
// calls alike. 0 when A >= n.
double erlang_c_service_level(int n, double a, double mean_handle, double t);

// M/M/n occupancy: share of agent time busy, min(A / n, 1).
double erlang_c_occupancy(int n, double a);

// Erlang A (M/M/n+M; Palm 1943, Garnett, Mandelbaum & Reiman 2002): Poisson arrivals at
// rate lambda, n agents with exponential service at rate mu, exponential patience at rate
// theta > 0, FIFO. Exact: the birth-death stationary distribution summed until its terms
// vanish, and a tagged arrival's fate given the number j it finds waiting.
//
// Waiting-time distribution (used for SL): a caller who finds j waiting moves up one place
// at rate n mu + i theta while i are ahead of it (a service completion or an abandonment
// ahead) and is answered after j + 1 such moves, S_j = sum_{i=0..j} Exp(n mu + i theta),
// unless its own patience tau ~ Exp(theta) runs out first. Those rates form an arithmetic
// progression, so S_j has density f(s) ~ e^{-n mu s} (1 - e^{-theta s})^j and
//   P(answered, W <= t | j) = E[e^{-theta S_j}; S_j <= t]
//                           = n mu / (n mu + (j+1) theta) * I_x(j + 1, n mu / theta + 1),
// with x = 1 - e^{-theta t} and I the regularised incomplete beta function, which equals
// the tail P(K >= j + 1) of a negative binomial K ~ NB(n mu / theta + 1, x). That tail is
// accumulated term by term in log space alongside the stationary sum (no quadrature, no
// series truncation beyond the stationary sum's). Likewise
//   P(abandoned, W <= s | j) = 1 - P(answered, W <= s | j) - e^{-theta s} (1 - P(S_j <= s))
// with P(S_j <= s) = I_x(j + 1, n mu / theta). As theta -> 0 the negative binomial tends
// to a Poisson(n mu t) and SL tends to Erlang C's 1 - C e^{-(n mu - lambda) t}.
//
// Service-level denominators (sim/metrics/day_metrics.h uses the same three):
//   sl_offered               P(answered and W <= t) = answered within t / all arrivals
//   sl_answered              P(W <= t | answered)   = answered within t / answered
//   sl_offered_minus_short   answered within t / (arrivals - abandons within short_s)
struct ErlangAResult {
  double p_wait = 0;         // P(an arrival finds all agents busy)
  double p_abandon = 0;      // P(an arrival abandons), from the tagged caller's race
  double mean_wait_all = 0;  // E[time in queue] over all arrivals (abandoners: until they
                             // leave), from Little's law E[queue] / lambda; equals
                             // p_abandon / theta (tested: the two routes are independent)
  double asa = 0;            // E[wait | answered]: the ASA of answered calls
  double mean_queue = 0;     // E[number waiting]
  double occupancy = 0;      // carried load per agent, (1 - p_abandon) A / n
  double sl_offered = 0;     // see above, at t = sl_t
  double sl_answered = 0;
  double sl_offered_minus_short = 0;
  double p_abandon_short = 0;  // P(abandons having waited <= short_s)
};
// sl_t, short_s: thresholds in the unit of 1/mu; sl_t = +inf gives SL = 1 - p_abandon.
ErlangAResult erlang_a(int n, double lambda, double mu, double theta, double sl_t = 0.0,
                       double short_s = 0.0);

// Square-root staffing: ceil(A + beta sqrt(A)), at least 1.
int square_root_staffing(double a, double beta);
// Halfin & Whitt (1981): with n = A + beta sqrt(A) and A -> infinity, Erlang C's P(wait)
// tends to 1 / (1 + beta Phi(beta) / phi(beta)) (beta > 0; 1 for beta <= 0).
double halfin_whitt_p_wait(double beta);
// The beta > 0 whose Halfin-Whitt P(wait) is p_wait, 0 < p_wait < 1 (bisection; 1e-12).
double halfin_whitt_beta(double p_wait);

// ---- Agents required (the calculator's and the staffing search's starting point) ----

// Which service level min_sl bounds (the ErlangAResult fields above; all equal for Erlang C).
enum class SlBasis { offered, answered, offered_minus_short };

struct StaffingTargets {
  double sl_threshold_s = 30;       // t of SL(t), seconds
  std::optional<double> min_sl;     // SL(t) >= min_sl, in [0, 1)
  std::optional<double> max_abandon;  // P(abandon) <= max_abandon, in (0, 1]
  std::optional<double> max_asa_s;    // E[wait | answered] <= max_asa_s, > 0
  std::optional<double> max_occupancy;  // occupancy <= max_occupancy, in (0, 1]
  std::optional<double> max_p_wait;     // P(an arrival waits) <= max_p_wait, in (0, 1]
  SlBasis sl_basis = SlBasis::offered;
  double short_abandon_s = 5.0;  // for SlBasis::offered_minus_short
};

// Returned by agents_required when no n <= kMaxAgents meets every target (a tiny
// max_occupancy with a large load, for instance).
inline constexpr int kNoStaffing = -1;
inline constexpr int kMaxAgents = 1'000'000;

// The figures of one staffing level, in seconds and shares. Erlang C (infinite patience)
// with n <= A follows the convention above; p_abandon is then 0 and ASA +inf.
struct QueueMetrics {
  double load_erlangs = 0;
  double p_wait = 0;
  double service_level = 0;  // on targets.sl_basis at targets.sl_threshold_s
  double asa_s = 0;          // mean wait of answered calls
  double mean_wait_all_s = 0;  // mean wait of all callers (abandoners until they leave)
  double p_abandon = 0;
  double occupancy = 0;
};
QueueMetrics queue_metrics(int n, double lambda_per_s, double mean_handle_s,
                           double mean_patience_s, const StaffingTargets& t);
bool meets(const QueueMetrics& m, const StaffingTargets& t);

// Smallest n >= 1 meeting every target set, for Poisson arrivals at lambda per second,
// exponential handle mean_handle_s, exponential patience mean_patience_s (infinity: Erlang
// C, and then n > A always). No target set: the smallest n with a steady state (floor(A) + 1
// for Erlang C, 1 for Erlang A). lambda = 0: 1. kNoStaffing if no n <= kMaxAgents meets
// them. Galloping from n = ceil(A) then bisection: O(log n) evaluations, each O(n + J).
// Throws std::invalid_argument for NaN, negative or zero rates and targets outside the
// ranges above (programmer errors: the command line checks user input first).
int agents_required(double lambda_per_s, double mean_handle_s, double mean_patience_s,
                    const StaffingTargets& t);

// The inverse: the largest arrival rate (per second) at which n >= 1 agents meet every
// target set, with the same models and argument checks as agents_required. Every figure
// worsens as the load grows, so the rates that meet the targets form an interval from 0:
// galloping from lambda = n / mean_handle_s, then bisection to a relative 1e-10. Erlang C
// needs lambda < n / mean_handle_s (no target set: that bound, which is not reached).
// +infinity when the targets still hold at kMaxAgents Erlangs (Erlang A with only a loose
// occupancy or ASA cap, for instance).
double max_arrival_rate(int n, double mean_handle_s, double mean_patience_s,
                        const StaffingTargets& t);

// Scheduled agents for n on the phones when a share `shrinkage` of paid time is lost
// (breaks, absence, training): ceil(n / (1 - shrinkage)), with a 1e-9 allowance so that
// 14 / 0.7 is 20 and not 21. shrinkage in [0, kMaxShrinkage), else std::invalid_argument.
// The bound keeps the heads within 10 x n: a shrinkage of 0.9999999999 used to overflow.
inline constexpr double kMaxShrinkage = 0.9;
// The shrinkage `ccsim erlang` and `ccsim staff` assume unless told: 30 %, a common
// planning allowance for breaks, absence and training.
inline constexpr double kDefaultShrinkage = 0.30;
int with_shrinkage(int n, double shrinkage);

}  // namespace analysis
