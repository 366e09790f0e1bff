#include "analysis/erlang.h"

#include <cmath>
#include <initializer_list>
#include <limits>

namespace analysis {

double erlang_b(int n, double a) {
  if (n <= 0) return 1.0;
  if (a <= 0.0) return 0.0;
  double b = 1.0;
  for (int k = 1; k <= n; ++k) b = a * b / (k + a * b);
  return b;
}

double erlang_c(int n, double a) {
  if (a <= 0.0) return 0.0;
  if (a >= n) return 1.0;
  const double b = erlang_b(n, a);
  return n * b / (n - a * (1.0 - b));
}

double erlang_c_asa(int n, double a, double mean_handle) {
  if (a >= n) return std::numeric_limits<double>::infinity();
  return erlang_c(n, a) * mean_handle / (n - a);
}

double erlang_c_service_level(int n, double a, double mean_handle, double t) {
  if (a >= n) return 0.0;
  return 1.0 - erlang_c(n, a) * std::exp(-(n - a) * t / mean_handle);
}

}  // namespace analysis

namespace analysis {

ErlangAResult erlang_a(int n, double lambda, double mu, double theta) {
  // States k <= n relative to state n: their sum is 1 / ErlangB(n, lambda/mu).
  // States n + j: t_j = prod_{i=1..j} lambda / (n mu + i theta), t_0 = 1.
  // An arrival finding j waiting ahead advances at n mu + i theta with i ahead and gives up
  // at theta, so it is served with P_j = prod_{i=0..j} (n mu + i theta)/(n mu + (i+1) theta)
  // and, given served, waits E = sum_{i=0..j} 1/(n mu + (i+1) theta) (competing exponentials).
  const double a = lambda / mu;
  const double b = erlang_b(n, a);
  if (b <= 0.0) return {0.0, 0.0, 0.0, 0.0, 0.0};
  double below = 1.0 / b - 1.0;  // states 0..n-1, relative to state n
  double t = 1.0, total = 1.0, queue = 0.0, served_wait = 0.0, served_waited = 0.0;
  double p_served = 1.0, h = 0.0;
  const double nmu = n * mu;
  constexpr double kBig = 1e250;
  for (int j = 0;; ++j) {
    if (j > 0) {
      t *= lambda / (nmu + j * theta);
      total += t;
      queue += j * t;
    }
    const double advance = nmu + j * theta;
    p_served *= advance / (advance + theta);
    h += 1.0 / (advance + theta);
    served_waited += t * p_served;
    served_wait += t * p_served * h;
    if (t > kBig) {  // rescale everything that is relative to state n
      for (double* x : {&t, &total, &queue, &served_wait, &served_waited, &below}) *x *= 1.0 / kBig;
    }
    if (j > (lambda - nmu) / theta && t < 1e-17 * (total + below)) break;
    if (j > 50'000'000) break;  // unreachable for sane inputs; never loop forever
  }
  const double z = below + total;
  ErlangAResult r;
  r.p_wait = total / z;
  r.mean_queue = queue / z;
  r.mean_wait_all = r.mean_queue / lambda;
  r.p_abandon = theta * r.mean_wait_all;
  const double answered = below / z + served_waited / z;
  r.asa = answered > 0.0 ? (served_wait / z) / answered : 0.0;
  return r;
}

}  // namespace analysis
