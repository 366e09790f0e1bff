#include "analysis/erlang.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

namespace analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// ln(1 / B(m, A)) by 1/B(k) = 1 + (k / A) / B(k-1), kept as x e^{scale} so that it never
// overflows (1/B reaches e^{29000} at m = 10000, A = 200).
double log_inverse_erlang_b(int m, double a) {
  constexpr double kBig = 1e200;
  const double log_big = std::log(kBig);
  double x = 1.0, scale = 0.0, one = 1.0;  // one = e^{-scale}
  for (int k = 1; k <= m; ++k) {
    x = one + (k / a) * x;
    if (x > kBig) {
      x /= kBig;
      one /= kBig;
      scale += log_big;
    }
  }
  return std::log(x) + scale;
}

double log_add(double x, double y) {  // ln(e^x + e^y)
  if (x == -kInf) return y;
  if (y == -kInf) return x;
  const double m = std::max(x, y);
  return m + std::log1p(std::exp(std::min(x, y) - m));
}

double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// B(k) = A B(k-1) / (k + A B(k-1)) from B(0) = 1, for k = 1 .. n_max or until stop(B(k)):
// (the last k, B(k)). Every B(k) of one load comes out of one pass, so the fewest lines for
// a target cost no more than the blocking of the answer.
template <class Stop>
std::pair<int, double> erlang_b_recurrence(int n_max, double a, Stop stop) {
  double b = 1.0;
  int k = 0;
  while (k < n_max) {
    ++k;
    b = a * b / (k + a * b);
    if (stop(b)) break;
  }
  return {k, b};
}

[[noreturn]] void invalid(const char* function, const std::string& what) {
  throw std::invalid_argument(std::string(function) + ": " + what);
}

// The argument checks agents_required and max_arrival_rate share.
void check_queue(const char* function, double mean_handle_s, double mean_patience_s,
                 const StaffingTargets& t) {
  const auto fail = [function](const char* what) { invalid(function, what); };
  if (!(mean_handle_s > 0.0) || std::isinf(mean_handle_s)) fail("mean handle must be > 0");
  if (!(mean_patience_s > 0.0)) fail("mean patience must be > 0 (infinity: Erlang C)");
  if (!(t.sl_threshold_s >= 0.0)) fail("sl_threshold_s must be >= 0");
  if (t.min_sl && !(*t.min_sl >= 0.0 && *t.min_sl < 1.0)) fail("min_sl must be in [0, 1)");
  if (t.max_abandon && !(*t.max_abandon > 0.0 && *t.max_abandon <= 1.0)) {
    fail("max_abandon must be in (0, 1]");
  }
  if (t.max_asa_s && !(*t.max_asa_s > 0.0)) fail("max_asa_s must be > 0");
  if (t.max_occupancy && !(*t.max_occupancy > 0.0 && *t.max_occupancy <= 1.0)) {
    fail("max_occupancy must be in (0, 1]");
  }
  if (t.max_p_wait && !(*t.max_p_wait > 0.0 && *t.max_p_wait <= 1.0)) {
    fail("max_p_wait must be in (0, 1]");
  }
  if (!(t.short_abandon_s >= 0.0)) fail("short_abandon_s must be >= 0");
}

void check_blocking(const char* function, double max_blocking) {
  if (!(max_blocking > 0.0 && max_blocking < 1.0)) invalid(function, "max_blocking must be in (0, 1)");
}

}  // namespace

double erlang_b(int n, double a) {
  if (n <= 0) return 1.0;
  if (a <= 0.0) return 0.0;
  return erlang_b_recurrence(n, a, [](double) { return false; }).second;
}

double log_erlang_b(int n, double a) {
  if (n <= 0) return 0.0;
  if (a <= 0.0) return -kInf;
  return -log_inverse_erlang_b(n, a);
}

int lines_required(double a, double max_blocking) {
  check_blocking("lines_required", max_blocking);
  if (!(a >= 0.0) || std::isinf(a)) invalid("lines_required", "load must be finite, >= 0");
  if (a == 0.0) return 1;
  const auto [n, b] =
      erlang_b_recurrence(kMaxAgents, a, [max_blocking](double bk) { return bk <= max_blocking; });
  return b <= max_blocking ? n : kNoStaffing;
}

double erlang_b_load(int n, double max_blocking) {
  check_blocking("erlang_b_load", max_blocking);
  if (n < 1) invalid("erlang_b_load", "n must be >= 1");
  // Invariant: B(n, lo) <= max_blocking < B(n, hi).
  double lo = 0.0, hi = n / (1.0 - max_blocking);
  while (hi - lo > 1e-12 * hi) {
    const double mid = 0.5 * (lo + hi);
    (erlang_b(n, mid) <= max_blocking ? lo : hi) = mid;
  }
  return lo;
}

double erlang_c(int n, double a) {
  if (a <= 0.0) return 0.0;
  if (a >= n) return 1.0;
  const double b = erlang_b(n, a);
  return n * b / (n - a * (1.0 - b));
}

double erlang_c_asa(int n, double a, double mean_handle) {
  if (a >= n) return kInf;
  return erlang_c(n, a) * mean_handle / (n - a);
}

double erlang_c_service_level(int n, double a, double mean_handle, double t) {
  if (a >= n) return 0.0;
  return 1.0 - erlang_c(n, a) * std::exp(-(n - a) * t / mean_handle);
}

double erlang_c_occupancy(int n, double a) {
  if (n <= 0) return 1.0;
  return std::min(std::max(a, 0.0) / n, 1.0);
}

ErlangAResult erlang_a(int n, double lambda, double mu, double theta, double sl_t,
                       double short_s) {
  ErlangAResult r;
  if (!(lambda > 0.0)) {  // nobody calls: nobody waits
    r.sl_offered = r.sl_answered = r.sl_offered_minus_short = 1.0;
    return r;
  }
  if (n <= 0) {  // nobody answers: everyone waits until they give up
    r.p_wait = r.p_abandon = 1.0;
    r.p_abandon_short = -std::expm1(-theta * short_s);
    r.mean_wait_all = 1.0 / theta;
    r.mean_queue = lambda / theta;
    return r;
  }
  const double a = lambda / mu;
  // Weights relative to state n (all n agents busy, nobody waiting). States below n sum to
  // (n / A) / B(n-1, A), kept as a logarithm; queue states n + j have weight
  // w_j = prod_{i=1..j} lambda / (n mu + i theta), summed in doubles rescaled by kBig.
  const double log_below = std::log(n / a) + log_inverse_erlang_b(n - 1, a);
  const double nmu = n * mu;

  // Negative-binomial tails for the tagged caller (see erlang.h): K ~ NB(r, x) has
  // P(K = 0) = (1 - x)^r and P(K = k) / P(K = k-1) = x (k - 1 + r) / k.
  struct NbTail {
    double log_x, log_p, cdf = 0.0, r;
    NbTail(double rr, double theta_, double t)
        : log_x(std::log(-std::expm1(-theta_ * t))), log_p(-rr * theta_ * t), r(rr) {}
    // P(K >= j + 1) after the call for j (calls go j = 0, 1, 2, ...).
    double next(int j) {
      if (j > 0) log_p += log_x + std::log((j - 1 + r) / j);
      cdf += std::exp(log_p);
      return std::max(0.0, 1.0 - cdf);
    }
  };
  const bool with_sl = sl_t > 0.0;
  const bool with_short = short_s > 0.0;
  const bool sl_all = sl_t == kInf;
  NbTail sl_tail(nmu / theta + 1.0, theta, with_sl && !sl_all ? sl_t : 1.0);
  NbTail short_served(nmu / theta + 1.0, theta, with_short ? short_s : 1.0);
  NbTail short_reach(nmu / theta, theta, with_short ? short_s : 1.0);
  const double e_short = with_short ? std::exp(-theta * short_s) : 1.0;

  constexpr double kBig = 1e250;
  const double log_big = std::log(kBig);
  double scale = 0.0;  // every sum below is (true value relative to state n) * e^{-scale}
  double w = 1.0, total = 0.0, queue = 0.0, abandon = 0.0, served_wait = 0.0, sl_sum = 0.0,
         short_sum = 0.0;
  double h = 0.0;  // sum_{i=0..j} 1 / (n mu + (i+1) theta): E[wait | answered, j]
  const double peak = (lambda - nmu) / theta;
  for (int j = 0;; ++j) {
    if (j > 0) w *= lambda / (nmu + j * theta);
    const double leave = nmu + (j + 1) * theta;
    const double p_served = nmu / leave;  // prod_{i=0..j} (nmu + i theta) / (nmu + (i+1) theta)
    h += 1.0 / leave;
    total += w;
    queue += j * w;
    abandon += w * (1.0 - p_served);
    served_wait += w * p_served * h;
    if (with_sl) sl_sum += w * p_served * (sl_all ? 1.0 : sl_tail.next(j));
    if (with_short) {
      const double served_within = p_served * short_served.next(j);
      const double reached = 1.0 - short_reach.next(j);  // P(S_j > s)
      short_sum += w * std::max(0.0, 1.0 - served_within - e_short * reached);
    }
    if (w > kBig) {
      for (double* x : {&w, &total, &queue, &abandon, &served_wait, &sl_sum, &short_sum}) {
        *x /= kBig;
      }
      scale += log_big;
    }
    if (j > peak && w < 1e-17 * total) break;
    if (j >= 100'000'000) break;  // a queue of 10^8 callers; documented cost bound
  }
  const double log_queue = std::log(total) + scale;
  const double log_z = log_add(log_below, log_queue);
  // share(x) = x e^{scale} / Z for a sum x kept like `total`.
  const auto share = [&](double x) {
    return x > 0.0 ? std::exp(std::log(x) + scale - log_z) : 0.0;
  };
  const double p_below = std::exp(log_below - log_z);
  r.p_wait = std::min(1.0, share(total));
  r.mean_queue = share(queue);
  r.mean_wait_all = r.mean_queue / lambda;
  r.p_abandon = std::min(1.0, share(abandon));
  const double answered = 1.0 - r.p_abandon;
  r.asa = answered > 0.0 ? share(served_wait) / answered : 0.0;
  r.occupancy = std::min(1.0, answered * a / n);
  r.sl_offered = with_sl ? std::min(1.0, p_below + share(sl_sum)) : p_below;
  r.sl_answered = answered > 0.0 ? std::min(1.0, r.sl_offered / answered) : 0.0;
  r.p_abandon_short = with_short ? std::min(r.p_abandon, share(short_sum)) : 0.0;
  r.sl_offered_minus_short =
      r.p_abandon_short < 1.0 ? std::min(1.0, r.sl_offered / (1.0 - r.p_abandon_short)) : 0.0;
  return r;
}

int square_root_staffing(double a, double beta) {
  if (!(a > 0.0)) return 1;
  return std::max(1, static_cast<int>(std::ceil(a + beta * std::sqrt(a) - 1e-9)));
}

double halfin_whitt_p_wait(double beta) {
  if (!(beta > 0.0)) return 1.0;
  return 1.0 / (1.0 + beta * normal_cdf(beta) / normal_pdf(beta));
}

double halfin_whitt_beta(double p_wait) {
  if (!(p_wait > 0.0 && p_wait < 1.0)) {
    throw std::invalid_argument("halfin_whitt_beta: p_wait must be in (0, 1)");
  }
  double lo = 0.0, hi = 1.0;
  while (halfin_whitt_p_wait(hi) > p_wait) hi *= 2.0;  // decreasing in beta
  while (hi - lo > 1e-12) {
    const double mid = 0.5 * (lo + hi);
    (halfin_whitt_p_wait(mid) > p_wait ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

QueueMetrics queue_metrics(int n, double lambda_per_s, double mean_handle_s,
                           double mean_patience_s, const StaffingTargets& t) {
  QueueMetrics m;
  const double a = lambda_per_s * mean_handle_s;
  m.load_erlangs = a;
  if (std::isinf(mean_patience_s)) {
    m.p_wait = erlang_c(n, a);
    m.service_level = erlang_c_service_level(n, a, mean_handle_s, t.sl_threshold_s);
    m.asa_s = m.mean_wait_all_s = erlang_c_asa(n, a, mean_handle_s);
    m.p_abandon = 0.0;
    m.occupancy = erlang_c_occupancy(n, a);
    return m;
  }
  const ErlangAResult r = erlang_a(n, lambda_per_s, 1.0 / mean_handle_s, 1.0 / mean_patience_s,
                                   t.sl_threshold_s, t.short_abandon_s);
  m.p_wait = r.p_wait;
  switch (t.sl_basis) {
    case SlBasis::offered: m.service_level = r.sl_offered; break;
    case SlBasis::answered: m.service_level = r.sl_answered; break;
    case SlBasis::offered_minus_short: m.service_level = r.sl_offered_minus_short; break;
  }
  m.asa_s = r.asa;
  m.mean_wait_all_s = r.mean_wait_all;
  m.p_abandon = r.p_abandon;
  m.occupancy = r.occupancy;
  return m;
}

bool meets(const QueueMetrics& m, const StaffingTargets& t) {
  return (!t.min_sl || m.service_level >= *t.min_sl) &&
         (!t.max_abandon || m.p_abandon <= *t.max_abandon) &&
         (!t.max_asa_s || m.asa_s <= *t.max_asa_s) &&
         (!t.max_occupancy || m.occupancy <= *t.max_occupancy) &&
         (!t.max_p_wait || m.p_wait <= *t.max_p_wait);
}

int agents_required(double lambda_per_s, double mean_handle_s, double mean_patience_s,
                    const StaffingTargets& t) {
  if (!(lambda_per_s >= 0.0) || std::isinf(lambda_per_s)) {
    invalid("agents_required", "lambda must be finite, >= 0");
  }
  check_queue("agents_required", mean_handle_s, mean_patience_s, t);
  if (lambda_per_s == 0.0) return 1;

  const double a = lambda_per_s * mean_handle_s;
  const bool erlang_c_model = std::isinf(mean_patience_s);
  if (a >= kMaxAgents) return kNoStaffing;
  // Every n below `floor_n` fails: Erlang C needs n > A; an occupancy cap needs n >= A / cap
  // for Erlang C (for Erlang A carried load is below A, so the bound is looser there).
  int floor_n = erlang_c_model ? static_cast<int>(std::floor(a)) + 1 : 1;
  if (t.max_occupancy && erlang_c_model) {
    const double need = std::ceil(a / *t.max_occupancy - 1e-9);
    if (need > kMaxAgents) return kNoStaffing;
    floor_n = std::max(floor_n, static_cast<int>(need));
  }
  const auto ok = [&](int n) {
    return n >= floor_n && meets(queue_metrics(n, lambda_per_s, mean_handle_s, mean_patience_s, t), t);
  };

  // Invariant of the search: ok(hi), and lo == 0 or !ok(lo).
  int lo = 0, hi = 0;
  const int start = std::max(floor_n, static_cast<int>(std::ceil(a)));
  if (ok(start)) {
    hi = start;
    int step = 1;
    while (true) {
      const int probe = hi - step;
      if (probe < floor_n || probe < 1) {
        lo = std::max(0, floor_n - 1);
        break;
      }
      if (!ok(probe)) {
        lo = probe;
        break;
      }
      hi = probe;
      step *= 2;
    }
  } else {
    lo = start;
    int step = std::max(1, static_cast<int>(std::sqrt(a)));
    while (true) {
      const int probe = static_cast<int>(std::min<long long>(
          static_cast<long long>(lo) + step, kMaxAgents));
      if (ok(probe)) {
        hi = probe;
        break;
      }
      if (probe == kMaxAgents) return kNoStaffing;
      lo = probe;
      step = step > kMaxAgents / 2 ? kMaxAgents : step * 2;
    }
  }
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (ok(mid) ? hi : lo) = mid;
  }
  return hi;
}

double max_arrival_rate(int n, double mean_handle_s, double mean_patience_s,
                        const StaffingTargets& t) {
  check_queue("max_arrival_rate", mean_handle_s, mean_patience_s, t);
  if (n < 1 || n > kMaxAgents) invalid("max_arrival_rate", "n must be in [1, kMaxAgents]");
  const double stable = n / mean_handle_s;  // Erlang C's lambda < n mu
  const bool erlang_c_model = std::isinf(mean_patience_s);
  const auto ok = [&](double lambda) {
    return (!erlang_c_model || lambda < stable) &&
           meets(queue_metrics(n, lambda, mean_handle_s, mean_patience_s, t), t);
  };
  // Invariant: ok(lo) (at lambda = 0 nobody waits, so every target holds), !ok(hi).
  double lo = 0.0, hi = stable;
  if (!erlang_c_model) {
    const double cap = kMaxAgents / mean_handle_s;
    while (ok(hi)) {
      if (hi >= cap) return kInf;
      lo = hi;
      hi = std::min(2.0 * hi, cap);
    }
  }
  while (hi - lo > 1e-10 * hi) {
    const double mid = 0.5 * (lo + hi);
    (ok(mid) ? lo : hi) = mid;
  }
  return lo;
}

int with_shrinkage(int n, double shrinkage) {
  if (!(shrinkage >= 0.0 && shrinkage < kMaxShrinkage) || n < 0 || n > 100'000'000) {
    throw std::invalid_argument("with_shrinkage: shrinkage must be in [0, 0.9), n in [0, 1e8]");
  }
  return static_cast<int>(std::ceil(n / (1.0 - shrinkage) - 1e-9));
}

}  // namespace analysis
